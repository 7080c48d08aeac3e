//! The whole analysis of a batch of articles, in published order: near-duplicates, stories,
//! tags and credits. `marsad analyze` runs this; ingestion runs the same stages one article
//! at a time.

use crate::copies::{CopyConfig, CopyIndex, Names};
use crate::minhash::Signature;
use crate::story::{Clusterer, StoryConfig};
use crate::terms::{DocFreq, TermCounts};

/// One article to analyse.
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    /// The caller's id, returned as is.
    pub id: String,
    /// The outlet.
    pub source: String,
    /// The headline.
    pub title: String,
    /// The plain text.
    pub text: String,
    /// Publication time in milliseconds since the epoch, when known.
    pub published_ms: Option<i64>,
    /// Tags the page itself lists.
    pub page_tags: Vec<String>,
}

/// What the analysis decided for one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The article's id.
    pub id: String,
    /// The story it belongs to.
    pub story: String,
    /// The id of the earliest article it copies, when it is a copy.
    pub duplicate_of: Option<String>,
    /// Its tags, most important first.
    pub tags: Vec<String>,
    /// The news agency its text credits, when one is credited.
    pub credit: Option<String>,
}

/// Configuration of every stage.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnalyzeConfig {
    /// Near-duplicate rule and window.
    pub copies: CopyConfig,
    /// Story clustering thresholds and window.
    pub stories: StoryConfig,
}

/// Per-article analysis that needs no other article: CPU work done in parallel (or off the
/// async workers) before the sequential decisions.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The MinHash signature, when the text is long enough to have one.
    pub signature: Option<Signature>,
    /// Weighted term counts of headline and text.
    pub counts: TermCounts,
    /// Entities named (no agencies), sorted and distinct.
    pub entities: Vec<&'static str>,
    /// Places and people named in the lead of the text, sorted and distinct.
    pub lead_names: Vec<&'static str>,
    /// Page tags and entities, most important first.
    pub tags: Vec<crate::tags::Tag>,
    /// Candidate keyphrases, judged against the corpus when the article is decided.
    pub phrases: Vec<crate::keyphrases::Phrase>,
    /// The agency the text credits, when one is credited.
    pub credit: Option<&'static str>,
}

impl Prepared {
    /// The names the copy rule compares.
    pub fn names(&self) -> Names<'_> {
        Names {
            all: &self.entities,
            lead: &self.lead_names,
        }
    }
}

impl Reread {
    /// The names the copy rule compares.
    pub fn names(&self) -> Names<'_> {
        Names {
            all: &self.entities,
            lead: &self.lead_names,
        }
    }
}

/// Analyses one article on its own. Headline and text are tokenized and folded once, and
/// every stage reads those keys: tokenizing is most of the cost of this step.
pub fn prepare(title: &str, text: &str, page_tags: &[String]) -> Prepared {
    use crate::gazetteer::tokenize;
    let (title_toks, text_toks) = (tokenize(title), tokenize(text));
    let m = crate::tags::mentions_in(title, &title_toks, text, &text_toks, page_tags);
    let keys: Vec<&str> = text_toks
        .iter()
        .map(|t| t.key.as_str())
        .filter(|k| !k.is_empty())
        .collect();
    Prepared {
        signature: Signature::of_shingles(&crate::minhash::shingle_hashes(&keys)),
        counts: TermCounts::of_keys(words(&title_toks), words(&text_toks)),
        entities: m.entities,
        lead_names: m.lead_names,
        tags: m.tags,
        phrases: crate::keyphrases::phrases_in(title, &title_toks, text, &text_toks),
        credit: crate::credit::primary_credit_in(text, &text_toks),
    }
}

/// What an analysis state keeps of an article already stored, whose signature is stored
/// with it: [`prepare`] without the signature, page tags and credit. Its compact form is
/// the article's analysis digest ([`crate::digest`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Reread {
    /// Weighted term counts of headline and text.
    pub counts: TermCounts,
    /// Entities named (no agencies), sorted and distinct.
    pub entities: Vec<&'static str>,
    /// Places and people named in the lead of the text, sorted and distinct.
    pub lead_names: Vec<&'static str>,
    /// The hashes of its candidate keyphrases, which the corpus' phrase statistics count.
    pub phrase_hashes: Vec<u32>,
}

/// Reads a stored article again, tokenizing headline and text once, for a state that enters
/// articles other processes decided.
pub fn reread(title: &str, text: &str) -> Reread {
    use crate::gazetteer::tokenize;
    let (title_toks, text_toks) = (tokenize(title), tokenize(text));
    let m = crate::tags::mentions_in(title, &title_toks, text, &text_toks, &[]);
    Reread {
        counts: TermCounts::of_keys(words(&title_toks), words(&text_toks)),
        entities: m.entities,
        lead_names: m.lead_names,
        phrase_hashes: crate::keyphrases::phrases_in(title, &title_toks, text, &text_toks)
            .iter()
            .map(crate::keyphrases::Phrase::hash)
            .collect(),
    }
}

/// The keys of the word tokens (not numbers) among `toks`.
fn words(toks: &[crate::gazetteer::Tok]) -> impl Iterator<Item = &str> {
    toks.iter().filter(|t| !t.number).map(|t| t.key.as_str())
}

/// Prepares every article, spreading the work over the cores.
fn prepare_all(articles: &[ArticleInput]) -> Vec<Prepared> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = articles.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = articles
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|a| prepare(&a.title, &a.text, &a.page_tags))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Analyses a batch: copies point to the earliest article of their group, every article
/// gets a story (copies their original's), tags and a credit. Results are in input order.
/// Articles are processed in published order; those without a time keep their input
/// position among the rest.
pub fn analyze(articles: &[ArticleInput], config: &AnalyzeConfig) -> Vec<Analysis> {
    let prepared = prepare_all(articles);
    let mut df = DocFreq::new();
    let mut phrase_stats = crate::keyphrases::PhraseStats::default();
    for p in &prepared {
        df.add(&p.counts);
        phrase_stats.add(&p.phrases);
    }
    // Undated articles take the time of the article before them in input order.
    let mut last = 0;
    let times: Vec<i64> = articles
        .iter()
        .map(|a| {
            last = a.published_ms.unwrap_or(last);
            last
        })
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (times[i], i));

    let mut copies = CopyIndex::new(config.copies);
    let mut clusters = Clusterer::new(config.stories, 1);
    let mut story_of: Vec<u64> = vec![0; articles.len()];
    let mut root_of: Vec<Option<usize>> = vec![None; articles.len()];
    for &i in &order {
        let p = &prepared[i];
        let at = times[i];
        let original = p
            .signature
            .as_ref()
            .and_then(|s| copies.find(s, p.names()))
            .map(|m| m.original as usize);
        let vector = df.vector(&p.counts);
        let story = clusters.assign(&vector, &p.entities, at, original.map(|o| story_of[o]));
        story_of[i] = story;
        root_of[i] = original;
        if let Some(s) = &p.signature {
            copies.insert(
                i as u64,
                original.unwrap_or(i) as u64,
                at,
                s.clone(),
                p.names(),
            );
        }
    }
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| Analysis {
            id: a.id.clone(),
            story: format!("s{}", story_of[i]),
            duplicate_of: root_of[i].map(|r| articles[r].id.clone()),
            tags: crate::tags::with_keyphrases(
                &prepared[i].tags,
                &prepared[i].phrases,
                &phrase_stats,
            )
            .into_iter()
            .map(|t| t.name)
            .collect(),
            credit: prepared[i].credit.map(str::to_string),
        })
        .collect()
}

/// The similarity the story clustering uses, for pairs of texts: the cosine of their TF-IDF
/// vectors (document frequencies counted over every text given) plus the story score's bonus
/// for each shared entity, capped at three.
pub fn similarities(pairs: &[(String, String)]) -> Vec<f32> {
    let bonus = StoryConfig::default().entity_bonus;
    let prepared: Vec<[(TermCounts, Vec<&'static str>); 2]> = pairs
        .iter()
        .map(|(a, b)| {
            [a, b].map(|t| {
                let mut e: Vec<&'static str> = crate::tags::entities("", t)
                    .into_iter()
                    .map(|e| e.name)
                    .collect();
                e.sort_unstable();
                e.dedup();
                (TermCounts::of("", t), e)
            })
        })
        .collect();
    let mut df = DocFreq::new();
    for [a, b] in &prepared {
        df.add(&a.0);
        df.add(&b.0);
    }
    prepared
        .iter()
        .map(|[a, b]| {
            let shared = a.1.iter().filter(|e| b.1.contains(e)).count().min(3);
            df.vector(&a.0).cosine(&df.vector(&b.0)) + bonus * shared as f32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rereading_a_stored_article_gives_what_preparing_it_gave() {
        let title = "وزير الخارجية يلتقي نظيره في عمّان لبحث أزمة المياه";
        let text = "التقى وزير الخارجية اليوم في العاصمة الأردنية عمّان نظيره السوري، وبحث \
            الجانبان أزمة المياه وحصص نهر اليرموك. وقال الوزير إن أزمة المياه تتطلب حلولا \
            مشتركة، وإن الحكومة الأردنية مستعدة لتعاون أوسع مع الأمم المتحدة.";
        let p = prepare(title, text, &[]);
        let r = reread(title, text);
        assert_eq!(r.counts, p.counts);
        assert_eq!(r.entities, p.entities);
        assert_eq!(crate::digest::to_bytes(&r), crate::digest::of_prepared(&p));
        assert!(!r.entities.is_empty(), "the text names places");
        assert!(!r.phrase_hashes.is_empty());
    }

    fn article(id: &str, hour: i64, title: &str, text: &str) -> ArticleInput {
        ArticleInput {
            id: id.into(),
            source: "s".into(),
            title: title.into(),
            text: text.into(),
            published_ms: Some(hour * 3_600_000),
            page_tags: vec![],
        }
    }

    #[test]
    fn a_later_copy_points_to_the_earliest_and_shares_its_story() {
        let wire = "أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في المنطقة الشرقية \
            بطاقة استيعابية تبلغ ستمائة سرير، وقال المتحدث باسم الوزارة إن المستشفيات \
            ستبدأ استقبال المرضى مطلع الشهر المقبل بعد اكتمال تجهيزها بالكوادر الطبية.";
        let inputs = vec![
            article(
                "late",
                5,
                "افتتاح مستشفيات",
                &format!("{wire} وأضاف أن العمل مستمر."),
            ),
            article("first", 1, "الصحة تفتتح ثلاثة مستشفيات", wire),
            article(
                "other",
                2,
                "المنتخب يفوز",
                "فاز المنتخب الوطني لكرة القدم على نظيره بثلاثة أهداف مقابل هدف في المباراة الودية التي أقيمت مساء أمس على الملعب الدولي وسط حضور جماهيري كبير.",
            ),
        ];
        let out = analyze(&inputs, &AnalyzeConfig::default());
        assert_eq!(out[0].duplicate_of.as_deref(), Some("first"));
        assert_eq!(out[1].duplicate_of, None);
        assert_eq!(out[0].story, out[1].story);
        assert_ne!(out[2].story, out[1].story);
        assert_eq!(
            out.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["late", "first", "other"]
        );
    }
}
