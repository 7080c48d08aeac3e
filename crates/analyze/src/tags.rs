//! Tags of an article: the tags its page lists, then the people, places and organisations of
//! the gazetteer that it is about, then its keyphrases, keyed on the folded form so that
//! spelling variants meet.

use crate::gazetteer::{Entity, EntityKind, Gazetteer};
use hashbrown::HashMap;

/// Most tags given to one article.
pub const MAX_TAGS: usize = 10;

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
    tags_and_entities_in(title, &tokenize(title), text, &tokenize(text), page_tags)
}

/// [`tags_and_entities`] over the word and number tokens of headline and text already read.
pub(crate) fn tags_and_entities_in(
    title: &str,
    title_toks: &[crate::gazetteer::Tok],
    text: &str,
    text_toks: &[crate::gazetteer::Tok],
    page_tags: &[String],
) -> (Vec<Tag>, Vec<&'static str>) {
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
    let lead_end = text.char_indices().nth(400).map_or(text.len(), |(i, _)| i);
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
    (out, names)
}

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
