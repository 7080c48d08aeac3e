//! "اقرأ أيضاً" on an article page: the store's candidate stories (the other stories that
//! share the article's main tags) ranked by `marsad_analyze::related`.

use marsad_analyze::related::{Candidate, RelatedConfig, SharedTag, rank};
use marsad_model::{ArticleId, StoryId};
use marsad_store::Store;

/// The article's tags that look for related stories: its most important ones.
const MAIN_TAGS: i64 = 5;

/// Recent articles read per tag: bounds the work for a tag on thousands of articles.
const PER_TAG: i64 = 400;

/// A related story: its id, headline and number of articles.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Related {
    /// The story.
    pub story: StoryId,
    /// Its headline.
    pub title: Option<String>,
    /// Articles in it.
    pub articles: i64,
}

/// At most `limit` stories related to `article`, best first, never its own story. Age is
/// measured from `at_ms`, the article's own time, so that an archived article suggests what
/// was news around it.
pub(crate) async fn related(
    store: &dyn Store,
    article: ArticleId,
    at_ms: i64,
    limit: usize,
) -> marsad_store::Result<Vec<Related>> {
    let found = store
        .related_candidates(article, MAIN_TAGS, PER_TAG)
        .await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let archive = u32::try_from(store.article_id_bound().await?).unwrap_or(u32::MAX);
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
    let ranked = rank(
        &candidates,
        None,
        archive,
        at_ms,
        limit,
        &RelatedConfig::default(),
    );
    Ok(ranked
        .into_iter()
        .filter_map(|(story, _)| {
            let c = found.iter().find(|c| c.story.0 as u64 == story)?;
            Some(Related {
                story: c.story,
                title: c.title.clone(),
                articles: c.article_count,
            })
        })
        .collect())
}
