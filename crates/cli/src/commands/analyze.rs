//! `marsad analyze` and `marsad similarity` (CONTRACT.md sections 3 and 4): the analysis
//! stages of ingestion run over files, without a store.

use crate::args::{AnalyzeArgs, SimilarityArgs};
use anyhow::{Context as _, Result, bail};
use marsad_analyze::{AnalyzeConfig, ArticleInput};
use serde_json::{Value, json};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// The JSON lines of a file, each with its line number; blank lines are skipped.
fn json_lines(path: &Path) -> Result<Vec<(usize, Value)>> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not a JSON object", path.display(), n + 1))?;
        out.push((n + 1, v));
    }
    Ok(out)
}

/// A string field, or "" when absent or not a string; ids may also be numbers.
fn field(v: &Value, name: &str) -> String {
    match &v[name] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn article(v: &Value) -> ArticleInput {
    let published = field(v, "published");
    ArticleInput {
        id: field(v, "id"),
        source: field(v, "source"),
        title: field(v, "title"),
        text: field(v, "text"),
        published_ms: marsad_dates::parse_machine(&published).map(|d| d.value.timestamp_millis()),
        page_tags: v["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Runs `marsad analyze`.
pub fn run(args: AnalyzeArgs) -> Result<()> {
    let lines = json_lines(&args.input)?;
    let mut articles = Vec::with_capacity(lines.len());
    for (n, v) in &lines {
        let a = article(v);
        if a.id.is_empty() {
            bail!("{}:{n}: the article has no \"id\"", args.input.display());
        }
        if a.published_ms.is_none() && !field(v, "published").is_empty() {
            tracing::warn!(line = n, published = %field(v, "published"), "unreadable publication time: the article keeps its input position");
        }
        articles.push(a);
    }
    let results = marsad_analyze::analyze(&articles, &AnalyzeConfig::default());
    let sink: Box<dyn Write> = match &args.out {
        Some(p) => {
            Box::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(sink);
    for r in results {
        let line = json!({
            "id": r.id,
            "story": r.story,
            "duplicate_of": r.duplicate_of,
            "tags": r.tags,
            "credit": r.credit,
        });
        writeln!(out, "{line}")?;
    }
    out.flush().context("cannot write the results")?;
    Ok(())
}

/// Runs `marsad similarity`.
pub fn similarity(args: SimilarityArgs) -> Result<()> {
    let lines = json_lines(&args.pairs)?;
    let pairs: Vec<(String, String)> = lines
        .iter()
        .map(|(_, v)| (field(v, "text1"), field(v, "text2")))
        .collect();
    let scores = marsad_analyze::similarities(&pairs);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for ((_, v), score) in lines.iter().zip(scores) {
        writeln!(out, "{}", json!({ "id": v["id"], "score": score }))?;
    }
    out.flush().context("cannot write the scores")?;
    Ok(())
}
