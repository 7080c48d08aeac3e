//! The search index following the store: articles are indexed in id order from the last id
//! the index recorded, in batches of one commit each, so that a crawl's articles become
//! searchable without the crawl waiting on the index.

use crate::PipelineError;
use marsad_index::{IndexDoc, SearchIndex};
use marsad_model::{Article, ArticleId};
use marsad_store::Store;

/// Articles read from the store per query.
const PAGE: i64 = 500;

/// Articles per index commit: a commit costs a few file writes and a reader reload.
const COMMIT_EVERY: usize = 10_000;

/// The index's view of a stored article.
async fn index_doc(store: &dyn Store, a: Article) -> Result<IndexDoc, PipelineError> {
    let mut tags = a.fields.page_tags.clone();
    tags.extend(store.article_tags(a.id).await?.into_iter().map(|t| t.name));
    let f = a.fields;
    Ok(IndexDoc {
        id: a.id.0 as u64,
        url: f.url,
        title: f.title.unwrap_or_default(),
        description: f.description.unwrap_or_default(),
        text: f.text,
        tags,
        source_id: f.source_id.0 as u64,
        source: a.source_name,
        lang: f.lang,
        published_ms: f.published_at.map(|p| p.timestamp_millis()),
        story: a.story_id.map_or(0, |s| s.0 as u64),
        duplicate_of: a.duplicate_of.map(|d| d.0 as u64),
    })
}

/// Indexes the articles stored since the index's last one (every article when `rebuild`,
/// after clearing the index). `progress` is told the number indexed so far after each page.
/// Returns how many articles were indexed.
pub async fn sync_index(
    store: &dyn Store,
    index: &SearchIndex,
    rebuild: bool,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, PipelineError> {
    let mut after = ArticleId(if rebuild {
        0
    } else {
        index.last_indexed() as i64
    });
    let mut writer = index.writer()?;
    if rebuild {
        writer.clear()?;
    }
    let (mut indexed, mut since_commit) = (0u64, 0usize);
    loop {
        let page = store.articles_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for article in page {
            writer.add(&index_doc(store, article).await?)?;
            indexed += 1;
            since_commit += 1;
        }
        if since_commit >= COMMIT_EVERY {
            writer.commit(after.0 as u64)?;
            writer = index.writer()?;
            since_commit = 0;
        }
        progress(indexed);
    }
    if since_commit > 0 || rebuild {
        writer.commit(after.0 as u64)?;
    }
    Ok(indexed)
}
