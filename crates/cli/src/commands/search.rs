//! `marsad search` and `marsad reindex`: the search index in the data folder, following the
//! store.

use crate::args::{SearchArgs, SearchSort};
use anyhow::{Context, Result};
use marsad_index::{SearchIndex, SearchOptions, Sort};
use marsad_pipeline::DataDir;
use std::io::Write;

/// The index folder of a data folder.
pub(crate) fn open_index(dir: &DataDir) -> Result<SearchIndex> {
    let path = dir.path().join("index");
    SearchIndex::open(&path).with_context(|| format!("cannot open the index in {}", path.display()))
}

/// `marsad reindex`: rebuilds the index from every stored article, with a progress bar.
pub async fn reindex(dir: &DataDir) -> Result<()> {
    let index = open_index(dir)?;
    let total = dir.store.count_articles().await?;
    let bar = crate::progress::bar(u64::try_from(total).unwrap_or(0), "indexing");
    let started = std::time::Instant::now();
    let n = marsad_pipeline::sync_index(dir.store.as_ref(), &index, true, &mut |n| {
        bar.set_position(n)
    })
    .await?;
    bar.finish_and_clear();
    eprintln!(
        "indexed {n} articles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `marsad search`: catches the index up with the store, then answers the query.
pub async fn search(dir: &DataDir, args: SearchArgs) -> Result<()> {
    let index = open_index(dir)?;
    // A running `marsad serve` keeps the index's writer and follows the store itself: then
    // the catch-up cannot take the writer, and the index as it stands is searched.
    if let Err(e) =
        marsad_pipeline::sync_index(dir.store.as_ref(), &index, false, &mut |_| {}).await
    {
        eprintln!(
            "warning: the index was not caught up with the store ({e}); searching it as it is"
        );
    }
    let query = marsad_index::parse(&args.query, chrono::Utc::now())
        .with_context(|| format!("cannot understand the query {:?}", args.query))?;
    let options = SearchOptions {
        limit: args.limit.clamp(1, 1_000),
        offset: args
            .page
            .max(1)
            .saturating_sub(1)
            .saturating_mul(args.limit),
        sort: match args.sort {
            SearchSort::Relevance => Sort::Relevance,
            SearchSort::Newest => Sort::Newest,
            SearchSort::Recent => Sort::Blend {
                half_life_days: 7.0,
            },
        },
        collapse_copies: !args.no_collapse,
        ..SearchOptions::default()
    };
    let results = index.search(&query, &options)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for hit in &results.hits {
        if args.json {
            let line = serde_json::json!({
                "id": hit.id.to_string(),
                "url": hit.url,
                "title": hit.title,
                "score": hit.score,
            });
            writeln!(out, "{line}")?;
        } else {
            let copies = if hit.copies > 0 {
                format!("  (+{} copies)", hit.copies)
            } else {
                String::new()
            };
            writeln!(out, "{}  {}{copies}\n    {}", hit.id, hit.title, hit.url)?;
            writeln!(
                out,
                "    {}",
                marked(&hit.snippet.text, &hit.snippet.highlights)
            )?;
        }
    }
    if !args.json {
        writeln!(out, "{} matching articles", results.total)?;
    }
    out.flush()?;
    Ok(())
}

/// The text with its highlighted ranges between [ and ].
fn marked(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 4 * highlights.len());
    let mut at = 0;
    for &(a, b) in highlights {
        if a < at || b > text.len() {
            continue;
        }
        out.push_str(&text[at..a]);
        out.push('[');
        out.push_str(&text[a..b]);
        out.push(']');
        at = b;
    }
    out.push_str(&text[at..]);
    out
}
