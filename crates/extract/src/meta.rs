//! Page metadata: `<meta>` tags (OpenGraph, Twitter, Dublin Core), `<link>`s, JSON-LD and a
//! few visible microdata elements, read before the DOM is cleaned.

use dom_query::{Document, NodeData, NodeRef, local_name};
use marsad_dates::{Candidate, PageDate, Role, SourceKind};
use serde_json::Value;
use url::Url;

use crate::content::tagged_elements;
use crate::markers::fold;

/// Metadata found in a page, before choosing among candidates.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `<link rel=canonical>` or `og:url`, absolute.
    pub canonical: Option<String>,
    /// og:title, JSON-LD headline, twitter:title, `<title>` in that order of preference.
    pub titles: Vec<String>,
    /// Text of the page's `<h1>` elements, in document order.
    pub h1s: Vec<String>,
    /// On a page without `<h1>`, the text of elements whose class or id says "title" or
    /// "headline": the headline when the page title contains one of them.
    pub title_like: Vec<String>,
    /// Meta / og / twitter / JSON-LD description.
    pub description: Option<String>,
    /// Person names.
    pub authors: Vec<String>,
    /// Whether the page declares itself an article (`og:type` article, or a JSON-LD article
    /// type such as NewsArticle).
    pub declares_article: bool,
    /// Machine-readable date candidates (JSON-LD, meta, microdata, `<time>`), in that order.
    pub date_candidates: Vec<Candidate>,
    /// Keywords and article:tag values.
    pub tags: Vec<String>,
    /// og:image / twitter:image / JSON-LD image, absolute.
    pub image: Option<String>,
    /// og:site_name / JSON-LD publisher / application-name.
    pub site_name: Option<String>,
}

/// Collapses whitespace; `None` when nothing is left.
pub fn clean(s: &str) -> Option<String> {
    let s = marsad_text::collapse_whitespace(s);
    (!s.is_empty()).then_some(s)
}

/// Resolves `href` against `base` (or takes it as is when already absolute); http(s) only.
pub fn absolute(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("data:") || href.starts_with("javascript:") {
        return None;
    }
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// All `(key, content)` pairs of `<meta>` elements; the key is the lower-cased `property`,
/// `name` or `itemprop`.
fn meta_pairs(all: &[(NodeRef, &'static str)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in named(all, "meta") {
        let Some(content) = m.attr("content") else {
            continue;
        };
        for k in ["property", "name", "itemprop"] {
            if let Some(key) = m.attr(k) {
                out.push((key.trim().to_ascii_lowercase(), content.to_string()));
            }
        }
    }
    out
}

fn first<'a>(pairs: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        pairs
            .iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    })
}

fn all<'a>(pairs: &'a [(String, String)], key: &str) -> impl Iterator<Item = &'a str> {
    pairs
        .iter()
        .filter(move |(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// JSON-LD objects of the page, flattened (`@graph`, arrays, nested `mainEntity`).
fn json_ld_objects(all: &[(NodeRef, &'static str)]) -> Vec<serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    for s in named(all, "script") {
        let is_ld = s
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw = s.text();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>");
        let value = serde_json::from_str::<Value>(raw).or_else(|_| {
            let fixed: String = raw
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            serde_json::from_str::<Value>(&fixed)
        });
        let Ok(value) = value else { continue };
        let mut stack = vec![(value, 0usize)];
        while let Some((v, depth)) = stack.pop() {
            if depth > 8 || out.len() > 200 {
                continue;
            }
            match v {
                Value::Array(items) => {
                    stack.extend(items.into_iter().rev().map(|i| (i, depth + 1)));
                }
                Value::Object(map) => {
                    for key in ["@graph", "mainEntity"] {
                        if let Some(inner) = map.get(key)
                            && (inner.is_array() || inner.is_object())
                        {
                            stack.push((inner.clone(), depth + 1));
                        }
                    }
                    out.push(map);
                }
                _ => {}
            }
        }
    }
    out
}

fn types(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article")
        || matches!(
            t,
            "BlogPosting" | "ReportageNews" | "LiveBlogPosting" | "Report" | "NewsArticle"
        )
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Object(o) => str_of(o.get("name")).or_else(|| str_of(o.get("@value"))),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn url_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| url_of(Some(x))),
        Value::Object(o) => url_of(o.get("url")).or_else(|| url_of(o.get("contentUrl"))),
        _ => None,
    }
}

fn persons(v: Option<&Value>, out: &mut Vec<String>) {
    let Some(v) = v else { return };
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => {
            for x in a.iter().take(20) {
                if !x.is_array() {
                    persons(Some(x), out);
                }
            }
        }
        Value::Object(o) => {
            let t = types(o);
            if t.iter()
                .any(|t| t == "Organization" || t == "NewsMediaOrganization")
            {
                return;
            }
            if let Some(n) = str_of(o.get("name")) {
                out.push(n);
            }
        }
        _ => {}
    }
}

/// Splits a keywords string on commas (Latin and Arabic), semicolons and pipes.
pub fn split_keywords(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split([',', '،', ';', '؛', '|'])
        .filter_map(clean)
        .filter(|k| k.chars().count() <= 80)
}

/// A date from a meta tag or JSON-LD: the machine forms, else a written expression with a
/// year (some CMSs put the visible Arabic date in `article:published_time`).
fn date(s: Option<&str>) -> Option<PageDate> {
    let s = s?;
    marsad_dates::parse_machine(s).or_else(|| crate::page_dates::absolute_expression(s))
}

/// The elements of `all` named `tag`, in document order.
fn named<'a, 'b>(
    all: &'b [(NodeRef<'a>, &'static str)],
    tag: &'static str,
) -> impl Iterator<Item = &'b NodeRef<'a>> {
    all.iter().filter(move |(_, t)| *t == tag).map(|(n, _)| n)
}

/// Reads every metadata source of the page.
pub fn collect(doc: &Document, base: Option<&Url>) -> PageMeta {
    collect_from(&tagged_elements(doc.root()), base)
}

/// [`collect`] from the page's elements as [`tagged_elements`] lists them.
pub(crate) fn collect_from(
    elements: &[(NodeRef<'_>, &'static str)],
    base: Option<&Url>,
) -> PageMeta {
    let pairs = meta_pairs(elements);
    let ld = json_ld_objects(elements);
    let article = ld
        .iter()
        .find(|o| types(o).iter().any(|t| is_article_type(t)))
        .or_else(|| {
            ld.iter()
                .find(|o| o.contains_key("headline") || o.contains_key("datePublished"))
        });
    let declares_article = ld
        .iter()
        .any(|o| types(o).iter().any(|t| is_article_type(t)))
        || first(&pairs, &["og:type"]).is_some_and(|t| t.to_ascii_lowercase().contains("article"));
    // URL
    let canonical = named(elements, "link")
        .filter(|l| {
            l.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|l| absolute(&l.attr("href")?, base))
        .or_else(|| first(&pairs, &["og:url"]).and_then(|u| absolute(u, base)));
    let mut m = PageMeta {
        canonical,
        declares_article,
        ..PageMeta::default()
    };

    // Titles
    if let Some(t) = first(&pairs, &["og:title"]).and_then(clean) {
        m.titles.push(t);
    }
    if let Some(a) = article
        && let Some(t) = str_of(a.get("headline")).or_else(|| str_of(a.get("name")))
    {
        m.titles.push(t);
    }
    if let Some(t) = first(&pairs, &["twitter:title"]).and_then(clean) {
        m.titles.push(t);
    }
    if let Some(t) = named(elements, "title")
        .next()
        .and_then(|t| clean(&t.text()))
    {
        m.titles.push(t);
    }
    m.h1s = named(elements, "h1")
        .filter_map(|h| clean(&h.text()))
        .collect();
    if m.h1s.is_empty() {
        // Pages without an <h1> (older table layouts) mark the headline with a class:
        // `<font class="title">`, `<div class="news-headline">`.
        m.title_like = elements
            .iter()
            .map(|(n, _)| n)
            .filter(|n| n.has_attr("class") || n.has_attr("id"))
            .filter(|n| {
                ["class", "id"].iter().any(|a| {
                    n.attr(a).is_some_and(|v| {
                        v.to_ascii_lowercase()
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .any(|w| matches!(w, "title" | "headline"))
                    })
                })
            })
            .take(10)
            .filter_map(|n| clean(&n.text()))
            .filter(|t| t.chars().count() <= 300)
            .collect();
    }

    // Description
    m.description = first(
        &pairs,
        &["description", "og:description", "twitter:description"],
    )
    .and_then(clean)
    .or_else(|| article.and_then(|a| str_of(a.get("description"))));

    // Site name
    m.site_name = first(&pairs, &["og:site_name"])
        .and_then(clean)
        .or_else(|| article.and_then(|a| str_of(a.get("publisher"))))
        .or_else(|| {
            ld.iter()
                .find(|o| types(o).iter().any(|t| t.ends_with("Organization")))
                .and_then(|o| str_of(o.get("name")))
        })
        .or_else(|| first(&pairs, &["application-name"]).and_then(clean));

    // Authors: the first source that names people wins.
    let mut raw_authors = Vec::new();
    if let Some(a) = article {
        persons(a.get("author"), &mut raw_authors);
    }
    let mut publishers = Vec::new();
    if let Some(a) = article {
        persons(a.get("publisher"), &mut publishers);
        if let Some(p) = str_of(a.get("publisher")) {
            publishers.push(p);
        }
    }
    if let Some(s) = &m.site_name {
        publishers.push(s.clone());
    }
    for u in [m.canonical.as_deref(), base.map(Url::as_str)]
        .into_iter()
        .flatten()
    {
        if let Some(host) = Url::parse(u)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
        {
            let labels: Vec<&str> = host.split('.').collect();
            let skip = labels.len().saturating_sub(1);
            publishers.extend(
                labels
                    .iter()
                    .take(skip)
                    .filter(|l| {
                        !matches!(
                            **l,
                            "www" | "m" | "arabic" | "ar" | "en" | "news" | "com" | "co"
                        )
                    })
                    .map(|l| l.to_string()),
            );
        }
    }
    let mut authors = clean_authors(&raw_authors, &publishers);
    if authors.is_empty() {
        let raw: Vec<String> = all(&pairs, "author")
            .chain(all(&pairs, "article:author"))
            .chain(all(&pairs, "dc.creator"))
            .map(str::to_string)
            .collect();
        authors = clean_authors(&raw, &publishers);
    }
    if authors.is_empty() {
        let raw: Vec<String> = elements
            .iter()
            .map(|(n, _)| n)
            .filter(|n| is_author_link(n))
            .filter_map(|n| {
                if n.has_name("meta") || n.has_name("link") {
                    return None;
                }
                let named = n
                    .descendants_it()
                    .find(|d| d.attr("itemprop").is_some_and(|p| p.trim() == "name"));
                Some(match named {
                    Some(d) => d
                        .attr("content")
                        .map_or_else(|| d.text().to_string(), |c| c.to_string()),
                    None => n.text().to_string(),
                })
            })
            .collect();
        authors = clean_authors(&raw, &publishers);
    }
    if authors.is_empty() {
        authors = clean_authors(&visible_bylines(elements), &publishers);
    }
    m.authors = authors;

    // Dates: every machine-readable candidate; `page_dates` chooses among them.
    let ld_pub = article.and_then(|a| str_of(a.get("datePublished")));
    let ld_mod = article.and_then(|a| str_of(a.get("dateModified")));
    let mut push = |value: Option<&str>, source: SourceKind, role: Role| {
        if let Some(date) = date(value) {
            m.date_candidates.push(Candidate { date, source, role });
        }
    };
    push(ld_pub.as_deref(), SourceKind::JsonLd, Role::Published);
    push(ld_mod.as_deref(), SourceKind::JsonLd, Role::Updated);
    push(
        first(&pairs, PUBLISHED_META),
        SourceKind::Meta,
        Role::Published,
    );
    push(
        first(&pairs, MODIFIED_META),
        SourceKind::Meta,
        Role::Updated,
    );
    for (prop, role) in [
        ("datePublished", Role::Published),
        ("dateModified", Role::Updated),
    ] {
        if let Some(date) = itemprop_date(elements, prop) {
            m.date_candidates.push(Candidate {
                date,
                source: SourceKind::Microdata,
                role,
            });
        }
    }
    m.date_candidates.extend(time_elements(elements));

    // Tags
    let mut tags: Vec<String> = Vec::new();
    if let Some(k) = first(&pairs, &["keywords", "news_keywords"]) {
        tags.extend(split_keywords(k));
    }
    for t in all(&pairs, "article:tag") {
        tags.extend(split_keywords(t));
    }
    if let Some(a) = article {
        match a.get("keywords") {
            Some(Value::String(s)) => tags.extend(split_keywords(s)),
            Some(Value::Array(items)) => {
                tags.extend(items.iter().filter_map(|v| v.as_str()).filter_map(clean));
            }
            _ => {}
        }
    }
    m.tags = tags;

    // Image
    m.image = first(
        &pairs,
        &[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
            "twitter:image:src",
        ],
    )
    .and_then(|u| absolute(u, base))
    .or_else(|| {
        article
            .and_then(|a| url_of(a.get("image")))
            .and_then(|u| absolute(&u, base))
    });
    m
}

/// Whether the element matches the selector `[rel=author], [itemprop=author]`: `rel` is
/// compared in any ASCII case on HTML elements, as selectors do for that attribute.
fn is_author_link(n: &NodeRef) -> bool {
    n.query(|t| {
        let e = t.as_element()?;
        let html = &*e.name.ns == "http://www.w3.org/1999/xhtml";
        let rel = e.attr_ref(local_name!("rel")).is_some_and(|r| {
            if html {
                r.eq_ignore_ascii_case("author")
            } else {
                r == "author"
            }
        });
        Some(rel || e.attr_ref(local_name!("itemprop")) == Some("author"))
    })
    .flatten()
    .unwrap_or(false)
}

/// Short visible bylines: elements with a byline/author class, else those starting with
/// "كتب:" / "بقلم:" / "By ", else the first "source" box that joins a dateline to a name.
fn visible_bylines(all: &[(NodeRef, &'static str)]) -> Vec<String> {
    let mut by_class_found = Vec::new();
    let mut by_prefix_found: Vec<String> = Vec::new();
    let mut by_source_found: Option<String> = None;
    let candidates = all.iter().filter(|(_, t)| {
        matches!(
            *t,
            "span" | "div" | "p" | "a" | "strong" | "b" | "address" | "font" | "small" | "em"
        )
    });
    for (n, _) in candidates {
        let classes = n
            .attr("class")
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default();
        let photo = crate::credit::PHOTO_CLASSES
            .iter()
            .any(|k| classes.contains(k));
        // A picture's "author" box credits its photographer. A comment's author
        // ("comment-author": "Ann says") and the name field of a comment form
        // (`<p class="comment-form-author"><label>Name *</label>`) name no writer.
        let by_class = ["byline", "author", "writer", "writeby", "reporter", "kateb"]
            .iter()
            .any(|k| classes.contains(k))
            && !photo
            && !classes.contains("comment")
            && !n.ancestors_it(None).any(|a| a.has_name("form"));
        // "source" names the byline box of many Arabic layouts ("الرياض - فيصل الحربي"), and
        // elsewhere a picture's copyright or a syndicating outlet: it is read last, and only
        // as a dateline joined to a name.
        let by_source = !by_class && !photo && classes.contains("source");
        // The text first: it is bounded, and an element with more is no byline, so the
        // walks below stay short whatever the element wraps.
        let Some(text) = short_text(n, 80) else {
            continue;
        };
        let Some(text) = clean(&text) else { continue };
        // A box with a heading over more text ("كتّاب الرأي" over a list of columnists)
        // lists writers; it is not this article's byline. A name set as a heading is one.
        if by_class
            && n.descendants_it()
                .find(|d| {
                    matches!(
                        d.node_name().as_deref(),
                        Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    )
                })
                .is_some_and(|h| {
                    text.replacen(h.text().trim(), "", 1)
                        .chars()
                        .any(char::is_alphanumeric)
                })
        {
            continue;
        }
        let by_prefix = ["كتب:", "كتب ", "كتبت:", "كتبت ", "بقلم:", "بقلم ", "By "]
            .iter()
            .any(|p| text.starts_with(p));
        if by_class && by_class_found.len() < 3 {
            by_class_found.push(text);
        } else if by_prefix && by_prefix_found.len() < 10 {
            by_prefix_found.push(text);
        } else if by_source
            && by_source_found.is_none()
            && byline_parts(&text).len() > 1
            && !text.contains('©')
        {
            by_source_found = Some(text);
        }
    }
    if !by_class_found.is_empty() {
        return by_class_found;
    }
    // Innermost only: drop a line that contains another candidate line.
    let all = by_prefix_found.clone();
    by_prefix_found.retain(|t| !all.iter().any(|o| o != t && t.contains(o.as_str())));
    by_prefix_found.truncate(3);
    if by_prefix_found.is_empty() {
        return by_source_found.into_iter().collect();
    }
    by_prefix_found
}

/// The text of `n`, as [`NodeRef::text`] gives it, when it has at most `max` characters,
/// with " | " where a list item, paragraph, block or line break starts inside it: a byline
/// that lists the name and the role in two items reads "name | role", not "namerole".
/// Text nodes are read in place and the walk stops at the first character past `max`: the
/// byline test runs on every `div` of the page, and copying each one's whole text would copy
/// the page's text once per level of nesting.
fn short_text(n: &NodeRef, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut count = 0;
    for d in n.descendants_it() {
        let over = d.query_or(false, |t| {
            let NodeData::Text { contents } = &t.data else {
                let block = t.as_element().is_some_and(|e| {
                    matches!(&*e.name.local, "li" | "p" | "div" | "br" | "dd" | "dt")
                });
                if block && !out.trim().is_empty() {
                    out.push_str(" | ");
                }
                return false;
            };
            count += contents.chars().count();
            if count > max {
                return true;
            }
            out.push_str(contents);
            false
        });
        if over {
            return None;
        }
    }
    Some(out)
}

fn itemprop_date(all: &[(NodeRef, &'static str)], prop: &str) -> Option<PageDate> {
    all.iter().find_map(|(n, _)| {
        if !n
            .attr("itemprop")?
            .split_ascii_whitespace()
            .any(|p| p == prop)
        {
            return None;
        }
        let v = n
            .attr("datetime")
            .or_else(|| n.attr("content"))
            .map(|s| s.to_string())
            .unwrap_or_else(|| n.text().to_string());
        marsad_dates::parse_machine(&v)
    })
}

/// Meta names of the publication date, most specific first.
const PUBLISHED_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
];

/// Meta names of the last update.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
];

/// The first `<time datetime>` elements that parse, in page order: one marked `pubdate` or
/// with a "publish" class is the publication date, one with an "update"/"modif" class the
/// update, the others are unlabelled.
fn time_elements(all: &[(NodeRef, &'static str)]) -> Vec<Candidate> {
    named(all, "time")
        .filter_map(|t| {
            let date = marsad_dates::parse_machine(&t.attr("datetime")?)?;
            let class = t
                .attr("class")
                .map(|c| c.to_ascii_lowercase())
                .unwrap_or_default();
            let role = if t.has_attr("pubdate") || class.contains("publish") {
                Role::Published
            } else if class.contains("updat") || class.contains("modif") {
                Role::Updated
            } else {
                Role::Unknown
            };
            Some(Candidate {
                date,
                source: SourceKind::Time,
                role,
            })
        })
        .take(8)
        .collect()
}

/// Prefixes of bylines that are not part of the name.
const BYLINE_PREFIXES: &[&str] = &[
    "كتب",
    "كتبت",
    "بقلم",
    "اعداد",
    "إعداد",
    "تقرير",
    "تحرير",
    "حوار",
    "written by",
    "by",
    "reporting by",
    "von",
    "vom",
    "geschrieben von",
    "verfasst von",
    "eingestellt von",
    "veröffentlicht von",
    "par",
    "por",
];

/// Names that stand for a role, a desk or the site's account rather than a person, as
/// [`fold`] writes them: WordPress's "admin", "فريق التحرير", "الوكالات".
const ROLE_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "editor",
    "editors",
    "staff",
    "webmaster",
    "newsroom",
    "news desk",
    "guest",
    "المحرر",
    "محرر",
    "التحرير",
    "فريق التحرير",
    "هيئه التحرير",
    "اسره التحرير",
    "محرر الموقع",
    "مدير الموقع",
    "اداره الموقع",
    "الوكالات",
    "وكالات",
    "مراسلون",
    "متابعات",
];

/// Labels of a source line, as [`fold`] writes them: what follows is an outlet or agency.
const SOURCE_LABELS: &[&str] = &["المصدر", "مصدر", "نقلا عن", "source", "via"];

/// Openings of a picture's credit, as [`fold`] writes them: its photographer is not the
/// article's author ("كتب: فلان - تصوير: علان" names the writer first).
const PHOTO_PREFIXES: &[&str] = &[
    "photograph",
    "photo by",
    "photos by",
    "illustration by",
    "تصوير",
    "صوره",
    "الصوره",
];

/// Words of developer and design credits, which are never authors.
const DEVELOPER_WORDS: &[&str] = &[
    "developed by",
    "designed by",
    "powered by",
    "development by",
    "تصميم",
    "برمجة",
    "تطوير",
];

/// The parts of a byline between its separators: colons, bars, dashes, brackets, a hyphen
/// with a space beside it (one inside "Jean-Pierre" is no separator) and a tatweel standing
/// alone.
fn byline_parts(byline: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = byline.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let spaced = |j: usize| chars.get(j).is_none_or(|&(_, c)| c.is_whitespace());
        let cut = match c {
            ':' | '|' | '–' | '—' | '(' | ')' => true,
            // A hyphen inside a word ("Jean-Pierre") joins; one with a space on either side
            // ("خالد خليل -سبق") separates, as does a tatweel standing alone as a dash.
            '-' => i == 0 || spaced(i - 1) || spaced(i + 1),
            'ـ' => (i == 0 || spaced(i - 1)) && spaced(i + 1),
            _ => false,
        };
        if cut {
            parts.push(&byline[start..at]);
            start = at + c.len_utf8();
        }
    }
    parts.push(&byline[start..]);
    parts
}

/// `part` trimmed, when it can be a person's name: some letters and no digit (a date line is
/// no name), not a role or the site's account ([`ROLE_NAMES`]), not a news agency, not the
/// outlet (`pubs`, folded), not over-long, and in Arabic script at least two words (a single
/// word is a place, a desk or an outlet: "جدة", "الرياض", "المحرر").
fn person_name<'a>(part: &'a str, pubs: &[String]) -> Option<&'a str> {
    let name =
        part.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '|' | '،' | ','));
    if name.is_empty()
        || (name.starts_with('(') && name.ends_with(')'))
        || name.chars().count() > 60
        || !name.chars().any(char::is_alphabetic)
        || name.chars().any(char::is_numeric)
    {
        return None;
    }
    let key = fold(name, 200);
    if ROLE_NAMES.contains(&key.as_str())
        || PHOTO_PREFIXES.iter().any(|p| key.starts_with(p))
        || crate::credit::agency_in(name).is_some()
    {
        return None;
    }
    let arabic = name
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if arabic && name.split_whitespace().count() < 2 {
        return None;
    }
    let compact: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
    let is_outlet = pubs.iter().any(|p| {
        let pc: String = p.chars().filter(|c| c.is_alphanumeric()).collect();
        !pc.is_empty()
            && (pc == compact
                || (compact.chars().count() > 3 && pc.contains(compact.as_str()))
                || (pc.chars().count() > 3 && compact.contains(pc.as_str())))
    });
    (!is_outlet).then_some(name)
}

/// Cleans author names: strips byline prefixes ("كتب:", "By"), drops URLs, e-mail
/// addresses and copyright lines, reads a byline's parts apart and keeps the people it
/// names ([`person_name`]; none for an agency dateline or a source line); de-duplicates.
pub fn clean_authors(raw: &[String], publishers: &[String]) -> Vec<String> {
    let pubs: Vec<String> = publishers.iter().map(|p| fold(p, 200)).collect();
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let Some(mut name) = clean(r) else { continue };
        loop {
            let lower = name.to_lowercase();
            let mut changed = false;
            for p in BYLINE_PREFIXES {
                if let Some(rest) = lower.strip_prefix(p)
                    && (rest.starts_with([':', ' ', '-', '|']) || rest.is_empty())
                {
                    // Prefixes are matched on the lower-cased copy; cut the same byte count
                    // (lower-casing keeps the length of ASCII and Arabic text).
                    if lower.len() == name.len() {
                        let cut = name.get(p.len()..).unwrap_or("");
                        let cut = cut.trim_start_matches([':', ' ', '-', '|', '،']);
                        name = cut.to_string();
                        changed = true;
                        break;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let lower = name.to_lowercase();
        if DEVELOPER_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        if name.starts_with('(')
            || name.contains('©')
            || name.contains("://")
            || name.starts_with("www.")
            || name.contains('@')
        {
            continue;
        }
        let parts = byline_parts(&name);
        // A byline that credits an agency is a dateline: "إسلام آباد - واس" names a place.
        // One that opens with a source label ("المصدر: عكاظ") names the outlet copied from.
        if parts.iter().any(|p| crate::credit::agency_in(p).is_some())
            || parts
                .first()
                .is_some_and(|p| SOURCE_LABELS.contains(&fold(p.trim(), 40).as_str()))
        {
            continue;
        }
        // A byline joins a person with a place, a desk or the outlet, either way round
        // ("حسام أبو العلا - القاهرة", "الرياض - فيصل الحربي", "جازان: حسين معشي"): the first
        // part that can be a person's name is the name, and a byline with none names nobody.
        // A part may list several people, "،" between them.
        let first = parts
            .into_iter()
            .map(|part| {
                part.split('،')
                    .filter_map(|n| person_name(n, &pubs))
                    .collect::<Vec<&str>>()
            })
            .find(|names| !names.is_empty())
            .unwrap_or_default();
        for name in first {
            let key = fold(name, 200);
            if !out.iter().any(|o| fold(o, 200) == key) {
                out.push(name.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_the_text_up_to_its_limit() {
        let doc = Document::from("<div id=a>كتب: <b>علي</b> <i>حسن</i></div><div id=b>x</div>");
        let a = doc.select("#a").nodes().first().copied().unwrap();
        let full = a.text().to_string();
        assert_eq!(short_text(&a, 80).as_deref(), Some(full.as_str()));
        assert_eq!(
            short_text(&a, full.chars().count()).as_deref(),
            Some(full.as_str())
        );
        assert_eq!(short_text(&a, full.chars().count() - 1), None);
    }

    #[test]
    fn authors_are_cleaned() {
        let raw = vec![
            "كتب: محمد علي".to_string(),
            "By Jane Doe".to_string(),
            "https://facebook.com/x".to_string(),
            "جريدة المرصد".to_string(),
            "محمد علي".to_string(),
        ];
        let a = clean_authors(&raw, &["جريدة المرصد".to_string()]);
        assert_eq!(a, vec!["محمد علي".to_string(), "Jane Doe".to_string()]);
    }

    #[test]
    fn a_byline_names_the_person_beside_a_place_an_agency_or_a_role() {
        let names = |raw: &[&str]| {
            let raw: Vec<String> = raw.iter().map(|r| r.to_string()).collect();
            clean_authors(&raw, &["الوئام".to_string()])
        };
        // The place may come first or last, after a dash or a colon.
        assert_eq!(names(&["الرياض - فيصل الحربي"]), ["فيصل الحربي"]);
        assert_eq!(names(&["خالد علي - مكة المكرمة"]), ["خالد علي"]);
        assert_eq!(names(&["نيويورك: سارة حداد"]), ["سارة حداد"]);
        assert_eq!(names(&["موسكو ـ مازن حداد"]), ["مازن حداد"]);
        assert_eq!(names(&["سلمى خليل- الوئام- جدة"]), ["سلمى خليل"]);
        assert_eq!(names(&["أحمد الصالح (الرياض)"]), ["أحمد الصالح"]);
        // A place with an agency or the outlet names nobody; so does a bare place or a date.
        for nobody in [
            "جدة - واس",
            "جدة: واس",
            "إسلام آباد - واس",
            "المصدر: صحيفة الواحة",
            "الرياض - الوئام",
            "باريس",
            "دمشق، واشنطن - الوكالات",
            "الخميس، 23 يوليو 2015 07:25 م",
        ] {
            assert_eq!(names(&[nobody]), Vec::<String>::new(), "{nobody}");
        }
        // The site's account and its desks are not people.
        for role in ["admin", "Editor", "فريق التحرير", "هيئة التحرير"] {
            assert_eq!(names(&[role]), Vec::<String>::new(), "{role}");
        }
        // Several people in one byline; a hyphenated Latin name is one name.
        assert_eq!(names(&["كتب: أحمد علي، منى حسن"]), ["أحمد علي", "منى حسن"]);
        assert_eq!(names(&["By Jean-Pierre Martin"]), ["Jean-Pierre Martin"]);
        assert_eq!(
            names(&["Photograph by Ed Stone, Island Trust"]),
            Vec::<String>::new()
        );
        assert_eq!(names(&["كتب: هدى سالم - تصوير: علي حسن"]), ["هدى سالم"]);
        // European byline words before the name.
        assert_eq!(names(&["von Heike Roth"]), ["Heike Roth"]);
        assert_eq!(names(&["Geschrieben von Jonas Berg"]), ["Jonas Berg"]);
        assert_eq!(names(&["Por Lucía Gómez"]), ["Lucía Gómez"]);
        assert_eq!(names(&["par Claire Petit"]), ["Claire Petit"]);
    }

    #[test]
    fn comment_authors_and_comment_form_fields_are_no_byline() {
        let doc = Document::from(
            r#"<html><body><h1>Title</h1><p>Text</p><ol class="comments">
            <li><div class="comment-author vcard"><b>Ann Lee</b> says</div><p>Nice.</p></li></ol>
            <form id="commentform"><p class="form-author"><label for="author">Name *</label>
            <input id="author" name="author"></p></form></body></html>"#,
        );
        let elements = crate::content::tagged_elements(doc.root());
        assert_eq!(visible_bylines(&elements), Vec::<String>::new());
    }

    #[test]
    fn a_box_listing_columnists_is_no_byline_and_a_role_item_is_apart() {
        let doc = Document::from(
            r#"<html><body><div class="opinion-writers"><h3>كتّاب الرأي</h3><ul>
            <li><a href="/w/1">سمير حداد</a></li><li><a href="/w/2">ليلى منصور</a></li></ul></div>
            <h1>عنوان</h1><div class="byline"><ul><li><span class="name">محمد سالم العنزي</span></li>
            <li><span class="role">مراسل</span></li></ul></div><p>نص</p></body></html>"#,
        );
        let elements = crate::content::tagged_elements(doc.root());
        let raw = visible_bylines(&elements);
        assert_eq!(clean_authors(&raw, &[]), ["محمد سالم العنزي"]);
    }

    #[test]
    fn keywords_split() {
        let k: Vec<String> = split_keywords("الناتو، الاتحاد الأوروبي, أمن ,,").collect();
        assert_eq!(k, vec!["الناتو", "الاتحاد الأوروبي", "أمن"]);
    }
}
