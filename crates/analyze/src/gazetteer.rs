//! The gazetteer: named entities (organisations, people, places and news agencies) with their
//! spellings, loaded from `data/gazetteer.tsv`, and the matcher that finds them in a text.
//!
//! # Data
//!
//! One entity per line, `kind<TAB>canonical name<TAB>alias|alias|…`; blank lines and lines
//! starting with `#` are ignored. `kind` is `org`, `person`, `place` or `agency`. The canonical
//! name is itself matched, like every alias. Two markers may start a form in the alias column:
//!
//! * `@form` is a credit-only form of an agency: it is matched only in a credit context (see
//!   [`crate::credit`]), because the form is also an ordinary word (العمانية "Omani",
//!   الفرنسية "French"). Only agencies may carry it.
//! * `!form` is a blocked phrase: it names nothing, and the matcher consumes it whole like a
//!   form, so that no shorter form matches inside it. It removes an ambiguous spelling (عُمان
//!   the country and عمّان the city fold to one key; مالي is also "financial": better no tag
//!   than a wrong one), and it protects phrases that contain a name but mean something else
//!   (الرباط الصليبي is a knee ligament, not Rabat; القوة القاهرة is force majeure, not Cairo;
//!   المجتمع الأهلي is civil society, not the club).
//!
//! A form that folds to the key of a form of another entity, or of a blocked phrase, is an
//! error: one spelling names one entity.
//!
//! # Matching
//!
//! Text and forms are compared token by token on folded keys (`marsad_text::tokens`, then
//! `marsad_text::key` with the default options), so hamza seats, harakat, tatweel, alef
//! maksura, teh marbuta, presentation forms and Latin case do not matter. Forms are kept in a
//! trie over token-key sequences (a map from each prefix of a form to whether it continues
//! and whether it is complete), so a match extends one token at a time and stops as soon as no
//! form continues. At each token the longest form wins, and matching resumes after it; matches
//! never overlap.
//!
//! Tokens of one form must be separated by whitespace with at most one line break, so a form
//! does not run across a paragraph or a punctuation mark. Two exceptions: a hyphen with no
//! space around it joins the parts of a compound name (Al-Qaeda), and single letters may be
//! joined by one dot (أ.ش.أ, د. ب. أ), the dotted spelling of abbreviations.
//!
//! **Proclitics.** Arabic writes the conjunctions و and ف, the prepositions ب ل ك and their
//! pairs (وب, ول, فب …) as part of the next word, and ل with the article ال contracts to لل.
//! When the first token of a match does not match as written, it is tried with one
//! proclitic, then with لل read as ال (للأمم المتحدة is ل + الأمم المتحدة), then with two
//! proclitics; at least two letters must remain. The match then starts after the proclitic,
//! so the span covers the name only (for لل the span starts at the second ل, the ل of the
//! article). Only the first token takes a proclitic: inside a name the words are written as
//! they are. A bare article is not stripped: المصر ("the insistent") is not مصر and الحماس
//! ("the enthusiasm") is not حماس; names that are written both with and without the article
//! (فيفا, الفيفا) list both forms.
//!
//! **Short agency abbreviations.** An agency form of at most [`SHORT_AGENCY_LETTERS`] letters
//! in its key (واس, قنا, بنا, سبأ, أ ش أ, AP, AFP) is matched only in a credit context, since
//! most of them are also ordinary words or letters (بنا "with us", سبأ "Sheba", معا
//! "together"); so is every `@form`. All other forms, including the full names of agencies,
//! match anywhere.

use hashbrown::HashMap;
use std::sync::OnceLock;

use marsad_text::{Folded, KeyOptions, TokenKind};

use crate::AnalyzeError;

/// The bundled data, written by the Marsad team.
pub(crate) const BUNDLED: &str = include_str!("../data/gazetteer.tsv");

/// Agency forms whose key has at most this many letters are credit-only.
pub const SHORT_AGENCY_LETTERS: usize = 4;

/// What kind of entity a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// An organisation: international and regional bodies, named state bodies, parties,
    /// movements and armed groups, companies, media, sports clubs and federations.
    Organisation,
    /// A person, by name forms only (titles change, names do not).
    Person,
    /// A place: a country, a city, a region or a landmark.
    Place,
    /// A news agency, as credited in datelines and source lines.
    Agency,
}

impl EntityKind {
    /// The name of the kind as written in the data file (`org`, `person`, `place`, `agency`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Organisation => "org",
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Agency => "agency",
        }
    }

    /// The kind named in the data file, if the name is one.
    pub fn from_data(name: &str) -> Option<EntityKind> {
        match name {
            "org" => Some(EntityKind::Organisation),
            "person" => Some(EntityKind::Person),
            "place" => Some(EntityKind::Place),
            "agency" => Some(EntityKind::Agency),
            _ => None,
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An entity found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// What the entity is.
    pub kind: EntityKind,
    /// Its canonical name.
    pub name: &'static str,
    /// Byte offset of the first byte of the match in the text (after any proclitic).
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

/// One entity of the data.
#[derive(Debug, Clone, Copy)]
struct Record {
    kind: EntityKind,
    name: &'static str,
}

/// What a complete form names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    /// Index of the entity in the gazetteer's records.
    record: usize,
    /// The form only counts in a credit context.
    credit_only: bool,
    /// The form begins with the word وكالة (agency) and so carries its own credit cue.
    names_agency: bool,
}

/// A node of the trie: one sequence of token keys joined by single spaces.
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    /// The form that ends here, if one does.
    target: Option<Target>,
    /// A blocked phrase ends here (never together with a target).
    blocked: bool,
    /// Some longer form starts with this sequence.
    continues: bool,
}

/// The gazetteer: entities and the trie of their forms. Build it once and share it.
#[derive(Debug)]
pub struct Gazetteer {
    records: Vec<Record>,
    trie: HashMap<String, Node>,
    max_tokens: usize,
}

/// A token of a text being matched: its span and its folded key.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) key: String,
    /// A number rather than a word.
    pub(crate) number: bool,
}

/// A candidate match with everything the context rules of [`crate::credit`] need.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Match {
    pub(crate) kind: EntityKind,
    pub(crate) name: &'static str,
    /// Span in the text, proclitic excluded.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Index of the first token of the match and one past its last.
    pub(crate) first: usize,
    pub(crate) last: usize,
    /// The proclitic stripped from the first token, in key form (`""` for none).
    pub(crate) proclitic: &'static str,
    /// The form only counts in a credit context.
    pub(crate) credit_only: bool,
    /// The form begins with وكالة or الوكالة.
    pub(crate) names_agency: bool,
}

impl Match {
    fn entity(&self) -> Entity {
        Entity {
            kind: self.kind,
            name: self.name,
            start: self.start,
            end: self.end,
        }
    }
}

/// Proclitics tried on the first token of a match, in order: the folded prefix, what replaces
/// it, and how many letters of the written token the match span skips. One-letter proclitics
/// come first so that a word is read with as little stripped as possible.
const PROCLITICS: &[(&str, &str, usize)] = &[
    ("و", "", 1),
    ("ف", "", 1),
    ("ب", "", 1),
    ("ل", "", 1),
    ("ك", "", 1),
    // ل + ال is written لل: the article's alef is dropped, so it is put back.
    ("لل", "ال", 1),
    ("ولل", "ال", 2),
    ("فلل", "ال", 2),
    ("وب", "", 2),
    ("ول", "", 2),
    ("وك", "", 2),
    ("فب", "", 2),
    ("فل", "", 2),
    ("فك", "", 2),
];

/// Letters that can begin a proclitic: a token starting with none of them has no variant.
fn may_have_proclitic(key: &str) -> bool {
    key.starts_with(['و', 'ف', 'ب', 'ل', 'ك'])
}

/// Fills `out` with the readings of a token key: the key as written (no proclitic, nothing
/// skipped), then the key without each proclitic it may carry, as (key, proclitic, letters of
/// the written word the span skips). At least two letters must remain after a proclitic.
pub(crate) fn readings_into(key: &str, out: &mut Vec<(String, &'static str, usize)>) {
    out.clear();
    out.push((key.to_owned(), "", 0));
    if !may_have_proclitic(key) {
        return;
    }
    for &(prefix, replacement, skip) in PROCLITICS {
        if let Some(rest) = key.strip_prefix(prefix)
            && rest.chars().count() >= 2
        {
            out.push((format!("{replacement}{rest}"), prefix, skip));
        }
    }
}

/// Whether a token key, as written or without a proclitic, is one of `words`.
pub(crate) fn reads_as(key: &str, words: &[&str]) -> bool {
    let mut readings = Vec::new();
    readings_into(key, &mut readings);
    readings.iter().any(|(k, _, _)| words.contains(&k.as_str()))
}

/// The key of a form or text: its word and number tokens, folded and joined by one space.
fn form_key(form: &str) -> String {
    let mut out = String::new();
    for token in marsad_text::tokens(form) {
        if !matches!(token.kind, TokenKind::Word | TokenKind::Number) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        marsad_text::key_into(token.text, KeyOptions::default(), &mut out);
    }
    out
}

/// Whether the gap between two tokens lets them belong to one form: whitespace with at most
/// one line break, a hyphen alone, or, between two single letters, one dot and spaces
/// (أ.ش.أ).
fn joins(gap: &str, single_letters: bool) -> bool {
    // A hyphen between two words with no space around it writes one compound name
    // (Al-Qaeda, Deir ez-Zor), which the tokenizer splits.
    if gap == "-" || gap == "\u{2010}" {
        return true;
    }
    let mut breaks = 0;
    let mut dots = 0;
    for c in gap.chars() {
        match c {
            '\n' => breaks += 1,
            '.' if single_letters => dots += 1,
            // Bidirectional and zero-width marks are invisible: the key drops them as well.
            '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    breaks <= 1 && dots <= 1 && !(dots == 1 && breaks == 1)
}

/// The byte length of the first `letters` letters of `word` as written, with the harakat and
/// tatweel that follow them (so that the span of a name after بـ or وَ starts at the name).
fn proclitic_bytes(word: &str, letters: usize) -> usize {
    let mut seen = 0;
    for (i, c) in word.char_indices() {
        let n = match marsad_text::fold_char(c, KeyOptions::default()) {
            Folded::Keep(_) | Folded::Map(_) => 1,
            Folded::Drop => 0,
            // A ligature: count the letters it stands for.
            Folded::Decompose => marsad_text::key(c.encode_utf8(&mut [0; 4])).chars().count(),
        };
        if seen >= letters && n > 0 {
            return i;
        }
        if seen + n > letters {
            // The proclitic is inside a ligature: keep the whole ligature in the span.
            return i;
        }
        seen += n;
    }
    word.len()
}

impl Gazetteer {
    /// The gazetteer bundled with Marsad (`crates/analyze/data/gazetteer.tsv`), parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED_GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED_GAZETTEER.get_or_init(|| {
            Gazetteer::parse(BUNDLED)
                .expect("the bundled gazetteer parses (checked by the test bundled_data_parses)")
        })
    }

    /// Parses gazetteer data (format in the module documentation). Names are borrowed from
    /// `data`, which must therefore live as long as the program (`include_str!`, a literal,
    /// or a string leaked on purpose).
    pub fn parse(data: &'static str) -> Result<Gazetteer, AnalyzeError> {
        let mut gazetteer = Gazetteer {
            records: Vec::new(),
            trie: HashMap::new(),
            max_tokens: 0,
        };
        for (index, raw) in data.lines().enumerate() {
            let line = index + 1;
            let error = |reason: String| AnalyzeError::Gazetteer { line, reason };
            let text = raw.trim_end_matches('\r');
            if text.trim().is_empty() || text.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = text.split('\t').collect();
            if !(2..=3).contains(&fields.len()) {
                return Err(error(format!(
                    "expected kind, name and aliases separated by tabs, found {} fields",
                    fields.len()
                )));
            }
            let kind = EntityKind::from_data(fields[0].trim())
                .ok_or_else(|| error(format!("unknown kind {:?}", fields[0].trim())))?;
            let name = fields[1].trim();
            if name.is_empty() {
                return Err(error("empty canonical name".to_owned()));
            }
            let record = gazetteer.records.len();
            gazetteer.records.push(Record { kind, name });

            let aliases = fields.get(2).map_or("", |a| a.trim());
            let mut blocked = Vec::new();
            let mut forms = vec![(name, false)];
            for alias in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                if let Some(rest) = alias.strip_prefix('!') {
                    let key = form_key(rest);
                    if key.is_empty() {
                        return Err(error(format!("{alias:?} has no letters or digits")));
                    }
                    blocked.push(key);
                } else if let Some(rest) = alias.strip_prefix('@') {
                    if kind != EntityKind::Agency {
                        return Err(error(format!(
                            "{alias:?}: only agencies have credit-only forms"
                        )));
                    }
                    forms.push((rest, true));
                } else {
                    forms.push((alias, false));
                }
            }
            for (form, marked) in forms {
                let key = form_key(form);
                if key.is_empty() {
                    return Err(error(format!("{form:?} has no letters or digits")));
                }
                if blocked.contains(&key) {
                    continue;
                }
                let letters = key.chars().filter(|c| *c != ' ').count();
                let target = Target {
                    record,
                    credit_only: kind == EntityKind::Agency
                        && (marked || letters <= SHORT_AGENCY_LETTERS),
                    names_agency: matches!(key.split(' ').next(), Some("وكاله" | "الوكاله")),
                };
                gazetteer
                    .insert(&key, Some(target))
                    .map_err(|other| error(format!("{form:?} already {other}")))?;
            }
            for key in blocked {
                gazetteer
                    .insert(&key, None)
                    .map_err(|other| error(format!("blocked phrase {key:?} already {other}")))?;
            }
        }
        Ok(gazetteer)
    }

    /// Adds a form (`Some`) or a blocked phrase (`None`) to the trie. Fails with a description
    /// of the conflict if the key already names a different entity, or is blocked and named.
    /// The same key given twice for one entity is kept once, credit-only only if both were.
    fn insert(&mut self, key: &str, target: Option<Target>) -> Result<(), String> {
        let words: Vec<&str> = key.split(' ').collect();
        self.max_tokens = self.max_tokens.max(words.len());
        let node = self.trie.entry(key.to_owned()).or_default();
        let Some(target) = target else {
            if let Some(existing) = node.target {
                return Err(format!("names {:?}", self.records[existing.record].name));
            }
            node.blocked = true;
            self.mark_prefixes(&words);
            return Ok(());
        };
        if node.blocked {
            return Err("is a blocked phrase".to_owned());
        }
        match node.target {
            Some(existing) if existing.record != target.record => {
                return Err(format!("names {:?}", self.records[existing.record].name));
            }
            Some(existing) => {
                node.target = Some(Target {
                    credit_only: existing.credit_only && target.credit_only,
                    ..existing
                });
            }
            None => node.target = Some(target),
        }
        self.mark_prefixes(&words);
        Ok(())
    }

    /// Marks every proper prefix of a form as continuing.
    fn mark_prefixes(&mut self, words: &[&str]) {
        let mut prefix = String::new();
        for word in &words[..words.len() - 1] {
            if !prefix.is_empty() {
                prefix.push(' ');
            }
            prefix.push_str(word);
            self.trie.entry(prefix.clone()).or_default().continues = true;
        }
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The longest form, in tokens.
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Every entity: its kind and canonical name, in data order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityKind, &'static str)> + '_ {
        self.records.iter().map(|r| (r.kind, r.name))
    }

    /// The entity a whole name denotes (a page tag, a search term), compared on keys, without
    /// proclitics and ignoring whether the form is credit-only.
    pub fn lookup(&self, name: &str) -> Option<(EntityKind, &'static str)> {
        let node = self.trie.get(&form_key(name))?;
        let record = self.records[node.target?.record];
        Some((record.kind, record.name))
    }

    /// The entities named in `text`, in text order, not overlapping, the longest form winning
    /// at each position. Credit-only forms (short agency abbreviations and `@` forms) are
    /// returned only in a credit context (see [`crate::credit`]).
    pub fn find(&self, text: &str) -> Vec<Entity> {
        self.find_in(text, &tokenize(text))
    }

    /// [`Gazetteer::find`] over the tokens of `text` already read.
    pub(crate) fn find_in(&self, text: &str, toks: &[Tok]) -> Vec<Entity> {
        self.scan(text, toks, |m| {
            !m.credit_only || crate::credit::strict_context(self, text, toks, m)
        })
        .iter()
        .map(Match::entity)
        .collect()
    }

    /// Matches forms over `toks` (the tokens of `text`): at each token the longest candidate
    /// that `accept` takes (equal lengths: the one with the least stripped), then on after it.
    pub(crate) fn scan(
        &self,
        text: &str,
        toks: &[Tok],
        mut accept: impl FnMut(&Match) -> bool,
    ) -> Vec<Match> {
        let mut found = Vec::new();
        // (tokens, reading, what the form names: `None` for a blocked phrase)
        let mut candidates: Vec<(usize, usize, Option<Target>)> = Vec::new();
        let mut variants: Vec<(String, &'static str, usize)> = Vec::new();
        let mut buf = String::new();
        let mut i = 0;
        while i < toks.len() {
            let first = &toks[i];
            readings_into(&first.key, &mut variants);
            candidates.clear();
            for (v, (key, _, _)) in variants.iter().enumerate() {
                buf.clear();
                buf.push_str(key);
                let mut n = 1;
                while let Some(node) = self.trie.get(buf.as_str()) {
                    if node.target.is_some() || node.blocked {
                        candidates.push((n, v, node.target));
                    }
                    let Some(next) = toks.get(i + n) else { break };
                    let prev = &toks[i + n - 1];
                    let single = prev.key.chars().count() == 1 && next.key.chars().count() == 1;
                    if !node.continues || !joins(&text[prev.end..next.start], single) {
                        break;
                    }
                    buf.push(' ');
                    buf.push_str(&next.key);
                    n += 1;
                }
            }
            candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let mut skip_blocked = None;
            let chosen = candidates.iter().find_map(|&(n, v, target)| {
                if skip_blocked.is_some() {
                    return None;
                }
                let Some(target) = target else {
                    // A blocked phrase longer than any accepted form hides what is inside it.
                    skip_blocked = Some(i + n);
                    return None;
                };
                let (_, proclitic, skip) = variants[v];
                let record = self.records[target.record];
                let skipped = match skip {
                    0 => 0,
                    letters => proclitic_bytes(&text[first.start..first.end], letters),
                };
                let m = Match {
                    kind: record.kind,
                    name: record.name,
                    start: first.start + skipped,
                    end: toks[i + n - 1].end,
                    first: i,
                    last: i + n,
                    proclitic,
                    credit_only: target.credit_only,
                    names_agency: target.names_agency,
                };
                accept(&m).then_some(m)
            });
            match (chosen, skip_blocked) {
                (Some(m), _) => {
                    i = m.last;
                    found.push(m);
                }
                (None, Some(end)) => i = end,
                (None, None) => i += 1,
            }
        }
        found
    }
}

/// The word and number tokens of a text with their keys. URLs, addresses, hashtags and
/// mentions are left out, and since the gap between two kept tokens then contains them, no
/// form runs across one.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    marsad_text::tokens(text)
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| Tok {
            start: t.start,
            end: t.end,
            key: marsad_text::key(t.text),
            number: t.kind == TokenKind::Number,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn names(text: &str) -> Vec<&'static str> {
        Gazetteer::bundled()
            .find(text)
            .iter()
            .map(|e| e.name)
            .collect()
    }

    fn spans(text: &str) -> Vec<&str> {
        Gazetteer::bundled()
            .find(text)
            .iter()
            .map(|e| &text[e.start..e.end])
            .collect()
    }

    #[test]
    fn bundled_data_parses() {
        let g = Gazetteer::parse(BUNDLED).expect("bundled data");
        assert!(g.len() >= 700, "only {} entities", g.len());
        assert!(g.max_tokens() >= 3);
    }

    /// `parse` already refuses a key naming two entities; this test checks the same property
    /// independently of the loader, so that a change to `insert` cannot let duplicates through.
    #[test]
    fn no_alias_names_two_entities() {
        let mut owner: HashMap<String, (&str, &str)> = HashMap::new();
        let mut blocked: HashMap<String, &str> = HashMap::new();
        let mut problems = Vec::new();
        for line in BUNDLED.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let name = fields[1].trim();
            let mut own_blocked = HashSet::new();
            let mut forms = vec![name];
            for alias in fields.get(2).copied().unwrap_or("").split('|') {
                let alias = alias.trim();
                if let Some(rest) = alias.strip_prefix('!') {
                    own_blocked.insert(form_key(rest));
                    blocked.insert(form_key(rest), name);
                } else if !alias.is_empty() {
                    forms.push(alias.trim_start_matches('@'));
                }
            }
            for form in forms {
                let key = form_key(form);
                if own_blocked.contains(&key) {
                    continue;
                }
                if let Some((other, other_form)) = owner.insert(key.clone(), (name, form))
                    && other != name
                {
                    problems.push(format!("{form} ({name}) vs {other_form} ({other})"));
                }
            }
        }
        for (key, line_name) in &blocked {
            if let Some((name, form)) = owner.get(key) {
                problems.push(format!("{form} ({name}) is blocked by {line_name}"));
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// Every form of the data, written alone, is found as its own entity and spans the whole
    /// text: a form the tokenizer or the joining rules cannot match would be dead data.
    #[test]
    fn every_form_finds_its_entity() {
        let mut problems = Vec::new();
        for line in BUNDLED.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let name = fields[1].trim();
            let mut forms = vec![name];
            let mut blocked = HashSet::new();
            for alias in fields.get(2).copied().unwrap_or("").split('|') {
                let alias = alias.trim();
                if let Some(rest) = alias.strip_prefix('!') {
                    blocked.insert(form_key(rest));
                } else if !alias.is_empty() {
                    forms.push(alias.trim_start_matches('@'));
                }
            }
            for form in forms {
                if blocked.contains(&form_key(form)) {
                    continue;
                }
                let found = Gazetteer::bundled().find(form);
                let whole = found.len() == 1
                    && found[0].name == name
                    && found[0].start == 0
                    && found[0].end == form.len();
                if !whole {
                    problems.push(format!("{form} ({name}): {found:?}"));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn canonical_names_are_unique_and_every_kind_is_present() {
        // Tags are stored under the key of their canonical name, so two entities must not
        // share one (عُمان and عمّان would): the data gives them distinct names instead.
        let g = Gazetteer::bundled();
        let mut seen = HashMap::new();
        for (kind, name) in g.entities() {
            if let Some(other) = seen.insert(form_key(name), name) {
                panic!("{name} and {other} have one key ({kind})");
            }
        }
        for kind in [
            EntityKind::Organisation,
            EntityKind::Person,
            EntityKind::Place,
            EntityKind::Agency,
        ] {
            let count = g.entities().filter(|(k, _)| *k == kind).count();
            assert!(count >= 30, "{kind}: {count}");
            assert_eq!(EntityKind::from_data(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn aliases_meet_on_one_canonical_name() {
        let g = Gazetteer::bundled();
        for form in [
            "الناتو",
            "حلف الناتو",
            "حلف شمال الأطلسي",
            "NATO",
            "nato",
            "ناتو",
        ] {
            assert_eq!(
                g.lookup(form),
                Some((EntityKind::Organisation, "حلف شمال الأطلسي")),
                "{form}"
            );
        }
        assert_eq!(
            names("اجتمع وزراء دفاع حلف شمال الأطلسي. وقال مسؤول في الناتو إن NATO مستعد."),
            ["حلف شمال الأطلسي"; 3]
        );
        assert_eq!(g.lookup("كلمة عادية"), None);
    }

    #[test]
    fn proclitics_on_the_first_token() {
        assert_eq!(names("والناتو"), ["حلف شمال الأطلسي"]);
        assert_eq!(spans("والناتو"), ["الناتو"]);
        assert_eq!(names("وصل الوفد بالقاهرة صباحا"), ["القاهرة"]);
        assert_eq!(spans("وصل الوفد بالقاهرة صباحا"), ["القاهرة"]);
        assert_eq!(names("رسالة للأمم المتحدة"), ["الأمم المتحدة"]);
        assert_eq!(spans("رسالة للأمم المتحدة"), ["لأمم المتحدة"]);
        assert_eq!(
            names("وبالقاهرة ولبنان فلسطين"),
            ["القاهرة", "لبنان", "فلسطين"]
        );
        // Harakat and tatweel after the proclitic stay outside the span.
        assert_eq!(spans("بـالقاهرة وَالناتو"), ["القاهرة", "الناتو"]);
        // Only the first token of a name takes a proclitic.
        assert_eq!(names("الأمم والمتحدة"), Vec::<&str>::new());
    }

    #[test]
    fn a_bare_article_is_not_stripped() {
        assert_eq!(
            names("كان المصر على رأيه يتحدث بالحماس نفسه"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn the_longest_form_wins() {
        assert_eq!(names("قرار الأمم المتحدة"), ["الأمم المتحدة"]);
        assert_eq!(spans("قرار الأمم المتحدة"), ["الأمم المتحدة"]);
        assert_eq!(names("زار الولايات المتحدة"), ["الولايات المتحدة"]);
        assert_eq!(
            names("المملكة المتحدة والإمارات العربية المتحدة"),
            ["بريطانيا", "الإمارات"]
        );
        assert_eq!(
            names("الاتحاد الأوروبي لكرة القدم"),
            ["الاتحاد الأوروبي لكرة القدم"]
        );
        assert_eq!(names("الاتحاد الأوروبي يجتمع"), ["الاتحاد الأوروبي"]);
    }

    #[test]
    fn a_form_does_not_cross_punctuation_or_paragraphs() {
        assert_eq!(names("الأمم. المتحدة"), Vec::<&str>::new());
        assert_eq!(names("الأمم\n\nالمتحدة"), Vec::<&str>::new());
        assert_eq!(names("الأمم\nالمتحدة"), ["الأمم المتحدة"]);
    }

    #[test]
    fn spelling_variants_match_through_the_key() {
        for text in [
            "إسرائيل",
            "اسرائيل",
            "إسرائيــــل",
            "إِسْرَائِيلُ",
            "\u{FE87}\u{FEB3}\u{FEAE}\u{FE8D}\u{FE8B}\u{FEF4}\u{FEDE}",
        ] {
            assert_eq!(names(text), ["إسرائيل"], "{text:?}");
        }
        assert_eq!(names("مدينة الإسكندرية"), names("مدينة الاسكندريه"));
        assert_eq!(names("الـــقـــاهـــرة"), ["القاهرة"]);
        assert_eq!(names("مصطفى مدبولى"), ["مصطفى مدبولي"]);
        assert_eq!(names("opec وOPEC"), ["أوبك", "أوبك"]);
    }

    #[test]
    fn short_agency_abbreviations_need_a_credit_context() {
        assert_eq!(
            names("جلس بنا الحديث طويلا ثم قال إن واس ليست هنا"),
            Vec::<&str>::new()
        );
        assert_eq!(names("ذهب الوفد إلى سبأ القديمة"), Vec::<&str>::new());
        assert_eq!(
            names("أعلنت الوزارة اليوم (واس)."),
            ["وكالة الأنباء السعودية"]
        );
        assert_eq!(
            names("الرياض - واس\nأعلنت الوزارة اليوم"),
            ["الرياض", "وكالة الأنباء السعودية"]
        );
        assert_eq!(spans("القاهرة (أ.ش.أ) - قال الوزير"), ["القاهرة", "أ.ش.أ"]);
        // A credit-only adjective counts only as a credit.
        assert_eq!(names("السفارة الفرنسية"), Vec::<&str>::new());
        assert_eq!(names("باريس (الفرنسية)"), ["باريس", "فرانس برس"]);
        // Full agency names are ordinary entities.
        assert_eq!(names("قال مراسل رويترز"), ["رويترز"]);
    }

    #[test]
    fn blocked_phrases_name_nothing() {
        let g = Gazetteer::bundled();
        assert_eq!(g.lookup("عمان"), None);
        assert_eq!(g.lookup("سلطنة عُمان").map(|r| r.1), Some("سلطنة عمان"));
        assert_eq!(g.lookup("Amman").map(|r| r.1), Some("عمّان"));
        assert_eq!(names("زار الوفد عمان ثم بعمان"), Vec::<&str>::new());
        assert_eq!(
            names("أصيب اللاعب بقطع في الرباط الصليبي"),
            Vec::<&str>::new()
        );
        assert_eq!(names("وصل الوزير إلى الرباط"), ["الرباط"]);
        assert_eq!(names("بسبب القوة القاهرة في القاهرة"), ["القاهرة"]);
        assert_eq!(names("دعم المجتمع الأهلي وفوز الأهلي"), ["النادي الأهلي"]);

        let g = Gazetteer::parse("place\tمصر\t!مصر الجديدة\norg\tالجديدة").expect("valid");
        assert_eq!(g.find("مصر الجديدة").len(), 0);
        assert_eq!(g.find("الجديدة في مصر").len(), 2);
    }

    #[test]
    fn parse_reports_bad_lines() {
        let err = |data: &'static str| match Gazetteer::parse(data) {
            Err(AnalyzeError::Gazetteer { line, reason }) => (line, reason),
            Ok(_) => panic!("{data:?} parsed"),
        };
        assert_eq!(err("# c\nthing\tX").0, 2);
        assert_eq!(err("place").0, 1);
        assert_eq!(err("place\t").0, 1);
        assert_eq!(err("place\tأ\tب\tج").0, 1);
        assert_eq!(err("org\tأبجد\t@هوز").0, 1);
        assert_eq!(err("org\t...\t").0, 1);
        assert_eq!(err("org\tأبجد\t!...").0, 1);
        assert_eq!(err("place\tمصر\norg\tالنيل\t!مصر").0, 2);
        assert_eq!(err("place\tمصر\t!النيل\norg\tالنيل").0, 2);
        let (line, reason) = err("place\tمصر\nplace\tالقاهرة\tمصر");
        assert_eq!(line, 2);
        assert!(reason.contains("مصر"), "{reason}");

        let g = Gazetteer::parse("place\tمصر\tمِصر|Egypt\r\n\n# comment\nagency\tوكالة س\tسس")
            .expect("valid data");
        assert_eq!(g.len(), 2);
        assert_eq!(g.lookup("EGYPT"), Some((EntityKind::Place, "مصر")));
        assert_eq!(g.find("قال سس إن").len(), 0);
        assert_eq!(g.find("(سس)").len(), 1);
    }

    #[test]
    fn arbitrary_text_never_panics() {
        let samples = [
            "",
            "(",
            ")",
            "- واس",
            "واس -",
            "(((واس",
            "ﻟﻠﺄﻣﻢ المتحدة",
            "ﻻ\u{0651}",
            "بـ",
            "ل",
            "لل",
            "\u{200F}(\u{200F}واس\u{200F})",
            "أ.\n.ش",
            "#الناتو @nato https://nato.int/الناتو",
        ];
        for s in samples {
            let _ = Gazetteer::bundled().find(s);
            let _ = crate::credit::credits(s);
        }
        // A deterministic stream of mixed characters (no random generator is needed).
        let alphabet: Vec<char> = "وبلفكال ناتوقهرمصد.-()\n\u{0640}\u{064E}ﻻaZ٣،:"
            .chars()
            .collect();
        let mut state = 0x2545_f491_u32;
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                s.push(alphabet[state as usize % alphabet.len()]);
            }
            for e in Gazetteer::bundled().find(&s) {
                assert!(
                    e.start < e.end && s.is_char_boundary(e.start) && s.is_char_boundary(e.end)
                );
            }
            for c in crate::credit::credits(&s) {
                assert!(c.start < c.end && s.is_char_boundary(c.start));
            }
        }
    }
}
