//! Throughput of the text rules on real Arabic news text: key, tokenize and stem.
//!
//! The text is read at benchmark time from the ANT corpus in `../shared/data/corpora/`
//! (the `<TEXT>` sections of every document); nothing of it is stored in the project.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn corpus() -> String {
    let docs = marsad_corpora::ant(marsad_corpora::ANT_V1)
        .expect("the ANT corpus in ../shared/data/corpora");
    let all: String = docs.iter().map(|d| format!("{}\n", d.text)).collect();
    assert!(
        all.len() > 1_000_000,
        "corpus too small: {} bytes",
        all.len()
    );
    all
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("arabic-news");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("key", |b| b.iter(|| marsad_text::key(black_box(&text))));
    group.bench_function("tokenize", |b| {
        b.iter(|| marsad_text::tokens(black_box(&text)).count())
    });
    group.bench_function("key+tokenize+stem", |b| {
        let mut buf = String::new();
        b.iter(|| {
            let mut stems = 0usize;
            for t in marsad_text::tokens(black_box(&text)) {
                buf.clear();
                marsad_text::key_into(t.text, marsad_text::KeyOptions::default(), &mut buf);
                stems += marsad_text::stem(&buf).len();
            }
            stems
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
