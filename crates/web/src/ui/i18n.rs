//! Every string of the interface, in one table per language, and the counting words of
//! Arabic (one, two, three to ten, eleven and more).

use marsad_index::QueryError;

/// The interface language of a reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Arabic, right to left: the default.
    Ar,
    /// English, left to right.
    En,
}

impl Lang {
    /// Reads `ar` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The string table of the language.
    pub fn ui(self) -> &'static Ui {
        match self {
            Lang::Ar => &AR,
            Lang::En => &EN,
        }
    }

    /// "12 outlets" with the right Arabic form of the noun.
    pub fn count(self, n: i64, noun: &Noun) -> String {
        match self {
            Lang::En => {
                if n == 1 {
                    format!("1 {}", noun.en_one)
                } else {
                    format!("{n} {}", noun.en_many)
                }
            }
            Lang::Ar => match (n, n % 100) {
                (1, _) => noun.ar_one.to_string(),
                (2, _) => noun.ar_two.to_string(),
                (_, 3..=10) => format!("{n} {}", noun.ar_few),
                (_, 11..=99) => format!("{n} {}", noun.ar_many),
                _ => format!("{n} {}", noun.ar_hundred),
            },
        }
    }
}

/// A noun in its counting forms.
#[derive(Debug)]
pub struct Noun {
    /// Arabic "one X".
    pub ar_one: &'static str,
    /// Arabic dual.
    pub ar_two: &'static str,
    /// Arabic plural after 3 to 10.
    pub ar_few: &'static str,
    /// Arabic accusative singular after 11 to 99.
    pub ar_many: &'static str,
    /// Arabic genitive singular after 100, 200 …
    pub ar_hundred: &'static str,
    /// English singular.
    pub en_one: &'static str,
    /// English plural.
    pub en_many: &'static str,
}

/// Outlets (sources).
pub const OUTLETS: Noun = Noun {
    ar_one: "مصدر واحد",
    ar_two: "مصدران",
    ar_few: "مصادر",
    ar_many: "مصدراً",
    ar_hundred: "مصدر",
    en_one: "outlet",
    en_many: "outlets",
};

/// Articles.
pub const ARTICLES: Noun = Noun {
    ar_one: "مقال واحد",
    ar_two: "مقالان",
    ar_few: "مقالات",
    ar_many: "مقالاً",
    ar_hundred: "مقال",
    en_one: "article",
    en_many: "articles",
};

/// Web sites, as in "also published by 5 sites".
pub const SITES: Noun = Noun {
    ar_one: "موقع واحد",
    ar_two: "موقعان",
    ar_few: "مواقع",
    ar_many: "موقعاً",
    ar_hundred: "موقع",
    en_one: "site",
    en_many: "sites",
};

/// Copies of an article.
pub const COPIES: Noun = Noun {
    ar_one: "نسخة واحدة",
    ar_two: "نسختان",
    ar_few: "نسخ",
    ar_many: "نسخة",
    ar_hundred: "نسخة",
    en_one: "copy",
    en_many: "copies",
};

/// Search results.
pub const RESULTS: Noun = Noun {
    ar_one: "نتيجة واحدة",
    ar_two: "نتيجتان",
    ar_few: "نتائج",
    ar_many: "نتيجة",
    ar_hundred: "نتيجة",
    en_one: "result",
    en_many: "results",
};

/// The strings of one interface language.
#[derive(Debug)]
pub struct Ui {
    /// `lang` attribute value.
    pub lang: &'static str,
    /// `dir` attribute value.
    pub dir: &'static str,
    /// The site's name.
    pub site: &'static str,
    /// Skip link.
    pub skip: &'static str,
    /// Label of the brand link.
    pub home_label: &'static str,
    /// Label of the main navigation.
    pub nav_label: &'static str,
    /// Navigation: home.
    pub nav_home: &'static str,
    /// Navigation: latest articles.
    pub nav_latest: &'static str,
    /// Navigation: search.
    pub nav_search: &'static str,
    /// The other language's name, in that language.
    pub other_lang_name: &'static str,
    /// The other language's code.
    pub other_lang: &'static str,
    /// The other language's direction.
    pub other_dir: &'static str,
    /// Footer line.
    pub footer: &'static str,
    /// Home: top stories.
    pub top_stories: &'static str,
    /// Latest articles.
    pub latest: &'static str,
    /// Trending tags.
    pub trending: &'static str,
    /// Empty archive.
    pub no_news: &'static str,
    /// A headline-less article.
    pub untitled: &'static str,
    /// Badge of a copy.
    pub copy_badge: &'static str,
    /// Pager: newer.
    pub newer: &'static str,
    /// Pager: older.
    pub older: &'static str,
    /// Pager label.
    pub pages: &'static str,
    /// "Published:".
    pub published: &'static str,
    /// "By".
    pub by: &'static str,
    /// "Source:" (credit line).
    pub credit: &'static str,
    /// Tags heading on an article.
    pub tags: &'static str,
    /// Related stories heading.
    pub read_also: &'static str,
    /// Other coverage heading.
    pub other_sources: &'static str,
    /// Link to the original article, before the outlet's name.
    pub read_on: &'static str,
    /// Note on a copy, before the link.
    pub copy_note: &'static str,
    /// The link of the note on a copy.
    pub copy_link: &'static str,
    /// Link to a story's full coverage.
    pub full_coverage: &'static str,
    /// "First published by".
    pub first_by: &'static str,
    /// Timeline heading.
    pub timeline: &'static str,
    /// Before the number of sites in a collapsed group of copies.
    pub also_published: &'static str,
    /// Show the Hijri date.
    pub show_hijri: &'static str,
    /// Hide the Hijri date.
    pub hide_hijri: &'static str,
    /// Pager of search results: previous page.
    pub prev_page: &'static str,
    /// Pager of search results: next page.
    pub next_page: &'static str,
    /// Tag page: kind of page.
    pub tag: &'static str,
    /// Source page: kind of page.
    pub source: &'static str,
    /// Volume chart heading.
    pub per_day: &'static str,
    /// Co-occurring tags heading.
    pub co_tags: &'static str,
    /// Articles heading.
    pub articles: &'static str,
    /// Feeds heading on a source page.
    pub feeds: &'static str,
    /// Healthy feed.
    pub feed_ok: &'static str,
    /// Failing feed.
    pub feed_failing: &'static str,
    /// Paused feed.
    pub feed_paused: &'static str,
    /// Last successful fetch.
    pub last_ok: &'static str,
    /// Never fetched.
    pub never: &'static str,
    /// Originality heading.
    pub originality: &'static str,
    /// "of its articles are its own".
    pub own_share: &'static str,
    /// Subscribe (feeds out).
    pub subscribe: &'static str,
    /// Search box label.
    pub search_label: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Search help.
    pub search_help: &'static str,
    /// No results.
    pub no_results: &'static str,
    /// Search index unavailable.
    pub search_unavailable: &'static str,
    /// Facet: by source.
    pub by_source: &'static str,
    /// Facet: by day.
    pub by_day: &'static str,
    /// Before the number of copies of a hit.
    pub and_copies: &'static str,
    /// Sort: relevance.
    pub sort_relevance: &'static str,
    /// Sort: newest.
    pub sort_newest: &'static str,
    /// 404 title.
    pub not_found_title: &'static str,
    /// 404 message.
    pub not_found: &'static str,
    /// 400 title.
    pub bad_request_title: &'static str,
    /// 400 message for a bad id or parameter.
    pub bad_request: &'static str,
    /// 503 title.
    pub unavailable_title: &'static str,
    /// 503 message.
    pub unavailable: &'static str,
    /// Back home.
    pub back_home: &'static str,
    /// A chart's accessible description, before the total.
    pub chart_label: &'static str,
}

/// Arabic.
pub static AR: Ui = Ui {
    lang: "ar",
    dir: "rtl",
    site: "مرصد",
    skip: "انتقل إلى المحتوى",
    home_label: "مرصد، الصفحة الرئيسية",
    nav_label: "التنقل الرئيسي",
    nav_home: "الرئيسية",
    nav_latest: "آخر الأخبار",
    nav_search: "بحث",
    other_lang_name: "English",
    other_lang: "en",
    other_dir: "ltr",
    footer: "مرصد — يجمع الأخبار من مصادرها ويعرضها كما نشرتها، مع رابط إلى الأصل.",
    top_stories: "أهم الأخبار",
    latest: "آخر الأخبار",
    trending: "وسوم رائجة",
    no_news: "لا توجد أخبار بعد. أضف مصادر ثم شغّل الزحف.",
    untitled: "(بلا عنوان)",
    copy_badge: "نسخة مكررة",
    newer: "الأحدث",
    older: "الأقدم",
    pages: "الصفحات",
    published: "تاريخ النشر",
    by: "بقلم",
    credit: "المصدر",
    tags: "كلمات دلالية",
    read_also: "اقرأ أيضاً",
    other_sources: "من مصادر أخرى",
    read_on: "اقرأ المقال على موقع",
    copy_note: "هذا المقال نسخة من",
    copy_link: "مقال نُشر قبله",
    full_coverage: "التغطية الكاملة",
    first_by: "نشره أولاً",
    timeline: "التسلسل الزمني للتغطية",
    also_published: "نشرته أيضاً",
    show_hijri: "أظهر التاريخ الهجري",
    hide_hijri: "أخفِ التاريخ الهجري",
    prev_page: "الصفحة السابقة",
    next_page: "الصفحة التالية",
    tag: "وسم",
    source: "مصدر",
    per_day: "عدد المقالات في اليوم",
    co_tags: "وسوم مرتبطة",
    articles: "المقالات",
    feeds: "الخلاصات",
    feed_ok: "تعمل",
    feed_failing: "متعثرة",
    feed_paused: "متوقفة",
    last_ok: "آخر جلب ناجح",
    never: "لم تُجلب بعد",
    originality: "الأصالة",
    own_share: "من مقالاته من إنتاجه",
    subscribe: "اشترك",
    search_label: "ابحث في الأخبار",
    search_button: "ابحث",
    search_help: "عبارة بين علامتي تنصيص، ‎-كلمة‎ للاستبعاد، OR للبدائل، source: و tag: و lang: و from: و to: للتصفية.",
    no_results: "لا توجد نتائج مطابقة.",
    search_unavailable: "البحث غير متاح حالياً.",
    by_source: "حسب المصدر",
    by_day: "حسب اليوم",
    and_copies: "ومعه",
    sort_relevance: "الأكثر صلة",
    sort_newest: "الأحدث",
    not_found_title: "الصفحة غير موجودة",
    not_found: "لم نجد ما تبحث عنه. ربما نُقلت الصفحة أو لم تعد موجودة.",
    bad_request_title: "طلب غير صالح",
    bad_request: "لم نفهم هذا الطلب. تحقق من الرابط وحاول مرة أخرى.",
    unavailable_title: "تعذّر الوصول إلى البيانات",
    unavailable: "حدث خطأ أثناء قراءة قاعدة البيانات. حاول مرة أخرى بعد قليل.",
    back_home: "العودة إلى الصفحة الرئيسية",
    chart_label: "مخطط أعمدة لعدد المقالات في اليوم، المجموع",
};

/// English.
pub static EN: Ui = Ui {
    lang: "en",
    dir: "ltr",
    site: "Marsad",
    skip: "Skip to content",
    home_label: "Marsad, home",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_latest: "Latest",
    nav_search: "Search",
    other_lang_name: "العربية",
    other_lang: "ar",
    other_dir: "rtl",
    footer: "Marsad gathers news from its sources and shows it as published, with a link to the original.",
    top_stories: "Top stories",
    latest: "Latest news",
    trending: "Trending tags",
    no_news: "No news yet. Add sources, then crawl.",
    untitled: "(untitled)",
    copy_badge: "copy",
    newer: "Newer",
    older: "Older",
    pages: "Pages",
    published: "Published",
    by: "By",
    credit: "Source",
    tags: "Tags",
    read_also: "Read also",
    other_sources: "From other sources",
    read_on: "Read the article on",
    copy_note: "This article is a copy of",
    copy_link: "an earlier article",
    full_coverage: "Full coverage",
    first_by: "First published by",
    timeline: "Timeline of the coverage",
    also_published: "Also published by",
    show_hijri: "Show the Hijri date",
    hide_hijri: "Hide the Hijri date",
    prev_page: "Previous page",
    next_page: "Next page",
    tag: "Tag",
    source: "Source",
    per_day: "Articles per day",
    co_tags: "Related tags",
    articles: "Articles",
    feeds: "Feeds",
    feed_ok: "working",
    feed_failing: "failing",
    feed_paused: "paused",
    last_ok: "last good fetch",
    never: "not fetched yet",
    originality: "Originality",
    own_share: "of its articles are its own",
    subscribe: "Subscribe",
    search_label: "Search the news",
    search_button: "Search",
    search_help: "\"exact phrase\", -word to exclude, OR for alternatives, source:, tag:, lang:, from: and to: to filter.",
    no_results: "No matching articles.",
    search_unavailable: "Search is unavailable at the moment.",
    by_source: "By source",
    by_day: "By day",
    and_copies: "and",
    sort_relevance: "Most relevant",
    sort_newest: "Newest",
    not_found_title: "Page not found",
    not_found: "We could not find what you are looking for. The page may have moved or no longer exist.",
    bad_request_title: "Bad request",
    bad_request: "We could not understand this request. Check the link and try again.",
    unavailable_title: "Data unavailable",
    unavailable: "Reading the database failed. Please try again shortly.",
    back_home: "Back to the home page",
    chart_label: "Bar chart of articles per day, total",
};

/// Why a search query was refused, in the reader's language.
pub fn query_error(lang: Lang, e: &QueryError) -> String {
    match (lang, e) {
        (Lang::Ar, QueryError::UnclosedQuote(at)) => {
            format!("علامة تنصيص فُتحت عند الحرف {at} ولم تُغلق.")
        }
        (Lang::Ar, QueryError::EmptyValue(f)) => format!("المرشّح ‎{f}:‎ يحتاج إلى قيمة."),
        (Lang::Ar, QueryError::BadDate(d)) => format!(
            "‏«{d}» ليس تاريخاً: استعمل 2025-02-01 أو today أو yesterday أو مدة مثل 24h و7d و4w و1y."
        ),
        (Lang::Ar, QueryError::EmptyRange) => "نطاق التاريخ ينتهي قبل أن يبدأ.".into(),
        (Lang::Ar, QueryError::DanglingOr) => "‏OR تحتاج إلى كلمة أو عبارة على جانبيها.".into(),
        (Lang::Ar, QueryError::DateInOr) => "لا يجمع OR بين from: و to:.".into(),
        (Lang::Ar, QueryError::Empty) => "لا يوجد في الاستعلام ما يُبحث عنه.".into(),
        (Lang::Ar, QueryError::TooLong) => "الاستعلام أطول من المسموح.".into(),
        (Lang::En, e) => {
            let mut s = e.to_string();
            if let Some(first) = s.get(..1) {
                let up = first.to_uppercase();
                s.replace_range(..1, &up);
            }
            s + "."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_counting_forms() {
        let forms: Vec<String> = [1, 2, 5, 10, 11, 99, 100, 103, 112]
            .iter()
            .map(|n| Lang::Ar.count(*n, &SITES))
            .collect();
        assert_eq!(
            forms,
            [
                "موقع واحد",
                "موقعان",
                "5 مواقع",
                "10 مواقع",
                "11 موقعاً",
                "99 موقعاً",
                "100 موقع",
                "103 مواقع",
                "112 موقعاً"
            ]
        );
        assert_eq!(Lang::En.count(1, &OUTLETS), "1 outlet");
        assert_eq!(Lang::En.count(3, &OUTLETS), "3 outlets");
    }

    #[test]
    fn query_errors_are_told_in_the_reader_s_language() {
        assert!(query_error(Lang::Ar, &QueryError::Empty).contains("الاستعلام"));
        assert_eq!(
            query_error(Lang::En, &QueryError::Empty),
            "The query has nothing to look for."
        );
    }
}
