//! Machine-readable dates: RFC 3339 / ISO 8601, bare days, RFC 2822 and its broken variants.

use crate::{PageDate, Precision};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// Parses a machine-readable date.
///
/// Accepted forms:
/// * RFC 3339 / ISO 8601: `2025-02-02T14:05:00+02:00`, with or without seconds and fractions,
///   `T` or a space between date and time, offsets `Z`, `+02:00`, `+0200`, `+02`, or a trailing
///   ` UTC`/` GMT`. **A date-time without an offset is taken as UTC.**
/// * A bare day `2025-02-02` (also `2025/02/02`), giving [`Precision::Day`].
/// * RFC 2822 and its common broken variants: missing weekday, single-digit day, two-digit
///   year, missing seconds, month before day (`Feb 2, 2025`), zones `GMT`/`UTC`/`UT`/`Z`,
///   numeric offsets with or without colon, and abbreviations such as `EST`, `PDT`, `CET`,
///   `EET` and `AST` (taken as Arabia Standard Time, +03:00, as on Arabic sites).
///   Without a zone the time is taken as UTC; without a time the result is a day.
///
/// Returns `None` for anything else; never panics.
pub fn parse_machine(s: &str) -> Option<PageDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_iso(s).or_else(|| parse_rfc2822ish(s))
}

/// Cursor over ASCII bytes for the ISO form.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cur<'_> {
    fn digits(&mut self, n: usize) -> Option<u32> {
        let end = self.i.checked_add(n)?;
        let slice = self.b.get(self.i..end)?;
        let mut v = 0u32;
        for &d in slice {
            if !d.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(d - b'0');
        }
        self.i = end;
        Some(v)
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn rest(&self) -> &[u8] {
        self.b.get(self.i..).unwrap_or(&[])
    }
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())
}

fn parse_iso(s: &str) -> Option<PageDate> {
    let mut c = Cur {
        b: s.as_bytes(),
        i: 0,
    };
    let year = c.digits(4)?;
    let sep = c.peek()?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    c.i += 1;
    let month = c.digits(2).or_else(|| c.digits(1))?;
    if !c.eat(sep) {
        return None;
    }
    let day = c.digits(2).or_else(|| c.digits(1))?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if c.peek().is_none() {
        let value = utc()
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .single()?;
        return Some(PageDate {
            value,
            precision: Precision::Day,
        });
    }
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let mut second = 0;
    let mut nanos = 0u32;
    let mut precision = Precision::Minute;
    if c.eat(b':') {
        second = c.digits(2)?;
        precision = Precision::Second;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.i;
            let mut frac = String::new();
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                if frac.len() < 9 {
                    frac.push(char::from(d));
                }
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            while frac.len() < 9 {
                frac.push('0');
            }
            nanos = frac.parse().ok()?;
        }
    }
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = parse_iso_zone(c.rest())?;
    let value = offset
        .from_local_datetime(&NaiveDateTime::new(date, time))
        .single()?;
    Some(PageDate { value, precision })
}

/// Zone suffix of an ISO date-time: empty (UTC), `Z`, `±HH:MM`, `±HHMM`, `±HH`, ` UTC`, ` GMT`.
fn parse_iso_zone(rest: &[u8]) -> Option<FixedOffset> {
    let rest = std::str::from_utf8(rest).ok()?.trim();
    if rest.is_empty() || rest.eq_ignore_ascii_case("z") {
        return Some(utc());
    }
    if let Some(off) = numeric_offset(rest) {
        return Some(off);
    }
    let upper = rest.to_ascii_uppercase();
    match upper.as_str() {
        "UTC" | "GMT" | "UT" => Some(utc()),
        _ => {
            let tail = upper
                .strip_prefix("UTC")
                .or_else(|| upper.strip_prefix("GMT"))?;
            numeric_offset(tail.trim())
        }
    }
}

/// `+HH:MM`, `+HHMM`, `+HH`, `-…`; at most ±23:59.
fn numeric_offset(s: &str) -> Option<FixedOffset> {
    let b = s.as_bytes();
    let sign: i32 = match b.first()? {
        b'+' => 1,
        b'-' | b'\xE2' => -1, // U+2212 MINUS SIGN starts with 0xE2
        _ => return None,
    };
    let body = if b.first() == Some(&b'\xE2') {
        if !s.starts_with('\u{2212}') {
            return None;
        }
        s.get('\u{2212}'.len_utf8()..)?
    } else {
        s.get(1..)?
    };
    let digits: String = body.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|d| d.is_ascii_digit()) {
        return None;
    }
    if body.contains(':') && !(body.len() == 5 && body.as_bytes().get(2) == Some(&b':')) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits.get(..2)?.parse::<i32>().ok()?,
            digits.get(2..)?.parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn zone_abbreviation(z: &str) -> Option<FixedOffset> {
    let hours: i32 = match z {
        "GMT" | "UTC" | "UT" | "Z" | "WET" => 0,
        "BST" | "CET" | "WAT" | "WEST" => 1,
        "CEST" | "EET" | "CAT" | "SAST" => 2,
        "EEST" | "AST" | "MSK" | "EAT" | "TRT" => 3,
        "GST" => 4,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    FixedOffset::east_opt(hours * 3600)
}

fn month_from_name(w: &str) -> Option<u32> {
    if w.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lw = w.to_ascii_lowercase();
    let lw = lw.trim_end_matches('.');
    if lw == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(lw) && lw.len() >= 3)
        .and_then(|p| u32::try_from(p + 1).ok())
}

fn is_weekday(w: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let lw = w.to_ascii_lowercase();
    let lw = lw.trim_end_matches('.');
    lw.len() >= 3 && DAYS.iter().any(|d| d.starts_with(lw))
}

fn parse_rfc2822ish(s: &str) -> Option<PageDate> {
    if !s.is_ascii() {
        return None;
    }
    // Drop trailing comments such as "(EET)".
    let s = match s.find('(') {
        Some(p) => &s[..p],
        None => s,
    };
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<i32> = None;
    let mut time: Option<(u32, u32, Option<u32>)> = None;
    let mut offset: Option<FixedOffset> = None;
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() > 8 {
        return None;
    }
    for tok in tokens {
        let upper = tok.to_ascii_uppercase();
        if tok.contains(':') && time.is_none() && tok.starts_with(|c: char| c.is_ascii_digit()) {
            let mut parts = tok.split(':');
            let h = parts.next()?.parse::<u32>().ok()?;
            let m = parts.next()?.parse::<u32>().ok()?;
            let sec = match parts.next() {
                Some(p) => Some(p.split('.').next()?.parse::<u32>().ok()?),
                None => None,
            };
            if parts.next().is_some() {
                return None;
            }
            time = Some((h, m, sec));
        } else if tok.starts_with(['+', '-']) && time.is_some() && offset.is_none() {
            offset = Some(numeric_offset(tok)?);
        } else if tok.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = tok.parse().ok()?;
            if tok.len() == 4 && year.is_none() {
                year = Some(i32::try_from(n).ok()?);
            } else if tok.len() <= 2 && day.is_none() && (month.is_some() || year.is_none()) {
                day = Some(n);
            } else if tok.len() == 2 && year.is_none() {
                let n = i32::try_from(n).ok()?;
                year = Some(if n >= 50 { 1900 + n } else { 2000 + n });
            } else {
                return None;
            }
        } else if let Some(m) = month_from_name(tok).filter(|_| month.is_none()) {
            month = Some(m);
        } else if is_weekday(tok) && month.is_none() && day.is_none() {
            // optional weekday, ignored
        } else if offset.is_none() && time.is_some() {
            if let Some(z) = zone_abbreviation(&upper) {
                offset = Some(z);
            } else if let Some(rest) = upper
                .strip_prefix("GMT")
                .or_else(|| upper.strip_prefix("UTC"))
            {
                offset = Some(numeric_offset(rest)?);
            } else {
                return None;
            }
        } else {
            return None;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    let offset = offset.unwrap_or_else(utc);
    let (naive_time, precision) = match time {
        None => (NaiveTime::MIN, Precision::Day),
        Some((h, m, None)) => (NaiveTime::from_hms_opt(h, m, 0)?, Precision::Minute),
        Some((h, m, Some(sec))) => (NaiveTime::from_hms_opt(h, m, sec)?, Precision::Second),
    };
    let value = offset
        .from_local_datetime(&NaiveDateTime::new(date, naive_time))
        .single()?;
    Some(PageDate { value, precision })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Option<String> {
        parse_machine(s).map(|d| d.to_contract_string())
    }

    #[test]
    fn rfc3339_forms() {
        assert_eq!(
            p("2025-02-02T14:05:00+02:00").as_deref(),
            Some("2025-02-02T14:05:00+02:00")
        );
        assert_eq!(
            p("2025-02-02T14:05:07.123Z").as_deref(),
            Some("2025-02-02T14:05:07+00:00")
        );
        assert_eq!(
            p("2025-02-02T14:05+03:00").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("2025-02-02T14:05:00+0300").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("2025-02-02 14:05:00 -0500").as_deref(),
            Some("2025-02-02T14:05:00-05:00")
        );
        assert_eq!(
            p("2025-02-02T14:05:00+03").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("2025-02-02 14:05:00 UTC").as_deref(),
            Some("2025-02-02T14:05:00+00:00")
        );
    }

    #[test]
    fn iso_without_offset_is_utc() {
        let d = parse_machine("2025-02-02T14:05:00").unwrap();
        assert_eq!(d.precision, Precision::Second);
        assert_eq!(d.to_contract_string(), "2025-02-02T14:05:00+00:00");
        let d = parse_machine("2025-02-02T14:05").unwrap();
        assert_eq!(d.precision, Precision::Minute);
    }

    #[test]
    fn bare_day() {
        let d = parse_machine(" 2025-02-02 ").unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.to_contract_string(), "2025-02-02");
        assert_eq!(p("2025/2/3").as_deref(), Some("2025-02-03"));
    }

    #[test]
    fn rfc2822_forms() {
        assert_eq!(
            p("Sun, 02 Feb 2025 14:05:00 +0200").as_deref(),
            Some("2025-02-02T14:05:00+02:00")
        );
        assert_eq!(
            p("2 Feb 2025 14:05:00 GMT").as_deref(),
            Some("2025-02-02T14:05:00+00:00")
        );
        assert_eq!(
            p("Sunday, 2 February 2025 14:05 UTC").as_deref(),
            Some("2025-02-02T14:05:00+00:00")
        );
        assert_eq!(
            p("Sun, 02 Feb 25 14:05:00 Z").as_deref(),
            Some("2025-02-02T14:05:00+00:00")
        );
        assert_eq!(
            p("Sun, 02 Feb 2025 14:05:00 EST").as_deref(),
            Some("2025-02-02T14:05:00-05:00")
        );
        assert_eq!(
            p("Sun, 02 Feb 2025 14:05:00 AST").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("Sun, 02 Feb 2025 14:05:00 +03:00").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("Feb 2, 2025 14:05:00 GMT+0300").as_deref(),
            Some("2025-02-02T14:05:00+03:00")
        );
        assert_eq!(
            p("Sun, 2 Feb 2025 14:05:00 +0200 (EET)").as_deref(),
            Some("2025-02-02T14:05:00+02:00")
        );
        assert_eq!(p("02 Feb 2025").as_deref(), Some("2025-02-02"));
        assert_eq!(
            p("Sun, 02 Feb 2025 14:05:00").as_deref(),
            Some("2025-02-02T14:05:00+00:00")
        );
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "   ",
            "yesterday",
            "2025-13-01",
            "2025-02-30",
            "2025-02-02T25:00",
            "2025-02-02T14:05:00+99:00",
            "Sun, 32 Feb 2025 14:05:00 GMT",
            "Sun, 02 Foo 2025 14:05:00 GMT",
            "02 Feb 2025 14:05:00 XYZ",
            "منذ ساعتين",
            "2025",
            "12:30",
        ] {
            assert!(parse_machine(s).is_none(), "{s:?} should not parse");
        }
    }

    #[test]
    fn serializes_as_contract_string() {
        let d = parse_machine("2025-02-02T14:05:00+02:00").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2025-02-02T14:05:00+02:00\""
        );
        let d = parse_machine("2025-02-02").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2025-02-02\"");
        assert_eq!(Precision::Minute.as_str(), "minute");
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>()) {
            let _ = parse_machine(&s);
        }

        #[test]
        fn never_panics_on_datelike(s in "[0-9 :+TZ./,-]{0,40}[A-Za-z]{0,5}") {
            let _ = parse_machine(&s);
        }

        #[test]
        fn roundtrips_rfc3339(secs in 0i64..4_000_000_000, off in -1380i32..1380) {
            let offset = FixedOffset::east_opt(off * 60).unwrap();
            let dt = chrono::DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&offset);
            let s = dt.to_rfc3339();
            let parsed = parse_machine(&s).unwrap();
            prop_assert_eq!(parsed.value, dt);
            prop_assert_eq!(parsed.to_contract_string(), dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
        }
    }
}
