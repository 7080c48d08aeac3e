//! Time of article extraction and of its stages (decoding, parsing, metadata,
//! content) over a folder of pages.
//!
//! The pages are read at benchmark time from the folder named by `MARSAD_EXTRACT_PAGES`
//! (for example the ScrapingHub set staged by `../shared/eval/extraction.py --stage DIR`);
//! without it, from this crate's test fixtures. No page text is stored with the benchmark.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dom_query::Document;
use marsad_extract::parse::{Keep, parse};
use marsad_extract::{ExtractOptions, charset, content, extract, meta};
use std::hint::black_box;
use std::path::PathBuf;

/// The pages of the folder, in name order.
fn pages() -> Vec<Vec<u8>> {
    let dir = std::env::var_os("MARSAD_EXTRACT_PAGES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        PathBuf::from,
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html" || x == "htm"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let decoded: Vec<String> = pages
        .iter()
        .map(|p| charset::decode(p, None, None).0)
        .collect();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("full", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(extract(black_box(p), &ExtractOptions::default()).ok());
            }
        })
    });
    group.bench_function("decode", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(charset::decode(black_box(p), None, None));
            }
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for d in &decoded {
                black_box(parse(black_box(d), Keep::Read));
            }
        })
    });
    // The same pages through html5ever's own tokenizer, for the ratio: it reads every script,
    // comment and attribute that `parse` skips.
    group.bench_function("parse_html5ever", |b| {
        b.iter(|| {
            for d in &decoded {
                black_box(Document::from(black_box(d.as_str())));
            }
        })
    });
    // The stages after parsing get a fresh document each time (content extraction removes
    // nodes from it); the parse time is measured above and included here.
    group.bench_function("parse+meta", |b| {
        b.iter(|| {
            for d in &decoded {
                let doc = parse(d, Keep::Read);
                black_box(meta::collect(&doc, None));
            }
        })
    });
    group.bench_function("parse+content", |b| {
        b.iter(|| {
            for d in &decoded {
                let doc = parse(d, Keep::Read);
                black_box(content::extract(
                    &doc,
                    None,
                    None,
                    content::Reading::default(),
                ));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
