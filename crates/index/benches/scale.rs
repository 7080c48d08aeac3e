//! Scale benchmark of the search index: indexing rate, index size and query latency at a
//! million articles.
//!
//! The articles are the ANT corpora in `../shared/data/corpora/` (multi-source and v1.1),
//! read at benchmark time and never stored in the project, repeated in rounds until the
//! stream holds `MARSAD_BENCH_ARTICLES` articles (default 1,000,000). From the second round
//! on each article is perturbed so that the index does not see the same document again: its
//! sentences are rotated, one word is replaced by a word of another article, and the
//! headline gets a word of another headline. Timestamps grow by a fixed step, sources cycle
//! over 60 outlets, and one article in seven is marked as the copy of the one before it, so
//! that collapsing copies has work to do.
//!
//! Indexing goes through `BatchWriter::add_all` in batches of 5,000 with a commit every
//! 50,000 articles, as `marsad reindex` does; the rate counts the whole run, commits and
//! merges included (the merges still running at the end are waited for).
//!
//! Queries are 1,000 real-word queries drawn from the headlines of the base corpus, a mix of
//! one word (40%), two words (30%), three words (15%), a quoted two-word phrase (10%) and a
//! word with `-exclusion` (5%), run one after another with the default options (relevance,
//! copies collapsed, facets, snippets, first page of 10). Latency is measured per query; the
//! median and 99th percentile are printed, after a warm-up pass over 200 other queries.
//!
//! Run with `cargo bench -p marsad-index --bench scale`. The index is written under
//! `MARSAD_BENCH_DIR` (default: a temporary folder) and removed at the end; with
//! `MARSAD_BENCH_INDEX=PATH` it is kept in PATH instead, and an index already there with
//! the full stream is reused, so that query runs can be repeated without indexing again.

use marsad_corpora::AntDoc;
use marsad_index::{IndexDoc, Position, SearchIndex, SearchOptions};
use std::time::{Duration, Instant};

/// Articles added per call.
const BATCH: usize = 5_000;
/// Articles per commit, as `marsad reindex` does.
const COMMIT_EVERY: usize = 50_000;
/// Queries measured.
const QUERIES: usize = 1_000;
/// Queries run before measuring, to warm the caches.
const WARM_UP: usize = 200;
/// The simulated clock starts on 2018-01-01; one article every 20 s.
const START_MS: i64 = 1_514_764_800_000;
const STEP_MS: i64 = 20_000;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (SplitMix64), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The `i`-th article of the stream.
fn article(base: &[AntDoc], i: usize, rng: &mut Rng) -> IndexDoc {
    let n = base.len();
    let d = &base[i % n];
    let round = i / n;
    let (title, text) = if round == 0 {
        (d.title.clone(), d.text.clone())
    } else {
        let other = &base[rng.below(n)];
        let mut sentences: Vec<&str> = d.text.split_inclusive(['.', '،', '\n']).collect();
        let k = round % sentences.len().max(1);
        sentences.rotate_left(k);
        let mut text = sentences.concat();
        let word = other
            .text
            .split_whitespace()
            .nth(rng.below(40))
            .unwrap_or("");
        if let Some(first) = text
            .split_whitespace()
            .nth(rng.below(60))
            .map(str::to_owned)
        {
            text = text.replacen(&first, word, 1);
        }
        let extra = other.title.split_whitespace().next().unwrap_or("");
        (format!("{} {extra}", d.title), text)
    };
    let id = i as u64 + 1;
    IndexDoc {
        id,
        url: format!("https://outlet{}.example/{id}", i % 60),
        title,
        description: String::new(),
        text,
        tags: Vec::new(),
        source_id: (i % 60) as u64 + 1,
        source: format!("outlet{}", i % 60),
        lang: Some("ar".into()),
        published_ms: Some(START_MS + i as i64 * STEP_MS),
        story: id,
        duplicate_of: (i % 7 == 6).then_some(id - 1),
    }
}

/// Words of a headline usable as query words: letters only, two characters or more.
fn words(title: &str) -> Vec<&str> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        .collect()
}

/// The query mix described in the module documentation.
fn queries(base: &[AntDoc], count: usize, rng: &mut Rng) -> Vec<String> {
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let title = &base[rng.below(base.len())].title;
        let w = words(title);
        if w.len() < 3 {
            continue;
        }
        let at = rng.below(w.len() - 2);
        let q = match rng.below(100) {
            0..40 => w[at].to_string(),
            40..70 => format!("{} {}", w[at], w[at + 1]),
            70..85 => format!("{} {} {}", w[at], w[at + 1], w[at + 2]),
            85..95 => format!("\"{} {}\"", w[at], w[at + 1]),
            _ => format!("{} -{}", w[at], w[at + 2]),
        };
        out.push(q);
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Indexes the stream of `total` articles, printing the rate as it goes.
fn index_stream(index: &SearchIndex, base: &[AntDoc], total: usize) {
    let mut rng = Rng(7);
    let started = Instant::now();
    let mut text_bytes = 0usize;
    let mut done = 0;
    while done < total {
        let mut writer = index.writer().expect("a writer");
        let end = (done + COMMIT_EVERY).min(total);
        while done < end {
            let n = BATCH.min(end - done);
            let batch: Vec<IndexDoc> = (done..done + n)
                .map(|i| article(base, i, &mut rng))
                .collect();
            text_bytes += batch
                .iter()
                .map(|d| d.text.len() + d.title.len())
                .sum::<usize>();
            writer.add_all(&batch).expect("added");
            done += n;
        }
        writer
            .commit(Position {
                seq: 0,
                id: done as u64,
            })
            .expect("committed");
        if done % (COMMIT_EVERY * 4) == 0 || done == total {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "  {done:>9} indexed in {secs:>7.1} s ({:>6.0} articles/s)",
                done as f64 / secs
            );
        }
    }
    index.wait_merges().expect("merges finished");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "indexing: {total} articles ({:.0} MB of text) in {secs:.1} s = {:.0} articles/s, merges included",
        text_bytes as f64 / 1e6,
        total as f64 / secs
    );
}

fn main() {
    let mut base = Vec::new();
    for archive in [marsad_corpora::ANT_MULTISOURCE, marsad_corpora::ANT_V1] {
        match marsad_corpora::ant(archive) {
            Ok(docs) => base.extend(docs),
            Err(e) => {
                eprintln!("the ANT corpus is not available ({e}); nothing to measure");
                return;
            }
        }
    }
    base.retain(|d| !d.title.is_empty() && !d.text.is_empty());
    let total = env_usize("MARSAD_BENCH_ARTICLES", 1_000_000);
    let tmp = match std::env::var("MARSAD_BENCH_DIR") {
        Ok(dir) => tempfile::tempdir_in(dir),
        Err(_) => tempfile::tempdir(),
    }
    .expect("a temporary folder");
    let dir = std::env::var("MARSAD_BENCH_INDEX")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| tmp.path().join("index"));
    println!(
        "{} base articles, {total} articles to index into {}",
        base.len(),
        dir.display()
    );
    let index = SearchIndex::open(&dir).expect("the search index");
    if index.last_indexed().id == total as u64 {
        println!("reusing the index already there");
    } else {
        index_stream(&index, &base, total);
    }
    println!(
        "index size: {:.0} MB ({} segments)",
        dir_size(&dir) as f64 / 1e6,
        index.segments()
    );

    let mut qrng = Rng(11);
    let warm = queries(&base, WARM_UP, &mut qrng);
    let measured = queries(&base, QUERIES, &mut qrng);
    let options = SearchOptions::default();
    let now = chrono::Utc::now();
    let run = |q: &str| -> (Duration, usize) {
        let t = Instant::now();
        let parsed = marsad_index::parse(q, now).expect("a valid query");
        let results = index.search(&parsed, &options).expect("searched");
        (t.elapsed(), results.total)
    };
    for q in &warm {
        run(q);
    }
    let runs: Vec<(Duration, usize)> = measured.iter().map(|q| run(q)).collect();
    let hits = runs.iter().filter(|r| r.1 > 0).count();
    let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    times.sort();
    println!(
        "queries: {QUERIES} (after {WARM_UP} warm-up), {hits} with hits; median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.9).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3),
    );
    let mut slowest: Vec<(Duration, usize, &String)> = runs
        .iter()
        .zip(&measured)
        .map(|(r, q)| (r.0, r.1, q))
        .collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    println!("slowest queries (matching articles):");
    for (t, n, q) in slowest.iter().take(5) {
        println!("  {:>7.2} ms {n:>8}  {q}", t.as_secs_f64() * 1e3);
    }
}
