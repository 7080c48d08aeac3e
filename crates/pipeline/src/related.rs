//! Related reading for an article: the store finds the other stories that share its main
//! tags, and `marsad_analyze::related` ranks them.

use crate::PipelineError;
use marsad_analyze::related::{Candidate, RelatedConfig, SharedTag, rank};
use marsad_model::{ArticleId, StoryId};
use marsad_store::Store;

/// The article's tags that look for related stories: its most important ones.
const MAIN_TAGS: i64 = 5;

/// Recent articles read per tag: bounds the work for a tag on thousands of articles.
const PER_TAG: i64 = 400;

/// A story suggested as related reading.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RelatedStory {
    /// The story.
    pub story: StoryId,
    /// Its headline.
    pub title: Option<String>,
    /// Articles in it.
    pub articles: i64,
    /// The folded keys of the tags it shares with the article.
    pub shared_tags: Vec<String>,
    /// The ranking score, for display order and debugging.
    pub score: f64,
}

/// At most `limit` stories related to an article, best first, never its own story. An
/// article without tags, or unknown, has none.
pub async fn related_stories(
    store: &dyn Store,
    article: ArticleId,
    limit: usize,
) -> Result<Vec<RelatedStory>, PipelineError> {
    // The store leaves the article's own story out of the candidates, and an unknown
    // article has no tags, hence no candidates.
    let found = store
        .related_candidates(article, MAIN_TAGS, PER_TAG)
        .await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let archive = u32::try_from(store.count_articles().await?).unwrap_or(u32::MAX);
    let candidates: Vec<Candidate> = found
        .iter()
        .map(|c| Candidate {
            story: c.story.0 as u64,
            last_ms: c.last_published_ms,
            shared: c
                .shared
                .iter()
                .map(|t| SharedTag {
                    weight: t.score,
                    story_articles: u32::try_from(t.story_articles).unwrap_or(u32::MAX),
                    tag_articles: u32::try_from(t.tag_articles).unwrap_or(u32::MAX),
                })
                .collect(),
        })
        .collect();
    let now = chrono::Utc::now().timestamp_millis();
    let ranked = rank(
        &candidates,
        None,
        archive,
        now,
        limit,
        &RelatedConfig::default(),
    );
    Ok(ranked
        .into_iter()
        .filter_map(|(story, score)| {
            let c = found.iter().find(|c| c.story.0 as u64 == story)?;
            Some(RelatedStory {
                story: c.story,
                title: c.title.clone(),
                articles: c.article_count,
                shared_tags: c.shared.iter().map(|t| t.key.clone()).collect(),
                score,
            })
        })
        .collect())
}
