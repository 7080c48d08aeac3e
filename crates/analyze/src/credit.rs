//! The credit recognizer: which news agencies a text credits ([`credits`]) and which one it
//! credits first ([`primary_credit`]), from the agency entries of the bundled gazetteer.
//!
//! # When a mention is a credit
//!
//! An agency form counts as a credit in a **credit context**, which is one of:
//!
//! 1. **A credit group in brackets**: the form is inside `(…)`, `[…]` or `/…/` on one line, and
//!    every word of the group is part of an agency or place name, or the conjunction و/and:
//!    `(واس)`, `(أ.ش.أ)`, `(رويترز، أ ف ب)`, `(الرياض - واس)`, `(Reuters)`, and the slashes of
//!    Gulf and Iraqi copy, `/بنا/`, `بغداد / واع /`. A bracketed phrase with any other word in
//!    it (`(بنا على ما سبق)`) is not a credit group.
//! 2. **A dateline or source line**: on the form's line, a dash comes right before it and
//!    either the form ends the line or is followed by a dash, a colon or closing punctuation
//!    (`الرياض - واس`, `… - واس.`), or the text before the dash is a short dateline starting
//!    with a place (`الرياض 12 مايو - واس أعلنت …`); or the form starts the line and is
//!    followed by a dash or a colon, or fills the line alone (`رويترز: …`, a last line `واس`).
//! 3. **A source cue right before it** (the words in between being separated by spaces, a
//!    colon, a dash or quotation marks only, on one line): المصدر, حسب (بحسب), وكالة (لوكالة),
//!    نقلا عن, وفقا ل / طبقا ل (with ل written on the name, as in وفقا لواس, or alone), and
//!    English `source`, `according to`.
//!
//! Short abbreviations (at most four letters in their key: واس, قنا, بنا, أ ش أ, AP, AFP) and
//! forms marked credit-only in the data (الفرنسية, الألمانية, العمانية) count only in a credit
//! context: in running text they are ordinary words far more often than credits. A reporting
//! verb alone is not enough for them (حسب ما أوردت وام is missed; ذكرت وكالة وام is found).
//!
//! Full agency names (رويترز, فرانس برس, الأناضول, وكالة الأنباء السعودية) also count:
//!
//! * when the form itself begins with وكالة or الوكالة (the word names the agency as a
//!   source), and
//! * after a reporting verb or a reporter: ذكرت, أفادت, قالت, أوردت, نقلت, نشرت, بثت,
//!   أضافت, تابعت, أكدت, مراسل (قالت رويترز, لمراسل الأناضول), English `told`.
//!
//! A full name anywhere else (الأناضول as a region, an article about Reuters itself) is not a
//! credit. Every occurrence is returned, so one agency can be credited twice in a text
//! (ذكرت وكالة الأنباء السعودية (واس) gives two credits of one agency).

use crate::gazetteer::{EntityKind, Gazetteer, Match, Tok, reads_as, tokenize};

/// How many characters at the start of a text hold its dateline credit.
pub const HEAD_CHARS: usize = 300;

/// How many characters at the end of a text hold its closing source line.
pub const TAIL_CHARS: usize = 300;

/// How far (in bytes) a credit group's brackets may be from the agency name inside them.
const GROUP_REACH: usize = 200;

/// The longest dateline head (the text before its dash), in bytes.
const DATELINE_REACH: usize = 200;

/// Dash characters of datelines: hyphen-minus, hyphen, figure dash, en dash, em dash and
/// horizontal bar.
pub(crate) const DASHES: [char; 6] = [
    '-', '\u{2010}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}',
];

/// Cues that make any agency form a credit (rule 3 of the module documentation).
const SOURCE_CUES: &[&str] = &["المصدر", "حسب", "وكاله", "source"];

/// Cues after which an agency is quoted through a ل: وفقا لواس.
const ACCORDING_CUES: &[&str] = &["وفقا", "طبقا"];

/// Reporting verbs and reporters after which a full agency name is a credit.
const REPORTING_CUES: &[&str] = &[
    "ذكرت",
    "افادت",
    "قالت",
    "اوردت",
    "نقلت",
    "نشرت",
    "بثت",
    "اضافت",
    "تابعت",
    "اكدت",
    "مراسل",
    "مراسله",
    "told",
];

/// An agency credited in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credit {
    /// The canonical name of the agency (as in the gazetteer).
    pub agency: &'static str,
    /// Byte offset of the first byte of the credited name in the text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// Every agency credit in `text`, in text order (rules in the module documentation).
pub fn credits(text: &str) -> Vec<Credit> {
    credits_in(text, &tokenize(text))
}

/// [`credits`] over the tokens of `text` already read.
fn credits_in(text: &str, toks: &[Tok]) -> Vec<Credit> {
    let gazetteer = Gazetteer::bundled();
    gazetteer
        .scan(text, toks, |m| {
            m.kind == EntityKind::Agency
                && if m.credit_only {
                    strict_context(gazetteer, text, toks, m)
                } else {
                    loose_context(gazetteer, text, toks, m)
                }
        })
        .iter()
        .map(|m| Credit {
            agency: m.name,
            start: m.start,
            end: m.end,
        })
        .collect()
}

/// The agency a text is credited to: the first credit in its first [`HEAD_CHARS`] characters
/// (the dateline), else the last credit in its last [`TAIL_CHARS`] characters (a closing
/// source line), else none. A credit only in the middle of a long text is a quotation, not
/// the text's own source.
pub fn primary_credit(text: &str) -> Option<&'static str> {
    primary_credit_in(text, &tokenize(text))
}

/// [`primary_credit`] over the tokens of `text` already read.
pub(crate) fn primary_credit_in(text: &str, toks: &[Tok]) -> Option<&'static str> {
    let found = credits_in(text, toks);
    let head_end = text
        .char_indices()
        .nth(HEAD_CHARS)
        .map_or(text.len(), |(i, _)| i);
    if let Some(first) = found.iter().find(|c| c.start < head_end) {
        return Some(first.agency);
    }
    let total = text.chars().count();
    let tail_start = text
        .char_indices()
        .nth(total.saturating_sub(TAIL_CHARS))
        .map_or(text.len(), |(i, _)| i);
    found
        .iter()
        .rev()
        .find(|c| c.start >= tail_start)
        .map(|c| c.agency)
}

/// Whether a match is in a credit context (rules 1 to 3): the condition for short and
/// credit-only agency forms, in [`credits`] and in [`Gazetteer::find`].
pub(crate) fn strict_context(g: &Gazetteer, text: &str, toks: &[Tok], m: &Match) -> bool {
    in_credit_group(g, text, m) || in_dateline(g, text, toks, m) || after_source_cue(text, toks, m)
}

/// The condition for a full agency name to be a credit.
fn loose_context(g: &Gazetteer, text: &str, toks: &[Tok], m: &Match) -> bool {
    m.names_agency
        || strict_context(g, text, toks, m)
        || previous(text, toks, m.first).is_some_and(|p| reads_as(&toks[p].key, REPORTING_CUES))
}

/// Whitespace, and the invisible characters that may stand anywhere between words (the key
/// drops them too).
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// Whether a character is one of the [`DASHES`].
fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

/// The index of the token before token `index`, if only blanks (no line break), a colon,
/// dashes or quotation marks separate them: the distance at which a cue still applies.
fn previous(text: &str, toks: &[Tok], index: usize) -> Option<usize> {
    let p = index.checked_sub(1)?;
    let gap = &text[toks[p].end..toks[index].start];
    gap.chars()
        .all(|c| {
            c != '\n' && (is_blank(c) || is_dash(c) || matches!(c, ':' | '"' | '«' | '»' | '\''))
        })
        .then_some(p)
}

/// Rule 3: a source cue right before the match.
fn after_source_cue(text: &str, toks: &[Tok], m: &Match) -> bool {
    let Some(p1) = previous(text, toks, m.first) else {
        return false;
    };
    let k1 = toks[p1].key.as_str();
    if reads_as(k1, SOURCE_CUES) {
        return true;
    }
    if m.proclitic.ends_with('ل') && reads_as(k1, ACCORDING_CUES) {
        return true;
    }
    let Some(p2) = previous(text, toks, p1) else {
        return false;
    };
    let k2 = toks[p2].key.as_str();
    (k1 == "عن" && reads_as(k2, &["نقلا"]))
        || (k1 == "ل" && reads_as(k2, ACCORDING_CUES))
        || (k1 == "to" && k2 == "according")
}

/// Rule 1: the match is inside brackets (or slashes) whose every word belongs to an agency or
/// a place.
fn in_credit_group(g: &Gazetteer, text: &str, m: &Match) -> bool {
    let mut open = None;
    for (i, c) in text[..m.start].char_indices().rev() {
        if m.start - i > GROUP_REACH {
            break;
        }
        match c {
            '(' | '[' | '/' => {
                open = Some((i + 1, c));
                break;
            }
            ')' | ']' | '\n' => break,
            _ => {}
        }
    }
    let Some((open, opening)) = open else {
        return false;
    };
    let mut close = None;
    for (i, c) in text[m.end..].char_indices() {
        if i > GROUP_REACH {
            break;
        }
        match c {
            ')' | ']' | '/' => {
                close = Some((m.end + i, c));
                break;
            }
            '(' | '[' | '\n' => break,
            _ => {}
        }
    }
    let Some((close, closing)) = close else {
        return false;
    };
    matches!((opening, closing), ('(', ')') | ('[', ']') | ('/', '/'))
        && is_credit_group(g, &text[open..close])
}

/// Whether the inside of a bracketed group is only agencies, places and "and".
fn is_credit_group(g: &Gazetteer, inner: &str) -> bool {
    let toks = tokenize(inner);
    let found = g.scan(inner, &toks, |m| {
        matches!(m.kind, EntityKind::Agency | EntityKind::Place)
    });
    let mut covered = vec![false; toks.len()];
    for m in &found {
        covered[m.first..m.last].fill(true);
    }
    found.iter().any(|m| m.kind == EntityKind::Agency)
        && toks
            .iter()
            .zip(&covered)
            .all(|(t, &c)| c || matches!(t.key.as_str(), "و" | "and"))
}

/// Rule 2: the match is the agency of a dateline or a source line.
fn in_dateline(g: &Gazetteer, text: &str, toks: &[Tok], m: &Match) -> bool {
    // Only the blanks next to the match are read, never the whole line, so that the cost per
    // candidate stays constant however long the line is. The written word may carry a
    // proclitic (وواس): what precedes it starts before the proclitic.
    let inline_blank = |c: char| c != '\n' && is_blank(c);
    let before = text[..toks[m.first].start].trim_end_matches(inline_blank);
    let after = text[m.end..].trim_start_matches(inline_blank);
    let line_ends = after.is_empty() || after.starts_with('\n');
    if before.is_empty() || before.ends_with('\n') {
        return line_ends || after.starts_with(|c: char| is_dash(c) || c == ':');
    }
    let Some(head) = before.strip_suffix(is_dash) else {
        return false;
    };
    let closes = line_ends
        || after.starts_with(|c: char| {
            is_dash(c) || matches!(c, ':' | '.' | '\u{060C}' | ',' | '\u{061B}' | ';' | ')')
        });
    closes || last_line(head).is_some_and(|line| is_dateline_head(g, line))
}

/// The last line of `text` (the text after its last line break), if it is at most
/// [`DATELINE_REACH`] bytes long: a longer line is no dateline and is not read further.
fn last_line(text: &str) -> Option<&str> {
    let mut from = text.len().saturating_sub(DATELINE_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    match text[from..].rfind('\n') {
        Some(i) => Some(&text[from + i + 1..]),
        None if from == 0 => Some(text),
        None => None,
    }
}

/// Whether the text before a dateline's dash is a dateline: at most six tokens, the first of
/// them a place (الرياض, القاهرة في 3 مايو).
fn is_dateline_head(g: &Gazetteer, head: &str) -> bool {
    let toks = tokenize(head);
    if toks.is_empty() || toks.len() > 6 {
        return false;
    }
    g.scan(head, &toks, |m| m.kind == EntityKind::Place)
        .first()
        .is_some_and(|m| m.first == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies(text: &str) -> Vec<&'static str> {
        credits(text).iter().map(|c| c.agency).collect()
    }

    const SPA: &str = "وكالة الأنباء السعودية";
    const MENA: &str = "وكالة أنباء الشرق الأوسط";
    const DPA: &str = "وكالة الأنباء الألمانية";
    const AFP: &str = "فرانس برس";

    #[test]
    fn bracketed_abbreviations_in_every_spelling() {
        for text in [
            "القاهرة (أ ش أ) - افتتح المحافظ معرضا للكتاب.",
            "القاهرة (أ.ش.أ) - افتتح المحافظ معرضا للكتاب.",
            "القاهرة (ا ش ا) - افتتح المحافظ معرضا للكتاب.",
            "القاهرة (أ. ش. أ.) - افتتح المحافظ معرضا للكتاب.",
        ] {
            assert_eq!(agencies(text), [MENA], "{text}");
        }
        for text in [
            "برلين (د.ب.أ)",
            "برلين (د ب أ)",
            "برلين (د. ب. أ)",
            "برلين (الألمانية)",
        ] {
            assert_eq!(agencies(text), [DPA], "{text}");
        }
        assert_eq!(agencies("باريس (أ.ف.ب) -"), [AFP]);
        assert_eq!(agencies("(أ ف ب)"), [AFP]);
        assert_eq!(agencies("Washington (Reuters) - talks resumed"), ["رويترز"]);
        assert_eq!(agencies("Beirut (AP) — officials said"), ["أسوشيتد برس"]);
        assert_eq!(agencies("(رويترز، أ ف ب)"), ["رويترز", AFP]);
        assert_eq!(agencies("(الرياض - واس)"), [SPA]);
        assert_eq!(
            agencies("المنامة في 3 مايو /بنا/ أكد"),
            ["وكالة أنباء البحرين"]
        );
        assert_eq!(
            agencies("مسقط في 5 يونيو /العمانية/ افتتح"),
            ["وكالة الأنباء العمانية"]
        );
        assert_eq!(agencies("بغداد / واع / أعلن"), ["وكالة الأنباء العراقية"]);
        assert!(agencies("(واس/").is_empty());
        assert!(agencies("وقال /بنا على ذلك/ إن").is_empty());
    }

    #[test]
    fn a_bracketed_phrase_with_other_words_is_no_credit() {
        assert!(agencies("وقال (بنا على ما سبق) إن الخطة جاهزة").is_empty());
        assert!(agencies("(واس ليست هنا)").is_empty());
        assert!(agencies("(").is_empty());
    }

    #[test]
    fn datelines_and_source_lines() {
        let s = credits("الرياض - واس\nأعلنت الهيئة اليوم إطلاق البرنامج.");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].agency, SPA);
        assert_eq!(&"الرياض - واس\nأعلنت"[s[0].start..s[0].end], "واس");
        assert_eq!(agencies("الرياض 12 مايو - واس أعلنت الهيئة"), [SPA]);
        assert_eq!(agencies("الرياض – واس: أعلنت الهيئة"), [SPA]);
        assert_eq!(agencies("أعلنت الهيئة إطلاق البرنامج.\n- واس"), [SPA]);
        assert_eq!(
            agencies("أعلنت الهيئة إطلاق البرنامج. - كونا"),
            ["وكالة الأنباء الكويتية"]
        );
        assert_eq!(
            agencies("عمّان - بترا\nقال الوزير"),
            ["وكالة الأنباء الأردنية"]
        );
        assert_eq!(agencies("رويترز: ارتفعت الأسعار"), ["رويترز"]);
        assert_eq!(agencies("المقال انتهى\nواس"), [SPA]);
        // A long first line is no dateline head, but a closing dash line still counts.
        let long = format!("{} - واس أعلنت", "كلمة ".repeat(100));
        assert!(agencies(&long).is_empty());
        assert_eq!(agencies(&format!("{}- واس", "كلمة ".repeat(100))), [SPA]);
        assert_eq!(agencies("نص\r\nالرياض - واس\r\nأعلنت"), [SPA]);
        // A dash in running text is not a dateline.
        assert!(agencies("ناقش الطرفان الخطة - بنا على ذلك قررا التأجيل").is_empty());
    }

    #[test]
    fn source_cues() {
        assert_eq!(
            agencies("المصدر: وكالة الأنباء القطرية"),
            ["وكالة الأنباء القطرية"]
        );
        assert_eq!(agencies("المصدر: قنا"), ["وكالة الأنباء القطرية"]);
        assert_eq!(agencies("نقلاً عن وكالة الأناضول"), ["الأناضول"]);
        assert_eq!(agencies("نقلا عن الأناضول"), ["الأناضول"]);
        assert_eq!(agencies("وفقاً لوكالة فرانس برس"), [AFP]);
        assert_eq!(agencies("وفقا لواس"), [SPA]);
        assert_eq!(agencies("وفقا لـ واس"), [SPA]);
        assert_eq!(agencies("بحسب كونا"), ["وكالة الأنباء الكويتية"]);
        // A reporting verb alone does not make a short abbreviation a credit.
        assert_eq!(agencies("حسب ما أوردت وام"), Vec::<&str>::new());
        assert_eq!(agencies("حسب ما أوردت وكالة وام"), ["وكالة أنباء الإمارات"]);
        assert_eq!(agencies("according to Reuters"), ["رويترز"]);
        assert_eq!(agencies("ذكرت وكالة الأنباء السعودية (واس) أن"), [SPA, SPA]);
        assert_eq!(agencies("قالت رويترز إن"), ["رويترز"]);
        assert_eq!(agencies("وقال مراسل الأناضول"), ["الأناضول"]);
        assert_eq!(agencies("ذكرت وكالة سبأ"), ["وكالة الأنباء اليمنية"]);
    }

    #[test]
    fn names_without_a_cue_are_no_credit() {
        assert!(agencies("تقع هضبة الأناضول في وسط البلاد").is_empty());
        assert!(agencies("افتتحت رويترز مكتبا جديدا").is_empty());
        assert!(agencies("جلس بنا الحديث طويلا").is_empty());
        assert!(agencies("وفد السفارة الفرنسية").is_empty());
        assert!(agencies("").is_empty());
    }

    #[test]
    fn the_primary_credit() {
        let filler = "وتناول الاجتماع سبل تطوير التعاون في مجالات الطاقة والنقل والتعليم. ";
        let body = filler.repeat(12);
        // The dateline wins over a later quotation.
        let text = format!("الرياض - واس\n{body}وقالت رويترز إن المحادثات مستمرة.\n{body}");
        assert_eq!(primary_credit(&text), Some(SPA));
        // No dateline: the closing source line.
        let text = format!("{body}\nالمصدر: الأناضول");
        assert_eq!(primary_credit(&text), Some("الأناضول"));
        let text = format!("{body}ذكرت وكالة الأنباء القطرية (قنا)\n(رويترز)");
        assert_eq!(primary_credit(&text), Some("رويترز"));
        // A quotation in the middle of a long text is not the text's source.
        let text = format!("{body}وقالت رويترز إن المحادثات مستمرة.\n{body}");
        assert_eq!(primary_credit(&text), None);
        assert_eq!(primary_credit(&body), None);
        assert_eq!(primary_credit("نص قصير بلا مصدر"), None);
        assert_eq!(primary_credit(""), None);
    }
}
