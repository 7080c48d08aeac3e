//! Online story clustering: each article, in published order, joins the most similar recent
//! story or starts a new one.
//!
//! A story keeps the sum of its articles' term vectors (its centroid) and the entities they
//! name. An article's score against a story is the cosine with the centroid plus a bonus for
//! shared entities, decayed by the time between the article and the story's span. Candidates come from
//! an inverted index from the centroid's heaviest terms to stories, and stories leave the
//! index once they have been quiet for the window, so the cost per article depends on the
//! news of the last days and not on the size of the archive.

use crate::terms::{Term, TermVector};
use std::collections::{HashMap, VecDeque};

/// Thresholds and bounds of the clustering.
#[derive(Debug, Clone, Copy)]
pub struct StoryConfig {
    /// Least score for an article to join a story.
    pub threshold: f32,
    /// Bonus per shared entity (people, places, organisations), capped at three.
    pub entity_bonus: f32,
    /// Hours after which a story's pull on a new article has halved.
    pub half_life_hours: f32,
    /// A story quiet for this long (milliseconds) takes no more articles.
    pub window_ms: i64,
    /// Heaviest terms of an article used to look up candidate stories.
    pub query_terms: usize,
    /// Heaviest centroid terms under which a story is indexed.
    pub index_terms: usize,
    /// Most recent stories read per index term (bounds the work on very common terms).
    pub postings_read: usize,
    /// Candidates scored per article: those found under its heaviest query terms.
    pub candidates: usize,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            threshold: 0.30,
            entity_bonus: 0.03,
            half_life_hours: 48.0,
            window_ms: 4 * 24 * 3_600_000,
            query_terms: 12,
            index_terms: 24,
            postings_read: 200,
            candidates: 64,
        }
    }
}

#[derive(Debug)]
struct Story {
    /// Summed term weights of its articles, sorted by term: a sorted vector takes a third of
    /// a hash map's memory, and scoring walks it beside the article's sorted vector.
    centroid: Vec<(Term, f32)>,
    /// Squared length of the centroid, kept as it changes: scoring reads it for every
    /// candidate story of every article.
    norm_sq: f32,
    /// Entities its articles name, sorted and distinct.
    entities: Vec<&'static str>,
    /// Publication times of its earliest and latest articles.
    first_at: i64,
    last_at: i64,
    /// The window clock when an article last joined it.
    last_clock: i64,
    /// Terms it is indexed under.
    indexed: Vec<Term>,
}

/// Clustering state over the stories of the window.
#[derive(Debug)]
pub struct Clusterer {
    config: StoryConfig,
    stories: HashMap<u64, Story>,
    index: HashMap<Term, Vec<u64>>,
    order: VecDeque<(i64, u64)>,
    next_id: u64,
}

impl Clusterer {
    /// An empty clusterer; new stories are numbered from `first_id`.
    pub fn new(config: StoryConfig, first_id: u64) -> Clusterer {
        Clusterer {
            config,
            stories: HashMap::new(),
            index: HashMap::new(),
            order: VecDeque::new(),
            next_id: first_id,
        }
    }

    /// Stories currently in the window.
    pub fn live_stories(&self) -> usize {
        self.stories.len()
    }

    /// The score of an article against a story's state.
    fn score(&self, story: &Story, v: &TermVector, entities: &[&'static str], at: i64) -> f32 {
        let norm = story.norm_sq.sqrt();
        if norm == 0.0 {
            return 0.0;
        }
        let dot = TermVector::dot(&v.0, &story.centroid);
        let shared = entities
            .iter()
            .filter(|e| story.entities.binary_search(e).is_ok())
            .count()
            .min(3);
        // The decay counts the time outside the story's span, so that an article published
        // between its first and latest reports (it arrived late) is not pushed away.
        let gap = (story.first_at - at).max(at - story.last_at).max(0);
        let decay = 0.5f32.powf(gap as f32 / 3_600_000.0 / self.config.half_life_hours);
        (dot / norm + self.config.entity_bonus * shared as f32) * decay
    }

    /// Assigns an article published at `at` to a story and returns the story id, with the
    /// window following publication times: the order of [`crate::analyze`], which sees the
    /// articles sorted. `forced` is the story of the article's original when it is a copy:
    /// copies always join their original's story.
    pub fn assign(
        &mut self,
        v: &TermVector,
        entities: &[&'static str],
        at: i64,
        forced: Option<u64>,
    ) -> u64 {
        self.assign_on_clock(v, entities, at, at, forced)
    }

    /// As [`Clusterer::assign`], with the window following `clock` instead: a story takes
    /// articles while one joined it less than the window before `clock`. Ingestion passes
    /// the time of arrival, which only grows, whereas a crawl meets publication times in any
    /// order; the time decay still follows publication.
    pub fn assign_on_clock(
        &mut self,
        v: &TermVector,
        entities: &[&'static str],
        at: i64,
        clock: i64,
        forced: Option<u64>,
    ) -> u64 {
        self.evict_before(clock - self.config.window_ms);
        let chosen = forced.or_else(|| {
            // A story found under one common query term rarely wins, and with a full window
            // scoring every such story is most of the work: only the stories found under
            // the article's heaviest terms are scored (the sum of the weights of the query
            // terms that found them).
            let mut hits: HashMap<u64, f32> = HashMap::new();
            for t in v.top(self.config.query_terms) {
                let weight =
                    v.0.binary_search_by_key(&t, |e| e.0)
                        .map_or(0.0, |i| v.0[i].1);
                if let Some(list) = self.index.get(&t) {
                    let from = list.len().saturating_sub(self.config.postings_read);
                    for id in &list[from..] {
                        *hits.entry(*id).or_default() += weight;
                    }
                }
            }
            let mut candidates: Vec<(u64, f32)> = hits.into_iter().collect();
            if candidates.len() > self.config.candidates {
                // Heaviest first, then the most recently started story.
                candidates.select_nth_unstable_by(self.config.candidates, |a, b| {
                    b.1.total_cmp(&a.1).then(b.0.cmp(&a.0))
                });
                candidates.truncate(self.config.candidates);
            }
            candidates
                .into_iter()
                .filter_map(|(id, _)| {
                    self.stories
                        .get(&id)
                        .map(|s| (id, self.score(s, v, entities, at)))
                })
                .filter(|(_, s)| *s >= self.config.threshold)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(id, _)| id)
        });
        let id = chosen.unwrap_or_else(|| {
            let id = self.next_id;
            self.next_id += 1;
            id
        });
        self.add_to(id, v, entities, at, clock);
        id
    }

    fn add_to(&mut self, id: u64, v: &TermVector, entities: &[&'static str], at: i64, clock: i64) {
        let story = self.stories.entry(id).or_insert_with(|| Story {
            centroid: Vec::new(),
            norm_sq: 0.0,
            entities: Vec::new(),
            first_at: at,
            last_at: at,
            last_clock: clock,
            indexed: Vec::new(),
        });
        story.norm_sq += 2.0 * TermVector::dot(&v.0, &story.centroid)
            + v.0.iter().map(|e| e.1 * e.1).sum::<f32>();
        story.centroid = merge_sum(&story.centroid, &v.0);
        for e in entities {
            if let Err(i) = story.entities.binary_search(e) {
                story.entities.insert(i, e);
            }
        }
        story.first_at = story.first_at.min(at);
        story.last_at = story.last_at.max(at);
        story.last_clock = story.last_clock.max(clock);
        let mut heaviest = story.centroid.clone();
        heaviest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // Keep the centroid bounded: the lightest terms of a large story say little about it.
        if story.centroid.len() > 4 * crate::terms::MAX_TERMS {
            let mut kept = heaviest[..2 * crate::terms::MAX_TERMS].to_vec();
            kept.sort_by_key(|e| e.0);
            story.norm_sq = kept.iter().map(|e| e.1 * e.1).sum();
            story.centroid = kept;
        }
        for (t, _) in heaviest.into_iter().take(self.config.index_terms) {
            if !story.indexed.contains(&t) {
                story.indexed.push(t);
                self.index.entry(t).or_default().push(id);
            }
        }
        self.order.push_back((clock, id));
    }

    /// Closes the stories no article joined since before `cutoff` (on the window clock) and
    /// takes them out of the postings of the terms they were indexed under, so no posting
    /// names a closed story.
    fn evict_before(&mut self, cutoff: i64) {
        while let Some(&(clock, id)) = self.order.front() {
            if clock >= cutoff {
                break;
            }
            self.order.pop_front();
            // A story leaves only when its latest article joined before the cutoff.
            if self.stories.get(&id).is_none_or(|s| s.last_clock >= cutoff) {
                continue;
            }
            let Some(story) = self.stories.remove(&id) else {
                continue;
            };
            for t in story.indexed {
                if let Some(ids) = self.index.get_mut(&t) {
                    ids.retain(|s| *s != id);
                    if ids.is_empty() {
                        self.index.remove(&t);
                    }
                }
            }
        }
    }
}

/// The term-wise sum of two vectors sorted by term, sorted by term.
fn merge_sum(a: &[(Term, f32)], b: &[(Term, f32)]) -> Vec<(Term, f32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((a[i].0, a[i].1 + b[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out.shrink_to_fit();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{DocFreq, TermCounts};

    const HOUR: i64 = 3_600_000;

    fn vectors(texts: &[(&str, &str)]) -> Vec<TermVector> {
        let counts: Vec<TermCounts> = texts.iter().map(|(a, b)| TermCounts::of(a, b)).collect();
        let mut df = DocFreq::new();
        counts.iter().for_each(|c| df.add(c));
        counts.iter().map(|c| df.vector(c)).collect()
    }

    #[test]
    fn reports_of_one_event_meet_and_another_event_stays_apart() {
        let v = vectors(&[
            (
                "زلزال بقوة ست درجات يضرب ساحل المدينة",
                "ضرب زلزال بقوة ست درجات ساحل المدينة فجر اليوم وتضررت مبان قديمة",
            ),
            (
                "زلزال يهز ساحل المدينة ويلحق أضرارا بمبان قديمة",
                "هز زلزال قوي ساحل المدينة وتضررت عدة مبان قديمة بحسب الدفاع المدني",
            ),
            (
                "المنتخب يتأهل إلى نهائي كأس القارات",
                "تأهل المنتخب الوطني إلى نهائي كأس القارات بعد فوزه بهدفين",
            ),
        ]);
        let mut c = Clusterer::new(StoryConfig::default(), 1);
        let a = c.assign(&v[0], &[], 0, None);
        let b = c.assign(&v[1], &[], HOUR, None);
        let d = c.assign(&v[2], &[], 2 * HOUR, None);
        assert_eq!(a, b);
        assert_ne!(a, d);
    }

    #[test]
    fn copies_join_their_original_and_old_stories_take_no_more_articles() {
        let v = vectors(&[
            (
                "زلزال بقوة ست درجات يضرب ساحل المدينة",
                "ضرب زلزال بقوة ست درجات ساحل المدينة فجر اليوم",
            ),
            (
                "خبر آخر تماما عن الاقتصاد",
                "ارتفعت أسعار النفط في الأسواق العالمية",
            ),
        ]);
        let mut c = Clusterer::new(StoryConfig::default(), 1);
        let a = c.assign(&v[0], &[], 0, None);
        assert_eq!(c.assign(&v[1], &[], HOUR, Some(a)), a, "forced copies join");
        let late = c.assign(&v[0], &[], 30 * 24 * HOUR, None);
        assert_ne!(late, a, "a story quiet for a month is closed");
        assert_eq!(c.live_stories(), 1);
        assert!(
            c.index.values().all(|ids| ids == &[late]),
            "closed stories leave the index"
        );
    }

    #[test]
    fn a_late_arrival_joins_its_story_and_the_window_follows_the_clock() {
        let v = vectors(&[
            (
                "زلزال بقوة ست درجات يضرب ساحل المدينة",
                "ضرب زلزال بقوة ست درجات ساحل المدينة فجر اليوم وتضررت مبان قديمة",
            ),
            (
                "زلزال يهز ساحل المدينة ويلحق أضرارا بمبان قديمة",
                "هز زلزال قوي ساحل المدينة وتضررت عدة مبان قديمة بحسب الدفاع المدني",
            ),
        ]);
        let mut c = Clusterer::new(StoryConfig::default(), 1);
        let day = 24 * HOUR;
        // Crawled ten days after the event, in reverse order: the clock is the arrival.
        let a = c.assign_on_clock(&v[0], &[], 2 * HOUR, 10 * day, None);
        let b = c.assign_on_clock(&v[1], &[], 0, 10 * day + 1, None);
        assert_eq!(a, b, "an earlier report arriving later joins the story");
        // An article published long before the story's span is decayed away from it.
        let far = c.assign_on_clock(&v[1], &[], -30 * day, 10 * day + 2, None);
        assert_ne!(far, a);
        // Stories close when nothing joined them for the window, on the clock.
        c.assign_on_clock(&v[0], &[], 2 * HOUR, 15 * day, None);
        assert_eq!(c.live_stories(), 1);
    }
}
