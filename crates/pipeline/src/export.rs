//! Export of stored articles as JSON lines in the extraction shape of CONTRACT.md.

use crate::PipelineError;
use chrono::{DateTime, FixedOffset, Utc};
use marsad_model::{Article, ArticleId, Precision, RelatedLink};
use marsad_store::Store;
use serde::Serialize;
use std::io::Write;

/// One exported article: the extraction fields plus its place in the store.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedArticle {
    /// Store id, as a string.
    pub id: String,
    /// Canonical URL.
    pub url: String,
    /// The URL it was fetched from.
    pub fetched_url: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication time in the page's own offset, or a bare date.
    pub published: Option<String>,
    /// Update time (UTC).
    pub updated: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Language.
    pub lang: Option<String>,
    /// Direction.
    pub dir: String,
    /// Description.
    pub description: Option<String>,
    /// Clean text.
    pub text: String,
    /// Tags the page lists.
    pub tags: Vec<String>,
    /// Credit line.
    pub credit: Option<String>,
    /// Related links.
    pub related: Vec<RelatedLink>,
    /// Lead image.
    pub image: Option<String>,
    /// Site name the page gives.
    pub site_name: Option<String>,
    /// The source it is credited to.
    pub source: String,
    /// Its story id.
    pub story: Option<String>,
    /// The id of the earliest copy, if it is a copy.
    pub duplicate_of: Option<String>,
}

/// Formats a stored time the way CONTRACT.md wants it: RFC 3339 in the page's own offset, or
/// only the date when only the day is known.
pub fn contract_time(
    at: DateTime<Utc>,
    offset_secs: Option<i32>,
    precision: Option<Precision>,
) -> String {
    let offset = offset_secs
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    let local = at.with_timezone(&offset);
    match precision {
        Some(Precision::Day) => local.format("%Y-%m-%d").to_string(),
        _ => local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
    }
}

impl From<Article> for ExportedArticle {
    fn from(a: Article) -> ExportedArticle {
        let f = a.fields;
        ExportedArticle {
            id: a.id.to_string(),
            url: f.canonical_url,
            fetched_url: f.url,
            title: f.title,
            published: f
                .published_at
                .map(|p| contract_time(p, f.published_offset, f.published_precision)),
            updated: f.updated_at.map(|u| contract_time(u, None, None)),
            authors: f.authors,
            lang: f.lang,
            dir: f.dir,
            description: f.description,
            text: f.text,
            tags: f.page_tags,
            credit: f.credit,
            related: f.related_links,
            image: f.image,
            site_name: f.site_name,
            source: a.source_name,
            story: a.story_id.map(|s| s.to_string()),
            duplicate_of: a.duplicate_of.map(|d| d.to_string()),
        }
    }
}

/// Writes every stored article as one JSON line, in id order. Returns how many were written.
pub async fn export_articles(store: &dyn Store, out: &mut dyn Write) -> Result<u64, PipelineError> {
    let io = |source| PipelineError::Io {
        path: "export output".into(),
        source,
    };
    let mut after = ArticleId(0);
    let mut written = 0;
    loop {
        let page = store.articles_after(after, 500).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for article in page {
            let line = serde_json::to_string(&ExportedArticle::from(article))
                .map_err(|e| io(std::io::Error::other(e)))?;
            writeln!(out, "{line}").map_err(io)?;
            written += 1;
        }
    }
    out.flush().map_err(io)?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_the_page_offset_or_only_the_day() {
        let at = DateTime::parse_from_rfc3339("2026-11-03T07:15:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            contract_time(at, Some(3 * 3600), Some(Precision::Minute)),
            "2026-11-03T10:15:00+03:00"
        );
        assert_eq!(
            contract_time(at, Some(3 * 3600), Some(Precision::Day)),
            "2026-11-03"
        );
        assert_eq!(contract_time(at, None, None), "2026-11-03T07:15:00+00:00");
    }
}
