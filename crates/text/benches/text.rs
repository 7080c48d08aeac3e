//! Throughput of the text rules on real Arabic news text: key, tokenize and stem.
//!
//! The text is read at benchmark time from the ANT corpus in `../shared/data/corpora/`
//! (the `<TEXT>` sections of every document); nothing of it is stored in the project.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::io::Read;

fn corpus() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/corpora/ant-v1.1/antcorpus.data-06f6a10.tar.gz"
    );
    let file = std::fs::File::open(path).expect("the ANT corpus in ../shared/data/corpora");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut all = String::new();
    for entry in archive.entries().expect("a tar archive") {
        let mut entry = entry.expect("a tar entry");
        let mut doc = String::new();
        if entry.read_to_string(&mut doc).is_err() {
            continue;
        }
        if let (Some(a), Some(b)) = (doc.find("<TEXT>"), doc.find("</TEXT>"))
            && a < b
        {
            all.push_str(&doc[a + 6..b]);
            all.push('\n');
        }
    }
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
