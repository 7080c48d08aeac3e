//! Integration tests of `marsad_extract::extract` on the project's own fixtures.

use marsad_extract::{Article, ExtractError, ExtractOptions, extract};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("fixture exists")
}

fn opts(url: &str) -> ExtractOptions {
    ExtractOptions {
        url: Some(url.parse().expect("valid url")),
        content_type: None,
        ..Default::default()
    }
}

fn run(name: &str, url: &str) -> Article {
    extract(&fixture(name), &opts(url)).expect("page extracts")
}

fn assert_clean_paragraphs(text: &str) {
    assert!(!text.contains("\n\n\n"), "more than one blank line: {text}");
    assert_eq!(text.trim(), text, "text is trimmed");
    for p in text.split("\n\n") {
        assert!(!p.trim().is_empty(), "empty paragraph in {text:?}");
        assert!(!p.contains("  "), "double space in {p:?}");
    }
}

fn assert_absent(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(
            !text.contains(n),
            "boilerplate {n:?} leaked into text:\n{text}"
        );
    }
}

const AR_URL: &str = "https://alwaha.example/news/123";

#[test]
fn arabic_page_body_without_boilerplate() {
    let a = run("ar_news.html", AR_URL);
    let t = &a.text;
    for p in [
        "اتفق وزراء الزراعة العرب، في ختام اجتماعهم الطارئ اليوم الأحد",
        "وقال رئيس الاجتماع إن الخطة تقوم على ثلاثة محاور",
        "وأضاف أن الصندوق سيبدأ عمله مطلع العام المقبل",
        "من جانبهم، أشار خبراء شاركوا في الجلسات الفنية",
    ] {
        assert!(t.contains(p), "missing body paragraph {p:?} in:\n{t}");
    }
    // Headings and list items are paragraphs of their own.
    let paragraphs: Vec<&str> = t.split("\n\n").collect();
    assert!(paragraphs.contains(&"تحديات التمويل"));
    assert!(paragraphs.contains(&"إنشاء مراكز إنذار مبكر في كل دولة عضو."));
    assert!(
        t.starts_with("اتفق وزراء الزراعة العرب"),
        "title or byline leaked: {t}"
    );
    assert_clean_paragraphs(t);
    assert_absent(
        t,
        &[
            "الرئيسية",
            "واتساب",
            "عاجل",
            "كتب:",
            "اقرأ أيضاً",
            "إقرأ أيضاً",
            "توقعات بأمطار غزيرة",
            "المصدر",
            "كلمات دلالية",
            "معرض الكتاب",
            "أدب الرحلات",
            "الأكثر قراءة",
            "النشرة البريدية",
            "جميع الحقوق",
            "تابعونا",
            "أرشيفية",
        ],
    );
}

#[test]
fn arabic_page_metadata() {
    let a = run("ar_news.html", AR_URL);
    assert_eq!(
        a.url.as_deref(),
        Some("https://alwaha.example/news/2025/02/02/agri-ministers-drought")
    );
    assert_eq!(
        a.title.as_deref(),
        Some("وزراء الزراعة العرب يتفقون على خطة لمواجهة الجفاف")
    );
    assert_eq!(
        a.published.map(|d| d.to_contract_string()).as_deref(),
        Some("2025-02-02T14:05:00+02:00")
    );
    assert_eq!(
        a.updated.map(|d| d.to_contract_string()).as_deref(),
        Some("2025-02-02T16:30:00+02:00")
    );
    assert_eq!(a.authors, vec!["سامي الحداد".to_string()]);
    assert_eq!(a.lang.as_deref(), Some("ar"));
    assert_eq!(a.dir, "rtl");
    assert!(
        a.description
            .as_deref()
            .is_some_and(|d| d.starts_with("اتفق وزراء الزراعة"))
    );
    for tag in ["الزراعة", "الجفاف", "المياه"] {
        assert!(a.tags.iter().any(|t| t == tag), "tag {tag} in {:?}", a.tags);
    }
    assert_eq!(a.credit.as_deref(), Some("وكالة أنباء الواحة"));
    assert!(a.related.iter().any(|r| {
        r.url == "https://alwaha.example/news/2025/01/30/rain-forecast"
            && r.title == "توقعات بأمطار غزيرة على المناطق الساحلية نهاية الأسبوع"
    }));
    assert!(a.related.iter().all(|r| r.url.starts_with("https://")));
    assert_eq!(
        a.image.as_deref(),
        Some("https://alwaha.example/media/2025/02/wheat-field.jpg")
    );
    assert_eq!(a.site_name.as_deref(), Some("صحيفة الواحة"));
    assert_eq!(a.charset, "UTF-8");
    assert!(a.html.contains("<p>"));
    assert!(a.html.contains("<h2>تحديات التمويل</h2>"));
    assert!(!a.html.contains("<script"));
    assert!(!a.html.contains("واتساب"));
}

#[test]
fn json_field_names_follow_the_contract() {
    let a = run("ar_news.html", AR_URL);
    let v = serde_json::to_value(&a).expect("serializes");
    let obj = v.as_object().expect("object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "authors",
            "credit",
            "description",
            "dir",
            "image",
            "lang",
            "page_type",
            "published",
            "related",
            "site_name",
            "tags",
            "text",
            "title",
            "updated",
            "url"
        ]
    );
    assert_eq!(obj["published"], "2025-02-02T14:05:00+02:00");
    assert!(obj["related"][0]["title"].is_string());
    assert!(obj["related"][0]["url"].is_string());
}

fn ar_page_in_windows_1256(declare: bool) -> Vec<u8> {
    let utf8 = String::from_utf8(fixture("ar_news.html")).expect("fixture is UTF-8");
    let replacement = if declare {
        "<meta charset=\"windows-1256\">"
    } else {
        ""
    };
    let page = utf8.replace("<meta charset=\"utf-8\">", replacement);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&page);
    assert!(!unmappable, "fixture text fits windows-1256");
    bytes.into_owned()
}

#[test]
fn windows_1256_with_meta_charset() {
    let reference = run("ar_news.html", AR_URL);
    let a = extract(&ar_page_in_windows_1256(true), &opts(AR_URL)).expect("extracts");
    assert_eq!(a.charset, "windows-1256");
    assert_eq!(a.title, reference.title);
    assert_eq!(a.text, reference.text);
    assert_eq!(a.credit, reference.credit);
}

#[test]
fn windows_1256_from_content_type_header() {
    let bytes = ar_page_in_windows_1256(false);
    let o = ExtractOptions {
        url: Some(AR_URL.parse().expect("url")),
        content_type: Some("text/html; charset=windows-1256".into()),
        ..Default::default()
    };
    let a = extract(&bytes, &o).expect("extracts");
    assert_eq!(a.charset, "windows-1256");
    assert!(a.text.contains("وزراء الزراعة العرب"));
}

#[test]
fn windows_1256_detected_without_declaration() {
    let bytes = ar_page_in_windows_1256(false);
    let a = extract(&bytes, &opts("https://alwaha.example.eg/news/1")).expect("extracts");
    assert_eq!(a.charset, "windows-1256");
    assert_eq!(
        a.title.as_deref(),
        Some("وزراء الزراعة العرب يتفقون على خطة لمواجهة الجفاف")
    );
}

#[test]
fn json_ld_page() {
    let a = run(
        "jsonld_news.html",
        "https://nakheel.example/local/2025/01/20/plant",
    );
    assert_eq!(
        a.title.as_deref(),
        Some("افتتاح أكبر محطة لتحلية المياه في الساحل الشرقي")
    );
    assert_eq!(a.authors, vec!["ليلى منصور".to_string()]);
    assert_eq!(
        a.published.map(|d| d.to_contract_string()).as_deref(),
        Some("2025-01-20T08:15:00+03:00")
    );
    assert_eq!(
        a.updated.map(|d| d.to_contract_string()).as_deref(),
        Some("2025-01-20T10:00:00+03:00")
    );
    assert_eq!(a.site_name.as_deref(), Some("شبكة النخيل الإخبارية"));
    assert_eq!(
        a.image.as_deref(),
        Some("https://nakheel.example/img/plant.jpg")
    );
    assert_eq!(a.tags, vec!["تحلية المياه", "الطاقة", "الساحل الشرقي"]);
    assert_eq!(
        a.url.as_deref(),
        Some("https://nakheel.example/local/2025/01/20/plant")
    );
    assert!(
        a.related
            .iter()
            .any(|r| r.url == "https://nakheel.example/local/2025/01/18/dam")
    );
    // <br><br> separates paragraphs.
    let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
    assert_eq!(paragraphs.len(), 4, "{:?}", a.text);
    assert!(paragraphs[0].starts_with("افتتحت الهيئة العامة للمياه"));
    assert!(paragraphs[3].starts_with("ويتوقع أن تسهم المحطة"));
    assert_clean_paragraphs(&a.text);
    assert_absent(
        &a.text,
        &[
            "اقرأ أيضا",
            "اكتمال صيانة السد",
            "شارك:",
            "فيسبوك",
            "الرئيسية",
        ],
    );
    assert!(!a.html.contains("اكتمال صيانة السد"), "{}", a.html);
}

#[test]
fn english_page() {
    let a = run("en_news.html", "https://courier.example/some/path?x=1");
    assert_eq!(
        a.url.as_deref(),
        Some("https://courier.example/energy/floating-solar-farm")
    );
    assert_eq!(
        a.title.as_deref(),
        Some("Harbour city opens its first floating solar farm")
    );
    assert_eq!(a.authors, vec!["Ellen Marsh".to_string()]);
    assert_eq!(
        a.published.map(|d| d.to_contract_string()).as_deref(),
        Some("2025-03-14T09:30:00+00:00")
    );
    assert_eq!(a.updated, None);
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.dir, "ltr");
    assert_eq!(a.description, None);
    assert_eq!(a.credit, None);
    assert_eq!(a.site_name.as_deref(), Some("The Coastal Courier"));
    for tag in ["energy", "solar", "harbour", "Climate"] {
        assert!(a.tags.iter().any(|t| t == tag), "tag {tag} in {:?}", a.tags);
    }
    assert_eq!(a.related.len(), 1);
    assert_eq!(
        a.related[0].url,
        "https://courier.example/energy/wind-turbines-approved"
    );
    let t = &a.text;
    for p in [
        "The harbour city switched on its first floating solar farm on Friday",
        "Officials said the installation, built over eighteen months",
        "Panels on water stay cooler than panels on land",
        "Engineers will monitor the moorings through the winter storms",
    ] {
        assert!(t.contains(p), "missing {p:?} in:\n{t}");
    }
    assert!(t.split("\n\n").any(|p| p == "Why water?"));
    assert_clean_paragraphs(t);
    assert_absent(
        t,
        &[
            "cookies",
            "Accept",
            "Home",
            "By Ellen",
            "Related",
            "Council approves",
            "Tags",
            "Share",
            "Comments",
            "Great news",
            "Most read",
            "Copyright",
        ],
    );
}

#[test]
fn marker_spelling_variants_and_attributes() {
    let html = r#"<html><body><div class="content">
<p dir="rtl" lang="ar">تشهد المدينة هذا الأسبوع مهرجاناً للفنون الشعبية يشارك فيه فنانون من مختلف المحافظات، ويستمر خمسة أيام.</p>
<p>إِقْرَأْ أَيْضًا: <a href="https://example.org/a">خبر آخر عن المهرجان</a></p>
<p>اقـــرأ أيضاً <a href="/b">خبر ثالث</a></p>
<p>ويقام المهرجان في الساحة القديمة وسط المدينة، وتفتح أبوابه مجاناً أمام الجمهور طوال أيام الفعاليات.</p>
<p>الوسوم: مهرجان، فنون شعبية</p>
</div></body></html>"#;
    let a = extract(html.as_bytes(), &opts("https://example.org/news/1")).expect("extracts");
    assert_absent(&a.text, &["خبر آخر", "خبر ثالث", "الوسوم"]);
    assert!(a.text.contains("تشهد المدينة هذا الأسبوع"));
    assert!(a.text.contains("ويقام المهرجان في الساحة القديمة"));
    assert_eq!(a.related.len(), 2);
    assert_eq!(a.related[1].url, "https://example.org/b");
    assert_eq!(a.tags, vec!["مهرجان", "فنون شعبية"]);
    assert!(a.html.contains(r#"dir="rtl""#), "{}", a.html);
    assert!(a.html.contains(r#"lang="ar""#), "{}", a.html);
    assert_eq!(a.title, None);
    assert_eq!(a.authors, Vec::<String>::new());
}

#[test]
fn ordinary_sentences_starting_like_markers_are_kept() {
    let html = r#"<html><body><article>
<p>شارك وزير الخارجية اليوم في اجتماع إقليمي خصص لبحث أوضاع اللاجئين وسبل دعم الدول المضيفة لهم، وألقى كلمة في الجلسة الافتتاحية.</p>
<p>Shares in the regional airline rose sharply on Monday after it announced two new routes and a larger fleet for the summer season.</p>
<p>مواضيع كثيرة طرحت خلال الجلسات المغلقة، ومنها تمويل برامج الإغاثة وإعادة الإعمار في المناطق المتضررة من النزاع.</p>
</article></body></html>"#;
    let a = extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts");
    assert!(a.text.contains("شارك وزير الخارجية"), "{}", a.text);
    assert!(
        a.text.contains("Shares in the regional airline"),
        "{}",
        a.text
    );
    assert!(a.text.contains("مواضيع كثيرة طرحت"), "{}", a.text);
    assert_eq!(a.url, None);
}

#[test]
fn unknown_values_are_none_not_empty() {
    let a = extract(
        b"<html><body><p>hi</p></body></html>",
        &ExtractOptions::default(),
    )
    .expect("extracts");
    assert_eq!(a.title, None);
    assert_eq!(a.description, None);
    assert_eq!(a.credit, None);
    assert_eq!(a.image, None);
    assert_eq!(a.site_name, None);
    assert_eq!(a.published, None);
    assert!(a.tags.is_empty() && a.related.is_empty() && a.authors.is_empty());
}

#[test]
fn no_article_gives_empty_text() {
    let a = extract(
        b"<html><head><title>Just a title</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        &ExtractOptions::default(),
    )
    .expect("a page, even without an article");
    assert_eq!(a.text, "");
    assert_eq!(a.title.as_deref(), Some("Just a title"));
}

#[test]
fn non_html_inputs_are_errors() {
    let o = ExtractOptions::default();
    assert!(matches!(extract(b"", &o), Err(ExtractError::Empty)));
    assert!(matches!(
        extract(b"%PDF-1.7\n...", &o),
        Err(ExtractError::Binary(_))
    ));
    let err = extract(b"\x1f\x8b\x08\x00\x00", &o).expect_err("gzip is an error");
    assert!(err.to_string().contains("gzip"));
}

#[test]
fn deeply_nested_page_does_not_overflow() {
    let n = 200_000;
    let html = format!(
        "<html><body>{}<p>نص عميق جدا داخل عناصر متداخلة كثيرة، ولا يجب أن ينهار المستخرج.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let start = std::time::Instant::now();
    let a = extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts");
    assert!(a.text.contains("نص عميق جدا"), "{}", a.text);
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    // Unclosed nesting of mixed elements.
    let html = "<span><b><i><a>".repeat(50_000);
    let _ = extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts");
}

#[test]
fn garbage_bytes_do_not_panic() {
    let mut seed: u32 = 0x1234_5678;
    for len in [1usize, 7, 100, 1000, 20_000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed.to_le_bytes()[0]
            })
            .collect();
        let _ = extract(&bytes, &ExtractOptions::default());
    }
    for s in [
        "<",
        "<<<>>>",
        "<html",
        "</div></div>",
        "<meta charset=>",
        "<a href='http://[::1'>x</a>",
    ] {
        let _ = extract(s.as_bytes(), &ExtractOptions::default());
    }
}

#[test]
fn article_wrapper_with_a_sidebar_class_is_kept() {
    let html = r#"<html><body>
<div class="l-sidebar-fixed l-main">
<h1>Coastal railway reopens after repairs</h1>
<p>The coastal railway reopened on Tuesday after six weeks of repairs to the sea wall that carries the line past the fishing villages.</p>
<p>Engineers replaced two hundred metres of stone and added drainage so that winter waves no longer wash over the tracks.</p>
<p>Passenger numbers are expected to return to normal by the spring, the operator said in a short statement.</p>
</div>
<div class="sidebar"><a href="/a">Most read one</a> <a href="/b">Most read two</a></div>
</body></html>"#;
    let a = extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts");
    assert!(
        a.text.contains("The coastal railway reopened on Tuesday"),
        "{}",
        a.text
    );
    assert!(
        a.text.contains("Passenger numbers are expected"),
        "{}",
        a.text
    );
    assert_absent(&a.text, &["Most read"]);
    assert_eq!(
        a.title.as_deref(),
        Some("Coastal railway reopens after repairs")
    );
}

#[test]
fn trailing_wire_credit_line() {
    let html = r#"<html><body><div class="news-body">
<p>أعلنت وزارة النقل اليوم عن افتتاح طريق جديد يربط المدينتين الساحليتين، ويختصر زمن الرحلة إلى النصف تقريباً.</p>
<p>وأضافت الوزارة أن الطريق يضم أربعة جسور ونفقاً بطول كيلومترين، وأن العمل فيه استمر ثلاث سنوات.<br>--(وكالة الأنباء)</p>
</div></body></html>"#;
    let a = extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts");
    assert_eq!(a.credit.as_deref(), Some("وكالة الأنباء"));
    assert_absent(&a.text, &["--(", "وكالة الأنباء"]);
    assert_eq!(a.text.split("\n\n").count(), 2, "{}", a.text);
}

#[test]
fn table_layout_page_with_class_headline_agency_byline_and_related_boxes() {
    let a = run(
        "ar_table_layout.html",
        "https://alwaha.example/news/2024/455",
    );
    // No <h1>: the element whose class says "title" and that the page title contains is the
    // headline, without the "الواحة :" prefix.
    assert_eq!(
        a.title.as_deref(),
        Some("افتتاح مكتبة عامة جديدة في وسط المدينة القديمة")
    );
    // The agency of the byline is the credit.
    assert_eq!(a.credit.as_deref(), Some("رويترز"));
    // The date after the headline, not the header's "today" line.
    assert_eq!(
        a.published.map(|d| d.to_contract_string()).as_deref(),
        Some("2024-05-02T10:30:00+00:00")
    );
    // A "related topics" box of tag-page links gives tags; "كلمات دالة" labels tags.
    for t in ["مكتبات", "ثقافة", "البلدية"] {
        assert!(
            a.tags.iter().any(|x| x == t),
            "tag {t} missing: {:?}",
            a.tags
        );
    }
    // Headed and unheaded related boxes give related links, none of them tag pages.
    let urls: Vec<&str> = a.related.iter().map(|r| r.url.as_str()).collect();
    for u in [
        "https://alwaha.example/news/2024/401",
        "https://alwaha.example/news/2024/377",
        "https://alwaha.example/news/2024/350",
        "https://alwaha.example/news/2024/342",
    ] {
        assert!(urls.contains(&u), "related {u} missing: {urls:?}");
    }
    assert!(!urls.iter().any(|u| u.contains("/tag/")), "{urls:?}");
    assert!(
        a.text.starts_with("افتتحت البلدية صباح اليوم"),
        "{}",
        a.text
    );
    assert!(a.text.ends_with("سيبقى مجانياً للجميع."), "{}", a.text);
    assert_absent(
        &a.text,
        &[
            "رويترز",
            "أخبار متعلقة",
            "كلمات دالة",
            "مكتبات",
            "حديقة جديدة",
            "جميع الحقوق",
        ],
    );
}

#[test]
fn comment_disclaimers_and_labelled_date_lines_leave_the_text() {
    let page = r#"<html><head><title>عنوان الخبر عن الأمطار | الواحة</title></head><body>
<div id="main_article"><div class="main_title"><h1>عنوان الخبر عن الأمطار</h1>
<div class="created">تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً</div></div>
<div class="article_text">
<p>هطلت أمطار غزيرة على المدينة صباح اليوم، وأعلنت السلطات المحلية تعليق الدراسة في المدارس حتى إشعار آخر.</p>
<p>وقال المتحدث باسم البلدية إن تصريحات بعض النواب لا تعبر عن رأي الحكومة، وإن فرق الطوارئ تعمل منذ الفجر.</p>
<p>وأضاف أن الطرق الرئيسية ستفتح خلال ساعات، داعياً السكان إلى تجنب الأودية ومجاري السيول.</p>
<div style="padding:10px 0"><p>نرحب بتعليقاتكم، وننصحك بمراجعة <a href="/guidelines">إرشادات الاستخدام</a> و<a href="/privacy">سياسة الخصوصية</a> قبل النشر.</p>
<p>الآراء الواردة أدناه لا تعبر عن رأي موقع الواحة، بل عن وجهات نظر أصحابها.</p></div>
</div></div></body></html>"#;
    let a = extract(page.as_bytes(), &opts(AR_URL)).expect("page extracts");
    assert!(a.text.starts_with("هطلت أمطار غزيرة"), "{}", a.text);
    // A news sentence with "لا تعبر عن رأي" stays; the site's notes under the article go.
    assert!(a.text.contains("لا تعبر عن رأي الحكومة"), "{}", a.text);
    assert!(a.text.ends_with("ومجاري السيول."), "{}", a.text);
    assert_absent(&a.text, &["تم نشره", "إرشادات الاستخدام", "الآراء الواردة"]);
}

#[test]
fn a_wire_dateline_opening_the_text_stays() {
    let page = r#"<html><head><title>افتتاح معرض للصناعات الصغيرة</title></head><body>
<div class="content"><h1>افتتاح معرض للصناعات الصغيرة</h1>
<p>الكويت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس</p>
<p>افتتح وزير التجارة اليوم معرضاً للصناعات الصغيرة والمتوسطة بمشاركة أكثر من مئة شركة وطنية من مختلف القطاعات.</p>
<p>وأوضح الوزير أن المعرض يستمر أسبوعاً كاملاً، ويهدف إلى فتح أسواق جديدة أمام المنتجات المحلية.</p>
</div></body></html>"#;
    let a = extract(page.as_bytes(), &opts(AR_URL)).expect("page extracts");
    assert!(
        a.text
            .starts_with("الكويت 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n\nافتتح وزير"),
        "{}",
        a.text
    );
}

#[test]
fn an_article_split_by_ads_is_joined_and_a_caption_said_twice_is_kept_once() {
    let page = r#"<html><head><title>Rivers of the north are rising</title></head><body>
<article class="story"><h1>Rivers of the north are rising</h1>
<div class="wrap"><div class="story-part body">
<p>Rivers across the northern provinces rose to their highest level in a decade on Monday, officials said.</p>
<p>A photo caption printed twice by the gallery widget sits here for readers.</p>
<p>A photo caption printed twice by the gallery widget sits here for readers.</p>
<p>Engineers opened three spillways overnight to relieve pressure on the old dam above the town.</p>
</div></div>
<div class="ad-slot"><span>Advertisement</span></div>
<div class="wrap"><div class="story-part body">
<p>Residents of the lower valley were told to move livestock to higher ground before the weekend.</p>
<p>The weather service expects the water to fall slowly once the rain stops on Thursday.</p>
</div></div>
</article>
<aside><article class="teaser"><div class="story-part body"><p>Another story that reuses the same class for its text should never join this one at all.</p></div></article></aside>
</body></html>"#;
    let a = extract(page.as_bytes(), &opts("https://news.example/a/2")).expect("page extracts");
    assert!(
        a.text.starts_with("Rivers across the northern"),
        "{}",
        a.text
    );
    assert!(
        a.text.ends_with("once the rain stops on Thursday."),
        "{}",
        a.text
    );
    assert_eq!(
        a.text.matches("A photo caption printed twice").count(),
        1,
        "{}",
        a.text
    );
    assert_absent(&a.text, &["Advertisement", "Another story"]);
}

#[test]
fn photo_credit_lines_promos_and_external_content_notes_leave_the_text() {
    let page = r#"<html><head><title>Harbour reopens after the storm</title></head><body>
<div class="story"><h1>Harbour reopens after the storm</h1>
<p>The harbour reopened to fishing boats on Tuesday after a week of repairs to the breakwater.</p>
<p>مصدر الصورة، Getty Images</p>
<p>Image source, Reuters</p>
<p>Harbour officials said the repairs cost less than expected and finished two days early.</p>
<p>اشترك في النشرة البريدية ليصلك كل جديد.</p>
<p>Fishermen said the catch in the first day was the best they had seen this season.</p>
<p>تحذير: الموقع غير مسؤول عن محتوى المواقع الخارجية.</p>
</div></body></html>"#;
    let a = extract(page.as_bytes(), &opts("https://news.example/a/3")).expect("page extracts");
    assert!(a.text.starts_with("The harbour reopened"), "{}", a.text);
    assert!(a.text.ends_with("seen this season."), "{}", a.text);
    assert_absent(
        &a.text,
        &[
            "مصدر الصورة",
            "Image source",
            "النشرة البريدية",
            "غير مسؤول",
        ],
    );
}

#[test]
fn prompts_to_follow_the_outlet_leave_the_text_and_news_of_social_networks_stays() {
    let page = r#"<html><head><title>افتتاح جسر المدينة الجديد</title></head><body>
<div class="story"><h1>افتتاح جسر المدينة الجديد</h1>
<p>افتتح محافظ المدينة صباح اليوم الجسر الجديد فوق النهر بعد عامين من أعمال البناء المتواصلة.</p>
<p>تابعوا آخر الأخبار لحظة بلحظة عبر قناتنا على تلغرام</p>
<p>ونشر المحافظ على تويتر صورا من حفل الافتتاح، وقال إن الجسر سيختصر زمن الرحلة إلى النصف.</p>
<p>وأضاف أن أعمال الصيانة الدورية ستبدأ بعد ستة أشهر من تشغيل الجسر أمام السيارات.</p>
<p>لمتابعة أهم الأخبار حمّل تطبيق الموقع على هاتفك</p>
<p>Follow us on Twitter and Instagram</p>
</div></body></html>"#;
    let a = extract(page.as_bytes(), &opts("https://news.example/a/9")).expect("page extracts");
    assert!(a.text.starts_with("افتتح محافظ المدينة"), "{}", a.text);
    assert!(a.text.contains("ونشر المحافظ على تويتر"), "{}", a.text);
    assert!(a.text.ends_with("أمام السيارات."), "{}", a.text);
    assert_absent(&a.text, &["قناتنا", "حمّل تطبيق", "Follow us"]);
}

#[test]
fn widget_labels_and_photo_lines_leave_the_text() {
    let page = r#"<html><head><title>Trains return to the coast line</title></head><body>
<div class="story"><h1>Trains return to the coast line</h1>
<p>Trains returned to the coast line on Sunday after six months of work on the bridges.</p>
<p>Advertisement</p>
<p>Photo: Lena Park</p>
<p>Caption</p>
<p>The first train left the capital at dawn with a band playing on the platform for passengers.</p>
<p>Photos of the opening were shared widely by passengers during the morning trip.</p>
</div></body></html>"#;
    let a = extract(page.as_bytes(), &opts("https://news.example/a/4")).expect("page extracts");
    assert!(a.text.starts_with("Trains returned"), "{}", a.text);
    // "Photos of …" is a sentence, not a "Photo:" credit.
    assert!(a.text.ends_with("during the morning trip."), "{}", a.text);
    assert_absent(&a.text, &["Advertisement", "Lena Park", "Caption"]);
}

#[test]
fn the_declared_article_wins_over_a_longer_list_of_teaser_articles() {
    let teaser = |i: usize| {
        format!(
            r#"<article class="postbox"><h3><a href="/p/{i}">Teaser {i}</a></h3>
<p>Another reflection, number {i}, about patience, hope and courage, printed here in full, with commas, clauses, and more clauses.</p>
<p>It goes on, and on, with more sentences, more commas, and more words than the article has.</p></article>"#
        )
    };
    let page = format!(
        r#"<html><head><title>On patience</title></head><body>
<article class="articlebox" itemscope itemtype="http://schema.org/BlogPosting"><h1>On patience</h1>
<p>Patience is the quiet work of waiting well: it asks us to hold a goal in mind while the days pass without visible progress, and it rewards those who keep tending small tasks when nothing seems to change, because change arrives slowly and then all at once.</p>
</article>
<article class="postbox"><h3>You may enjoy</h3>{}</article></body></html>"#,
        (1..8).map(teaser).collect::<String>()
    );
    let a = extract(page.as_bytes(), &opts("https://news.example/a/5")).expect("page extracts");
    assert!(
        a.text.starts_with("Patience is the quiet work"),
        "{}",
        a.text
    );
    assert_absent(&a.text, &["Another reflection", "Teaser"]);
}

#[test]
fn display_html_keeps_no_script_handler_or_foreign_address() {
    // A page of our own making that tries every way into the display HTML we know of.
    let page = r#"<!doctype html><html lang="ar" dir="rtl"><head><title>خبر</title></head>
<body><article>
<h1>خبر عن المطر</h1>
<p onclick="alert(1)" style="background:url(javascript:alert(2))">أعلنت هيئة الأرصاد أن أمطارا
غزيرة ستهطل على المدن الساحلية خلال الأيام المقبلة، ودعت السكان إلى الحذر الشديد.</p>
<p>وقال المتحدث <a href="javascript:alert(3)">باسم الهيئة</a> إن فرق الطوارئ مستعدة
<a href=" JAVASCRIPT:alert(4)">للتدخل</a> و<a href="data:text/html,<script>alert(5)</script>">السيول</a>
قد تغلق الطرق، بحسب <a href="/news/2" onmouseover="alert(6)">التقرير</a>.</p>
<img src="x" onerror="alert(7)"><img src="https://alwaha.example/a.jpg&quot; onerror=&quot;alert(8)" alt='"><script>alert(9)</script>'>
<svg><script>alert(10)</script></svg><iframe src="https://evil.example/"></iframe>
<style>p{background:url(javascript:alert(11))}</style>
<p>وأضاف أن المدارس ستغلق أبوابها يوم الخميس احترازا، وأن الملاحة ستتوقف "مؤقتا" &lt;script&gt; حتى تتحسن الأحوال.</p>
<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(12)">ابحث</button></form>
</article></body></html>"#;
    let a = extract(page.as_bytes(), &opts(AR_URL)).expect("page extracts");
    // Every tag is read as a browser reads it: a name, then `name="value"` attributes.
    for token in a.html.split('<').skip(1) {
        let tag = token.split('>').next().unwrap_or("");
        let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
        let name = name.trim_start_matches('/');
        assert!(
            ![
                "script", "svg", "iframe", "style", "form", "input", "button"
            ]
            .contains(&name),
            "<{name}> reached the display HTML: {}",
            a.html
        );
        while !rest.is_empty() {
            let (attr, after) = rest
                .split_once("=\"")
                .expect("attributes have quoted values");
            let (value, after) = after.split_once('"').expect("a closing quote");
            assert!(
                ["href", "rel", "src", "alt", "dir", "lang"].contains(&attr),
                "attribute {attr} on <{name}>: {}",
                a.html
            );
            if attr == "href" || attr == "src" {
                assert!(
                    value.starts_with("https://alwaha.example/"),
                    "{attr}={value}"
                );
            }
            assert!(!value.contains('<') && !value.contains('"'), "{value}");
            rest = after.trim_start();
        }
    }
    // The article itself survives, its relative link made absolute and its escaped text kept.
    assert!(a.html.contains("أعلنت هيئة الأرصاد"), "{}", a.html);
    assert!(
        a.html.contains("href=\"https://alwaha.example/news/2\""),
        "{}",
        a.html
    );
    assert!(a.html.contains("&lt;script&gt;"), "{}", a.html);
    // Every attribute value is quoted with `"` and nothing closes one early.
    for tag in a.html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
    }
}

#[test]
fn a_short_article_that_links_a_lot_is_kept_and_its_read_more_lines_go() {
    // One paragraph of its own with linked names, then related headlines and "read more"
    // lines in Spanish and German: more link text than running text in the block.
    let html = r#"<html><head><title>Concejo aprueba el presupuesto</title></head><body>
<nav><a href="/a">Inicio</a> <a href="/b">Política</a></nav>
<article><h1>Concejo aprueba el presupuesto</h1>
<div class="body-block">
<p>El concejo municipal de <a href="/t/villa">Villa Serena</a> aprobó anoche el presupuesto
del año próximo con siete votos a favor, tras una sesión de seis horas en la que
<a href="/t/ana-ruiz">Ana Ruiz</a> defendió el aumento para las escuelas del distrito.</p>
<a href="/n/1">El alcalde presenta su plan de obras para la costa norte del distrito</a>
<a href="/n/2">La oposición pide una auditoría de las cuentas del puerto municipal</a>
<a href="/n/3">Vecinos del barrio alto reclaman más líneas de autobús nocturno</a>
<p>Lea también: <a href="/n/4">El puerto cierra el año con cifras récord</a></p>
<p>Mehr zum Thema: <a href="/n/5">Haushalt der Nachbarstadt</a></p>
</div></article></body></html>"#;
    let a = extract(html.as_bytes(), &opts("https://example.org/n/0")).expect("page extracts");
    assert!(
        a.text.contains("aprobó anoche el presupuesto"),
        "the article's own paragraph: {:?}",
        a.text
    );
    assert_absent(&a.text, &["Lea también", "Mehr zum Thema"]);
}

#[test]
fn a_next_article_printed_in_full_after_a_read_also_label_is_not_the_article() {
    // A short article, then under "إقرأ أيضاً:" the whole of the next one in an `<article>` of
    // its own, with the same body class and four times the text.
    let next: String = (1..12)
        .map(|i| {
            format!(
                "<p>الفقرة {i} من الخبر التالي عن افتتاح المكتبة العامة الجديدة في المدينة، وقد حضر الحفل عدد كبير من الأهالي والطلاب والمعلمين، وتحدث المدير عن خطط التوسعة.</p>"
            )
        })
        .collect();
    let html = format!(
        r#"<html><head><title>البلدية تغلق سوق السمك للصيانة | الواحة</title></head><body>
<main><article><header><h1>البلدية تغلق سوق السمك للصيانة</h1></header>
<div class="entry-content">
<p>أعلنت البلدية إغلاق سوق السمك المركزي أسبوعين ابتداء من يوم السبت المقبل، لإجراء أعمال صيانة شاملة لشبكات التبريد والصرف في المبنى القديم.</p>
<p>وقال المتحدث باسم البلدية إن الباعة سينتقلون خلال فترة الإغلاق إلى ساحة مؤقتة قرب الميناء، وإن السوق سيعود بطاقة أكبر.</p>
</div></article>
<div class="next-post"><h4>إقرأ أيضاً:</h4><article><h2><a href="/news/77">افتتاح المكتبة العامة الجديدة</a></h2>
<div class="entry-content">{next}</div></article></div></main></body></html>"#
    );
    let a = extract(html.as_bytes(), &opts(AR_URL)).expect("page extracts");
    assert!(
        a.text.starts_with("أعلنت البلدية إغلاق سوق السمك"),
        "{}",
        a.text
    );
    assert!(a.text.ends_with("بطاقة أكبر."), "{}", a.text);
    assert_absent(&a.text, &["المكتبة العامة", "إقرأ أيضاً"]);
}

#[test]
fn a_wordpress_post_named_after_its_tags_and_an_elementor_page_keep_their_text() {
    // WordPress names the post's container after its tags ("tag-weather"), and Elementor
    // calls every block a widget; a real sidebar widget still goes.
    let wordpress = r#"<html><head><title>Storm closes the harbour</title></head><body>
<div class="post-41 post type-post status-publish hentry tag-weather tag-harbour category-news">
<h1>Storm closes the harbour</h1>
<p>The harbour master closed the port on Sunday morning as winds reached ninety kilometres an hour, and every fishing boat was ordered to stay at its mooring until the storm passes.</p>
<p>Ferries to the islands were cancelled for the day, and the coast guard asked residents to keep away from the sea wall, where waves broke over the promenade all afternoon.</p>
</div>
<div class="widget widget_recent_entries"><h2>Recent posts</h2><ul><li><a href="/a">Council meets on Monday to discuss the new budget</a></li></ul></div>
</body></html>"#;
    let a =
        extract(wordpress.as_bytes(), &opts("https://blog.example/storm")).expect("page extracts");
    assert!(
        a.text.starts_with("The harbour master closed"),
        "{}",
        a.text
    );
    assert!(a.text.ends_with("all afternoon."), "{}", a.text);
    assert_absent(&a.text, &["Recent posts", "Council meets"]);

    let block = |first: &str, second: &str| {
        format!(
            r#"<div class="elementor-element elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container"><p>{first}</p><p>{second}</p></div></div>"#
        )
    };
    let elementor = format!(
        r#"<html><head><title>About the network</title></head><body><div class="elementor elementor-12">
<div class="elementor-widget elementor-widget-heading"><h1>About the network</h1></div>
{}{}</div></body></html>"#,
        block(
            "The network was founded in a small flat, by six young reporters, two editors and one designer, who wanted to publish careful, patient reporting from towns, villages and valleys that larger outlets rarely visit.",
            "Its first stories, on water, schools, roads and clinics, were read by few people at first; then, slowly, by teachers, mayors, nurses and farmers, who sent letters, tips, photographs and corrections.",
        ),
        block(
            "Today it runs a newsroom of twelve people, with desks for politics, economy, health and culture, and it trains local correspondents, every summer, in reporting, editing, photography and verification.",
            "It shares its stories, in full and with pictures, with partner papers, radio stations and schools, free of charge, and asks only that they name the reporter, the network and the date.",
        ),
    );
    let a =
        extract(elementor.as_bytes(), &opts("https://net.example/about")).expect("page extracts");
    assert!(a.text.starts_with("The network was founded"), "{}", a.text);
    assert!(a.text.ends_with("network and the date."), "{}", a.text);
}

#[test]
fn an_article_whose_blocks_each_sit_in_wrappers_of_their_own_is_read_whole() {
    // Each block of the article in two wrappers of its own, with classes of its own, as page
    // builders write them: the blocks are siblings only through their wrappers.
    let block = |id: usize, first: &str, second: &str| {
        format!(
            r#"<div class="row row-{id}"><div class="inner-{id}"><p>{first}</p><p>{second}</p></div></div>"#
        )
    };
    let page = format!(
        r#"<html><head><title>The valley line</title></head><body><main><h1>The valley line</h1>{}{}{}</main></body></html>"#,
        block(
            1,
            "The old railway, closed in 1968, ran for forty kilometres, from the port, through three villages, to the quarry town, and carried stone, timber, milk and, on Sundays, families going to the sea.",
            "Its stations, built of local granite, still stand; two are houses now, one is a café, and the last, at the quarry, is a small museum run by volunteers, most of them former workers.",
        ),
        block(
            2,
            "This spring, after a decade of petitions, surveys and meetings, the region agreed to reopen the first twelve kilometres, as far as the second village, for a tourist train and, later, commuters.",
            "Work on the bridges, the cuttings and the track bed begins in June; the first trains, pulled by a restored engine, are expected to run, if the budget holds, in two summers' time.",
        ),
        block(
            3,
            "Not everyone is pleased: farmers, shepherds and beekeepers along the route worry about fences, gates, crossings, dust and noise, and some residents, who walk, run or ride on the old track bed, would rather keep it, as it is, as a path.",
            "The region has promised a footpath beside the line, new crossings, with gates, lights and bells, a fund for damaged fields, and a meeting, in every village, before work starts, the first of them next Thursday, at six, in the school hall.",
        ),
    );
    let a = extract(page.as_bytes(), &opts("https://news.example/valley")).expect("page extracts");
    assert!(
        a.text.starts_with("The old railway, closed in 1968"),
        "{}",
        a.text
    );
    assert!(a.text.contains("This spring, after a decade"), "{}", a.text);
    assert!(a.text.ends_with("in the school hall."), "{}", a.text);
}

#[test]
fn the_body_beside_the_headline_wins_over_a_longer_next_article_outside_it() {
    // A short article in the `<article>` of the headline, then, outside it, the next article
    // under "المقال التالي" with five times the text and no "read also" label.
    let next: String = (1..9)
        .map(|i| format!("الفقرة {i} من المقال التالي عن مهرجان الكتاب السنوي، وقد شارك فيه ناشرون من عشر دول، وعرضت فيه آلاف العناوين الجديدة. "))
        .collect();
    let html = format!(
        r#"<html><head><title>الميناء يستقبل أول سفينة حاويات عملاقة</title></head><body>
<article class="articleCont"><div class="articleHeader"><h1>الميناء يستقبل أول سفينة حاويات عملاقة</h1></div>
<div class="articleBody"><p>استقبل الميناء التجاري صباح اليوم أول سفينة حاويات عملاقة منذ انتهاء أعمال التوسعة، بطول يتجاوز ثلاثمئة وخمسين مترا، وعلى متنها آلاف الحاويات القادمة من شرق آسيا، وسط إجراءات تنظيمية خاصة.</p>
<p>وقال مدير الميناء إن الرصيف الجديد قادر على استقبال سفينتين من هذا الحجم في وقت واحد.</p></div>
</article>
<section class="nextArticle"><div class="nextTitle">المقال التالي</div><h2><a href="/n/2">مهرجان الكتاب السنوي</a></h2><p>{next}</p></section>
</body></html>"#
    );
    let a = extract(html.as_bytes(), &opts(AR_URL)).expect("page extracts");
    assert!(a.text.starts_with("استقبل الميناء التجاري"), "{}", a.text);
    assert_absent(&a.text, &["مهرجان الكتاب"]);
}
