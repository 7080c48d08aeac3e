//! Feeds out: Atom, RSS 2.0 and JSON Feed 1.1 of the top stories (`/feeds/top.atom`), of a
//! tag (`/feeds/tag/{key}.rss`), of a source (`/feeds/source/{id}.json`) and of any search
//! (`/feeds/search.atom?q=`).
//!
//! Links in a feed must be absolute. The site's address is taken from the request's `Host`
//! header, accepted only when it is a plain host name or address with an optional port, so
//! that a forged header cannot put markup or another scheme into a feed.

use crate::AppState;
use crate::ui::search::{self, SearchFailure, SearchQuery};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use marsad_model::SourceId;
use marsad_store::site::{ListedArticle, StoryRanking};

/// Entries per feed.
const ENTRIES: i64 = 30;

/// The three syntaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Atom,
    Rss,
    Json,
}

/// Splits `name.ext` into the name and a known format.
fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "atom" => Format::Atom,
        "rss" => Format::Rss,
        "json" => Format::Json,
        _ => return None,
    };
    Some((name, format))
}

/// One entry of a feed.
#[derive(Debug, Clone)]
struct Entry {
    /// Absolute address of the entry's page on this site (also its id).
    link: String,
    title: String,
    summary: Option<String>,
    author: Option<String>,
    /// The original article, when the entry is one.
    original: Option<String>,
    updated: DateTime<Utc>,
}

/// A feed to write.
#[derive(Debug, Clone)]
struct Feed {
    title: String,
    /// The page the feed follows.
    home: String,
    /// The feed's own address.
    self_url: String,
    entries: Vec<Entry>,
}

/// The site's base address from the request, or `http://localhost` when the header is
/// missing or not a plain host.
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Escapes XML text and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than written.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

impl Feed {
    fn updated(&self) -> DateTime<Utc> {
        self.entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH)
    }

    fn atom(&self) -> String {
        let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
        out.push_str(&format!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>{}</title><id>{}</id><link rel="self" href="{}"/><link rel="alternate" type="text/html" href="{}"/><updated>{}</updated><generator>Marsad</generator>"#,
            xml(&self.title),
            xml(&self.self_url),
            xml(&self.self_url),
            xml(&self.home),
            self.updated().to_rfc3339()
        ));
        for e in &self.entries {
            out.push_str(&format!(
                r#"<entry><title>{}</title><id>{}</id><link rel="alternate" type="text/html" href="{}"/><published>{}</published><updated>{}</updated>"#,
                xml(&e.title),
                xml(&e.link),
                xml(&e.link),
                e.updated.to_rfc3339(),
                e.updated.to_rfc3339()
            ));
            if let Some(o) = &e.original {
                out.push_str(&format!(r#"<link rel="via" href="{}"/>"#, xml(o)));
            }
            if let Some(a) = &e.author {
                out.push_str(&format!("<author><name>{}</name></author>", xml(a)));
            }
            if let Some(s) = &e.summary {
                out.push_str(&format!("<summary>{}</summary>", xml(s)));
            }
            out.push_str("</entry>");
        }
        out.push_str("</feed>");
        out
    }

    fn rss(&self) -> String {
        let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
        out.push_str(&format!(
            r#"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>{}</title><link>{}</link><description>{}</description><atom:link rel="self" href="{}"/><lastBuildDate>{}</lastBuildDate><generator>Marsad</generator>"#,
            xml(&self.title),
            xml(&self.home),
            xml(&self.title),
            xml(&self.self_url),
            self.updated().to_rfc2822()
        ));
        for e in &self.entries {
            out.push_str(&format!(
                r#"<item><title>{}</title><link>{}</link><guid isPermaLink="true">{}</guid><pubDate>{}</pubDate>"#,
                xml(&e.title),
                xml(&e.link),
                xml(&e.link),
                e.updated.to_rfc2822()
            ));
            if let Some(a) = &e.author {
                out.push_str(&format!("<dc:creator>{}</dc:creator>", xml(a)));
            }
            if let Some(s) = &e.summary {
                out.push_str(&format!("<description>{}</description>", xml(s)));
            }
            if let Some(o) = &e.original {
                out.push_str(&format!(
                    r#"<source url="{}">{}</source>"#,
                    xml(o),
                    xml(e.author.as_deref().unwrap_or(""))
                ));
            }
            out.push_str("</item>");
        }
        out.push_str("</channel></rss>");
        out
    }

    fn json(&self) -> String {
        let items: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut item = serde_json::json!({
                    "id": e.link,
                    "url": e.link,
                    "title": e.title,
                    "content_text": e.summary.clone().unwrap_or_else(|| e.title.clone()),
                    "date_published": e.updated.to_rfc3339(),
                });
                if let Some(a) = &e.author {
                    item["authors"] = serde_json::json!([{ "name": a }]);
                }
                if let Some(o) = &e.original {
                    item["external_url"] = serde_json::json!(o);
                }
                item
            })
            .collect();
        serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.title,
            "home_page_url": self.home,
            "feed_url": self.self_url,
            "items": items,
        })
        .to_string()
    }

    fn respond(&self, format: Format) -> Response {
        let (body, mime) = match format {
            Format::Atom => (self.atom(), "application/atom+xml; charset=utf-8"),
            Format::Rss => (self.rss(), "application/rss+xml; charset=utf-8"),
            Format::Json => (self.json(), "application/feed+json; charset=utf-8"),
        };
        (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "public, max-age=60"),
            ],
            body,
        )
            .into_response()
    }
}

fn article_entry(base: &str, a: ListedArticle) -> Entry {
    Entry {
        link: format!("{base}/article/{}", a.id.0),
        updated: a.time(),
        title: a.title.unwrap_or_default(),
        summary: a.description,
        author: Some(a.source_name),
        original: Some(a.url),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn store_failed(e: marsad_store::StoreError) -> Response {
    tracing::error!(error = %e, "store read failed");
    plain(StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n")
}

/// `/feeds/top.{atom,rss,json}` and `/feeds/search.{atom,rss,json}?q=`.
pub(crate) async fn top_or_search(
    State(s): State<AppState>,
    headers: HeaderMap,
    file: Result<Path<String>, PathRejection>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let (Ok(Path(file)), Ok(Query(q))) = (file, q) else {
        return plain(StatusCode::BAD_REQUEST, "bad feed address\n");
    };
    let base = base(&headers);
    match split(&file) {
        Some(("top", format)) => {
            let stories = match s
                .store
                .top_stories(&StoryRanking::at(Utc::now()), ENTRIES)
                .await
            {
                Ok(v) => v,
                Err(e) => return store_failed(e),
            };
            Feed {
                title: "مرصد — أهم الأخبار".into(),
                home: format!("{base}/"),
                self_url: format!("{base}/feeds/{file}"),
                entries: stories
                    .into_iter()
                    .map(|st| Entry {
                        link: format!("{base}/story/{}", st.id.0),
                        title: st.title.unwrap_or_default(),
                        summary: None,
                        author: st.origin_source_name,
                        original: st.origin.map(|o| format!("{base}/article/{}", o.0)),
                        updated: st.last_published.unwrap_or(DateTime::UNIX_EPOCH),
                    })
                    .collect(),
            }
            .respond(format)
        }
        Some(("search", format)) => {
            let results = match search::run(s.index.clone(), &q, ENTRIES as usize).await {
                Ok(r) => r,
                Err(SearchFailure::Bad(_)) => {
                    return plain(StatusCode::BAD_REQUEST, "bad search query\n");
                }
                Err(SearchFailure::Unavailable) => {
                    return plain(StatusCode::SERVICE_UNAVAILABLE, "search unavailable\n");
                }
            };
            let text = q.q.unwrap_or_default();
            let mut e = url::form_urlencoded::Serializer::new(String::new());
            e.append_pair("q", &text);
            let query = e.finish();
            Feed {
                title: format!("مرصد — {text}"),
                home: format!("{base}/search?{query}"),
                self_url: format!("{base}/feeds/{file}?{query}"),
                entries: results
                    .hits
                    .into_iter()
                    .map(|h| Entry {
                        link: format!("{base}/article/{}", h.id),
                        title: h.title,
                        summary: Some(h.snippet.text),
                        author: None,
                        original: Some(h.url),
                        updated: h
                            .published_ms
                            .and_then(DateTime::from_timestamp_millis)
                            .unwrap_or(DateTime::UNIX_EPOCH),
                    })
                    .collect(),
            }
            .respond(format)
        }
        _ => plain(StatusCode::NOT_FOUND, "no such feed\n"),
    }
}

/// `/feeds/tag/{key}.{atom,rss,json}`.
pub(crate) async fn tag(
    State(s): State<AppState>,
    headers: HeaderMap,
    file: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(file)) = file else {
        return plain(StatusCode::NOT_FOUND, "no such feed\n");
    };
    let base = base(&headers);
    let Some((key, format)) = split(&file) else {
        return plain(StatusCode::NOT_FOUND, "no such feed\n");
    };
    let t = match s.store.tag_by_key(key).await {
        Ok(Some(t)) => t,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "no such tag\n"),
        Err(e) => return store_failed(e),
    };
    let articles = match s.store.tag_articles(t.id, ENTRIES, 0).await {
        Ok(v) => v,
        Err(e) => return store_failed(e),
    };
    let slug = crate::ui::segment(&t.key);
    Feed {
        title: format!("مرصد — {}", t.name),
        home: format!("{base}/tag/{slug}"),
        self_url: format!("{base}/feeds/tag/{}", crate::ui::segment(&file)),
        entries: articles
            .into_iter()
            .map(|a| article_entry(&base, a))
            .collect(),
    }
    .respond(format)
}

/// `/feeds/source/{id}.{atom,rss,json}`.
pub(crate) async fn source(
    State(s): State<AppState>,
    headers: HeaderMap,
    file: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(file)) = file else {
        return plain(StatusCode::NOT_FOUND, "no such feed\n");
    };
    let base = base(&headers);
    let Some((id, format)) = split(&file) else {
        return plain(StatusCode::NOT_FOUND, "no such feed\n");
    };
    let Some(id) = id.parse::<i64>().ok().map(SourceId) else {
        return plain(StatusCode::NOT_FOUND, "no such source\n");
    };
    let profile = match s.store.source_profile(id).await {
        Ok(Some(p)) => p,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "no such source\n"),
        Err(e) => return store_failed(e),
    };
    let articles = match s.store.source_articles(id, ENTRIES, 0).await {
        Ok(v) => v,
        Err(e) => return store_failed(e),
    };
    Feed {
        title: format!("مرصد — {}", profile.source.name),
        home: format!("{base}/source/{}", id.0),
        self_url: format!("{base}/feeds/source/{file}"),
        entries: articles
            .into_iter()
            .map(|a| article_entry(&base, a))
            .collect(),
    }
    .respond(format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_with_markup_fall_back_to_localhost() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "news.example:8080".parse().unwrap());
        assert_eq!(base(&h), "http://news.example:8080");
        h.insert(header::HOST, "evil\"><x".parse().unwrap());
        assert_eq!(base(&h), "http://localhost");
    }

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        assert_eq!(xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
