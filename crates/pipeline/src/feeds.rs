//! Feed list operations: add one feed, import and export OPML.

use crate::PipelineError;
use marsad_feed::OpmlEntry;
use marsad_model::FeedId;
use marsad_store::Store;
use url::Url;

/// What an OPML import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Feeds added.
    pub added: usize,
    /// Feeds that were there already.
    pub existing: usize,
    /// Entries not imported, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// Adds a feed, crediting it to `source` (default: the feed's host). Returns its id and
/// whether it is new.
pub async fn add_feed(
    store: &dyn Store,
    url: &str,
    source: Option<&str>,
    homepage: Option<&str>,
) -> Result<(FeedId, bool), PipelineError> {
    let parsed = Url::parse(url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
        .ok_or_else(|| PipelineError::InvalidUrl(url.to_string()))?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    let source = source
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(&host);
    let source_id = store.ensure_source(source, homepage).await?;
    Ok(store.add_feed(source_id, parsed.as_str(), None).await?)
}

/// Adds every feed and sitemap of an OPML document. Invalid URLs are skipped and reported;
/// the rest goes on.
pub async fn import_opml(store: &dyn Store, xml: &str) -> Result<ImportReport, PipelineError> {
    let mut report = ImportReport::default();
    for entry in marsad_feed::parse_opml(xml)? {
        match add_feed(
            store,
            &entry.url,
            Some(&entry.source),
            entry.homepage.as_deref(),
        )
        .await
        {
            Ok((_, true)) => report.added += 1,
            Ok((_, false)) => report.existing += 1,
            Err(PipelineError::InvalidUrl(u)) => report
                .skipped
                .push((u, "not an absolute http(s) URL".into())),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// Writes every feed as OPML 2.0, one folder per source.
pub async fn export_feeds(store: &dyn Store) -> Result<String, PipelineError> {
    let sources = store.list_sources().await?;
    let entries: Vec<OpmlEntry> = store
        .list_feeds()
        .await?
        .into_iter()
        .map(|f| OpmlEntry {
            homepage: sources
                .iter()
                .find(|s| s.id == f.source_id)
                .and_then(|s| s.homepage.clone()),
            url: f.url,
            title: f.title,
            source: f.source_name,
            kind: f.kind.map(|k| k.as_str().to_string()),
        })
        .collect();
    Ok(marsad_feed::export_opml("Marsad feeds", &entries)?)
}
