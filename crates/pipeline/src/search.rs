//! The search index following the store: articles are indexed in the store's change order
//! from the position the index recorded, in batches of one commit each, so that a crawl's
//! articles (and later changes to them, such as a new original for a group of copies) become
//! searchable without the crawl waiting on the index. The change order is safe with many
//! writing processes (see the store's 0005 migrations), so a web node can follow a shared
//! store.

use crate::PipelineError;
use marsad_index::{IndexDoc, Position, SearchIndex};
use marsad_model::{Article, ArticleId};
use marsad_store::{ChangePosition, Store};
use std::collections::HashMap;

/// Articles read from the store per query.
const PAGE: i64 = 500;

/// Articles per index commit: a commit costs a few file writes and a reader reload.
const COMMIT_EVERY: usize = 50_000;

/// The index's view of a stored article, with its analysis tags.
fn index_doc(a: Article, analysis_tags: Vec<String>) -> IndexDoc {
    let f = a.fields;
    let mut tags = f.page_tags;
    tags.extend(analysis_tags);
    IndexDoc {
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
    }
}

/// Indexes the articles stored or changed since the index's last position (every article
/// when `rebuild`, after clearing the index). `progress` is told the number indexed so far
/// after each page. Returns how many articles were indexed. Reading the texts keeps every
/// core busy for a moment per page of articles: a server runs this on a task of its own.
pub async fn sync_index(
    store: &dyn Store,
    index: &SearchIndex,
    rebuild: bool,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<u64, PipelineError> {
    let mut after = if rebuild {
        ChangePosition::START
    } else {
        let last = index.last_indexed();
        ChangePosition {
            seq: last.seq,
            id: ArticleId(last.id as i64),
        }
    };
    let mut writer = index.writer()?;
    if rebuild {
        writer.clear()?;
    }
    let (mut indexed, mut since_commit) = (0u64, 0usize);
    loop {
        let page = store.changed_articles(after, PAGE).await?;
        let Some(&(last, _)) = page.last() else { break };
        let ids: Vec<ArticleId> = page.iter().map(|(_, a)| a.id).collect();
        let mut tags: HashMap<ArticleId, Vec<String>> = HashMap::new();
        for (id, name) in store.tag_names_of(&ids).await? {
            tags.entry(id).or_default().push(name);
        }
        after = last;
        let docs: Vec<IndexDoc> = page
            .into_iter()
            .map(|(_, article)| {
                let analysis_tags = tags.remove(&article.id).unwrap_or_default();
                index_doc(article, analysis_tags)
            })
            .collect();
        writer.add_all(&docs)?;
        indexed += docs.len() as u64;
        since_commit += docs.len();
        if since_commit >= COMMIT_EVERY {
            writer.commit(position(after))?;
            writer = index.writer()?;
            since_commit = 0;
        }
        progress(indexed);
    }
    if since_commit > 0 || rebuild {
        writer.commit(position(after))?;
    }
    Ok(indexed)
}

/// The index's record of a store position.
fn position(p: ChangePosition) -> Position {
    Position {
        seq: p.seq,
        id: p.id.0 as u64,
    }
}

/// Keeps `index` following the store until `stop` completes: catches up now, then every
/// `every`. A failed round is logged and retried at the next; the index is derived data and
/// a search on a slightly stale index is still right about what it finds.
pub async fn follow_index(
    store: std::sync::Arc<dyn Store>,
    index: std::sync::Arc<SearchIndex>,
    every: std::time::Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    loop {
        match sync_index(store.as_ref(), &index, false, &mut |_| {}).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(articles = n, "search index caught up"),
            Err(e) => tracing::warn!(error = %e, "search index could not catch up"),
        }
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(every) => {}
        }
    }
}
