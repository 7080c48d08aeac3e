//! Solar Hijri (Jalali) dates, as the Persian-language sites in Marsad's watch write them:
//! `دوشنبه ۲ تیر ۱۳۹۹`, `2 تير 1399 - 12:09:08 ب.ظ`. Converted with ICU4X's Persian calendar.

use crate::{Calendar, Context, Expression, Resolved};
use chrono::{NaiveDate, NaiveTime};

/// Jalali month names, with the spellings Arabic-keyboard pages use (ي for ی, ك for ک).
const MONTHS: &[(&str, u8)] = &[
    ("فروردین", 1),
    ("فروردين", 1),
    ("اردیبهشت", 2),
    ("ارديبهشت", 2),
    ("خرداد", 3),
    ("تیر", 4),
    ("تير", 4),
    ("مرداد", 5),
    ("امرداد", 5),
    ("شهریور", 6),
    ("شهريور", 6),
    ("مهر", 7),
    ("آبان", 8),
    ("ابان", 8),
    ("آذر", 9),
    ("اذر", 9),
    ("دی", 10),
    ("دي", 10),
    ("بهمن", 11),
    ("اسفند", 12),
];

/// A Solar Hijri day as a Gregorian date.
pub(crate) fn to_gregorian(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let date = icu_calendar::Date::try_new_persian(year, month, day).ok()?;
    // A day past the month's end is refused or constrained: check that it stayed put.
    if date.day_of_month().0 != day || date.month().ordinal != month {
        return None;
    }
    crate::expr::hijri::iso_day(&date.to_calendar(icu_calendar::cal::Iso))
}

fn number(word: &str) -> Option<u32> {
    let ascii: String = word
        .chars()
        .map(|c| match c {
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            _ => c,
        })
        .collect();
    ascii.parse().ok()
}

/// Parses `day month year [- H:MM[:SS] [ق.ظ|ب.ظ]]` with a Jalali month name. Only years of the
/// Solar Hijri era's modern range (1300–1500) are accepted, so a Gregorian or lunar Hijri
/// year is never read as one.
pub(crate) fn parse(text: &str, ctx: &Context) -> Option<Expression> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '،' | ',' | '-' | '/' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    let at = words
        .iter()
        .position(|w| MONTHS.iter().any(|(name, _)| name == w))?;
    let month = MONTHS.iter().find(|(name, _)| *name == words[at])?.1;
    let day = u8::try_from(number(words.get(at.checked_sub(1)?)?)?).ok()?;
    let year = i32::try_from(number(words.get(at + 1)?)?).ok()?;
    if !(1300..=1500).contains(&year) {
        return None;
    }
    let date = to_gregorian(year, month, day)?;
    let time = words[at + 2..].iter().find_map(|w| {
        let parts: Vec<u32> = w.split(':').map(number).collect::<Option<Vec<_>>>()?;
        match parts.as_slice() {
            [h, m] => NaiveTime::from_hms_opt(*h, *m, 0).map(|t| (t, false)),
            [h, m, s] => NaiveTime::from_hms_opt(*h, *m, *s).map(|t| (t, true)),
            _ => None,
        }
    });
    let resolved = match time {
        None => Resolved::Day(date),
        Some((mut t, seconds)) => {
            // ب.ظ (بعد از ظهر) is p.m.; ق.ظ (قبل از ظهر) a.m.
            let pm = text.contains("ب.ظ") || text.contains("بعد از ظهر");
            let am = text.contains("ق.ظ") || text.contains("قبل از ظهر");
            let hour = chrono::Timelike::hour(&t);
            if pm && hour < 12 {
                t += chrono::Duration::hours(12);
            } else if am && hour == 12 {
                t -= chrono::Duration::hours(12);
            }
            Resolved::Time {
                value: ctx.zone.localize(date.and_time(t)),
                seconds,
            }
        }
    };
    Some(Expression {
        resolved,
        calendar: Calendar::Jalali,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Zone;

    #[test]
    fn persian_dates_convert() {
        assert_eq!(
            to_gregorian(1399, 4, 2),
            NaiveDate::from_ymd_opt(2020, 6, 22)
        );
        assert_eq!(
            to_gregorian(1403, 1, 1),
            NaiveDate::from_ymd_opt(2024, 3, 20)
        );
        let reference = chrono::DateTime::parse_from_rfc3339("2021-01-01T12:00:00+03:30").unwrap();
        let ctx = Context {
            reference,
            zone: Zone::parse("Asia/Tehran").unwrap(),
        };
        let e = parse("دوشنبه ۲ تیر ۱۳۹۹", &ctx).unwrap();
        assert_eq!(e.value_string(), "2020-06-22");
        let e = parse("5 اسفند 1398 - 08:30 ب.ظ", &ctx).unwrap();
        assert_eq!(e.value_string(), "2020-02-24T20:30:00+03:30");
        assert!(parse("2 تير 2020", &ctx).is_none());
        assert!(parse("تیر ماه", &ctx).is_none());
    }
}
