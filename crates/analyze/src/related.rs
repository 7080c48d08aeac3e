//! Related reading ("اقرأ أيضاً"): ranking the other stories that share an article's main tags.
//!
//! A shared tag counts by its importance on the article, by its rarity in the archive (a tag
//! on every tenth article says little) and, more weakly, by how many of the story's articles
//! carry it. The sum decays with the time between the story's latest article and the
//! reference time, so that a fresh story outranks an old one about the same place. The
//! article's own story is never related reading: it is "other coverage", found by story id.

/// One tag a candidate story shares with the article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedTag {
    /// The tag's weight on the article, 1 for its most important tag and less for the rest.
    pub weight: f64,
    /// Articles of the candidate story carrying the tag.
    pub story_articles: u32,
    /// Articles carrying the tag in the archive.
    pub tag_articles: u32,
}

/// A story that shares tags with the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The story.
    pub story: u64,
    /// Publication time of its latest article, in milliseconds since the epoch.
    pub last_ms: Option<i64>,
    /// The tags it shares with the article.
    pub shared: Vec<SharedTag>,
}

/// The constants of the ranking.
#[derive(Debug, Clone, Copy)]
pub struct RelatedConfig {
    /// Days after which a story's rank has halved.
    pub half_life_days: f64,
    /// Least score of a story to be shown: the article's main tag alone reaches it while
    /// fewer than one article in four and a half carries it; a lesser tag must be rarer.
    pub min_score: f64,
}

impl Default for RelatedConfig {
    fn default() -> RelatedConfig {
        RelatedConfig {
            half_life_days: 7.0,
            min_score: 1.5,
        }
    }
}

/// The score of one candidate, given the archive's size and the reference time.
pub fn score(c: &Candidate, archive: u32, now_ms: i64, config: &RelatedConfig) -> f64 {
    let archive = f64::from(archive.max(1));
    let relevance: f64 = c
        .shared
        .iter()
        .map(|t| {
            let idf = (archive / f64::from(t.tag_articles.max(1))).ln().max(0.0);
            t.weight * idf * (1.0 + f64::from(t.story_articles.max(1)).ln() * 0.5)
        })
        .sum();
    let age_days = c
        .last_ms
        .map_or(0.0, |t| (now_ms - t).unsigned_abs() as f64 / 86_400_000.0);
    relevance * 0.5f64.powf(age_days / config.half_life_days)
}

/// The stories to suggest, best first, at most `limit`: `own` (the article's story) is never
/// among them, and stories below the least score are left out.
pub fn rank(
    candidates: &[Candidate],
    own: Option<u64>,
    archive: u32,
    now_ms: i64,
    limit: usize,
    config: &RelatedConfig,
) -> Vec<(u64, f64)> {
    let mut ranked: Vec<(u64, f64)> = candidates
        .iter()
        .filter(|c| Some(c.story) != own)
        .map(|c| (c.story, score(c, archive, now_ms, config)))
        .filter(|(_, s)| *s >= config.min_score)
        .collect();
    // Best first; among equals the newer story (higher id) first, so the order is stable.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    ranked.truncate(limit);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn tag(weight: f64, tag_articles: u32) -> SharedTag {
        SharedTag {
            weight,
            story_articles: 1,
            tag_articles,
        }
    }

    fn candidate(story: u64, days_ago: i64, shared: Vec<SharedTag>) -> Candidate {
        Candidate {
            story,
            last_ms: Some(100 * DAY - days_ago * DAY),
            shared,
        }
    }

    #[test]
    fn rare_and_many_shared_tags_rank_first_and_the_own_story_never_shows() {
        let now = 100 * DAY;
        let cands = vec![
            // Shares only a tag on a third of the archive: not related.
            candidate(1, 0, vec![tag(1.0, 3_000)]),
            // Shares the article's main, rare tag.
            candidate(2, 1, vec![tag(1.0, 20)]),
            // Shares the main tag and a second one.
            candidate(3, 1, vec![tag(1.0, 20), tag(0.5, 50)]),
            // The article's own story, which shares everything.
            candidate(4, 0, vec![tag(1.0, 20), tag(0.5, 50), tag(0.33, 80)]),
        ];
        let ranked = rank(&cands, Some(4), 10_000, now, 10, &RelatedConfig::default());
        let ids: Vec<u64> = ranked.iter().map(|r| r.0).collect();
        assert_eq!(ids, [3, 2]);
    }

    #[test]
    fn an_old_story_ranks_below_a_fresh_one_on_the_same_tags() {
        let now = 100 * DAY;
        let cands = vec![
            candidate(1, 30, vec![tag(1.0, 20)]),
            candidate(2, 1, vec![tag(1.0, 20)]),
        ];
        let ranked = rank(&cands, None, 10_000, now, 1, &RelatedConfig::default());
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].0, 2);
        let config = RelatedConfig::default();
        assert!(score(&cands[0], 10_000, now, &config) < score(&cands[1], 10_000, now, &config));
    }
}
