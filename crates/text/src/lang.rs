//! Language identification, restricted to the languages Arabic news sites publish in.
//!
//! whatlang decides among the allowed languages of the text's dominant script; letters that
//! only Persian or Urdu write then settle Arabic against Persian and Urdu, where trigram
//! statistics on short news text are least sure.

use crate::script::{Script, script_counts};
use whatlang::{Detector, Lang};

/// A language guess.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LangGuess {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// How sure the guess is, from 0 to 1.
    pub confidence: f64,
}

/// Languages written in Arabic script on the sites Marsad watches.
const ARABIC_SCRIPT: &[Lang] = &[Lang::Ara, Lang::Pes, Lang::Urd];
/// Languages in other scripts that Arabic news sites publish editions or quotes in.
const OTHER_SCRIPTS: &[Lang] = &[
    Lang::Eng,
    Lang::Fra,
    Lang::Spa,
    Lang::Deu,
    Lang::Tur,
    Lang::Heb,
];

fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Ara => "ar",
        Lang::Pes => "fa",
        Lang::Urd => "ur",
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Deu => "de",
        Lang::Tur => "tr",
        Lang::Heb => "he",
        _ => "und",
    }
}

/// Counts of letters that mark Arabic, Persian or Urdu spelling.
fn spelling_evidence(text: &str) -> (usize, usize, usize) {
    let (mut arabic, mut persian, mut urdu) = (0, 0, 0);
    for c in text.chars() {
        match c {
            // ي ك ة and tanween are Arabic spellings.
            '\u{064A}' | '\u{0643}' | '\u{0629}' | '\u{064B}'..='\u{064D}' => arabic += 1,
            // ی ک پ چ ژ گ
            '\u{06CC}' | '\u{06A9}' | '\u{067E}' | '\u{0686}' | '\u{0698}' | '\u{06AF}' => {
                persian += 1
            }
            // ٹ ڈ ڑ ں ے ہ ھ
            '\u{0679}' | '\u{0688}' | '\u{0691}' | '\u{06BA}' | '\u{06D2}' | '\u{06C1}'
            | '\u{06BE}' => urdu += 1,
            _ => {}
        }
    }
    (arabic, persian, urdu)
}

/// Identifies the language of a text. `None` when the text has fewer than three letters or
/// its script is none of those allowed.
pub fn identify(text: &str) -> Option<LangGuess> {
    guess(text, dominant_script(text)?)
}

/// The ISO 639-1 code of [`identify`]. Where the spelling settles an Arabic-script text's
/// language, the trigram detector, which would only weigh the confidence, is not run.
pub fn language(text: &str) -> Option<&'static str> {
    let script = dominant_script(text)?;
    if script == Script::Arabic
        && let Some(code) = spelled_as(text)
    {
        return Some(code);
    }
    guess(text, script).map(|g| g.code)
}

/// The script most of the text's letters are in; `None` under three letters.
fn dominant_script(text: &str) -> Option<Script> {
    let counts = script_counts(text);
    if counts.total() < 3 {
        return None;
    }
    counts.dominant()
}

/// [`identify`] for a text whose letters are mostly in `script`.
fn guess(text: &str, script: Script) -> Option<LangGuess> {
    match script {
        Script::Arabic => {
            let info = Detector::with_allowlist(ARABIC_SCRIPT.to_vec()).detect(text);
            let guess = info.as_ref().map_or(Lang::Ara, |i| i.lang());
            let confidence = info.as_ref().map_or(0.5, |i| i.confidence());
            let code = spelled_as(text).unwrap_or(iso639_1(guess));
            let agrees = code == iso639_1(guess);
            Some(LangGuess {
                code,
                confidence: if agrees { confidence.max(0.5) } else { 0.5 },
            })
        }
        Script::Latin | Script::Other => {
            let info = Detector::with_allowlist(OTHER_SCRIPTS.to_vec()).detect(text)?;
            // Trigram scores on a few words of an unlisted language are noise.
            if !info.is_reliable() && info.confidence() < 0.3 {
                return None;
            }
            Some(LangGuess {
                code: iso639_1(info.lang()),
                confidence: info.confidence(),
            })
        }
    }
}

/// The language of an Arabic-script text when its spelling settles it. Spelling letters
/// outweigh trigrams: Arabic has no پ چ ژ گ ٹ ڈ ڑ ں ے, and Persian and Urdu rarely write
/// ي ك ة.
fn spelled_as(text: &str) -> Option<&'static str> {
    let (arabic, persian, urdu) = spelling_evidence(text);
    if urdu > 0 && urdu * 4 >= arabic && urdu + persian > arabic {
        Some("ur")
    } else if persian > arabic {
        Some("fa")
    } else if arabic > 0 && persian == 0 && urdu == 0 {
        Some("ar")
    } else {
        None
    }
}
