//! The reading site's queries: top stories, a story's coverage, latest articles, trending
//! tags, and the data of tag and source pages, as the `SiteStore` trait and its types.
//!
//! Every type here is plain data (serde-serializable), so the HTML pages, the JSON API and the
//! feeds out render the same answers.

use crate::{Originality, Result};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use marsad_model::{ArticleId, Feed, Source, SourceId, StoryId};
use serde::{Deserialize, Serialize};

/// The largest page of any list query: a caller's `limit` is clamped to it.
pub const MAX_PAGE: i64 = 200;

/// The deepest `offset` of any list query: paging further is refused by clamping, so that no
/// request makes the database skip an unbounded number of rows.
pub const MAX_OFFSET: i64 = 10_000;

/// Articles of one story read at most, for its coverage page.
pub const MAX_STORY_ARTICLES: i64 = 500;

/// How top stories are ranked.
///
/// A story scores `sources / (age_hours + offset_hours) ^ gravity`, where `sources` is the
/// number of distinct outlets covering it and `age_hours` the hours between its latest article
/// and the ranking's reference time. With the defaults (offset 6 h, gravity 1.5) a story of
/// three outlets stays above a lone article for about three hours, and one of five outlets
/// twelve hours old weighs as much as a lone article of this hour. Only stories whose latest article lies within `window_hours` of
/// the reference time compete, at most `candidates` of them (the most recently active). The
/// reference time is the earlier of the wall clock and the newest story's latest article, so
/// that an archive whose news stopped (an import, a paused crawl) still ranks its last days
/// instead of showing nothing. A story whose latest article lies more than two hours after the
/// clock is left out: its date is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StoryRanking {
    /// The wall clock of the ranking, in milliseconds since the epoch.
    pub now_ms: i64,
    /// Only stories active in this many hours before the reference time compete.
    pub window_hours: i64,
    /// How fast age pulls a story down (1.5 is gentle, 2 is steep).
    pub gravity: f64,
    /// Hours added to every age, so that the first hours of a story do not decide alone.
    pub offset_hours: f64,
    /// Stories read before ranking: the most recently active in the window.
    pub candidates: i64,
}

impl StoryRanking {
    /// The site's default ranking at `now`: a 48-hour window, gravity 1.5, a 6-hour offset,
    /// 500 candidates.
    pub fn at(now: DateTime<Utc>) -> StoryRanking {
        StoryRanking {
            now_ms: now.timestamp_millis(),
            window_hours: 48,
            gravity: 1.5,
            offset_hours: 6.0,
            candidates: 500,
        }
    }

    /// The score of a story with `sources` outlets whose latest article is `age_ms` old.
    pub fn score(&self, sources: i64, age_ms: i64) -> f64 {
        let hours = age_ms.max(0) as f64 / 3_600_000.0;
        sources as f64 / (hours + self.offset_hours.max(0.1)).powf(self.gravity)
    }
}

/// A story as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    /// Store id.
    pub id: StoryId,
    /// Headline: its origin article's.
    pub title: Option<String>,
    /// The earliest article of the story.
    pub origin: Option<ArticleId>,
    /// The outlet of the origin article.
    pub origin_source: Option<SourceId>,
    /// That outlet's display name.
    pub origin_source_name: Option<String>,
    /// Language of the origin article.
    pub lang: Option<String>,
    /// Direction of the origin article (`rtl` or `ltr`).
    pub dir: Option<String>,
    /// Distinct outlets covering the story.
    pub sources: i64,
    /// Articles in the story, copies included.
    pub articles: i64,
    /// Publication time of its first article.
    pub first_published: Option<DateTime<Utc>>,
    /// Publication time of its latest article.
    pub last_published: Option<DateTime<Utc>>,
    /// The ranking score ([`StoryRanking::score`]); 0 outside a ranking.
    pub score: f64,
}

/// An article as lists show it, with what a link to its source and original needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListedArticle {
    /// Store id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Lead or meta description.
    pub description: Option<String>,
    /// Its outlet.
    pub source_id: SourceId,
    /// The outlet's display name.
    pub source_name: String,
    /// The address on the outlet's site (canonical).
    pub url: String,
    /// Publication time in UTC.
    pub published_at: Option<DateTime<Utc>>,
    /// The page's UTC offset in seconds east.
    pub published_offset: Option<i32>,
    /// When Marsad stored it.
    pub ingested_at: DateTime<Utc>,
    /// `rtl` or `ltr`.
    pub dir: String,
    /// ISO 639-1 language.
    pub lang: Option<String>,
    /// The original it copies, if it is a copy.
    pub duplicate_of: Option<ArticleId>,
    /// Its story.
    pub story_id: Option<StoryId>,
}

impl ListedArticle {
    /// The time lists sort and show it by: publication, else ingestion.
    pub fn time(&self) -> DateTime<Utc> {
        self.published_at.unwrap_or(self.ingested_at)
    }
}

/// An article of a story with the verbatim copies of it, collapsed under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoveredArticle {
    /// The article.
    pub article: ListedArticle,
    /// Articles copying it, earliest first.
    pub copies: Vec<ListedArticle>,
}

impl CoveredArticle {
    /// Distinct outlets among the copies, other than the article's own.
    pub fn copy_sources(&self) -> usize {
        let mut ids: Vec<SourceId> = self
            .copies
            .iter()
            .map(|c| c.source_id)
            .filter(|s| *s != self.article.source_id)
            .collect();
        ids.sort();
        ids.dedup();
        ids.len()
    }
}

/// A story's full coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryCoverage {
    /// The story.
    pub story: StorySummary,
    /// Its articles that copy no other article of it, earliest first (the origin first), each
    /// with its copies.
    pub coverage: Vec<CoveredArticle>,
    /// Every article, earliest first: the timeline of the coverage.
    pub timeline: Vec<ListedArticle>,
}

impl StoryCoverage {
    /// Groups a story's articles (in any order) into originals with their copies and a
    /// timeline. A copy whose original is not among `articles` stands on its own.
    pub fn group(story: StorySummary, mut articles: Vec<ListedArticle>) -> StoryCoverage {
        articles.sort_by_key(|a| (a.time(), a.id));
        let ids: std::collections::HashSet<ArticleId> = articles.iter().map(|a| a.id).collect();
        let mut coverage: Vec<CoveredArticle> = Vec::new();
        let mut at: std::collections::HashMap<ArticleId, usize> = Default::default();
        // Originals first, so that a copy dated before its original (a re-pointed group) still
        // finds it.
        for a in &articles {
            if a.duplicate_of.is_none_or(|d| !ids.contains(&d)) {
                at.insert(a.id, coverage.len());
                coverage.push(CoveredArticle {
                    article: a.clone(),
                    copies: Vec::new(),
                });
            }
        }
        for a in &articles {
            if let Some(&i) = a.duplicate_of.and_then(|d| at.get(&d)) {
                coverage[i].copies.push(a.clone());
            }
        }
        StoryCoverage {
            story,
            coverage,
            timeline: articles,
        }
    }
}

/// A tag with its size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagInfo {
    /// Store id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// Folded key: unique, and the tag's address (`/tag/{key}`).
    pub key: String,
    /// `person`, `place`, `org` or `topic`.
    pub kind: String,
    /// Articles carrying it.
    pub articles: i64,
}

/// A tag whose volume rose: articles in the last day against the daily mean of the week
/// before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendingTag {
    /// The tag.
    pub tag: TagInfo,
    /// Its articles in the 24 hours before the reference time.
    pub last_day: i64,
    /// Its articles in the 7 days before that.
    pub week_before: i64,
    /// `last_day / (1 + week_before / 7)`: how much the last day exceeds the usual.
    pub score: f64,
}

/// A tag seen together with another, and on how many of its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoTag {
    /// The other tag.
    pub tag: TagInfo,
    /// Articles (among those read) carrying both.
    pub together: i64,
}

/// Articles published on one UTC day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Articles published (else ingested) that day.
    pub articles: i64,
}

/// What a source page shows beyond its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceProfile {
    /// The outlet.
    pub source: Source,
    /// Its feeds with their health.
    pub feeds: Vec<Feed>,
    /// How many of its articles are its own.
    pub originality: OriginalityFigure,
}

/// [`Originality`] with its share, for serialization.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OriginalityFigure {
    /// Articles stored from the outlet.
    pub articles: i64,
    /// Those that copy another outlet's article.
    pub copies_of_others: i64,
    /// The share of its own articles, 0 to 1.
    pub share_original: f64,
}

impl From<Originality> for OriginalityFigure {
    fn from(o: Originality) -> OriginalityFigure {
        OriginalityFigure {
            articles: o.articles,
            copies_of_others: o.copies_of_others,
            share_original: o.share_original(),
        }
    }
}

/// Read queries of the reading site and the API. Lists take a `limit` (clamped to
/// [`MAX_PAGE`]) and an `offset` (clamped to [`MAX_OFFSET`]); times are milliseconds since the
/// epoch.
#[async_trait]
pub trait SiteStore: Send + Sync {
    /// Top stories under `ranking` (see [`StoryRanking`]), best first, at most `limit`.
    async fn top_stories(&self, ranking: &StoryRanking, limit: i64) -> Result<Vec<StorySummary>>;
    /// One story's summary (score 0).
    async fn story(&self, id: StoryId) -> Result<Option<StorySummary>>;
    /// A story's full coverage: at most [`MAX_STORY_ARTICLES`] of its articles (the earliest),
    /// grouped by [`StoryCoverage::group`].
    async fn story_coverage(&self, id: StoryId) -> Result<Option<StoryCoverage>>;
    /// Summaries of several stories (unknown ids are left out), in no particular order.
    async fn stories(&self, ids: &[StoryId]) -> Result<Vec<StorySummary>>;
    /// Newest articles first (publication time, else ingestion time; then id).
    async fn latest(&self, limit: i64, offset: i64) -> Result<Vec<ListedArticle>>;
    /// One article in list form.
    async fn listed_article(&self, id: ArticleId) -> Result<Option<ListedArticle>>;
    /// Tags whose volume in the 24 hours before `now_ms` most exceeds their daily mean of the
    /// week before, at least `min_last_day` articles in the last day.
    async fn trending_tags(
        &self,
        now_ms: i64,
        min_last_day: i64,
        limit: i64,
    ) -> Result<Vec<TrendingTag>>;
    /// A tag by its key.
    async fn tag_by_key(&self, key: &str) -> Result<Option<TagInfo>>;
    /// The analysis tags of an article, most important first.
    async fn tags_of(&self, article: ArticleId) -> Result<Vec<TagInfo>>;
    /// A tag's articles, newest first.
    async fn tag_articles(&self, tag: i64, limit: i64, offset: i64) -> Result<Vec<ListedArticle>>;
    /// A tag's articles per UTC day, for days in `from_ms .. to_ms`, in day order (days
    /// without articles are absent).
    async fn tag_volume(&self, tag: i64, from_ms: i64, to_ms: i64) -> Result<Vec<DayCount>>;
    /// The tags most often seen with `tag` on its `per_tag` most recent articles.
    async fn co_tags(&self, tag: i64, per_tag: i64, limit: i64) -> Result<Vec<CoTag>>;
    /// A source with its feeds and originality figure.
    async fn source_profile(&self, id: SourceId) -> Result<Option<SourceProfile>>;
    /// A source's articles, newest first.
    async fn source_articles(
        &self,
        id: SourceId,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ListedArticle>>;
    /// A source's articles per UTC day, for days in `from_ms .. to_ms`, in day order.
    async fn source_volume(&self, id: SourceId, from_ms: i64, to_ms: i64) -> Result<Vec<DayCount>>;
    /// The tags most often on a source's `recent` most recent articles.
    async fn source_tags(&self, id: SourceId, recent: i64, limit: i64) -> Result<Vec<CoTag>>;
    /// The highest article id: the archive's size as far as weighing tags by rarity goes (an
    /// index look-up, where counting rows reads the whole table).
    async fn article_id_bound(&self) -> Result<i64>;
    /// The time of the newest article (publication, else ingestion), if any: charts and
    /// trending tags of an archive are drawn up to it.
    async fn newest_article_ms(&self) -> Result<Option<i64>>;
}

/// Clamps a caller's page to the bounds every list query keeps.
pub(crate) fn bounded(limit: i64, offset: i64) -> (i64, i64) {
    (limit.clamp(0, MAX_PAGE), offset.clamp(0, MAX_OFFSET))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: i64, at: i64, dup: Option<i64>, source: i64) -> ListedArticle {
        ListedArticle {
            id: ArticleId(id),
            title: None,
            description: None,
            source_id: SourceId(source),
            source_name: String::new(),
            url: String::new(),
            published_at: DateTime::from_timestamp_millis(at),
            published_offset: None,
            ingested_at: DateTime::UNIX_EPOCH,
            dir: "rtl".into(),
            lang: None,
            duplicate_of: dup.map(ArticleId),
            story_id: Some(StoryId(1)),
        }
    }

    #[test]
    fn copies_collapse_under_their_original_even_when_dated_before_it() {
        let story = StorySummary {
            id: StoryId(1),
            title: None,
            origin: None,
            origin_source: None,
            origin_source_name: None,
            lang: None,
            dir: None,
            sources: 3,
            articles: 4,
            first_published: None,
            last_published: None,
            score: 0.0,
        };
        let c = StoryCoverage::group(
            story,
            vec![
                listed(3, 300, Some(1), 2),
                listed(1, 100, None, 1),
                listed(4, 50, Some(1), 3),
                listed(2, 200, None, 2),
                listed(5, 400, Some(99), 3),
            ],
        );
        let ids: Vec<i64> = c.coverage.iter().map(|a| a.article.id.0).collect();
        assert_eq!(ids, [1, 2, 5], "originals earliest first; lone copy stands");
        let copies: Vec<i64> = c.coverage[0].copies.iter().map(|a| a.id.0).collect();
        assert_eq!(copies, [4, 3]);
        assert_eq!(c.coverage[0].copy_sources(), 2);
        let timeline: Vec<i64> = c.timeline.iter().map(|a| a.id.0).collect();
        assert_eq!(timeline, [4, 1, 2, 3, 5]);
    }

    #[test]
    fn more_outlets_win_and_age_pulls_down() {
        let r = StoryRanking::at(Utc::now());
        assert!(r.score(5, 3_600_000) > r.score(2, 3_600_000));
        assert!(r.score(3, 0) > r.score(3, 10 * 3_600_000));
        // Five outlets a day ago lose to two outlets this hour.
        assert!(r.score(2, 0) > r.score(5, 24 * 3_600_000));
        // Three outlets three hours ago still beat a lone article of this hour.
        assert!(r.score(3, 3 * 3_600_000) > r.score(1, 0));
    }
}
