//! Marsad domain types and ids: sources, feeds, feed items, documents, articles, stories, jobs.
//!
//! This crate depends on no other crate of the workspace and does no I/O (DESIGN.md invariant 1).

mod ids;
mod url_key;

pub use ids::{ArticleId, DocumentId, FeedId, JobId, SourceId, StoryId};
pub use url_key::{UrlKeyError, url_key};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A news outlet. Feeds belong to a source; articles are credited to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Store id.
    pub id: SourceId,
    /// Display name, as the outlet writes it (usually Arabic).
    pub name: String,
    /// The outlet's home page, when known.
    pub homepage: Option<String>,
}

/// The syntax a feed was last seen in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    /// RSS 0.9x, 1.0 or 2.0.
    Rss,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.x.
    Json,
    /// A sitemap (urlset or sitemap index, Google News sitemaps included).
    Sitemap,
}

impl FeedKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Rss => "rss",
            FeedKind::Atom => "atom",
            FeedKind::Json => "json",
            FeedKind::Sitemap => "sitemap",
        }
    }

    /// Parses a stored name; unknown names give `None`.
    pub fn parse(s: &str) -> Option<FeedKind> {
        match s {
            "rss" => Some(FeedKind::Rss),
            "atom" => Some(FeedKind::Atom),
            "json" => Some(FeedKind::Json),
            "sitemap" => Some(FeedKind::Sitemap),
            _ => None,
        }
    }
}

/// A feed Marsad polls, with its health as the operator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    /// Store id.
    pub id: FeedId,
    /// The source the feed's articles are credited to.
    pub source_id: SourceId,
    /// The source's display name.
    pub source_name: String,
    /// The feed URL as added.
    pub url: String,
    /// The feed's own title, once fetched.
    pub title: Option<String>,
    /// The syntax seen at the last successful fetch.
    pub kind: Option<FeedKind>,
    /// `ETag` of the last 200 answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified` of the last 200 answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// Seconds between polls while healthy.
    pub interval_secs: i64,
    /// When the scheduler will next fetch the feed.
    pub next_fetch_at: DateTime<Utc>,
    /// Consecutive failed fetches; drives the backoff.
    pub error_count: i64,
    /// HTTP status of the last fetch, if an answer came.
    pub last_status: Option<i64>,
    /// Why the last fetch failed, if it did.
    pub last_error: Option<String>,
    /// When the feed was last fetched, successfully or not.
    pub last_fetch_at: Option<DateTime<Utc>>,
    /// When the feed was last fetched and parsed successfully.
    pub last_ok_at: Option<DateTime<Utc>>,
    /// Items seen in the feed over its lifetime.
    pub items_seen: i64,
    /// Articles stored from this feed.
    pub article_count: i64,
    /// Items of this feed whose article failed for good (see the job errors).
    pub failed_items: i64,
    /// Paused feeds are never scheduled.
    pub paused: bool,
}

/// One entry of a feed, with the id Marsad derives for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedItem {
    /// Stable id: from the link, else the guid, else title and date (never random).
    pub id: String,
    /// Absolute article URL, if the item has a usable link.
    pub url: Option<String>,
    /// Item title, whitespace collapsed.
    pub title: Option<String>,
    /// Publication time the feed gives, if it parses.
    pub published: Option<DateTime<Utc>>,
    /// Summary or description text as given (may contain HTML).
    pub summary: Option<String>,
}

/// How precisely a publication time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the calendar day is known.
    Day,
    /// The time is known to the minute.
    Minute,
    /// The time is known to the second.
    Second,
}

impl Precision {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }

    /// Parses a stored name; unknown names give `None`.
    pub fn parse(s: &str) -> Option<Precision> {
        match s {
            "day" => Some(Precision::Day),
            "minute" => Some(Precision::Minute),
            "second" => Some(Precision::Second),
            _ => None,
        }
    }
}

/// A related ("read also") link found on an article page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelatedLink {
    /// The link text.
    pub title: String,
    /// The absolute URL.
    pub url: String,
}

/// An article ready to be stored: what extraction and analysis produced for one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewArticle {
    /// The source it is credited to.
    pub source_id: SourceId,
    /// The feed it was found in, if any.
    pub feed_id: Option<FeedId>,
    /// The URL it was fetched from (after redirects).
    pub url: String,
    /// The canonical URL the page names, else `url`.
    pub canonical_url: String,
    /// Unique key of `canonical_url` (see [`url_key`]).
    pub url_key: String,
    /// Keys of every other URL known to lead to this article (feed link, redirect target).
    pub alias_keys: Vec<String>,
    /// Headline.
    pub title: Option<String>,
    /// Lead or meta description.
    pub description: Option<String>,
    /// Author names (people only).
    pub authors: Vec<String>,
    /// Publication time in UTC.
    pub published_at: Option<DateTime<Utc>>,
    /// The page's own UTC offset of the publication time, in seconds east.
    pub published_offset: Option<i32>,
    /// How precisely the publication time is known.
    pub published_precision: Option<Precision>,
    /// Last update time in UTC.
    pub updated_at: Option<DateTime<Utc>>,
    /// ISO 639-1 language of the text.
    pub lang: Option<String>,
    /// `rtl` or `ltr`, from the text.
    pub dir: String,
    /// Clean article text: paragraphs separated by one blank line.
    pub text: String,
    /// Sanitized article HTML for display.
    pub html_sanitized: String,
    /// Lead image URL.
    pub image: Option<String>,
    /// Source credit line as written.
    pub credit: Option<String>,
    /// Tags the page itself lists.
    pub page_tags: Vec<String>,
    /// Related links of the page.
    pub related_links: Vec<RelatedLink>,
    /// Site name the page gives.
    pub site_name: Option<String>,
    /// Version of the extractor that produced this record.
    pub extractor_version: i64,
    /// Exact content key of the text (see `marsad-analyze`).
    pub content_key: String,
}

/// A stored article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Store id.
    pub id: ArticleId,
    /// Display name of its source.
    pub source_name: String,
    /// The stored fields.
    #[serde(flatten)]
    pub fields: NewArticle,
    /// The earliest article with the same content, if this one is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// The story it belongs to.
    pub story_id: Option<StoryId>,
    /// When Marsad stored it.
    pub ingested_at: DateTime<Utc>,
}

/// The short form of an article used in lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// Store id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Lead or meta description.
    pub description: Option<String>,
    /// Display name of its source.
    pub source_name: String,
    /// Publication time in UTC.
    pub published_at: Option<DateTime<Utc>>,
    /// The page's UTC offset in seconds east.
    pub published_offset: Option<i32>,
    /// `rtl` or `ltr`.
    pub dir: String,
    /// ISO 639-1 language.
    pub lang: Option<String>,
    /// The earliest copy, if this is a copy.
    pub duplicate_of: Option<ArticleId>,
}

/// What a queued job does. Payloads are JSON owned by the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Fetch one feed and queue its new items.
    FetchFeed,
    /// Fetch one article page, extract it and store it.
    FetchArticle,
}

impl JobKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::FetchFeed => "fetch_feed",
            JobKind::FetchArticle => "fetch_article",
        }
    }

    /// Parses a stored name; unknown names give `None`.
    pub fn parse(s: &str) -> Option<JobKind> {
        match s {
            "fetch_feed" => Some(JobKind::FetchFeed),
            "fetch_article" => Some(JobKind::FetchArticle),
            _ => None,
        }
    }
}
