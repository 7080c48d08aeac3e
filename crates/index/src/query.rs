//! The search query language: words, "exact phrases", -exclusion, OR between two clauses,
//! `source:`, `tag:` and `lang:` filters, and `from:`/`to:` dates, absolute (2025-02-01) or
//! relative (today, yesterday, 24h, 7d, 4w, 1y).
//!
//! Parsing never panics: bad syntax is a [`QueryError`] that says what is wrong.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 2_000;

/// Why a query could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A quote was opened and never closed.
    #[error("a quote opened at character {0} is never closed")]
    UnclosedQuote(usize),
    /// A field was given without a value (`source:`).
    #[error("`{0}:` needs a value")]
    EmptyValue(String),
    /// A date could not be read.
    #[error(
        "`{0}` is not a date: use 2025-02-01, today, yesterday, or a span like 24h, 7d, 4w, 1y"
    )]
    BadDate(String),
    /// `from:` lies after `to:`.
    #[error("the date range ends before it starts")]
    EmptyRange,
    /// `OR` without a clause on one side.
    #[error("OR needs a word, phrase or filter on both sides")]
    DanglingOr,
    /// Dates cannot be alternatives.
    #[error("from: and to: cannot be joined by OR")]
    DateInOr,
    /// Nothing to look for: only exclusions, or nothing at all.
    #[error("the query has nothing to look for")]
    Empty,
    /// The query is longer than [`MAX_QUERY_BYTES`].
    #[error("the query is longer than {MAX_QUERY_BYTES} bytes")]
    TooLong,
}

/// One thing a clause looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A word (every spelling variant and inflection of it).
    Word(String),
    /// Words in this order.
    Phrase(String),
    /// Articles of a source, by name.
    Source(String),
    /// Articles with a tag.
    Tag(String),
    /// Articles in a language (`ar`, `en`).
    Lang(String),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every group must match; a group matches when one of its atoms does.
    pub all: Vec<Vec<Atom>>,
    /// No atom here may match.
    pub none: Vec<Atom>,
    /// Published at or after, in milliseconds since the epoch.
    pub from_ms: Option<i64>,
    /// Published before, in milliseconds since the epoch.
    pub to_ms: Option<i64>,
}

/// A piece of the query before OR is applied.
#[derive(Debug)]
enum Piece {
    Clause { negated: bool, atom: Atom },
    From(i64),
    To(i64),
    Or,
}

/// Parses a query; `now` anchors the relative dates.
pub fn parse(input: &str, now: DateTime<Utc>) -> Result<Query, QueryError> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong);
    }
    let pieces = pieces(input, now)?;
    let mut query = Query::default();
    let mut i = 0;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Or => return Err(QueryError::DanglingOr),
            Piece::From(t) => query.from_ms = Some(query.from_ms.map_or(*t, |f| f.max(*t))),
            Piece::To(t) => query.to_ms = Some(query.to_ms.map_or(*t, |f| f.min(*t))),
            Piece::Clause {
                negated: true,
                atom,
            } => query.none.push(atom.clone()),
            Piece::Clause {
                negated: false,
                atom,
            } => {
                let mut group = vec![atom.clone()];
                while matches!(pieces.get(i + 1), Some(Piece::Or)) {
                    match pieces.get(i + 2) {
                        Some(Piece::Clause {
                            negated: false,
                            atom,
                        }) => group.push(atom.clone()),
                        Some(Piece::From(_) | Piece::To(_)) => return Err(QueryError::DateInOr),
                        _ => return Err(QueryError::DanglingOr),
                    }
                    i += 2;
                }
                query.all.push(group);
            }
        }
        if matches!(pieces[i], Piece::From(_) | Piece::To(_))
            && matches!(pieces.get(i + 1), Some(Piece::Or))
        {
            return Err(QueryError::DateInOr);
        }
        i += 1;
    }
    if let (Some(f), Some(t)) = (query.from_ms, query.to_ms)
        && f >= t
    {
        return Err(QueryError::EmptyRange);
    }
    if query.all.is_empty() && query.from_ms.is_none() && query.to_ms.is_none() {
        return Err(QueryError::Empty);
    }
    Ok(query)
}

/// Splits the query into pieces, reading quotes, fields and the minus sign.
fn pieces(input: &str, now: DateTime<Utc>) -> Result<Vec<Piece>, QueryError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let quote = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-' && chars.get(i + 1).is_some_and(|n| !n.1.is_whitespace());
        if negated {
            i += 1;
        }
        // A quoted phrase.
        if quote(chars[i].1) {
            let (text, next) = quoted(&chars, i)?;
            i = next;
            if !text.trim().is_empty() {
                out.push(Piece::Clause {
                    negated,
                    atom: Atom::Phrase(text),
                });
            }
            continue;
        }
        // A run up to the next space; a field's value may be quoted.
        let start = i;
        while i < chars.len() && !chars[i].1.is_whitespace() && !quote(chars[i].1) {
            if chars[i].1 == ':' {
                break;
            }
            i += 1;
        }
        let head: String = chars[start..i].iter().map(|c| c.1).collect();
        let field = (i < chars.len() && chars[i].1 == ':')
            .then(|| head.to_lowercase())
            .filter(|f| matches!(f.as_str(), "source" | "tag" | "lang" | "from" | "to"));
        let Some(field) = field else {
            // Not a known field: the whole run (colon included) is words.
            while i < chars.len() && !chars[i].1.is_whitespace() && !quote(chars[i].1) {
                i += 1;
            }
            let word: String = chars[start..i].iter().map(|c| c.1).collect();
            if word == "OR" && !negated {
                out.push(Piece::Or);
            } else if !word.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
                out.push(Piece::Clause {
                    negated,
                    atom: Atom::Word(word),
                });
            }
            continue;
        };
        i += 1; // the colon
        let value = if i < chars.len() && quote(chars[i].1) {
            let (text, next) = quoted(&chars, i)?;
            i = next;
            text
        } else {
            let from = i;
            while i < chars.len() && !chars[i].1.is_whitespace() {
                i += 1;
            }
            chars[from..i].iter().map(|c| c.1).collect()
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(QueryError::EmptyValue(field));
        }
        out.push(match field.as_str() {
            "from" => Piece::From(date(&value, now, false)?),
            "to" => Piece::To(date(&value, now, true)?),
            "source" => Piece::Clause {
                negated,
                atom: Atom::Source(value),
            },
            "tag" => Piece::Clause {
                negated,
                atom: Atom::Tag(value),
            },
            _ => Piece::Clause {
                negated,
                atom: Atom::Lang(value.to_lowercase()),
            },
        });
    }
    Ok(out)
}

/// The text of a quote opened at `open`, and the index after its closing quote.
fn quoted(chars: &[(usize, char)], open: usize) -> Result<(String, usize), QueryError> {
    let closing = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
    let end = chars[open + 1..]
        .iter()
        .position(|c| closing(c.1))
        .map(|p| open + 1 + p)
        .ok_or(QueryError::UnclosedQuote(open))?;
    Ok((chars[open + 1..end].iter().map(|c| c.1).collect(), end + 1))
}

/// A date value in milliseconds: the start of the day (or span) for `from:`, and for `to:`
/// the end of an absolute day, so that `to:2025-02-01` includes that day.
fn date(value: &str, now: DateTime<Utc>, end: bool) -> Result<i64, QueryError> {
    let bad = || QueryError::BadDate(value.to_string());
    let today = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .ok_or_else(bad)?
        .and_utc();
    let lower = value.to_lowercase();
    let at = match lower.as_str() {
        "now" | "الآن" | "الان" => now,
        "today" | "اليوم" => {
            today
                + if end {
                    Duration::days(1)
                } else {
                    Duration::zero()
                }
        }
        "yesterday" | "أمس" | "امس" => {
            today - Duration::days(1)
                + if end {
                    Duration::days(1)
                } else {
                    Duration::zero()
                }
        }
        _ => {
            if let Ok(day) = NaiveDate::parse_from_str(&lower, "%Y-%m-%d") {
                let start = day.and_hms_opt(0, 0, 0).ok_or_else(bad)?.and_utc();
                start
                    + if end {
                        Duration::days(1)
                    } else {
                        Duration::zero()
                    }
            } else {
                let digits = lower.trim_end_matches(|c: char| c.is_alphabetic());
                let unit = &lower[digits.len()..];
                let n: i64 = digits.parse().map_err(|_| bad())?;
                let span = match unit {
                    "h" => Duration::try_hours(n),
                    "d" => Duration::try_days(n),
                    "w" => Duration::try_weeks(n),
                    "m" => Duration::try_days(n.saturating_mul(30)),
                    "y" => Duration::try_days(n.saturating_mul(365)),
                    _ => None,
                }
                .ok_or_else(bad)?;
                now.checked_sub_signed(span).ok_or_else(bad)?
            }
        }
    };
    Ok(at.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .to_utc()
    }

    fn q(s: &str) -> Query {
        parse(s, now()).unwrap()
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let query = q(r#"الانتخابات "مجلس النواب" -البلدية لبنان OR العراق"#);
        assert_eq!(
            query.all,
            vec![
                vec![Atom::Word("الانتخابات".into())],
                vec![Atom::Phrase("مجلس النواب".into())],
                vec![Atom::Word("لبنان".into()), Atom::Word("العراق".into())],
            ]
        );
        assert_eq!(query.none, vec![Atom::Word("البلدية".into())]);
    }

    #[test]
    fn fields_with_plain_and_quoted_values_and_unknown_fields_as_words() {
        let query = q(r#"source:"سكاي نيوز" tag:الناتو lang:AR -source:بي_بي_سي المصدر:واس"#);
        assert_eq!(
            query.all,
            vec![
                vec![Atom::Source("سكاي نيوز".into())],
                vec![Atom::Tag("الناتو".into())],
                vec![Atom::Lang("ar".into())],
                vec![Atom::Word("المصدر:واس".into())],
            ]
        );
        assert_eq!(query.none, vec![Atom::Source("بي_بي_سي".into())]);
    }

    #[test]
    fn absolute_and_relative_dates() {
        let day = 86_400_000;
        let query = q("نفط from:2026-11-01 to:2026-11-02");
        let nov1 = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(query.from_ms, Some(nov1));
        assert_eq!(query.to_ms, Some(nov1 + 2 * day), "to: includes its day");
        assert_eq!(
            q("from:7d").from_ms,
            Some(now().timestamp_millis() - 7 * day)
        );
        let y = q("نفط from:yesterday to:today");
        assert_eq!(y.to_ms.unwrap() - y.from_ms.unwrap(), 2 * day);
    }

    #[test]
    fn bad_syntax_is_a_clear_error() {
        let err = |s: &str| parse(s, now()).unwrap_err();
        assert_eq!(err(r#"نفط "أسعار"#), QueryError::UnclosedQuote(4));
        assert_eq!(err("source:"), QueryError::EmptyValue("source".into()));
        assert_eq!(
            err("from:tomorrowish"),
            QueryError::BadDate("tomorrowish".into())
        );
        assert_eq!(err("from:2026-11-05 to:2026-11-01"), QueryError::EmptyRange);
        assert_eq!(err("نفط OR"), QueryError::DanglingOr);
        assert_eq!(err("OR نفط"), QueryError::DanglingOr);
        assert_eq!(err("-نفط"), QueryError::Empty);
        assert_eq!(err("   "), QueryError::Empty);
        assert_eq!(err("نفط OR from:7d"), QueryError::DateInOr);
        assert_eq!(err(&"ا".repeat(1_500)), QueryError::TooLong);
    }
}
