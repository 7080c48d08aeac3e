//! Marsad article extraction: page bytes to a clean article with its metadata.
//!
//! [`extract`] takes the bytes of a page as the server sent them and returns an [`Article`]:
//! the charset is decided the browser way ([`charset`]), the page is parsed with dom_query,
//! metadata is read from `<meta>`, OpenGraph, JSON-LD and microdata ([`meta`]), and the main
//! text is found by removing boilerplate (with Arabic and English markers such as
//! "اقرأ أيضاً", "كلمات دلالية", "المصدر:") and scoring blocks ([`content`]).
//!
//! The crate is pure: no I/O, no global state. It never panics on any input; nesting is capped
//! before parsing and every tree walk is iterative.

pub mod charset;
pub mod content;
pub mod credit;
pub mod markers;
pub mod meta;
mod nodemap;
mod page_dates;
mod page_type;
pub mod parse;

pub use page_type::PageType;

use serde::Serialize;
use std::borrow::Cow;
use url::Url;

use crate::content::Reading;
use crate::markers::fold;
use crate::parse::Keep;

/// What the caller knows about the page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The address the page was fetched from: base for relative links, TLD hint for charset
    /// detection, and the article URL when the page names no canonical one.
    pub url: Option<Url>,
    /// The HTTP `Content-Type` header, if known (its `charset` parameter is honoured).
    pub content_type: Option<String>,
    /// When the page was fetched: the reference of relative dates ("منذ ساعتين") and the
    /// limit of plausible ones. Without it, relative and year-less dates are not used.
    pub fetched_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The outlet's time zone, for dates the page writes without one (default UTC).
    pub zone: Option<marsad_dates::Zone>,
}

/// A link of the page's "read also" / related block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// The link text.
    pub title: String,
    /// The absolute URL.
    pub url: String,
}

/// An article extracted from a page. Field names are those of the command-line contract
/// (`marsad extract`); a value that is not known is `None` or an empty list, never `""`.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The canonical URL if the page names one (absolute), else the URL it was fetched from.
    pub url: Option<String>,
    /// The headline, without a site-name suffix.
    pub title: Option<String>,
    /// Publication date, with the page's own offset.
    pub published: Option<marsad_dates::PageDate>,
    /// Last modification date.
    pub updated: Option<marsad_dates::PageDate>,
    /// Names of people who wrote the article (never the outlet).
    pub authors: Vec<String>,
    /// ISO 639-1 language of the text (from the text itself).
    pub lang: Option<String>,
    /// `"rtl"` or `"ltr"`, from the text itself.
    pub dir: String,
    /// Lead, standfirst or meta description.
    pub description: Option<String>,
    /// Main text only: paragraphs separated by one blank line; `""` when no article was found.
    pub text: String,
    /// Tags the page lists (meta keywords, article:tag, JSON-LD keywords, visible tag blocks).
    pub tags: Vec<String>,
    /// Source credit as written, e.g. "وكالة الأنباء السعودية".
    pub credit: Option<String>,
    /// Links of the page's "read also" / related blocks.
    pub related: Vec<Related>,
    /// Lead image, absolute.
    pub image: Option<String>,
    /// Name of the outlet.
    pub site_name: Option<String>,
    /// Sanitized article body HTML for display: allow-listed tags only, `dir`/`lang` kept,
    /// links absolute http(s) with `rel="noopener noreferrer"`, well-formed.
    #[serde(skip)]
    pub html: String,
    /// Name of the encoding the page was decoded with, e.g. `"UTF-8"`, `"windows-1256"`.
    #[serde(skip)]
    pub charset: String,
    /// Whether the page is one article or a listing of many (home, section, tag pages).
    pub page_type: PageType,
}

/// Why a page could not be read as HTML.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The input is empty or whitespace only.
    #[error("empty input: no page to extract from")]
    Empty,
    /// The input is compressed; the caller must decompress it first.
    #[error("input is {0}-compressed data, not HTML; decompress it first")]
    Compressed(&'static str),
    /// The input is binary data (an image, a PDF, an archive, or bytes with NULs).
    #[error("input is not HTML: looks like {0}")]
    Binary(&'static str),
}

fn check_input(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ExtractError::Empty);
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Err(ExtractError::Compressed("gzip"));
    }
    if bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return Err(ExtractError::Compressed("zstd"));
    }
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"RIFF", "a RIFF (WebP/AVI/WAV) file"),
        (b"\x00\x00\x00", "binary data"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Err(ExtractError::Binary(what));
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return Ok(());
    }
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    if head.contains(&0) {
        return Err(ExtractError::Binary("binary data (NUL bytes)"));
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if controls * 10 > head.len() {
        return Err(ExtractError::Binary("binary data (control bytes)"));
    }
    Ok(())
}

/// Extracts the article of a page from its raw bytes.
///
/// Errors only when the bytes are not a page at all (empty, compressed, binary). A page
/// without a recognisable article gives `Ok` with an empty `text`.
pub fn extract(bytes: &[u8], opts: &ExtractOptions) -> Result<Article, ExtractError> {
    check_input(bytes)?;
    let tld = opts
        .url
        .as_ref()
        .and_then(|u| u.domain())
        .and_then(|d| d.trim_end_matches('.').rsplit('.').next())
        .map(str::to_ascii_lowercase);
    let (decoded, encoding) = charset::decode(bytes, opts.content_type.as_deref(), tld.as_deref());
    if decoded.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    let doc = parse::parse(&decoded, Keep::Read);

    // One walk lists the page's elements for every reader of the untouched document.
    let elements = content::tagged_elements(doc.root());
    // `base[href]`: the first `<base>` with an `href`.
    let base_href = elements
        .iter()
        .find_map(|(n, _)| {
            (n.qual_name_ref().is_some_and(|q| &*q.local == "base"))
                .then(|| n.attr("href"))
                .flatten()
        })
        .map(|h| h.to_string());
    let mut base = match (&opts.url, base_href) {
        (Some(u), Some(h)) => u.join(&h).ok().or_else(|| Some(u.clone())),
        (Some(u), None) => Some(u.clone()),
        (None, Some(h)) => Url::parse(&h).ok(),
        (None, None) => None,
    };
    let meta = meta::collect_from(&elements, base.as_ref());
    if base.is_none() {
        base = meta.canonical.as_deref().and_then(|c| Url::parse(c).ok());
    }
    let title = choose_title(&meta);
    // The part of the page title around the headline is the outlet's name: never an author.
    let mut authors = meta.authors.clone();
    if let (Some(raw), Some(t)) = (meta.titles.first(), title.as_deref()) {
        let rest = fold(raw, 1000).replace(&fold(t, 1000), "");
        let rest = rest.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | ':' | '«' | '»')
        });
        if !rest.is_empty() {
            authors.retain(|a| fold(a, 200) != rest);
        }
    }
    // The page's shape and dates are read before content extraction, which removes bylines,
    // date lines and link lists from the document as boilerplate.
    let shape = page_type::Shape::of(&elements);
    let dates = page_dates::choose(
        &elements,
        &meta.date_candidates,
        opts.url.as_ref().or(base.as_ref()),
        opts.fetched_at,
        opts.zone,
    );
    // Bylines are boilerplate to content extraction, which removes them: read the agency first.
    let byline_credit = credit::from_elements(&elements);
    drop(elements);
    let mut content = content::extract(&doc, base.as_ref(), title.as_deref(), Reading::default());
    // When the page gave next to nothing, other readings of it are tried in turn; one
    // replaces the result only if it holds clearly more text.
    // 1. Some pages write the article with a script and give readers without scripts the same
    //    article in <noscript> (Blogger's post template, for one). Noscript bodies are cut as
    //    never read otherwise; here they are read as ordinary blocks.
    // 2. Pages rendered in the browser from embedded state (React props, a framework's JSON
    //    data) carry the article as HTML strings inside that state.
    // 3. On a forum thread every post, the first one included, sits in a block named as a
    //    comment: with those blocks read, the thread is the text.
    // 4. Some sites name every section of an article after the ads it may hold: read without
    //    the boilerplate names, by tags and roles alone.
    let comments = Reading {
        comments: true,
        ..Reading::default()
    };
    let no_names = Reading {
        ignore_names: true,
        ..Reading::default()
    };
    let retries = [
        (Retry::Noscript, Reading::default()),
        (Retry::State, Reading::default()),
        (Retry::Page, comments),
        (Retry::Page, no_names),
    ];
    for (retry, reading) in retries {
        if content.text.chars().count() >= RETRY_BELOW_CHARS {
            break;
        }
        let page: Cow<str> = match retry {
            Retry::Noscript => match open_noscript(&decoded) {
                Some(h) => Cow::Owned(h),
                None => continue,
            },
            Retry::State => match state_html(&decoded) {
                Some(h) => Cow::Owned(h),
                None => continue,
            },
            Retry::Page => Cow::Borrowed(&decoded),
        };
        let again = content::extract(
            &parse::parse(&page, Keep::Read),
            base.as_ref(),
            title.as_deref(),
            reading,
        );
        if replaces(&content.text, &again.text) {
            content = again;
        }
    }
    let page_type = shape.page_type(meta.declares_article, content.text.chars().count());

    let mut tags: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for t in meta.tags.iter().chain(content.tags.iter()) {
        let k = fold(t, 200);
        if !k.is_empty() && !keys.contains(&k) && tags.len() < 50 {
            keys.push(k);
            tags.push(t.clone());
        }
    }

    let sample: Cow<str> = if content.text.is_empty() {
        Cow::Owned(format!(
            "{} {}",
            title.as_deref().unwrap_or(""),
            meta.description.as_deref().unwrap_or("")
        ))
    } else {
        Cow::Borrowed(&content.text)
    };
    // The first few thousand characters decide the language as well as the whole text does,
    // and detection time grows with the length of its input.
    let sample = head(&sample, LANGUAGE_SAMPLE_BYTES);
    let lang = marsad_text::language(sample).map(str::to_string);
    let dir = marsad_text::direction(sample).as_str().to_string();

    // The renderer writes only allow-listed tags and attributes with escaped values and
    // absolute http(s) addresses; what is left is closing what line cuts left open.
    let html = content::balance(&content.html);

    Ok(Article {
        url: meta
            .canonical
            .clone()
            .or_else(|| opts.url.as_ref().map(|u| u.to_string())),
        title,
        published: dates.published,
        updated: dates.updated,
        authors,
        lang,
        dir,
        description: meta.description.clone(),
        text: content.text,
        tags,
        credit: content.credit.or(byline_credit),
        related: content.related,
        image: meta.image.clone().or(content.image),
        site_name: meta.site_name.clone(),
        html,
        charset: encoding.name().to_string(),
        page_type,
    })
}

/// The page a retry reads: with its `<noscript>` blocks opened, made of its embedded state's
/// HTML, or as it is (read another way).
enum Retry {
    Noscript,
    State,
    Page,
}

/// Article text shorter than this (in characters) is extracted again from other readings of
/// the page: its `<noscript>` blocks opened, its embedded state, its comment blocks read, its
/// boilerplate names ignored.
const RETRY_BELOW_CHARS: usize = 250;

/// Characters a retry must add (beyond doubling the text) to replace the first result.
const RETRY_GAIN_CHARS: usize = 100;

/// A first result of at least this many characters is replaced only by a reading that holds
/// it.
const RETRY_KEEP_CHARS: usize = 80;

/// Whether another reading's text `again` replaces the first reading's `first`: it must hold
/// clearly more text, and a first result of a sentence or more is a real block (a short post,
/// a poem) that another reading may only extend, never trade for other blocks.
fn replaces(first: &str, again: &str) -> bool {
    let n = first.chars().count();
    (n < RETRY_KEEP_CHARS || again.contains(first))
        && again.chars().count() >= 2 * n + RETRY_GAIN_CHARS
}

/// `html` with every `<noscript>` element turned into a `<div>`, or `None` when it has none.
/// Tag names match without regard to ASCII case.
fn open_noscript(html: &str) -> Option<String> {
    const NAME: &[u8] = b"noscript";
    let b = html.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        let name_at = at + 1 + usize::from(b.get(at + 1) == Some(&b'/'));
        let end = name_at + NAME.len();
        let is_noscript = b
            .get(name_at..end)
            .is_some_and(|n| n.eq_ignore_ascii_case(NAME))
            && b.get(end)
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'));
        if is_noscript {
            out.push_str(&html[last..name_at]);
            out.push_str("div");
            last = end;
        }
        i = at + 1;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&html[last..]);
    Some(out)
}

/// Shortest embedded HTML string read as part of an article: shorter ones are labels.
const STATE_HTML_MIN: usize = 80;

/// The HTML strings of a page's embedded state (JSON in `<script type="…json">` other than
/// JSON-LD, and JSON attribute values such as React props), in page order, as the body of
/// one article page; `None` when the page has none. A string counts when it holds a paragraph
/// (`<p>`) and at least [`STATE_HTML_MIN`] bytes.
fn state_html(html: &str) -> Option<String> {
    // Scripts and every attribute are kept: the state is in them.
    let doc = parse::parse(html, Keep::All);
    let mut parts: Vec<String> = Vec::new();
    for node in doc.root().descendants() {
        let Some(name) = node.node_name() else {
            continue;
        };
        if &*name == "script" {
            let kind = node
                .attr("type")
                .map(|t| t.to_ascii_lowercase())
                .unwrap_or_default();
            if kind.contains("json") && !kind.contains("ld+json") {
                collect_state_html(&node.text(), &mut parts);
            }
            continue;
        }
        for a in node.attrs() {
            let v = a.value.trim_start();
            if v.len() > STATE_HTML_MIN && (v.starts_with('{') || v.starts_with('[')) {
                collect_state_html(v, &mut parts);
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "<html><body><article>{}</article></body></html>",
        parts.join("\n")
    ))
}

/// Adds the HTML strings found in the JSON text `json` to `parts`, in order.
fn collect_state_html(json: &str, parts: &mut Vec<String>) {
    fn walk(v: &serde_json::Value, parts: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s)
                if s.len() >= STATE_HTML_MIN && (s.contains("<p>") || s.contains("<p ")) =>
            {
                parts.push(s.clone());
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, parts)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(i, parts)),
            _ => {}
        }
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(json) {
        walk(&v, parts);
    }
}

/// Bytes of text read to decide the language and direction.
const LANGUAGE_SAMPLE_BYTES: usize = 2000;

/// The first `max` bytes of `s`, cut back to a character boundary.
fn head(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Separators between a headline and a site name in titles.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » "];

/// Removes a site-name prefix or suffix from a title: always when it matches `site`, and a
/// short (≤ 4 words) trailing segment otherwise.
pub fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let site_key = site.map(|s| fold(s, 200)).filter(|s| !s.is_empty());
    let matches_site = |part: &str| {
        let k = fold(part, 200);
        site_key
            .as_ref()
            .is_some_and(|s| k == *s || (k.len() > 2 && (s.contains(&k) || k.contains(s.as_str()))))
    };
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let (head, tail) = (head.trim(), tail.trim());
            if head.is_empty() || tail.is_empty() {
                continue;
            }
            if matches_site(tail) {
                return head.to_string();
            }
            if let Some((first, rest)) = title.split_once(sep)
                && matches_site(first)
            {
                return rest.trim().to_string();
            }
            let tail_words = tail.split_whitespace().count();
            if tail_words <= 4 && head.split_whitespace().count() > tail_words * 2 {
                return head.to_string();
            }
        }
    }
    title.to_string()
}

fn choose_title(meta: &meta::PageMeta) -> Option<String> {
    let Some(raw) = meta.titles.first() else {
        return meta.h1s.iter().find(|h| h.chars().count() >= 5).cloned();
    };
    let raw_key = fold(raw, 1000);
    let raw_len = raw_key.chars().count();
    // An <h1> or another title candidate that the first title contains ("Site - Headline",
    // "Headline | Site") is the headline itself. Another title candidate equal to the first
    // says nothing more: `og:title` often repeats `<title>` with the site's name.
    let h1s = meta.h1s.iter().map(|h| (h, true));
    let others = meta
        .titles
        .iter()
        .skip(1)
        .chain(meta.title_like.iter())
        .map(|h| (h, false));
    for (h, is_h1) in h1s.chain(others) {
        let hk = fold(h, 1000);
        let hl = hk.chars().count();
        if hl >= 8
            && (hl < raw_len || (is_h1 && hl == raw_len))
            && hl * 5 >= raw_len * 2
            && raw_key.contains(&hk)
        {
            return Some(h.clone());
        }
    }
    let t = strip_site_suffix(raw, meta.site_name.as_deref());
    (!t.is_empty()).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_site_names() {
        assert_eq!(
            strip_site_suffix("الناتو يبحث التعاون | المرصد", Some("المرصد")),
            "الناتو يبحث التعاون"
        );
        assert_eq!(
            strip_site_suffix(
                "Ministers meet in Rabat to discuss trade - Daily Planet",
                None
            ),
            "Ministers meet in Rabat to discuss trade"
        );
        assert_eq!(
            strip_site_suffix(
                "Daily Planet | Ministers meet in Rabat",
                Some("Daily Planet")
            ),
            "Ministers meet in Rabat"
        );
        assert_eq!(
            strip_site_suffix("No separator here", None),
            "No separator here"
        );
    }

    #[test]
    fn an_og_title_repeating_the_title_with_the_site_name_does_not_keep_it() {
        let page = format!(
            "<html><head><title>Ministers meet in Rabat to discuss trade - Daily Planet</title>\
             <meta property=og:title content=\"Ministers meet in Rabat to discuss trade - Daily \
             Planet\"></head><body><article>{}</article></body></html>",
            paragraphs(3)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert_eq!(
            a.title.as_deref(),
            Some("Ministers meet in Rabat to discuss trade")
        );
    }

    #[test]
    fn a_retry_replaces_only_what_it_extends_or_what_was_next_to_nothing() {
        let poem = "يا ليل طل أو لا تطل، فالصبح آت لا محالة، والقلب يعرف دربه مهما تطاولت المسافة وطال السهر.";
        let form = "اكتب تعليقك هنا، ولن ينشر بريدك الإلكتروني. ".repeat(8);
        assert!(!replaces(poem, &form));
        assert!(replaces(poem, &format!("{poem}\n\n{form}")));
        assert!(replaces("المصدر", &form));
        assert!(!replaces("", "قليل"));
    }

    #[test]
    fn noscript_elements_open_as_divs() {
        assert_eq!(
            open_noscript("<p>a</p><NOSCRIPT class=x><p>b</p></NoScript><noscripts>").as_deref(),
            Some("<p>a</p><div class=x><p>b</p></div><noscripts>")
        );
        assert_eq!(open_noscript("<p>no fallback here</p>"), None);
    }

    /// A paragraph of our own, repeated into an article of several paragraphs.
    fn paragraphs(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<p>أعلنت وزارة الزراعة في بيانها رقم {i} أن موسم الحصاد بدأ مبكرا هذا العام، \
                     وأن الأمطار الغزيرة في الربيع رفعت تقديرات المحصول في السهول الشمالية.</p>"
                )
            })
            .collect()
    }

    #[test]
    fn an_article_whose_every_section_is_named_for_ads_is_read_by_its_tags() {
        let section = |i: usize| {
            format!(
                "<section class=\"Review__Section Review__Section--Ads\"><h2>الجزء {i}</h2>\
                 <p>جرّبنا الجهاز أسبوعاً كاملاً في المطبخ، وفي اليوم {i} قسنا حرارة الشواية \
                 فبلغت ثمانمئة درجة في الوسط وأقل منها بكثير عند الأطراف.</p></section>"
            )
        };
        let page = format!(
            "<html><head><title>تجربة شواية الحرارة العالية</title></head><body>\
             <nav><a href=/>الرئيسية</a></nav><h1>تجربة شواية الحرارة العالية</h1>\
             <div class=report>{}{}{}</div><footer>جميع الحقوق محفوظة</footer></body></html>",
            section(1),
            section(2),
            section(3)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("وفي اليوم 1 قسنا"), "{}", a.text);
        assert!(a.text.contains("وفي اليوم 3 قسنا"), "{}", a.text);
        assert!(!a.text.contains("الحقوق محفوظة"), "{}", a.text);
    }

    #[test]
    fn a_form_beside_the_article_is_boilerplate_and_a_form_around_the_page_is_not() {
        // Labels written as sentences score like paragraphs next to the article.
        let signup = "<form action=/join><h3>انضم إلينا</h3>\
             <p><label>بريدك الإلكتروني، ولن نشاركه، مهما كان السبب، مع أي جهة أخرى.</label></p>\
             <p><label>مدينتك، أو قريتك، لنرسل إليك، كل شهر، مواعيد الفعاليات القريبة.</label></p>\
             <p><label>رقم هاتفك، إن شئت، لنتصل بك، عند الحاجة، قبل الحملات المحلية.</label></p>\
             <p><label>هل تريد التطوع؟ نعم، أو لا، أو ربما لاحقاً، حين يتسع وقتك.</label></p></form>";
        let page = format!(
            "<html><body><h1>موسم الحصاد</h1><div class=main><div class=story>{}</div>{signup}\
             </div></body></html>",
            paragraphs(2)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 1"), "{}", a.text);
        assert!(!a.text.contains("مدينتك"), "{}", a.text);
        // A site built with server-side forms wraps the whole page in one.
        let page = format!(
            "<html><body><form id=aspnetForm action=/news><nav><a href=/>الرئيسية</a></nav>\
             <h1>موسم الحصاد</h1><div class=story>{}</div></form></body></html>",
            paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 3"), "{}", a.text);
    }

    #[test]
    fn a_page_built_of_sibling_sections_is_read_whole() {
        // A page builder's guide: each part in a module of its own, its text three wrappers
        // down beside an empty image column. No part holds half of the page's text.
        let part = |h: &str, p: &str| {
            format!(
                "<div class=module><div class=row><div class=col-image></div>\
                 <div class=col-text><div class=text><h3>{h}</h3><p>{p}</p></div></div></div></div>"
            )
        };
        let page = format!(
            "<html><head><title>دليل تجديد جواز السفر</title></head><body>\
             <nav><a href=/>الرئيسية</a> <a href=/g>الأدلة</a></nav>\
             <div class=wrapper><h1>دليل تجديد جواز السفر</h1>{}{}{}</div>\
             <footer>جميع الحقوق محفوظة لموقع الأدلة</footer></body></html>",
            part(
                "الأوراق المطلوبة",
                "يحتاج التجديد إلى الجواز القديم وصورتين حديثتين بخلفية بيضاء وصورة عن بطاقة \
                 الهوية، ويُفضّل تصوير الصفحات كلها قبل تسليمها إلى الموظف في مكتب الجوازات."
            ),
            part(
                "الرسوم والمدة",
                "تبلغ الرسوم خمسين ديناراً للجواز العادي، ويصدر الجواز الجديد خلال أسبوعين من \
                 تاريخ الطلب، أما الطلب المستعجل فيصدر خلال ثلاثة أيام برسوم مضاعفة."
            ),
            part(
                "الاستلام",
                "يُستلم الجواز من المكتب نفسه بإبراز إيصال الدفع وبطاقة الهوية، ويمكن أن يستلمه \
                 أحد أفراد الأسرة بتوكيل مصدّق، على أن يحضر الجواز القديم لإلغائه."
            )
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        for part in ["صورتين حديثتين", "خلال أسبوعين", "بتوكيل مصدّق"]
        {
            assert!(a.text.contains(part), "{part}: {}", a.text);
        }
        assert!(!a.text.contains("الحقوق محفوظة"), "{}", a.text);
        assert!(!a.text.contains("الأدلة\n"), "{}", a.text);
    }

    #[test]
    fn a_forum_thread_is_read_from_its_posts_named_as_comments() {
        let post = |who: &str, text: &str| {
            format!(
                "<div class=comment-item><span class=comment-author>{who}</span>\
                 <div class=commentText><p>{text}</p></div></div>"
            )
        };
        let page = format!(
            "<html><head><title>مشكلة في مكيف السيارة</title></head><body>\
             <nav><a href=/>الرئيسية</a> <a href=/f>المنتديات</a></nav>\
             <h1>مشكلة في مكيف السيارة بعد الصيانة</h1><div class=thread>{}{}{}</div>\
             <div class=comment-form>يجب تسجيل الدخول للمشاركة</div>\
             <footer>جميع الحقوق محفوظة</footer></body></html>",
            post(
                "أبو خالد",
                "بعد صيانة المكيف الأسبوع الماضي صار الهواء يخرج دافئاً في الظهيرة ويبرد في \
                 المساء فقط. هل واجه أحدكم هذه المشكلة؟ فحصت الفلتر فوجدته نظيفاً، والمروحة تعمل، \
                 والورشة تقول إن كل شيء سليم."
            ),
            post(
                "سامر",
                "غالباً الغاز ناقص: اطلب من الورشة فحص الضغط قبل أي شيء آخر، فقد حصل معي الأمر \
                 نفسه في الصيف الماضي وكان التسريب من وصلة صغيرة قرب الضاغط. بعد تغييرها وتعبئة \
                 الغاز عاد التبريد كما كان في أول يوم."
            ),
            post(
                "أبو خالد",
                "شكراً لكم جميعاً، فحصت الورشة الضغط اليوم فوجدت التسريب في الوصلة نفسها كما قلتم، \
                 وبعد تغييرها وتعبئة الغاز صار التبريد ممتازاً حتى في وقت الظهيرة الحار جداً."
            )
        );
        // No post holds half the thread's text, so none is kept as the article on its own. (A
        // post is read beside the chosen one from 150 characters on: the third is shorter.)
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("صار الهواء يخرج دافئاً"), "{}", a.text);
        assert!(a.text.contains("التسريب من وصلة صغيرة"), "{}", a.text);
        assert!(!a.text.contains("تسجيل الدخول"), "{}", a.text);
        assert!(!a.text.contains("الحقوق محفوظة"), "{}", a.text);
        // Under an article, comments stay out.
        let page = format!(
            "<html><body><h1>موسم الحصاد</h1><article>{}</article>{}</body></html>",
            paragraphs(4),
            post(
                "قارئ",
                "مقال رائع ومفيد جداً، شكراً للكاتب على هذا الجهد الكبير في التغطية."
            )
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 3"));
        assert!(!a.text.contains("مقال رائع"), "{}", a.text);
    }

    #[test]
    fn an_article_written_by_script_is_read_from_its_noscript_copy() {
        let page = format!(
            "<html><head><title>موسم الحصاد يبدأ مبكرا</title></head><body>\
             <nav><a href=/a>الرئيسية</a></nav><h1>موسم الحصاد يبدأ مبكرا</h1>\
             <div class=post><script type=text/template>{p}</script><noscript>{p}</noscript></div>\
             <footer>جميع الحقوق محفوظة</footer></body></html>",
            p = paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 3"), "{}", a.text);
        assert!(!a.text.contains("الحقوق محفوظة"), "{}", a.text);
        // A page whose article is in the document keeps its noscript notice out.
        let page = format!(
            "<html><body><h1>موسم الحصاد</h1><article>{}</article>\
             <noscript><p>فعّل جافاسكربت لتصفح الموقع بكامل مزاياه وخدماته المتاحة للقراء.</p>\
             </noscript></body></html>",
            paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 3"));
        assert!(!a.text.contains("جافاسكربت"), "{}", a.text);
    }

    #[test]
    fn a_lead_printed_under_the_headline_outside_the_body_is_kept() {
        let lead = "وافقت الحكومة اليوم على خطة لتوسيع شبكة الري في الريف، وقال الوزير إنها \
                    تبدأ في الربيع المقبل.";
        let page = format!(
            "<html><head><title>خطة لتوسيع شبكة الري</title></head><body><article>\
             <header><h1>خطة لتوسيع شبكة الري</h1><p class=standfirst>{lead}</p>\
             <div class=meta><p>بقلم مراسل الصحيفة في العاصمة، نشر يوم الأحد الماضي صباحا \
             بتوقيت المدينة المحلي</p></div>\
             <figure><img src=/a.jpg><p>صورة أرشيفية لقناة ري في السهول الشمالية قبل بدء \
             أعمال التوسعة الجديدة</p></figure></header>\
             <div class=article-body>{}</div></article></body></html>",
            paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.starts_with("وافقت الحكومة اليوم"), "{}", a.text);
        assert!(a.text.contains("بيانها رقم 3"), "{}", a.text);
        // Bylines and captions beside the headline are not leads.
        assert!(!a.text.contains("بقلم مراسل"), "{}", a.text);
        assert!(!a.text.contains("صورة أرشيفية"), "{}", a.text);
    }

    #[test]
    fn a_lead_under_the_page_only_headline_is_kept_and_the_date_line_after_it_cut() {
        // The page's title names the story otherwise than its one `<h1>`; the body opens
        // with a date line.
        let page = format!(
            "<html><head><title>مشروع جديد للري في الريف</title></head><body><main>\
             <div class=hero><h1>خطة لتوسيع شبكة الري</h1><p>وافقت الحكومة اليوم على خطة \
             لتوسيع شبكة الري في الريف، وقال الوزير إنها تبدأ في الربيع المقبل.</p></div>\
             <div class=body><p>الأحد 12 يناير 2025</p>{}</div></main></body></html>",
            paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.starts_with("وافقت الحكومة اليوم"), "{}", a.text);
        assert!(!a.text.contains("12 يناير"), "{}", a.text);
    }

    #[test]
    fn a_lead_in_the_header_of_the_chosen_block_is_kept() {
        // The article's paragraphs sit right in the block that also holds its `<header>`,
        // which goes as structural boilerplate with the headline and the lead in it.
        let page = format!(
            "<html><head><title>خطة لتوسيع شبكة الري</title></head><body><div class=post>\
             <header><h1>خطة لتوسيع شبكة الري</h1><p>وافقت الحكومة اليوم على خطة لتوسيع \
             شبكة الري في الريف، وقال الوزير إنها تبدأ في الربيع المقبل.</p></header>{}</div>\
             <footer>جميع الحقوق محفوظة</footer></body></html>",
            paragraphs(4)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.starts_with("وافقت الحكومة اليوم"), "{}", a.text);
        assert!(a.text.contains("بيانها رقم 3"), "{}", a.text);
    }

    #[test]
    fn a_subheadline_h2_right_after_the_headline_is_the_lead() {
        let page = format!(
            "<html><head><title>خطة لتوسيع شبكة الري</title></head><body><main>\
             <header><h1>خطة لتوسيع شبكة الري</h1><h2>الحكومة توافق على مشروع يمتد إلى القرى \
             الشمالية ويبدأ العمل فيه مع مطلع الربيع المقبل</h2></header>\
             <div class=article-body>{}<h2>مراحل المشروع الثلاث كما عرضها الوزير أمام مجلس \
             النواب في جلسته الأخيرة</h2>{}</div></main></body></html>",
            paragraphs(3),
            paragraphs(2)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.starts_with("الحكومة توافق على مشروع"), "{}", a.text);
        // The subheadings of the body stay where they are, once.
        assert_eq!(a.text.matches("مراحل المشروع").count(), 1, "{}", a.text);
    }

    #[test]
    fn a_headline_stage_gives_way_to_the_article_printed_after_it() {
        // The headline and its lead sit in an `<article>` of their own (the page's stage);
        // the body follows in a second `<article>`.
        let page = format!(
            "<html><head><title>موسم الحصاد</title></head><body>\
             <article class=stage><h1>موسم الحصاد</h1><p>تقديرات جديدة للمحصول في السهول \
             الشمالية بعد أمطار الربيع الغزيرة هذا العام.</p></article>\
             <article class=page-content>{}</article></body></html>",
            paragraphs(6)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 5"), "{}", a.text);
        assert!(a.text.starts_with("تقديرات جديدة"), "{}", a.text);
    }

    #[test]
    fn captions_named_by_class_stay_out_of_the_text() {
        let page = format!(
            "<html><body><article>{}<div class=wp-caption><img src=/a.jpg>\
             <p class=wp-caption-text>حقول القمح في السهول الشمالية قبل الحصاد</p></div>\
             <div class=media><img src=/b.jpg><p class=image-annotation>مزارعون في الحقل \
             <em class=copyright>وكالة الصور</em></p></div>\
             <div class=image-box><img src=/c.jpg><span>سد على النهر في موسم الفيضان</span>\
             </div>{}</article></body></html>",
            paragraphs(2),
            paragraphs(2)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 1"), "{}", a.text);
        assert!(!a.text.contains("حقول القمح"), "{}", a.text);
        assert!(!a.text.contains("وكالة الصور"), "{}", a.text);
        assert!(!a.text.contains("موسم الفيضان"), "{}", a.text);
        // A page whose only text is a block named as a caption (a video's description)
        // keeps it.
        let page = "<html><body><main><div class=player><img src=/v.jpg></div>\
                    <div class=item-caption><p>شاهد لحظة افتتاح السد الجديد على النهر بحضور \
                    وزير الري وعدد من المسؤولين، في احتفال أقيم صباح اليوم.</p></div></main>\
                    </body></html>";
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("لحظة افتتاح السد"), "{}", a.text);
    }

    #[test]
    fn rating_and_donation_boxes_leave_the_article() {
        let page = format!(
            "<html><body><article>{}<div class=post-ratings>هل كان المقال مفيدا؟ قيّم المقال \
             الآن من خمس نجوم وشاركنا رأيك في التعليقات</div>{}<div class=donation-box>\
             <p>ادعم صحافتنا المستقلة بتبرع شهري صغير يساعدنا على مواصلة التغطية الميدانية.</p>\
             </div></article></body></html>",
            paragraphs(2),
            paragraphs(2)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 1"), "{}", a.text);
        assert!(!a.text.contains("قيّم المقال"), "{}", a.text);
        assert!(!a.text.contains("ادعم صحافتنا"), "{}", a.text);
    }

    #[test]
    fn a_subheading_whose_anchor_says_nav_stays_and_a_comments_heading_goes() {
        let page = format!(
            "<html><body><article>{}<h3 id=nav_the_harvest_ahead_1>الحصاد المقبل</h3>{}\
             <h3 id=comments>11 تعليقا على الخبر</h3></article></body></html>",
            paragraphs(2),
            paragraphs(2)
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("\n\nالحصاد المقبل\n\n"), "{}", a.text);
        assert!(!a.text.contains("تعليقا"), "{}", a.text);
    }

    #[test]
    fn ruby_annotations_leave_the_base_text() {
        let page = "<html><body><article><p><ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>\
                    を<ruby>勉強<rt>べんきょう</rt></ruby>する人が増えています。毎日少しずつ\
                    練習することが大切だと先生は話しました。</p></article></body></html>";
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(
            a.text.starts_with("漢字を勉強する人が増えています。"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("かんじ"), "{}", a.text);
    }

    #[test]
    fn an_article_rendered_from_embedded_state_is_read_from_its_html_strings() {
        // The article lives only in the props a script renders from; the document holds a
        // navigation bar and an empty mount point.
        let body: Vec<String> = paragraphs(4)
            .split("</p>")
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}</p>"))
            .collect();
        let props = serde_json::json!({
            "project": {"title": "موسم الحصاد", "blocks": body.iter()
                .map(|h| serde_json::json!({"type": "text", "html": h}))
                .collect::<Vec<_>>()},
            "menu": ["الرئيسية", "اتصل بنا"],
        });
        let attr = props
            .to_string()
            .replace('&', "&amp;")
            .replace('"', "&quot;");
        let page = format!(
            "<html><head><title>موسم الحصاد</title></head><body><nav><a href=/>الرئيسية</a>\
             </nav><div data-props=\"{attr}\"></div></body></html>"
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert!(a.text.contains("بيانها رقم 0"), "{}", a.text);
        assert!(a.text.contains("بيانها رقم 3"), "{}", a.text);
        assert!(!a.text.contains("اتصل بنا"), "{}", a.text);
    }

    #[test]
    fn a_windows_page_with_an_escaped_json_ld_type_gives_its_metadata_and_paragraphs() {
        // CR LF line ends, and a JSON-LD `type` written with character references: the
        // tokenizer decodes attribute values before the script's body is judged.
        let page = format!(
            "<html><head><title>موسم الحصاد</title>\r\n\
             <script type=\"application&#x2F;ld&#x2B;json\">{{\"@type\":\"NewsArticle\",\
             \"datePublished\":\"2024-05-02T09:30:00+03:00\",\
             \"author\":{{\"@type\":\"Person\",\"name\":\"سلمى العلي\"}}}}</script>\r\n\
             </head><body><article>\r\n{}\r\n</article></body></html>",
            paragraphs(4).replace("</p>", "</p>\r\n")
        );
        let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
        assert_eq!(
            a.published.map(|d| d.to_contract_string()).as_deref(),
            Some("2024-05-02T09:30:00+03:00")
        );
        assert_eq!(a.authors, ["سلمى العلي"]);
        assert_eq!(a.text.split("\n\n").count(), 4, "{}", a.text);
        assert!(!a.text.contains('\r'));
    }

    #[test]
    fn rejects_non_html() {
        assert!(matches!(
            extract(b"", &ExtractOptions::default()),
            Err(ExtractError::Empty)
        ));
        assert!(matches!(
            extract(b" \n\t ", &ExtractOptions::default()),
            Err(ExtractError::Empty)
        ));
        assert!(matches!(
            extract(b"\x1f\x8b\x08\x00abc", &ExtractOptions::default()),
            Err(ExtractError::Compressed("gzip"))
        ));
        assert!(matches!(
            extract(b"\x89PNG\r\n\x1a\n", &ExtractOptions::default()),
            Err(ExtractError::Binary(_))
        ));
        assert!(matches!(
            extract(b"<p>a\x00b</p>", &ExtractOptions::default()),
            Err(ExtractError::Binary(_))
        ));
    }
}
