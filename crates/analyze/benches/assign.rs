//! Scale benchmark of the per-article ingestion decision (copy look-up, story assignment,
//! copy indexing) over a stream of a million perturbed real Arabic articles.
//!
//! The articles are read at benchmark time from the ANT corpora in `../shared/data/corpora/`
//! (ant-v1.1 and ant-multisource, the `<TITLE>` and `<TEXT>` of every `<DOC>`); nothing of
//! them is stored in the project, and the benchmark says so and exits when they are missing.
//!
//! The stream repeats the corpus in rounds. Within a round the articles come in order of
//! their publication date, and a share of them is followed by a wire copy (another outlet's
//! republication: a new headline, the last sentence cut, a few words changed). From the
//! second round on every article is a perturbed rewrite of its base article (a sentence
//! dropped, two sentences swapped, a few words and a headline word replaced). Timestamps
//! grow by a fixed step, `MARSAD_BENCH_PER_DAY` articles per simulated day, so the windows
//! of the copy index and of the clusterer hold a bounded number of articles.
//!
//! Only the sequential decision is timed: `CopyIndex::find`, `Clusterer::assign` and
//! `CopyIndex::insert`. The per-article inputs (MinHash signature, TF-IDF vector against
//! document frequencies of the base corpus, entities) are computed outside the timed part,
//! in parallel, one chunk of the stream at a time, so the memory of the benchmark itself
//! stays at one chunk of inputs and the figures show the memory of the analysis state.
//!
//! Run with `cargo bench -p marsad-analyze --bench assign`. Environment variables:
//! `MARSAD_BENCH_ARTICLES` (default 1000000) shrinks the stream for a quick run,
//! `MARSAD_BENCH_PER_DAY` (default 3000) sets the simulated rate, and
//! `MARSAD_BENCH_CRITERION=1` adds a criterion micro-benchmark of one decision against the
//! warmed state at the end.

use marsad_analyze::copies::{CopyConfig, CopyIndex, Names};
use marsad_analyze::minhash::Signature;
use marsad_analyze::story::{Clusterer, StoryConfig};
use marsad_analyze::terms::{DocFreq, TermCounts, TermVector};

use std::time::Instant;

const DAY_MS: i64 = 86_400_000;
/// Articles prepared at once; small enough that a chunk of inputs stays a few tens of MB.
const CHUNK: usize = 16_384;
/// Percent of the articles of a round that another outlet republishes as a wire copy.
const COPY_PERCENT: u64 = 15;
/// The simulated clock starts on 2018-01-01 so that times look like the corpus's.
const START_MS: i64 = 1_514_764_800_000;

/// One article of the base corpus.
struct Doc {
    /// The publication date as yyyymmdd, from the document number, for ordering.
    date: u32,
    title: String,
    text: String,
}

/// Inputs of one decision, computed before the timed part.
struct Prepared {
    at: i64,
    signature: Option<Signature>,
    vector: TermVector,
    entities: Vec<&'static str>,
    lead_names: Vec<&'static str>,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// SplitMix64, so that every perturbation is reproducible from its stream position.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x4d41_5253_4144_4245)
    }
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

fn mix(a: u64, b: u64, c: u64) -> u64 {
    Rng::new(a.wrapping_mul(0x1000_0000_01b3) ^ b.rotate_left(21) ^ c.rotate_left(42)).next()
}

/// Splits a text after sentence ends and line breaks, keeping the delimiters.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '؟' | '!' | '\n') {
            let end = i + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// Replaces `n` random words of `text` with words drawn from the corpus vocabulary.
fn replace_words(text: &str, n: usize, vocabulary: &[&str], rng: &mut Rng) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    for _ in 0..n.min(words.len()) {
        let at = rng.below(words.len());
        words[at] = vocabulary[rng.below(vocabulary.len())];
    }
    words.join(" ")
}

/// The headline and text of a stream article: `variant` 0 is the base article (rewritten
/// from the second round on), 1 is a wire copy of it by another outlet.
fn perturb(doc: &Doc, round: usize, variant: u8, seed: u64, vocab: &[&str]) -> (String, String) {
    if round == 0 && variant == 0 {
        return (doc.title.clone(), doc.text.clone());
    }
    let mut rng = Rng::new(seed);
    let mut parts = sentences(&doc.text);
    let mut title: Vec<&str> = doc.title.split_whitespace().collect();
    if variant == 1 {
        // Another outlet's copy: its own headline and a cut ending.
        if !title.is_empty() {
            title.rotate_left(1);
        }
        if parts.len() >= 4 {
            parts.pop();
        }
    } else {
        // A rewrite: one sentence dropped and two neighbours swapped.
        if parts.len() >= 3 {
            parts.remove(rng.below(parts.len()));
        }
        if parts.len() >= 2 {
            let i = rng.below(parts.len() - 1);
            parts.swap(i, i + 1);
        }
    }
    if !title.is_empty() {
        let i = rng.below(title.len());
        title[i] = vocab[rng.below(vocab.len())];
    }
    let text = parts.concat();
    let changes = 2 + text.len() / 2_000;
    (
        title.join(" "),
        replace_words(&text, changes, vocab, &mut rng),
    )
}

/// What the copy rule reads of an article: its signature, entities and lead names.
type Copyable = (Option<Signature>, Vec<&'static str>, Vec<&'static str>);

/// The [`Copyable`] parts of an article, as ingestion prepares them.
fn copyable(title: &str, text: &str) -> Copyable {
    let p = marsad_analyze::prepare(title, text, &[]);
    (p.signature, p.entities, p.lead_names)
}

/// Runs `f` over `items` on every core and returns the results in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A field of /proc/self/status in MiB (VmRSS, VmHWM), or 0 off Linux.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// Nearest-rank quantile of nanosecond times, in microseconds.
fn quantile(sorted: &[u32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    f64::from(sorted[i]) / 1000.0
}

fn summary(times: &[u32]) -> String {
    let mut s = times.to_vec();
    s.sort_unstable();
    format!(
        "median {:7.1} µs  p90 {:7.1} µs  p99 {:7.1} µs  max {:9.1} µs",
        quantile(&s, 0.5),
        quantile(&s, 0.9),
        quantile(&s, 0.99),
        quantile(&s, 1.0)
    )
}

/// The state the decisions build up, and the story of every article of the stream so that
/// a copy can join its original's story (ingestion reads that from the store).
struct State {
    copies: CopyIndex,
    clusters: Clusterer,
    story_of: Vec<u64>,
}

impl State {
    /// The timed decision for the next article of the stream; returns whether it was a copy
    /// and its story.
    fn decide(&mut self, p: Prepared) -> (bool, u64) {
        let id = self.story_of.len() as u64;
        let names = Names {
            all: &p.entities,
            lead: &p.lead_names,
        };
        let original = p
            .signature
            .as_ref()
            .and_then(|s| self.copies.find(s, names))
            .map(|m| m.original);
        let forced = original.map(|o| self.story_of[o as usize]);
        let story = self.clusters.assign(&p.vector, &p.entities, p.at, forced);
        if let Some(s) = p.signature {
            self.copies
                .insert(id, original.unwrap_or(id), p.at, s, names);
        }
        self.story_of.push(story);
        (original.is_some(), story)
    }
}

fn main() {
    let mut docs = Vec::new();
    let mut found = false;
    for archive in [marsad_corpora::ANT_V1, marsad_corpora::ANT_MULTISOURCE] {
        if let Ok(read) = marsad_corpora::ant(archive) {
            found = true;
            docs.extend(
                read.into_iter()
                    .filter(|d| !d.title.is_empty())
                    .map(|d| Doc {
                        date: d.date(),
                        title: d.title,
                        text: d.text,
                    }),
            );
        }
    }
    if !found || docs.is_empty() {
        println!(
            "assign: skipped, the ANT corpora are not in {} (see the project README)",
            marsad_corpora::dir().display()
        );
        return;
    }
    let total = env_usize("MARSAD_BENCH_ARTICLES", 1_000_000);
    let per_day = env_usize("MARSAD_BENCH_PER_DAY", 3_000).max(1);
    let step_ms = DAY_MS / per_day as i64;

    // Publication order within a round; a hash breaks ties so that the outlets interleave.
    let mut base: Vec<u32> = (0..docs.len() as u32).collect();
    base.sort_by_key(|&i| (docs[i as usize].date, mix(0, u64::from(i), 7)));
    let vocab: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.text.split_whitespace().step_by(40))
        .filter(|w| w.chars().count() >= 3)
        .collect();

    let t = Instant::now();
    let df = {
        let counts = parallel_map(&docs, |d| TermCounts::of(&d.title, &d.text));
        let mut df = DocFreq::new();
        counts.iter().for_each(|c| df.add(c));
        df
    };
    let round: Vec<(u32, u8)> = base
        .iter()
        .flat_map(|&i| {
            let copy = mix(1, u64::from(i), 3) % 100 < COPY_PERCENT;
            std::iter::once((i, 0)).chain(copy.then_some((i, 1)))
        })
        .collect();
    let round_days = round.len() as f64 / per_day as f64;
    println!(
        "assign: {} base articles ({} MiB of text), {} per round ({:.1} simulated days), \
         {} articles at {} per day; document frequencies in {:.1} s",
        docs.len(),
        docs.iter()
            .map(|d| d.text.len() + d.title.len())
            .sum::<usize>()
            >> 20,
        round.len(),
        round_days,
        total,
        per_day,
        t.elapsed().as_secs_f64()
    );
    let copy_window_days = CopyConfig::default().window_ms as f64 / DAY_MS as f64;
    if round_days <= copy_window_days {
        println!(
            "assign: note: a round is shorter than the copy window ({copy_window_days} days), \
             so rewrites of the previous round are found as copies of it"
        );
    }

    let block = (total / 10).max(1);
    let baseline_rss = status_mib("VmRSS");
    println!("assign: RSS before the stream {baseline_rss:.0} MiB");
    println!(
        "{:>9} {:>60} {:>7} {:>7} {:>6} {:>7} {:>8}",
        "articles", "decision time in the block", "stories", "copies", "found", "new", "RSS MiB"
    );

    let mut state = State {
        copies: CopyIndex::new(CopyConfig::default()),
        clusters: Clusterer::new(StoryConfig::default(), 1),
        story_of: Vec::with_capacity(total),
    };
    let mut times: Vec<u32> = Vec::with_capacity(total);
    let (mut prep_s, mut found_in_block, mut new_in_block, mut last_story) = (0.0, 0, 0, 0);
    let mut position = 0usize;
    while position < total {
        let n = CHUNK.min(total - position);
        let t = Instant::now();
        let slots: Vec<usize> = (position..position + n).collect();
        let chunk = parallel_map(&slots, |&j| {
            let (r, k) = (j / round.len(), j % round.len());
            let (i, variant) = round[k];
            let doc = &docs[i as usize];
            let seed = mix(r as u64, u64::from(i), u64::from(variant));
            let (title, text) = perturb(doc, r, variant, seed, &vocab);
            let (signature, entities, lead_names) = copyable(&title, &text);
            Prepared {
                at: START_MS + j as i64 * step_ms,
                signature,
                vector: df.vector(&TermCounts::of(&title, &text)),
                entities,
                lead_names,
            }
        });
        prep_s += t.elapsed().as_secs_f64();
        for p in chunk {
            let t = Instant::now();
            let (copy, story) = state.decide(p);
            let ns = t.elapsed().as_nanos();
            times.push(u32::try_from(ns).unwrap_or(u32::MAX));
            found_in_block += usize::from(copy);
            if story > last_story {
                last_story = story;
                new_in_block += 1;
            }
            if times.len().is_multiple_of(block) || times.len() == total {
                let from = (times.len() - 1) / block * block;
                println!(
                    "{:>9} {:>60} {:>7} {:>7} {:>6} {:>7} {:>8.0}",
                    times.len(),
                    summary(&times[from..]),
                    state.clusters.live_stories(),
                    state.copies.len(),
                    found_in_block,
                    new_in_block,
                    status_mib("VmRSS")
                );
                found_in_block = 0;
                new_in_block = 0;
            }
        }
        position += n;
    }
    let timed: f64 = times.iter().map(|&t| f64::from(t)).sum::<f64>() / 1e9;
    println!("assign: all {} decisions: {}", times.len(), summary(&times));
    println!(
        "assign: mean {:.1} µs, timed total {:.1} s, input preparation {:.1} s (not timed)",
        timed * 1e6 / times.len().max(1) as f64,
        timed,
        prep_s
    );
    println!(
        "assign: at the end {} live stories, {} indexed copies, {} stories in all; \
         VmRSS {:.0} MiB, VmHWM (peak RSS) {:.0} MiB, before the stream {:.0} MiB",
        state.clusters.live_stories(),
        state.copies.len(),
        last_story,
        status_mib("VmRSS"),
        status_mib("VmHWM"),
        baseline_rss
    );

    if std::env::var("MARSAD_BENCH_CRITERION").is_ok_and(|v| v == "1") {
        micro(state, &docs, &round, &df, &vocab, total, step_ms);
    }
}

/// A criterion micro-benchmark of one decision against the warmed state: the articles of
/// the next chunk of the stream, prepared beforehand and replayed in a cycle with times that
/// keep growing, so that the state keeps its size. After the first 2,048 iterations a
/// replayed article finds its own earlier replay in the copy index and joins that story
/// without scoring candidates, so this measures a mix weighted towards the copy path and
/// reads lower than the stream's median; the stream figures are the ones to quote.
fn micro(
    mut state: State,
    docs: &[Doc],
    round: &[(u32, u8)],
    df: &DocFreq,
    vocab: &[&str],
    total: usize,
    step_ms: i64,
) {
    let inputs: Vec<(String, String, usize)> = (total..total + 2_048)
        .map(|j| {
            let (r, k) = (j / round.len(), j % round.len());
            let (i, variant) = round[k];
            let seed = mix(r as u64, u64::from(i), u64::from(variant));
            let (title, text) = perturb(&docs[i as usize], r, variant, seed, vocab);
            (title, text, j)
        })
        .collect();
    let prepared: Vec<Prepared> = inputs
        .iter()
        .map(|(title, text, _)| {
            let (signature, entities, lead_names) = copyable(title, text);
            Prepared {
                at: 0,
                signature,
                vector: df.vector(&TermCounts::of(title, text)),
                entities,
                lead_names,
            }
        })
        .collect();
    let mut c = criterion::Criterion::default()
        .sample_size(20)
        .configure_from_args();
    let mut next = 0usize;
    c.bench_function("assign/one decision against the warmed state", |b| {
        b.iter_batched(
            || {
                let p = &prepared[next % prepared.len()];
                let at = START_MS + (total + next) as i64 * step_ms;
                next += 1;
                Prepared {
                    at,
                    signature: p.signature.clone(),
                    vector: p.vector.clone(),
                    entities: p.entities.clone(),
                    lead_names: p.lead_names.clone(),
                }
            },
            |p| state.decide(p),
            criterion::BatchSize::SmallInput,
        )
    });
    c.final_summary();
}
