//! Online story clustering: each article, in published order, joins the most similar recent
//! story or starts a new one.
//!
//! A story keeps the sum of its articles' term vectors (its centroid) and the entities they
//! name. An article's score against a story is the cosine with the centroid plus a bonus for
//! shared entities, decayed by the time since the story's last article. Candidates come from
//! an inverted index from the centroid's heaviest terms to stories, and stories leave the
//! index once they have been quiet for the window, so the cost per article depends on the
//! news of the last days and not on the size of the archive.

use crate::terms::{Term, TermVector};
use std::collections::{HashMap, HashSet, VecDeque};

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
        }
    }
}

#[derive(Debug)]
struct Story {
    centroid: HashMap<Term, f32>,
    /// Squared length of the centroid, kept as it changes: scoring reads it for every
    /// candidate story of every article.
    norm_sq: f32,
    entities: HashSet<&'static str>,
    last_at: i64,
    indexed: HashSet<Term>,
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
        let dot: f32 =
            v.0.iter()
                .filter_map(|(t, w)| story.centroid.get(t).map(|c| c * w))
                .sum();
        let shared = entities
            .iter()
            .filter(|e| story.entities.contains(*e))
            .count()
            .min(3);
        let hours = ((at - story.last_at).max(0) as f32) / 3_600_000.0;
        let decay = 0.5f32.powf(hours / self.config.half_life_hours);
        (dot / norm + self.config.entity_bonus * shared as f32) * decay
    }

    /// Assigns an article to a story and returns the story id. `forced` is the story of the
    /// article's original when it is a copy: copies always join their original's story.
    pub fn assign(
        &mut self,
        v: &TermVector,
        entities: &[&'static str],
        at: i64,
        forced: Option<u64>,
    ) -> u64 {
        self.evict_before(at - self.config.window_ms);
        let chosen = forced.or_else(|| {
            let mut candidates = HashSet::new();
            for t in v.top(self.config.query_terms) {
                if let Some(list) = self.index.get(&t) {
                    let from = list.len().saturating_sub(self.config.postings_read);
                    candidates.extend(list[from..].iter().copied());
                }
            }
            candidates
                .into_iter()
                .filter_map(|id| {
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
        self.add_to(id, v, entities, at);
        id
    }

    fn add_to(&mut self, id: u64, v: &TermVector, entities: &[&'static str], at: i64) {
        let story = self.stories.entry(id).or_insert_with(|| Story {
            centroid: HashMap::new(),
            norm_sq: 0.0,
            entities: HashSet::new(),
            last_at: at,
            indexed: HashSet::new(),
        });
        for (t, w) in &v.0 {
            let c = story.centroid.entry(*t).or_default();
            story.norm_sq += (*c + w) * (*c + w) - *c * *c;
            *c += w;
        }
        story.entities.extend(entities.iter().copied());
        story.last_at = story.last_at.max(at);
        // Keep the centroid bounded: the lightest terms of a large story say little about it.
        if story.centroid.len() > 4 * crate::terms::MAX_TERMS {
            let mut all: Vec<(Term, f32)> = story.centroid.drain().collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1));
            all.truncate(2 * crate::terms::MAX_TERMS);
            story.norm_sq = all.iter().map(|e| e.1 * e.1).sum();
            story.centroid.extend(all);
        }
        let mut heaviest: Vec<(Term, f32)> = story.centroid.iter().map(|(t, w)| (*t, *w)).collect();
        heaviest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (t, _) in heaviest.into_iter().take(self.config.index_terms) {
            if story.indexed.insert(t) {
                self.index.entry(t).or_default().push(id);
            }
        }
        self.order.push_back((at, id));
    }

    /// Closes the stories quiet since before `cutoff` and takes them out of the postings of
    /// the terms they were indexed under, so no posting names a closed story.
    fn evict_before(&mut self, cutoff: i64) {
        while let Some(&(at, id)) = self.order.front() {
            if at >= cutoff {
                break;
            }
            self.order.pop_front();
            // A story leaves only when its latest article is older than the cutoff.
            if self.stories.get(&id).is_none_or(|s| s.last_at >= cutoff) {
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
}
