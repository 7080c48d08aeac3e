//! Tags of an article: the tags its page lists, then the people, places and organisations of
//! the gazetteer that it is about, then its keyphrases, keyed on the folded form so that
//! spelling variants meet.

use crate::gazetteer::{Entity, EntityKind, Gazetteer};
use hashbrown::HashMap;

/// Most tags given to one article.
pub const MAX_TAGS: usize = 10;
/// Characters of a text that make its lead, about the first two sentences: an entity named
/// there is what the article is about.
pub const LEAD_CHARS: usize = 400;

/// A tag with its kind (`None` for a page tag that names no gazetteer entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The display name: the canonical name of an entity, else the page's own spelling.
    pub name: String,
    /// The folded key that identifies the tag across spellings.
    pub key: String,
    /// What the tag names, when the gazetteer knows it.
    pub kind: Option<EntityKind>,
}

/// The entities of a headline and text that are not agencies (agencies are credits).
pub fn entities(title: &str, text: &str) -> Vec<Entity> {
    let g = Gazetteer::bundled();
    g.find(title)
        .into_iter()
        .chain(g.find(text))
        .filter(|e| e.kind != EntityKind::Agency)
        .collect()
}

/// The distinct canonical names of the entities of a headline and text, sorted: the form
/// the story clustering compares.
pub fn entity_names(title: &str, text: &str) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = entities(title, text).into_iter().map(|e| e.name).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The tags of an article. Page tags come first, in page order; entities follow, ranked by
/// how often they are named, a headline mention counting three times and one in the lead
/// twice. An entity named once in the body only is a passing mention and is left out.
pub fn tags(title: &str, text: &str, page_tags: &[String]) -> Vec<Tag> {
    tags_and_entities(title, text, page_tags).0
}

/// [`tags`] and [`entity_names`] together, reading the headline and text for entities once:
/// the per-article analysis needs both.
pub fn tags_and_entities(
    title: &str,
    text: &str,
    page_tags: &[String],
) -> (Vec<Tag>, Vec<&'static str>) {
    use crate::gazetteer::tokenize;
    let m = mentions_in(title, &tokenize(title), text, &tokenize(text), page_tags);
    (m.tags, m.entities)
}

/// What an article names, read once from its headline and text.
pub(crate) struct Mentions {
    /// Its tags, as [`tags`] gives them.
    pub tags: Vec<Tag>,
    /// Its entities, as [`entity_names`] gives them.
    pub entities: Vec<&'static str>,
    /// The distinct places and people named in the lead of the text, sorted.
    pub lead_names: Vec<&'static str>,
}

/// [`tags_and_entities`] and the names of the lead, over the word and number tokens of
/// headline and text already read.
pub(crate) fn mentions_in(
    title: &str,
    title_toks: &[crate::gazetteer::Tok],
    text: &str,
    text_toks: &[crate::gazetteer::Tok],
    page_tags: &[String],
) -> Mentions {
    let g = Gazetteer::bundled();
    let (in_title, in_text) = (g.find_in(title, title_toks), g.find_in(text, text_toks));
    let mut names: Vec<&'static str> = in_title
        .iter()
        .chain(&in_text)
        .filter(|e| e.kind != EntityKind::Agency)
        .map(|e| e.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    let lead_end = text
        .char_indices()
        .nth(LEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let lead_start = dateline_end(text);
    let mut lead_names: Vec<&'static str> = in_text
        .iter()
        .filter(|e| {
            (lead_start..lead_end).contains(&e.start)
                && matches!(e.kind, EntityKind::Place | EntityKind::Person)
        })
        .map(|e| e.name)
        .collect();
    lead_names.sort_unstable();
    lead_names.dedup();
    let mut out: Vec<Tag> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in page_tags {
        let key = marsad_text::key(t.trim());
        if key.is_empty() {
            continue;
        }
        // A page tag that is an entity takes the entity's canonical name.
        let found = g
            .find(t)
            .into_iter()
            .find(|e| e.start == 0 && e.end == t.trim().len());
        let tag = match found {
            Some(e) => Tag {
                name: e.name.to_string(),
                key: marsad_text::key(e.name),
                kind: Some(e.kind),
            },
            None => Tag {
                name: t.trim().to_string(),
                key,
                kind: None,
            },
        };
        // Two spellings of one entity are one tag: keys are distinct in the result.
        if seen.insert(tag.key.clone()) {
            out.push(tag);
        }
    }
    let mut score: HashMap<&'static str, (u32, usize, EntityKind)> = HashMap::new();
    for (i, e) in in_title.into_iter().enumerate() {
        let s = score.entry(e.name).or_insert((0, i, e.kind));
        s.0 += 3;
    }
    for (i, e) in in_text.into_iter().enumerate() {
        let s = score.entry(e.name).or_insert((0, 1000 + i, e.kind));
        s.0 += if e.start < lead_end { 2 } else { 1 };
    }
    let mut ranked: Vec<(&'static str, (u32, usize, EntityKind))> = score
        .into_iter()
        .filter(|(_, (s, _, kind))| *s >= 2 && *kind != EntityKind::Agency)
        .collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    for (name, (_, _, kind)) in ranked {
        let key = marsad_text::key(name);
        if seen.insert(key.clone()) {
            out.push(Tag {
                name: name.to_string(),
                key,
                kind: Some(kind),
            });
        }
    }
    out.truncate(MAX_TAGS);
    Mentions {
        tags: out,
        entities: names,
        lead_names,
    }
}

/// Where the body of a text starts after its dateline (`سبق - أبها:`, `الرياض - واس -`, a
/// short first line): the end of the last colon, dash or line break among the first
/// [`DATELINE_CHARS`] characters that has at most [`DATELINE_TOKENS`] words before it; 0 for
/// none. The place of a dateline is where the reporter files from, which outlets add or drop
/// when they republish, so it does not say what the article is about.
pub(crate) fn dateline_end(text: &str) -> usize {
    let mut end = 0;
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().take(DATELINE_CHARS) {
        // A tatweel standing alone is written as a dash (سبق ـ أبها); inside a word it only
        // stretches the word.
        let dash = crate::credit::DASHES.contains(&c) || (c == '\u{0640}' && !in_word);
        if c.is_alphanumeric() && !dash {
            words += usize::from(!in_word);
            in_word = true;
            continue;
        }
        in_word = false;
        if words > DATELINE_TOKENS {
            break;
        }
        if words > 0 && (dash || matches!(c, ':' | '\n')) {
            end = i + c.len_utf8();
        }
    }
    end
}

/// How far into a text a dateline may reach, in characters.
const DATELINE_CHARS: usize = 60;
/// Most words a dateline has.
const DATELINE_TOKENS: usize = 8;

/// An article's tags followed by its keyphrases, within [`MAX_TAGS`]: the tags
/// ingestion stores and `marsad analyze` reports.
pub fn with_keyphrases(
    tags: &[Tag],
    phrases: &[crate::keyphrases::Phrase],
    stats: &crate::keyphrases::PhraseStats,
) -> Vec<Tag> {
    let taken: Vec<String> = tags.iter().map(|t| t.key.clone()).collect();
    let mut out = tags.to_vec();
    out.extend(
        crate::keyphrases::keyphrases(phrases, stats, &taken)
            .into_iter()
            .map(|p| Tag {
                name: p.name,
                key: p.key,
                kind: None,
            }),
    );
    out.truncate(MAX_TAGS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dateline_ends_at_its_last_mark_within_a_few_words() {
        let body = |t: &'static str| &t[dateline_end(t)..];
        assert_eq!(body("سبق ـ أبها: حددت الإدارة").trim(), "حددت الإدارة");
        assert_eq!(body("فهد كاملي - سبق - جازان: حصلت").trim(), "حصلت");
        assert_eq!(
            body("عين اليوم – الرياض\n أصدرت الوزارة").trim(),
            "أصدرت الوزارة"
        );
        assert_eq!(body("الرياض - واس - أصدرت الوزارة").trim(), "أصدرت الوزارة");
        let plain = "أصدرت وزارة الداخلية اليوم بيانا بشأن تنفيذ حكم في منطقة الرياض - وقالت";
        assert_eq!(
            dateline_end(plain),
            0,
            "a mark after many words ends no dateline"
        );
        assert_eq!(
            dateline_end("الـرياض مدينة"),
            0,
            "a tatweel inside a word is no dash"
        );
    }

    #[test]
    fn lead_names_are_places_and_people_of_the_lead_after_the_dateline() {
        let toks = crate::gazetteer::tokenize;
        let text = format!(
            "سبق - أبها: بعث الملك سلمان بن عبدالعزيز برقية إلى رئيس تونس. {} وذكر البيان القاهرة.",
            "كلمات عادية لا تسمي أحدا ".repeat(30)
        );
        let m = mentions_in("", &toks(""), &text, &toks(&text), &[]);
        assert!(m.lead_names.contains(&"تونس"), "{:?}", m.lead_names);
        assert!(m.lead_names.contains(&"سلمان بن عبدالعزيز"));
        assert!(!m.lead_names.contains(&"أبها"), "the dateline's place");
        assert!(!m.lead_names.contains(&"القاهرة"), "named after the lead");
        assert!(m.entities.contains(&"القاهرة") && m.entities.contains(&"أبها"));
    }

    #[test]
    fn headline_entities_and_page_tags_come_first_and_variants_meet() {
        let t = tags(
            "وزير الخارجية يصل إلى القاهرة",
            "وصل وزير الخارجية إلى القاهرة اليوم في زيارة تستمر يومين لبحث ملفات حلف الناتو. \
             وقال إن الناتو شريك مهم.",
            &[
                "  حلف شمال الأطلسي ".to_string(),
                "زيارات".to_string(),
                "حلف الناتو".to_string(),
            ],
        );
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names[0], "حلف شمال الأطلسي");
        assert_eq!(names[1], "زيارات");
        assert!(names.contains(&"القاهرة"), "{names:?}");
        // The page tag and the text's الناتو are one tag.
        assert_eq!(names.iter().filter(|n| **n == "حلف شمال الأطلسي").count(), 1);
    }

    #[test]
    fn a_single_passing_mention_in_the_body_is_not_a_tag() {
        let filler = "كلمات عادية لا تسمي أحدا ".repeat(40);
        let t = tags(
            "خبر محلي",
            &format!("{filler} وذكر أيضا بغداد مرة واحدة."),
            &[],
        );
        assert!(t.is_empty(), "{t:?}");
    }
}
