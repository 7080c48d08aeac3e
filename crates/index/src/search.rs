//! The search index: its schema, writing articles into it, and answering queries with
//! highlighted snippets, facets and copies collapsed into their original.

use crate::IndexError;
use crate::analyzer::{self, Analysis};
use crate::query::{Atom, Query};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TantivyQuery, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Term};
use tantivy::{SegmentReader, TantivyDocument};

/// Bumped when the schema or the analyzers change: an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 3;

/// Memory given to the index writer, shared by its threads: larger in-memory segments mean
/// fewer merges while a rebuild runs.
const WRITER_HEAP: usize = 256 * 1024 * 1024;

/// Boosts of a word found in each field: a headline match counts most, an exact spelling
/// more than a stem. A stem in the headline counts little: a long query (an abstract, a
/// pasted paragraph) shares stems with many headlines, and on the ANT known-item benchmark a
/// headline stem boost of 2 ranked the sought article lower (abstract MRR 0.932) than 0.5 did
/// (0.953).
const TITLE_KEY_BOOST: f32 = 3.0;
const TITLE_STEM_BOOST: f32 = 0.5;
const TEXT_KEY_BOOST: f32 = 1.0;
const TEXT_STEM_BOOST: f32 = 0.7;

/// Queries of more plain words than this need three quarters of them, not all.
const LONG_QUERY_WORDS: usize = 6;

/// An article as the index takes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexDoc {
    /// Store id.
    pub id: u64,
    /// Address.
    pub url: String,
    /// Headline.
    pub title: String,
    /// Standfirst.
    pub description: String,
    /// Plain text.
    pub text: String,
    /// Tag names (page tags and analysis tags).
    pub tags: Vec<String>,
    /// Source id.
    pub source_id: u64,
    /// Source name.
    pub source: String,
    /// Language code, when known.
    pub lang: Option<String>,
    /// Publication time in milliseconds since the epoch, when known.
    pub published_ms: Option<i64>,
    /// Story id.
    pub story: u64,
    /// The original this article copies, when it is a copy.
    pub duplicate_of: Option<u64>,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sort {
    /// By relevance (BM25 over the weighted fields).
    Relevance,
    /// Newest first.
    Newest,
    /// Relevance decayed by age: a result `half_life_days` old counts half.
    Blend {
        /// Days after which a result's relevance has halved.
        half_life_days: f32,
    },
}

/// Options of one search.
#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    /// Results per page.
    pub limit: usize,
    /// Results skipped (page × limit).
    pub offset: usize,
    /// Order.
    pub sort: Sort,
    /// Whether copies are folded into one result with their count.
    pub collapse_copies: bool,
    /// The time that `Sort::Blend` measures age from, in milliseconds.
    pub now_ms: i64,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            collapse_copies: true,
            now_ms: chrono::Utc::now().timestamp_millis(),
        }
    }
}

/// A highlighted extract of a text: byte ranges into `text` to mark.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The extract, a slice of the original text.
    pub text: String,
    /// The matched words, as byte ranges into `text`.
    pub highlights: Vec<(usize, usize)>,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Article id.
    pub id: u64,
    /// Address.
    pub url: String,
    /// Headline.
    pub title: String,
    /// The sort score (relevance, or the blended score).
    pub score: f32,
    /// Publication time, in milliseconds.
    pub published_ms: Option<i64>,
    /// Source id.
    pub source_id: u64,
    /// Story id.
    pub story: u64,
    /// The headline with the matched words marked.
    pub title_highlights: Vec<(usize, usize)>,
    /// An extract of the text around the matched words.
    pub snippet: Snippet,
    /// Other matching articles that copy the same original, folded into this one.
    pub copies: usize,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Matching articles (before folding copies).
    pub total: usize,
    /// The page of results.
    pub hits: Vec<Hit>,
    /// Matching articles per source id.
    pub by_source: BTreeMap<u64, u64>,
    /// Matching articles per day (days since the epoch, UTC).
    pub by_day: BTreeMap<i64, u64>,
}

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    id: Field,
    url: Field,
    title: Field,
    text: Field,
    title_key: Field,
    title_stem: Field,
    text_key: Field,
    text_stem: Field,
    tags: Field,
    source: Field,
    lang: Field,
    published: Field,
    source_id: Field,
    story: Field,
    root: Field,
}

/// The schema, for the analyzer tests.
#[cfg(test)]
pub(crate) fn schema_for_tests() -> (Schema, Fields) {
    schema()
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Phrases are matched on the key fields only, so the stem fields keep no positions:
    // recording them is a good part of the cost of indexing.
    let analysed = |name: &str| {
        let record = if name == analyzer::KEY {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(name)
                .set_index_option(record),
        )
    };
    let number = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    let fields = Fields {
        id: b.add_u64_field("id", number.clone()),
        url: b.add_text_field("url", STORED),
        title: b.add_text_field("title", STORED),
        text: b.add_text_field("text", STORED),
        title_key: b.add_text_field("title_key", analysed(analyzer::KEY)),
        title_stem: b.add_text_field("title_stem", analysed(analyzer::STEM)),
        text_key: b.add_text_field("text_key", analysed(analyzer::KEY)),
        text_stem: b.add_text_field("text_stem", analysed(analyzer::STEM)),
        tags: b.add_text_field("tags", STRING),
        source: b.add_text_field("source", STRING),
        lang: b.add_text_field("lang", STRING),
        published: b.add_i64_field("published", number.clone()),
        source_id: b.add_u64_field("source_id", number.clone()),
        story: b.add_u64_field("story", number.clone()),
        root: b.add_u64_field("root", number),
    };
    (b.build(), fields)
}

/// The folded key of a filter value (tags and sources are matched on it).
fn key(value: &str) -> String {
    marsad_text::key(value.trim())
}

/// A search index in a folder.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// The one writer, opened at the first batch and kept: dropping a tantivy writer cancels
    /// the segment merges it started, and an index whose segments never merge slows every
    /// query down. Read-only users never open it, so they take no lock on the folder.
    writer: Mutex<Option<IndexWriter<TantivyDocument>>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

/// What the index records with each commit.
const PAYLOAD_PREFIX: &str = "marsad-index";

impl SearchIndex {
    /// Opens the index in `dir`, creating it (or recreating it, when it was written by
    /// another schema version) as needed.
    pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(|e| IndexError::Io(dir.display().to_string(), e))?;
        let (schema, fields) = schema();
        let index = match Index::open_in_dir(dir) {
            Ok(index) if payload(&index).is_some_and(|(v, _)| v == SCHEMA_VERSION) => index,
            _ => {
                // An index of another version, or none: the index is derived data, so it is
                // cleared and rebuilt from the store.
                for entry in std::fs::read_dir(dir)
                    .map_err(|e| IndexError::Io(dir.display().to_string(), e))?
                    .flatten()
                {
                    let path = entry.path();
                    let removed = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                    removed.map_err(|e| IndexError::Io(path.display().to_string(), e))?;
                }
                let index = Index::create_in_dir(dir, schema)?;
                analyzer::register(&index);
                let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_HEAP)?;
                let mut commit = writer.prepare_commit()?;
                commit.set_payload(&payload_text(Position::START));
                commit.commit()?;
                index
            }
        };
        analyzer::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
        })
    }

    /// The position in the store's change order up to which articles are indexed.
    pub fn last_indexed(&self) -> Position {
        payload(&self.index).map_or(Position::START, |(_, last)| last)
    }

    /// Articles in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A writer for a batch of articles. One batch at a time: while a batch is open, another
    /// gets the error of a locked index.
    pub fn writer(&self) -> Result<BatchWriter<'_>, IndexError> {
        let kept = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        let writer = match kept {
            Some(w) => w,
            None => self.index.writer(WRITER_HEAP)?,
        };
        Ok(BatchWriter {
            owner: self,
            writer: Some(writer),
        })
    }

    /// Keeps the writer of a finished batch for the next one.
    fn keep(&self, writer: IndexWriter<TantivyDocument>) {
        *self.writer.lock().unwrap_or_else(|e| e.into_inner()) = Some(writer);
    }

    /// Waits for the segment merges under way to finish, then lets the writer go (the next
    /// batch opens a new one). For benchmarks and for a clean shutdown.
    pub fn wait_merges(&self) -> Result<(), IndexError> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = writer {
            w.wait_merging_threads()?;
            self.reader.reload()?;
        }
        Ok(())
    }

    /// Segments of the index as searches see it.
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, d.id);
        doc.add_text(f.url, &d.url);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.text, &d.text);
        // The standfirst is searched as text, as it is usually the lead in other words. The
        // fields' own analyzers read the texts in tantivy's indexing threads: handing tantivy
        // ready tokens instead would save one reading but costs more, since its documents
        // keep pre-tokenized text as JSON, written and parsed again for every document.
        let texts = [
            (&d.title, f.title_key, f.title_stem),
            (&d.description, f.text_key, f.text_stem),
            (&d.text, f.text_key, f.text_stem),
        ];
        for (text, key_field, stem_field) in texts {
            if !text.is_empty() {
                doc.add_text(key_field, text);
                doc.add_text(stem_field, text);
            }
        }
        let mut seen = HashSet::new();
        for tag in &d.tags {
            let k = key(tag);
            if !k.is_empty() && seen.insert(k.clone()) {
                doc.add_text(f.tags, &k);
            }
        }
        doc.add_text(f.source, key(&d.source));
        if let Some(lang) = &d.lang {
            doc.add_text(f.lang, lang.to_lowercase());
        }
        if let Some(p) = d.published_ms {
            doc.add_i64(f.published, p);
        }
        doc.add_u64(f.source_id, d.source_id);
        doc.add_u64(f.story, d.story);
        doc.add_u64(f.root, d.duplicate_of.unwrap_or(d.id));
        doc
    }

    /// The tantivy query for a parsed query.
    fn compile(&self, q: &Query) -> Box<dyn TantivyQuery> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> = Vec::new();
        // A long query is a pasted passage rather than typed keywords: a truncated last word
        // or one wrong spelling must not hide the article, so most of its words are enough.
        let words: Vec<Box<dyn TantivyQuery>> = q
            .all
            .iter()
            .filter(|g| matches!(g.as_slice(), [Atom::Word(_)]))
            .filter_map(|g| self.atom(&g[0]))
            .collect();
        let loose = words.len() > LONG_QUERY_WORDS;
        if loose {
            let required = words.len() * 3 / 4;
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    words.into_iter().map(|w| (Occur::Should, w)).collect(),
                    required,
                )),
            ));
        }
        for group in q
            .all
            .iter()
            .filter(|g| !loose || !matches!(g.as_slice(), [Atom::Word(_)]))
        {
            let alternatives: Vec<Box<dyn TantivyQuery>> =
                group.iter().filter_map(|a| self.atom(a)).collect();
            match alternatives.len() {
                0 => {
                    // A group whose words are all punctuation matches nothing.
                    clauses.push((Occur::Must, Box::new(BooleanQuery::new(vec![]))));
                }
                1 => clauses.extend(alternatives.into_iter().map(|a| (Occur::Must, a))),
                _ => clauses.push((
                    Occur::Must,
                    Box::new(BooleanQuery::new(
                        alternatives
                            .into_iter()
                            .map(|a| (Occur::Should, a))
                            .collect(),
                    )),
                )),
            }
        }
        if q.from_ms.is_some() || q.to_ms.is_some() {
            let lower = q.from_ms.unwrap_or(i64::MIN);
            let upper = q.to_ms.unwrap_or(i64::MAX);
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_i64(f.published, lower)),
                    std::ops::Bound::Excluded(Term::from_field_i64(f.published, upper)),
                )),
            ));
        }
        if !clauses.iter().any(|c| c.0 == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for atom in &q.none {
            if let Some(a) = self.atom(atom) {
                clauses.push((Occur::MustNot, a));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The query for one atom; `None` when it holds no word at all.
    fn atom(&self, atom: &Atom) -> Option<Box<dyn TantivyQuery>> {
        let f = &self.fields;
        let exact = |field: Field, value: String| -> Box<dyn TantivyQuery> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &value),
                IndexRecordOption::Basic,
            ))
        };
        match atom {
            Atom::Source(s) => Some(exact(f.source, key(s))),
            Atom::Tag(t) => Some(exact(f.tags, key(t))),
            Atom::Lang(l) => Some(exact(f.lang, l.clone())),
            Atom::Word(w) => {
                let words: Vec<Box<dyn TantivyQuery>> = analyzer::terms(w, Analysis::Key)
                    .into_iter()
                    .map(|t| self.word(&t.text))
                    .collect();
                all_of(words)
            }
            Atom::Phrase(p) => {
                let keys: Vec<String> = analyzer::terms(p, Analysis::Key)
                    .into_iter()
                    .map(|t| t.text)
                    .collect();
                match keys.len() {
                    0 => None,
                    1 => Some(self.word(&keys[0])),
                    _ => {
                        let phrase = |field: Field| -> Box<dyn TantivyQuery> {
                            Box::new(PhraseQuery::new(
                                keys.iter()
                                    .map(|k| Term::from_field_text(field, k))
                                    .collect(),
                            ))
                        };
                        Some(Box::new(BooleanQuery::new(vec![
                            (
                                Occur::Should,
                                Box::new(BoostQuery::new(phrase(f.title_key), TITLE_KEY_BOOST)),
                            ),
                            (Occur::Should, phrase(f.text_key)),
                        ])))
                    }
                }
            }
        }
    }

    /// One word in any field, by its key and its stem.
    fn word(&self, key: &str) -> Box<dyn TantivyQuery> {
        let f = &self.fields;
        let term = |field: Field, text: &str, boost: f32| -> (Occur, Box<dyn TantivyQuery>) {
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, text),
                        IndexRecordOption::WithFreqs,
                    )),
                    boost,
                )),
            )
        };
        let mut should = vec![
            term(f.title_key, key, TITLE_KEY_BOOST),
            term(f.text_key, key, TEXT_KEY_BOOST),
        ];
        if !marsad_text::is_stop_word(key) {
            let stem = marsad_text::stem(key);
            should.push(term(f.title_stem, stem, TITLE_STEM_BOOST));
            should.push(term(f.text_stem, stem, TEXT_STEM_BOOST));
        }
        Box::new(BooleanQuery::new(should))
    }

    /// Answers a parsed query.
    pub fn search(&self, q: &Query, options: &SearchOptions) -> Result<Results, IndexError> {
        let searcher = self.reader.searcher();
        let query = self.compile(q);
        // Enough candidates to fill the page after folding copies.
        let wanted = (options.offset + options.limit).max(1);
        let fetch = if options.collapse_copies {
            wanted * 4 + 20
        } else {
            wanted
        };
        // The page is ranked in a pass of its own, so that tantivy can skip the blocks of
        // postings that cannot reach it; counting every match per source and day needs no
        // score and runs as a second, unscored pass. One pass with both collectors would
        // score every matching article, tens of milliseconds for a common word at a million.
        let ranked: Vec<(f32, DocAddress)> = match options.sort {
            Sort::Relevance => {
                searcher.search(&query, &TopDocs::with_limit(fetch).order_by_score())?
            }
            Sort::Newest => searcher
                .search(
                    &query,
                    &TopDocs::with_limit(fetch)
                        .order_by_fast_field::<i64>("published", tantivy::Order::Desc),
                )?
                .into_iter()
                .map(|(p, d)| (p.unwrap_or(0) as f32, d))
                .collect(),
            Sort::Blend { half_life_days } => {
                let now = options.now_ms;
                let half_life_ms = f64::from(half_life_days.max(0.01)) * 86_400_000.0;
                searcher.search(
                    &query,
                    &TopDocs::with_limit(fetch).tweak_score(move |segment: &SegmentReader| {
                        let published = segment
                            .fast_fields()
                            .i64("published")
                            .map(|c| c.first_or_default_col(now));
                        move |doc: DocId, score: Score| {
                            let at = published.as_ref().map_or(now, |c| c.get_val(doc));
                            let age = (now - at).max(0) as f64;
                            score * 0.5f64.powf(age / half_life_ms) as f32
                        }
                    }),
                )?
            }
        };
        let (total, facets) =
            searcher.search(&query, &(tantivy::collector::Count, FacetCollector))?;
        let (by_source, by_day) = facets;
        let terms = QueryTerms::of(q);
        let mut groups: Vec<(u64, DocAddress, f32, usize)> = Vec::new();
        let mut group_of: HashMap<u64, usize> = HashMap::new();
        // The group key is read from the fast fields: the stored documents (texts and all)
        // are loaded only for the page of results.
        let key_field = if options.collapse_copies {
            "root"
        } else {
            "id"
        };
        let keys: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.fast_fields().u64(key_field))
            .collect::<Result<_, _>>()?;
        for (score, address) in ranked {
            let key = keys[address.segment_ord as usize]
                .first(address.doc_id)
                .unwrap_or(0);
            match group_of.get(&key) {
                Some(&g) => groups[g].3 += 1,
                None => {
                    group_of.insert(key, groups.len());
                    groups.push((key, address, score, 0));
                }
            }
        }
        let mut hits = Vec::new();
        for (_, address, score, copies) in
            groups.into_iter().skip(options.offset).take(options.limit)
        {
            let doc: TantivyDocument = searcher.doc(address)?;
            let f = &self.fields;
            let title = text_of(&doc, f.title);
            let text = text_of(&doc, f.text);
            hits.push(Hit {
                id: u64_of(&doc, f.id),
                url: text_of(&doc, f.url),
                title_highlights: terms.highlights(&title),
                snippet: terms.snippet(&text),
                title,
                score,
                published_ms: doc.get_first(f.published).and_then(|v| v.as_i64()),
                source_id: u64_of(&doc, f.source_id),
                story: u64_of(&doc, f.story),
                copies,
            });
        }
        Ok(Results {
            total,
            hits,
            by_source,
            by_day,
        })
    }
}

/// Every query in one conjunction; `None` when there is none.
fn all_of(mut queries: Vec<Box<dyn TantivyQuery>>) -> Option<Box<dyn TantivyQuery>> {
    match queries.len() {
        0 => None,
        1 => queries.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))),
    }
}

fn u64_of(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0)
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// A place in the store's order of changes (its change sequence, then the article id), up
/// to which the index has read: the index records it with each commit and resumes after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// The store's change sequence.
    pub seq: i64,
    /// The article id.
    pub id: u64,
}

impl Position {
    /// Before every article.
    pub const START: Position = Position { seq: 0, id: 0 };
}

/// The payload of a commit: the schema version and the position indexed up to.
fn payload_text(last: Position) -> String {
    format!("{PAYLOAD_PREFIX} {SCHEMA_VERSION} {} {}", last.seq, last.id)
}

/// The schema version and position recorded with the index's last commit.
fn payload(index: &Index) -> Option<(u32, Position)> {
    let metas = index.load_metas().ok()?;
    let text = metas.payload?;
    let mut parts = text.split(' ');
    (parts.next()? == PAYLOAD_PREFIX).then_some(())?;
    let version = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    Some((version, Position { seq, id }))
}

/// Adds articles to the index and commits them as one batch; a batch dropped without a
/// commit is rolled back.
pub struct BatchWriter<'a> {
    owner: &'a SearchIndex,
    /// Always `Some` until the batch is committed or dropped.
    writer: Option<IndexWriter<TantivyDocument>>,
}

impl BatchWriter<'_> {
    fn writer(&mut self) -> &mut IndexWriter<TantivyDocument> {
        self.writer
            .as_mut()
            .expect("a batch holds the writer while it lives")
    }

    /// Adds (or replaces) an article.
    pub fn add(&mut self, doc: &IndexDoc) -> Result<(), IndexError> {
        self.add_all(std::slice::from_ref(doc))
    }

    /// Adds (or replaces) articles, reading their texts on every core.
    pub fn add_all(&mut self, docs: &[IndexDoc]) -> Result<(), IndexError> {
        let owner = self.owner;
        let writer: &IndexWriter<TantivyDocument> = self.writer();
        let add = |part: &[IndexDoc]| -> Result<(), IndexError> {
            for doc in part {
                writer.delete_term(Term::from_field_u64(owner.fields.id, doc.id));
                writer.add_document(owner.document(doc))?;
            }
            Ok(())
        };
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if docs.len() < 64 || threads == 1 {
            return add(docs);
        }
        let chunk = docs.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = docs
                .chunks(chunk)
                .map(|part| s.spawn(move || add(part)))
                .collect();
            handles
                .into_iter()
                .try_for_each(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        })
    }

    /// Removes every article.
    pub fn clear(&mut self) -> Result<(), IndexError> {
        self.writer().delete_all_documents()?;
        Ok(())
    }

    /// Commits the batch, recording `last` as the position indexed up to, and makes it
    /// visible to searches.
    pub fn commit(mut self, last: Position) -> Result<(), IndexError> {
        let mut commit = self.writer().prepare_commit()?;
        commit.set_payload(&payload_text(last));
        commit.commit()?;
        if let Some(w) = self.writer.take() {
            self.owner.keep(w);
        }
        self.owner.reader.reload()?;
        Ok(())
    }
}

impl Drop for BatchWriter<'_> {
    fn drop(&mut self) {
        // What was added since the last commit must not ride along with the next batch under
        // that batch's last id. A writer that cannot roll back is let go: the next batch
        // opens a fresh one, which starts from the last commit.
        if let Some(mut w) = self.writer.take()
            && w.rollback().is_ok()
        {
            self.owner.keep(w);
        }
    }
}

/// The words of a query, for highlighting: their keys and stems.
struct QueryTerms {
    keys: HashSet<String>,
    stems: HashSet<String>,
}

/// Words in a snippet.
const SNIPPET_WORDS: usize = 30;

impl QueryTerms {
    fn of(q: &Query) -> QueryTerms {
        let mut keys = HashSet::new();
        for atom in q.all.iter().flatten() {
            if let Atom::Word(w) | Atom::Phrase(w) = atom {
                keys.extend(
                    analyzer::terms(w, Analysis::Key)
                        .into_iter()
                        .map(|t| t.text),
                );
            }
        }
        let stems = keys
            .iter()
            .filter(|k| !marsad_text::is_stop_word(k))
            .map(|k| marsad_text::stem(k).to_string())
            .collect();
        QueryTerms { keys, stems }
    }

    /// The byte ranges of the words of `text` that a query word matches.
    fn highlights(&self, text: &str) -> Vec<(usize, usize)> {
        analyzer::terms(text, Analysis::Key)
            .into_iter()
            .filter(|t| {
                self.keys.contains(&t.text)
                    || (!marsad_text::is_stop_word(&t.text)
                        && self.stems.contains(marsad_text::stem(&t.text)))
            })
            .map(|t| (t.start, t.end))
            .collect()
    }

    /// An extract of `text` of about [`SNIPPET_WORDS`] words around the first matched word,
    /// with its highlights (the start of the text when nothing matches).
    fn snippet(&self, text: &str) -> Snippet {
        let words = analyzer::terms(text, Analysis::Key);
        if words.is_empty() {
            return Snippet::default();
        }
        let marks = self.highlights(text);
        let first = marks
            .first()
            .and_then(|m| words.iter().position(|w| w.start == m.0))
            .unwrap_or(0);
        let from = first.saturating_sub(SNIPPET_WORDS / 4);
        let to = (from + SNIPPET_WORDS).min(words.len()) - 1;
        let (start, end) = (words[from].start, words[to].end);
        Snippet {
            text: text[start..end].to_string(),
            highlights: marks
                .into_iter()
                .filter(|m| m.0 >= start && m.1 <= end)
                .map(|m| (m.0 - start, m.1 - start))
                .collect(),
        }
    }
}

/// Counts matches per source and per day.
struct FacetCollector;

/// The per-segment part of [`FacetCollector`].
struct FacetSegment {
    source: Option<tantivy::columnar::Column<u64>>,
    published: Option<tantivy::columnar::Column<i64>>,
    by_source: hashbrown::HashMap<u64, u64>,
    by_day: hashbrown::HashMap<i64, u64>,
    /// Reused buffers of one block's column values.
    sources: Vec<Option<u64>>,
    times: Vec<Option<i64>>,
}

impl Collector for FacetCollector {
    type Fruit = (BTreeMap<u64, u64>, BTreeMap<i64, u64>);
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _segment_id: tantivy::SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        Ok(FacetSegment {
            source: segment.fast_fields().u64("source_id").ok(),
            published: segment.fast_fields().i64("published").ok(),
            by_source: hashbrown::HashMap::new(),
            by_day: hashbrown::HashMap::new(),
            sources: Vec::new(),
            times: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(BTreeMap<u64, u64>, BTreeMap<i64, u64>)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut out = (BTreeMap::new(), BTreeMap::new());
        for (sources, days) in fruits {
            for (k, v) in sources {
                *out.0.entry(k).or_default() += v;
            }
            for (k, v) in days {
                *out.1.entry(k).or_default() += v;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = (BTreeMap<u64, u64>, BTreeMap<i64, u64>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    /// Counts a block of matches, reading the columns a block at a time: a common word
    /// matches most of a million articles, and this runs for each of them.
    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(source) = &self.source {
            self.sources.clear();
            self.sources.resize(docs.len(), None);
            source.first_vals(docs, &mut self.sources);
            for s in self.sources.iter().flatten() {
                *self.by_source.entry(*s).or_default() += 1;
            }
        }
        if let Some(published) = &self.published {
            self.times.clear();
            self.times.resize(docs.len(), None);
            published.first_vals(docs, &mut self.times);
            for at in self.times.iter().flatten() {
                *self.by_day.entry(at.div_euclid(86_400_000)).or_default() += 1;
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        (
            self.by_source.into_iter().collect(),
            self.by_day.into_iter().collect(),
        )
    }
}
