//! Known-item retrieval on the ANT multi-source corpus, read from `../shared/data/corpora/` at
//! benchmark time (never copied into the project): every article is indexed, then a sample of
//! articles is searched for with its headline, and separately with its abstract; the article
//! itself (or an identical re-publication with the same headline) is the relevant hit.
//!
//! Three analyses are compared under the same query model (every query word a SHOULD clause
//! over headline, boosted, and text; BM25): Marsad's (the folded key and the light stem, stop
//! words out of the stem, both indexed as the search index does), tantivy's built-in Arabic
//! stemmer (Snowball) after its simple tokenizer and lower casing, and no stemming at all.
//! Marsad's own search (every word required) runs on the same queries.
//!
//! `MARSAD_BENCH_QUERIES` (default 1000) sets the sample size.

use marsad_corpora::AntDoc;
use marsad_index::{IndexDoc, Position, SearchIndex, SearchOptions};
use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{Index, TantivyDocument, Term};

/// An analyzer's name, the analyzer, and its headline and text boosts.
type AnalyzedFields = (&'static str, TextAnalyzer, f32, f32);

/// One configuration's index: each of its fields has an analyzer and a query boost, and the
/// headline and the text are each indexed under every analyzer.
struct Plain {
    name: &'static str,
    reader: tantivy::IndexReader,
    /// (field, analyzer, boost)
    fields: Vec<(Field, TextAnalyzer, f32)>,
    id: Field,
}

fn plain(name: &'static str, analyzers: &[AnalyzedFields], docs: &[AntDoc], dir: &Path) -> Plain {
    let mut b = Schema::builder();
    let mut fields = Vec::new();
    let mut slots = Vec::new();
    for (analyzer_name, analyzer, title_boost, text_boost) in analyzers {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer_name)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let title = b.add_text_field(&format!("title_{analyzer_name}"), opts.clone());
        let text = b.add_text_field(&format!("text_{analyzer_name}"), opts);
        fields.push((title, analyzer.clone(), *title_boost));
        fields.push((text, analyzer.clone(), *text_boost));
        slots.push((title, text));
    }
    let id = b.add_u64_field("id", STORED);
    let index = Index::create_in_dir(dir, b.build()).expect("an index");
    for (analyzer_name, analyzer, _, _) in analyzers {
        index.tokenizers().register(analyzer_name, analyzer.clone());
    }
    let mut w = index.writer(256 << 20).expect("a writer");
    for (i, d) in docs.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        for (title, text) in &slots {
            doc.add_text(*title, &d.title);
            doc.add_text(*text, &d.text);
        }
        doc.add_u64(id, i as u64);
        w.add_document(doc).expect("added");
    }
    w.commit().expect("committed");
    Plain {
        name,
        reader: index.reader().expect("a reader"),
        fields,
        id,
    }
}

impl Plain {
    fn search(&mut self, q: &str) -> Vec<usize> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, analyzer, boost) in &mut self.fields {
            let mut stream = analyzer.token_stream(q);
            while let Some(t) = stream.next() {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(*field, &t.text),
                            IndexRecordOption::WithFreqs,
                        )),
                        *boost,
                    )),
                ));
            }
        }
        let searcher = self.reader.searcher();
        let top = searcher
            .search(
                &BooleanQuery::new(clauses),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .expect("searched");
        top.into_iter()
            .map(|(_, a)| {
                let d: TantivyDocument = searcher.doc(a).expect("stored");
                d.get_first(self.id).and_then(|v| v.as_u64()).unwrap_or(0) as usize
            })
            .collect()
    }
}

/// Mean reciprocal rank and recall at 10 of ranked answers.
fn score(results: &[(Vec<usize>, usize)], same: &[usize]) -> (f64, f64) {
    let mut mrr = 0.0;
    let mut found = 0usize;
    for (ranked, target) in results {
        if let Some(rank) = ranked.iter().position(|d| same[*d] == same[*target]) {
            mrr += 1.0 / (rank + 1) as f64;
            found += 1;
        }
    }
    let n = results.len().max(1) as f64;
    (mrr / n, found as f64 / n)
}

fn main() {
    let docs: Vec<AntDoc> = marsad_corpora::ant(marsad_corpora::ANT_MULTISOURCE)
        .expect("the ANT multi-source corpus in ../shared/data/corpora")
        .into_iter()
        .filter(|d| !d.title.is_empty())
        .collect();
    let queries: usize = std::env::var("MARSAD_BENCH_QUERIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    // Articles with the same headline are one item (the corpus holds re-publications).
    let mut by_title: HashMap<&str, usize> = HashMap::new();
    let same: Vec<usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| *by_title.entry(d.title.as_str()).or_insert(i))
        .collect();
    // A fixed sample: every k-th article with a headline of four words or more and an abstract.
    let eligible: Vec<usize> = (0..docs.len())
        .filter(|&i| {
            docs[i].title.split_whitespace().count() >= 4 && !docs[i].abstract_text.is_empty()
        })
        .collect();
    let step = (eligible.len() / queries.max(1)).max(1);
    let sample: Vec<usize> = eligible
        .iter()
        .step_by(step)
        .take(queries)
        .copied()
        .collect();
    println!(
        "known-item: {} ANT articles indexed, {} queries of each kind",
        docs.len(),
        sample.len()
    );

    let tmp = tempfile::tempdir().expect("a temporary folder");
    let marsad_stem = TextAnalyzer::builder(marsad_text::tantivy::KeyTokenizer::default())
        .filter(marsad_text::tantivy::StopWordFilter)
        .filter(marsad_text::tantivy::StemFilter)
        .build();
    let snowball = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    let none = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .build();
    let key = || TextAnalyzer::from(marsad_text::tantivy::KeyTokenizer::default());
    let configurations: Vec<(&'static str, Vec<AnalyzedFields>)> = vec![
        (
            "marsad",
            // The boosts of the search index (crates/index/src/search.rs).
            vec![("key", key(), 3.0, 1.0), ("stem", marsad_stem, 0.5, 0.7)],
        ),
        ("tantivy_arabic", vec![("snowball", snowball, 3.0, 1.0)]),
        ("no_stemming", vec![("plain", none, 3.0, 1.0)]),
    ];
    let mut analyzers = Vec::new();
    for (name, fields) in configurations {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).expect("a folder");
        let started = Instant::now();
        let p = plain(name, &fields, &docs, &dir);
        println!(
            "  {name}: indexed in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        analyzers.push(p);
    }
    println!(
        "{:<16} {:>13} {:>13} {:>13} {:>13}",
        "analyzer", "headline MRR", "headline R@10", "abstract MRR", "abstract R@10"
    );
    for p in &mut analyzers {
        let headline: Vec<(Vec<usize>, usize)> = sample
            .iter()
            .map(|&i| (p.search(&docs[i].title), i))
            .collect();
        let abstracts: Vec<(Vec<usize>, usize)> = sample
            .iter()
            .map(|&i| (p.search(&docs[i].abstract_text), i))
            .collect();
        let (hm, hr) = score(&headline, &same);
        let (am, ar) = score(&abstracts, &same);
        println!("{:<16} {hm:>13.3} {hr:>13.3} {am:>13.3} {ar:>13.3}", p.name);
    }

    // Marsad's own search: both analyses, every word required.
    let dir = tmp.path().join("search");
    let index = SearchIndex::open(&dir).expect("the search index");
    let mut w = index.writer().expect("a writer");
    for (i, d) in docs.iter().enumerate() {
        w.add(&IndexDoc {
            id: i as u64 + 1,
            title: d.title.clone(),
            text: d.text.clone(),
            ..IndexDoc::default()
        })
        .expect("added");
    }
    w.commit(Position {
        seq: 0,
        id: docs.len() as u64,
    })
    .expect("committed");
    let options = SearchOptions {
        collapse_copies: false,
        ..SearchOptions::default()
    };
    let search = |text: &str| -> Vec<usize> {
        // Searched as words: quotes and field-like colons in the text are not syntax.
        let words: String = text
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        match marsad_index::parse(&words, chrono::Utc::now()) {
            Ok(q) => index
                .search(&q, &options)
                .expect("searched")
                .hits
                .iter()
                .map(|h| h.id as usize - 1)
                .collect(),
            Err(_) => Vec::new(),
        }
    };
    let headline: Vec<(Vec<usize>, usize)> = sample
        .iter()
        .map(|&i| (search(&docs[i].title), i))
        .collect();
    let abstracts: Vec<(Vec<usize>, usize)> = sample
        .iter()
        .map(|&i| (search(&docs[i].abstract_text), i))
        .collect();
    let (hm, hr) = score(&headline, &same);
    let (am, ar) = score(&abstracts, &same);
    println!(
        "{:<16} {hm:>13.3} {hr:>13.3} {am:>13.3} {ar:>13.3}",
        "marsad search"
    );
}
