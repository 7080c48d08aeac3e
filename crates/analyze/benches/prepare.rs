//! Benchmark of the per-article preparation (signature, term counts, entities and tags,
//! keyphrase candidates, credit) over real Arabic articles, against the same stages each
//! reading the text on its own, in the same run.
//!
//! The articles are the first 500 of the ANT multi-source corpus in
//! `../shared/data/corpora/`, read at benchmark time; nothing of them is stored in the
//! project. Run with `cargo bench -p marsad-analyze --bench prepare`.

use criterion::{Criterion, Throughput};
use marsad_analyze::minhash::Signature;
use marsad_analyze::terms::TermCounts;
use marsad_analyze::{credit, keyphrases, prepare, tags};
use std::hint::black_box;

const ARTICLES: usize = 500;

fn main() {
    let docs = match marsad_corpora::ant(marsad_corpora::ANT_MULTISOURCE) {
        Ok(docs) => docs,
        Err(e) => {
            eprintln!("the ANT corpus is not available ({e}); nothing to measure");
            return;
        }
    };
    let docs: Vec<(String, String)> = docs
        .into_iter()
        .take(ARTICLES)
        .map(|d| (d.title, d.text))
        .collect();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("prepare");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("one reading", |b| {
        b.iter(|| {
            for (title, text) in &docs {
                black_box(prepare(title, text, &[]));
            }
        })
    });
    group.bench_function("a reading per stage", |b| {
        b.iter(|| {
            for (title, text) in &docs {
                black_box(Signature::of_text(text));
                black_box(TermCounts::of(title, text));
                black_box(tags::tags_and_entities(title, text, &[]));
                black_box(keyphrases::phrases(title, text));
                black_box(credit::primary_credit(text));
            }
        })
    });
    group.finish();
    c.final_summary();
}
