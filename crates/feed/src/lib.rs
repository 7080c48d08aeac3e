//! Marsad feed parsing: RSS, Atom, JSON Feed and sitemaps to items with stable ids, and OPML.
//!
//! Pure: bytes in, values out.

mod opml_io;
mod sitemap;

pub use opml_io::{OpmlEntry, export_opml, parse_opml};
pub use sitemap::{MAX_SITEMAP_ENTRIES, Sitemap, SitemapEntry, looks_like_sitemap, parse_sitemap};

use chrono::{DateTime, Utc};
use marsad_model::{FeedItem, FeedKind};
use url::Url;

/// Why a document could not be read as a feed.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The bytes are not a feed in any syntax feed-rs knows.
    #[error("not a feed: {0}")]
    Parse(String),
    /// The OPML document is malformed.
    #[error("invalid OPML: {0}")]
    Opml(String),
}

/// A parsed feed: its syntax, title and items.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    /// The syntax it was written in.
    pub kind: FeedKind,
    /// The feed's title.
    pub title: Option<String>,
    /// The items, in document order.
    pub items: Vec<FeedItem>,
}

/// feed-rs calls this for entries without an id; the prefix tells us the id is not a guid.
const GENERATED: &str = "\u{0}marsad-generated";

/// Parses RSS 0.9x/1.0/2.0, Atom 1.0 or JSON Feed. Relative item links resolve against `base`
/// (the URL the feed was fetched from).
pub fn parse_feed(bytes: &[u8], base: Option<&Url>) -> Result<ParsedFeed, FeedError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base.map(Url::as_str))
        .id_generator(|_, _, _| GENERATED.to_string())
        .timestamp_parser(feed_date)
        .build();
    let feed = parser
        .parse(bytes)
        .map_err(|e| FeedError::Parse(e.to_string()))?;
    let kind = match feed.feed_type {
        feed_rs::model::FeedType::Atom => FeedKind::Atom,
        feed_rs::model::FeedType::JSON => FeedKind::Json,
        _ => FeedKind::Rss,
    };
    let items = feed
        .entries
        .into_iter()
        .map(|e| {
            let url = item_link(&e, base);
            let guid = (!e.id.starts_with(GENERATED) && !e.id.trim().is_empty())
                .then(|| e.id.trim().to_string());
            let title = e
                .title
                .map(|t| collapse(&t.content))
                .filter(|t| !t.is_empty());
            let published = e.published.or(e.updated);
            let summary = e
                .summary
                .map(|s| s.content)
                .or_else(|| e.content.and_then(|c| c.body))
                .filter(|s| !s.trim().is_empty());
            FeedItem {
                id: item_id(url.as_deref(), guid.as_deref(), title.as_deref(), published),
                url,
                title,
                published,
                summary,
            }
        })
        .collect();
    Ok(ParsedFeed {
        kind,
        title: feed
            .title
            .map(|t| collapse(&t.content))
            .filter(|t| !t.is_empty()),
        items,
    })
}

/// A feed date: the machine forms (RFC 822/3339 and their broken variants) first, then a
/// written date expression with a year (Arabic month names in a pubDate). Expressions are
/// resolved against a reference in 1980 so that a relative or year-less one, which would need
/// the fetch time, is implausible and dropped instead of guessed.
fn feed_date(s: &str) -> Option<DateTime<Utc>> {
    if let Some(d) = marsad_dates::parse_machine(s) {
        return Some(d.value.to_utc());
    }
    let reference = DateTime::from_timestamp(315_532_800, 0)?.fixed_offset();
    let ctx = marsad_dates::Context::new(reference);
    let date = marsad_dates::parse_expression(s, &ctx)?.to_page_date(&ctx)?;
    (date.value.to_utc() > reference.to_utc() + chrono::Duration::days(366))
        .then(|| date.value.to_utc())
}

/// The item's article link: the alternate (or unlabelled) link, else a guid that is a URL.
fn item_link(e: &feed_rs::model::Entry, base: Option<&Url>) -> Option<String> {
    let href = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())
        .map(|l| l.href.trim().to_string())
        .or_else(|| {
            let id = e.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
        })?;
    let absolute = match base {
        Some(b) => b.join(&href).ok()?,
        None => Url::parse(&href).ok()?,
    };
    matches!(absolute.scheme(), "http" | "https").then(|| absolute.to_string())
}

/// A stable id for an item: its link, else its guid, else a hash of title and date. Never
/// random, so that an item without guid or link is recognised on the next fetch.
pub fn item_id(
    url: Option<&str>,
    guid: Option<&str>,
    title: Option<&str>,
    published: Option<DateTime<Utc>>,
) -> String {
    if let Some(u) = url {
        return u.to_string();
    }
    if let Some(g) = guid {
        return format!("guid:{g}");
    }
    let basis = format!(
        "{}\u{1f}{}",
        title.unwrap_or(""),
        published.map(|p| p.timestamp()).unwrap_or(0)
    );
    format!("hash:{:016x}", xxhash_rust::xxh3::xxh3_64(basis.as_bytes()))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/feeds/main.xml").unwrap()
    }

    #[test]
    fn rss_items_keep_links_titles_and_dates() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>أخبار المثال</title>
<item><title>  افتتاح   معرض الكتاب </title><link>https://news.example/a/1?utm_source=rss</link>
<guid isPermaLink="false">x-1</guid><pubDate>Tue, 03 Nov 2026 10:15:00 +0300</pubDate>
<description><![CDATA[<p>ملخص</p>]]></description></item>
<item><title>بلا رابط</title><guid>only-guid-7</guid></item>
<item><title>رابط نسبي</title><link>/a/3</link></item>
</channel></rss>"#;
        let feed = parse_feed(xml.as_bytes(), Some(&base())).unwrap();
        assert_eq!(feed.kind, FeedKind::Rss);
        assert_eq!(feed.title.as_deref(), Some("أخبار المثال"));
        assert_eq!(feed.items.len(), 3);
        let first = &feed.items[0];
        assert_eq!(first.title.as_deref(), Some("افتتاح معرض الكتاب"));
        assert_eq!(
            first.url.as_deref(),
            Some("https://news.example/a/1?utm_source=rss")
        );
        assert_eq!(first.id, "https://news.example/a/1?utm_source=rss");
        assert_eq!(
            first.published.unwrap().to_rfc3339(),
            "2026-11-03T07:15:00+00:00"
        );
        assert_eq!(feed.items[1].id, "guid:only-guid-7");
        assert_eq!(feed.items[1].url, None);
        assert_eq!(
            feed.items[2].url.as_deref(),
            Some("https://news.example/a/3")
        );
    }

    #[test]
    fn items_without_guid_or_link_get_the_same_id_every_time() {
        let xml = r#"<rss version="2.0"><channel><title>t</title>
<item><title>خبر بلا معرف</title><pubDate>Tue, 03 Nov 2026 10:15:00 GMT</pubDate></item>
</channel></rss>"#;
        let a = parse_feed(xml.as_bytes(), None).unwrap();
        let b = parse_feed(xml.as_bytes(), None).unwrap();
        assert!(a.items[0].id.starts_with("hash:"));
        assert_eq!(a.items[0].id, b.items[0].id);
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أطلس</title><id>tag:news.example,2026:feed</id>
<updated>2026-11-03T10:00:00Z</updated>
<entry><title>عنوان</title><id>tag:news.example,2026:1</id>
<link rel="alternate" href="https://news.example/a/9"/><updated>2026-11-03T10:00:00Z</updated></entry>
</feed>"#;
        let feed = parse_feed(atom.as_bytes(), None).unwrap();
        assert_eq!(feed.kind, FeedKind::Atom);
        assert_eq!(
            feed.items[0].url.as_deref(),
            Some("https://news.example/a/9")
        );

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"ج",
"items":[{"id":"7","url":"https://news.example/a/7","title":"خبر","date_published":"2026-11-03T10:00:00+02:00"}]}"#;
        let feed = parse_feed(json.as_bytes(), None).unwrap();
        assert_eq!(feed.kind, FeedKind::Json);
        assert_eq!(
            feed.items[0].url.as_deref(),
            Some("https://news.example/a/7")
        );
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for bad in [
            &b""[..],
            b"<html><body>not a feed</body></html>",
            b"\xff\xfe\x00garbage",
        ] {
            assert!(matches!(parse_feed(bad, None), Err(FeedError::Parse(_))));
        }
    }

    #[test]
    fn non_http_links_are_dropped() {
        let xml = r#"<rss version="2.0"><channel><title>t</title>
<item><title>x</title><link>javascript:alert(1)</link></item></channel></rss>"#;
        let feed = parse_feed(xml.as_bytes(), None).unwrap();
        assert_eq!(feed.items[0].url, None);
    }
}
