//! The pieces of a date expression found in its tokens: dates, clock times, zones, weekdays
//! and relative expressions. Everything the recognizers do not know is skipped (labels such
//! as نشر في:, articles, separators).

use super::lexer::Tok;
use super::lexicon::{
    MonthCal, Unit, ZoneName, apply_meridiem, meridiem_at, month_at, number_word, ordinal_day_at,
    place_zone_at, unit_word, weekday_word,
};
use chrono::{FixedOffset, Weekday};

/// Which occurrence of a weekday is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WeekdayRel {
    /// The weekday alone: the most recent one, today included.
    Plain,
    /// الماضي, last: strictly before today.
    Last,
    /// القادم, المقبل, next: strictly after today.
    Next,
}

/// One piece of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Item {
    /// A calendar date; `day: None` is a month of a year.
    Date {
        /// The calendar of the month name or the numeric form.
        cal: MonthCal,
        /// The year, if written.
        year: Option<i32>,
        /// The month, 1 to 12.
        month: u32,
        /// The day, if written.
        day: Option<u32>,
    },
    /// A clock time, with the zone written right after it.
    Time {
        /// Hour, 0 to 23.
        hour: u32,
        /// Minute.
        minute: u32,
        /// Second, if written.
        second: Option<u32>,
        /// The zone written after the time.
        zone: Option<ZoneName>,
    },
    /// A zone written away from the time.
    Zone(ZoneName),
    /// A weekday, possibly with a day of the month.
    Weekday {
        /// The weekday.
        weekday: Weekday,
        /// Which one.
        rel: WeekdayRel,
        /// A day of the month written after it (الأحد السابع عشر).
        day: Option<u32>,
    },
    /// A day relative to today (أمس = -1).
    RelDay(i64),
    /// Some units before the reference (منذ 3 ساعات).
    Ago(i64, Unit),
    /// The reference itself (الآن, قبل قليل).
    Now,
    /// A month relative to the reference's (الشهر الماضي = -1).
    RelMonth(i32),
}

fn word(t: &[Tok], i: usize) -> Option<&str> {
    t.get(i).and_then(Tok::word)
}

fn punct(t: &[Tok], i: usize, c: char) -> bool {
    t.get(i).is_some_and(|x| x.is_punct(c))
}

fn skip_commas(t: &[Tok], mut i: usize) -> usize {
    while t.get(i).is_some_and(|x| x.is_punct(',') || x.is_punct('،')) {
        i += 1;
    }
    i
}

/// Scans every piece of the expression, left to right.
pub(crate) fn scan(t: &[Tok]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if let Some((item, next)) = numeric_date_at(t, i)
            .or_else(|| time_at(t, i))
            .or_else(|| named_date_at(t, i))
            .or_else(|| ago_at(t, i))
            .or_else(|| relative_day_at(t, i))
            .or_else(|| weekday_at(t, i))
            .or_else(|| zone_at(t, i, false).map(|(z, n)| (Some(Item::Zone(z)), n)))
        {
            if let Some(item) = item {
                items.push(item);
            }
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    items
}

type Found = Option<(Option<Item>, usize)>;

fn found(item: Item, next: usize) -> Found {
    Some((Some(item), next))
}

// ---------------------------------------------------------------------------------------------
// Clock times and zones.

fn is_two_digits(t: &[Tok], i: usize) -> Option<u32> {
    match t.get(i)?.num()? {
        (v, 2) => Some(v),
        _ => None,
    }
}

/// A clock time at `i`: `10:30`, `10:30:15`, `9:05 صباحاً`, `14h30`, `الساعة 9 مساءً`,
/// `9 PM`, followed by an optional zone.
fn time_at(t: &[Tok], i: usize) -> Found {
    let lead = matches!(
        word(t, i),
        Some("الساعه" | "الساعة" | "at" | "à" | "vers" | "a")
    );
    let j = if lead { i + 1 } else { i };
    if lead && let Some(found) = worded_time_at(t, j) {
        return Some(found);
    }
    let (h, hl) = t.get(j)?.num()?;
    if hl > 2 {
        return None;
    }
    let mut k = j + 1;
    let mut second = None;
    let minute;
    let dotted_clock = punct(t, k, '.')
        && is_two_digits(t, k + 1).is_some()
        && (lead
            || meridiem_at(t, k + 2)
                .is_some_and(|(_, after)| after > k + 3 || !matches!(word(t, k + 2), Some("م"))));
    if (punct(t, k, ':') && is_two_digits(t, k + 1).is_some()) || dotted_clock {
        minute = is_two_digits(t, k + 1)?;
        k += 2;
        if punct(t, k, ':') && is_two_digits(t, k + 1).is_some() {
            second = is_two_digits(t, k + 1);
            k += 2;
            // Fractions of a second.
            if (punct(t, k, '.') || punct(t, k, ',')) && t.get(k + 1).and_then(Tok::num).is_some() {
                k += 2;
            }
        }
    } else if word(t, k) == Some("h") && word(t, k + 1) != Some("ago") {
        if let Some(m) = is_two_digits(t, k + 1) {
            minute = m;
            k += 2;
        } else {
            minute = 0;
            k += 1;
        }
    } else {
        // A bare hour: only after الساعة/at, or with a spelled-out qualifier (9 PM, 9 مساءً).
        let (_, after) = meridiem_at(t, k)?;
        let bare_letter = matches!(word(t, k), Some("ص" | "م" | "a" | "p" | "ق" | "ب"));
        if !lead && (bare_letter || after == k) {
            return None;
        }
        minute = 0;
    }
    let meridiem = meridiem_at(t, k);
    if let Some((_, after)) = meridiem {
        k = after;
    }
    let hour = apply_meridiem(h, meridiem.map(|(m, _)| m))?;
    if minute > 59 || second.is_some_and(|s| s > 60) {
        return None;
    }
    let second = second.map(|s| s.min(59));
    let zone = match zone_at(t, k, true) {
        Some((z, after)) => {
            k = after;
            Some(z)
        }
        None => {
            // A bare offset glued to an ISO time: +03:00, +0300, -05:00 (after seconds only).
            match offset_at(t, k, second.is_some()) {
                Some((o, after)) => {
                    k = after;
                    Some(ZoneName::Fixed(o))
                }
                None if second.is_some() && word(t, k) == Some("z") => {
                    k += 1;
                    FixedOffset::east_opt(0).map(ZoneName::Fixed)
                }
                None => None,
            }
        }
    };
    if meridiem.is_none() && zone.is_some() {
        // A qualifier may also follow the zone.
        if let Some((m, after)) = meridiem_at(t, k) {
            let hour = apply_meridiem(h, Some(m))?;
            return found(
                Item::Time {
                    hour,
                    minute,
                    second,
                    zone,
                },
                after,
            );
        }
    }
    found(
        Item::Time {
            hour,
            minute,
            second,
            zone,
        },
        k,
    )
}

/// An hour in words after الساعة: `الثالثة`, `العاشرة والنصف صباحاً`, `الحادية عشرة إلا ربعاً`.
fn worded_time_at(t: &[Tok], i: usize) -> Found {
    let mut h = match word(t, i)? {
        "الواحده" => 1,
        "الثانيه" => 2,
        "الثالثه" => 3,
        "الرابعه" => 4,
        "الخامسه" => 5,
        "السادسه" => 6,
        "السابعه" => 7,
        "الثامنه" => 8,
        "التاسعه" => 9,
        "العاشره" => 10,
        "الحاديه" => 1,
        _ => return None,
    };
    let mut k = i + 1;
    if matches!(word(t, k), Some("عشره" | "عشر")) && h <= 2 {
        h += 10;
        k += 1;
    } else if h == 1 && word(t, i) == Some("الحاديه") {
        return None;
    }
    let mut minute = 0;
    match (word(t, k), word(t, k + 1)) {
        (Some("والنصف"), _) => {
            minute = 30;
            k += 1;
        }
        (Some("والربع"), _) => {
            minute = 15;
            k += 1;
        }
        (Some("والثلث"), _) => {
            minute = 20;
            k += 1;
        }
        (Some("الا"), Some("ربعا" | "ربع")) => {
            minute = 45;
            h = if h == 1 { 12 } else { h - 1 };
            k += 2;
        }
        _ => {}
    }
    let meridiem = meridiem_at(t, k);
    if let Some((_, after)) = meridiem {
        k = after;
    }
    let hour = apply_meridiem(h, meridiem.map(|(m, _)| m))?;
    let zone = zone_at(t, k, true).map(|(z, after)| {
        k = after;
        z
    });
    found(
        Item::Time {
            hour,
            minute,
            second: None,
            zone,
        },
        k,
    )
}

/// A signed offset at `i`: `+3`, `+03`, `+0300`, `+03:00`, `-5:30`. With `strict`, a minus
/// sign is accepted too; otherwise only forms that cannot be a range (`+…`) are.
fn offset_at(t: &[Tok], i: usize, allow_minus: bool) -> Option<(FixedOffset, usize)> {
    let sign = if punct(t, i, '+') {
        1
    } else if punct(t, i, '-') && allow_minus {
        -1
    } else {
        return None;
    };
    let (a, al) = t.get(i + 1)?.num()?;
    let (h, m, next) = match al {
        1 | 2 if punct(t, i + 2, ':') && is_two_digits(t, i + 3).is_some() => {
            (a, is_two_digits(t, i + 3)?, i + 4)
        }
        1 | 2 => (a, 0, i + 2),
        3 | 4 => (a / 100, a % 100, i + 2),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    let secs = i32::try_from(h * 3600 + m * 60).ok()?;
    Some((FixedOffset::east_opt(sign * secs)?, next))
}

/// A zone at `i`: GMT, UTC, GMT+3, (GMT+0400), ت.غ, بتوقيت مكة … With `after_time`, also
/// a bare place-less form such as `غرينتش`.
fn zone_at(t: &[Tok], i: usize, after_time: bool) -> Option<(ZoneName, usize)> {
    let mut k = i;
    if punct(t, k, '(') || (after_time && punct(t, k, '-')) {
        k += 1;
    }
    let close = |t: &[Tok], k: usize| if punct(t, k, ')') { k + 1 } else { k };
    let w = word(t, k)?;
    // GMT/UTC and ت.غ, possibly with an offset.
    let utc_end = match w {
        "gmt" | "utc" => Some(k + 1),
        "ت" if punct(t, k + 1, '.') && word(t, k + 2) == Some("غ") => {
            Some(if punct(t, k + 3, '.') { k + 4 } else { k + 3 })
        }
        "ت" if word(t, k + 1) == Some("غ") => Some(k + 2),
        "تغ" => Some(k + 1),
        "توقيت" | "بتوقيت" if matches!(word(t, k + 1), Some("gmt" | "utc")) => {
            Some(k + 2)
        }
        _ => None,
    };
    if let Some(end) = utc_end {
        if let Some((o, after)) = offset_at(t, end, true) {
            return Some((ZoneName::Fixed(o), close(t, after)));
        }
        return Some((ZoneName::Fixed(FixedOffset::east_opt(0)?), close(t, end)));
    }
    let place_start = match w {
        "بتوقيت" | "توقيت" | "بالتوقيت" => k + 1,
        "حسب" | "وفق" if matches!(word(t, k + 1), Some("توقيت" | "التوقيت")) => {
            k + 2
        }
        _ if after_time => k,
        _ => return None,
    };
    // بتوقيت العاصمة السعودية, بتوقيت مدينة …: skip a generic word.
    let place_start = if matches!(word(t, place_start), Some("العاصمه" | "مدينه")) {
        place_start + 1
    } else {
        place_start
    };
    let (zone, after) = place_zone_at(t, place_start)?;
    if !after_time && place_start == k {
        return None;
    }
    Some((zone, close(t, after)))
}

// ---------------------------------------------------------------------------------------------
// Dates.

fn is_hijri_marker(w: &str) -> bool {
    matches!(
        w,
        "ه" | "هـ" | "هجري" | "هجريه" | "للهجره" | "ھ" | "ah" | "h"
    )
}

fn is_gregorian_marker(w: &str) -> bool {
    matches!(w, "م" | "ميلادي" | "ميلاديه" | "للميلاد")
}

/// The numeric forms: `02/03/2025` (day first), `2025-02-02`, `2025/02/02`, `15.01.2025`,
/// `14-09-1432 هـ`, `1436/10/25 هـ`, and `2/2013` (a month). A run of numbers joined by
/// separators that is none of these is consumed whole and yields nothing.
fn numeric_date_at(t: &[Tok], i: usize) -> Found {
    let (a, al) = t.get(i)?.num()?;
    let sep = match t.get(i + 1)? {
        Tok::Punct(c @ ('/' | '-' | '.' | '\\')) => *c,
        _ => return None,
    };
    let (b, bl) = t.get(i + 2)?.num()?;
    let mut parts = vec![(a, al), (b, bl)];
    let mut k = i + 3;
    while punct(t, k, sep) && t.get(k + 1).and_then(Tok::num).is_some() && parts.len() < 4 {
        parts.extend(t.get(k + 1).and_then(Tok::num));
        k += 2;
    }
    // A fourth part glued on is a phone or a version number, unless it starts a time.
    if parts.len() == 4 {
        if punct(t, k, ':') {
            parts.pop();
            k -= 2;
        } else {
            return Some((None, k));
        }
    }
    let nothing = Some((None, k));
    if parts.len() == 2 {
        // m/yyyy
        if al <= 2 && bl == 4 && (1..=12).contains(&a) && (1900..=2200).contains(&b) && sep != '.' {
            return found(
                Item::Date {
                    cal: MonthCal::Gregorian,
                    year: Some(i32::try_from(b).ok()?),
                    month: a,
                    day: None,
                },
                k,
            );
        }
        // Not a date, but maybe a time (10.30 ص) or a decimal: leave it to the others.
        return None;
    }
    let (c, cl) = parts[2];
    let (y, mut m, mut d) = if al == 4 && bl <= 2 && cl <= 2 {
        (a, b, c)
    } else if al <= 2 && bl <= 2 && cl == 4 {
        (c, b, a)
    } else if al <= 2 && bl <= 2 && cl == 2 && !punct(t, k, ':') {
        // Two-digit year, day first (15/01/25).
        (if c < 70 { 2000 + c } else { 1900 + c }, b, a)
    } else {
        return nothing;
    };
    if m > 12 && d <= 12 && al != 4 {
        // Only the month-first reading exists (01/15/2025).
        std::mem::swap(&mut m, &mut d);
    }
    let mut cal = MonthCal::Gregorian;
    match word(t, k) {
        Some(w) if is_hijri_marker(w) => {
            cal = MonthCal::Hijri;
            k += 1;
        }
        Some(w) if is_gregorian_marker(w) && !(1300..=1600).contains(&y) => k += 1,
        _ if (1300..=1600).contains(&y) => cal = MonthCal::Hijri,
        _ => {}
    }
    let Ok(year) = i32::try_from(y) else {
        return nothing;
    };
    let ok = match cal {
        MonthCal::Gregorian => {
            (1800..=2200).contains(&year) && chrono::NaiveDate::from_ymd_opt(year, m, d).is_some()
        }
        MonthCal::Hijri => super::hijri::to_gregorian(year, m, d).is_some(),
    };
    if !ok {
        return nothing;
    }
    found(
        Item::Date {
            cal,
            year: Some(year),
            month: m,
            day: Some(d),
        },
        k,
    )
}

/// A day of the month at `i`: `2`, `02`, `2nd`, `1er`, or an ordinal word (الأول, الثالث عشر).
fn day_at(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    match t.get(i)? {
        Tok::Num(d, len) if *len <= 2 && (1..=31).contains(d) => {
            // Not the hour of a clock.
            if punct(t, i + 1, ':') || word(t, i + 1) == Some("h") {
                return None;
            }
            let next = match word(t, i + 1) {
                Some("st" | "nd" | "rd" | "th" | "er" | "ere" | "re" | "eme" | "e") => i + 2,
                _ => i + 1,
            };
            Some((*d, next))
        }
        Tok::Word(_) => ordinal_day_at(t, i),
        _ => None,
    }
}

/// A second day of a range after a first (13-15, 13 إلى 15): the index after it.
fn range_end(t: &[Tok], i: usize) -> Option<usize> {
    let after_sep = match t.get(i)? {
        Tok::Punct('-' | '–' | '/' | '&') => i + 1,
        Tok::Word(w) if matches!(w.as_str(), "الي" | "حتي" | "و" | "to" | "au" | "and" | "et") => {
            i + 1
        }
        _ => return None,
    };
    let (_, next) = day_at(t, after_sep)?;
    Some(next)
}

/// A second name of the same month (نيسان / أبريل, شباط (فبراير), آب/اغسطس): the index after it.
fn skip_dual(t: &[Tok], i: usize, month: u32) -> usize {
    let mut k = i;
    let opened = punct(t, k, '(') || punct(t, k, '[');
    if opened || punct(t, k, '/') || punct(t, k, '-') || punct(t, k, '|') || punct(t, k, '\\') {
        k += 1;
    }
    match month_at(t, k) {
        Some((MonthCal::Gregorian, m, after)) if m == month => {
            if punct(t, after, ')') || punct(t, after, ']') {
                after + 1
            } else {
                after
            }
        }
        _ => i,
    }
}

/// A full stop after an abbreviated month (Feb., févr.).
fn skip_dot(t: &[Tok], i: usize) -> usize {
    if punct(t, i, '.') { i + 1 } else { i }
}

/// A year at `i` (after optional commas): four digits.
fn year_at(t: &[Tok], i: usize, cal: MonthCal) -> Option<(i32, usize)> {
    let k = skip_commas(t, i);
    let (y, len) = t.get(k)?.num()?;
    if len != 4 || punct(t, k + 1, ':') {
        return None;
    }
    let y = i32::try_from(y).ok()?;
    let ok = match cal {
        MonthCal::Gregorian => (1800..=2200).contains(&y),
        MonthCal::Hijri => (1300..=1700).contains(&y),
    };
    ok.then_some((y, k + 1))
}

/// After a year: a calendar marker (هـ, م) to skip.
fn skip_marker(t: &[Tok], i: usize) -> usize {
    match word(t, i) {
        Some(w) if is_hijri_marker(w) || is_gregorian_marker(w) => i + 1,
        _ => i,
    }
}

/// A date with a month name: `2 فبراير 2025`, `الأول من مارس`, `13-15 يوليو`,
/// `Feb 2, 2025`, `ديسمبر 25, 2020`, `تموز 13 الى 15`, `أغسطس 2024`.
fn named_date_at(t: &[Tok], i: usize) -> Found {
    if let Some((day, mut k)) = day_at(t, i) {
        if let Some(after) = range_end(t, k) {
            k = after;
        }
        // German writes the day as an ordinal number: `5. November 2021`.
        if punct(t, k, '.') && month_at(t, k + 1).is_some() {
            k += 1;
        }
        k = skip_commas(t, k);
        if matches!(word(t, k), Some("من" | "of" | "de" | "شهر")) {
            k += 1;
        }
        if let Some((cal, month, after)) = month_at(t, k) {
            let mut k = skip_dual(t, skip_dot(t, after), month);
            // Spanish and Portuguese join the year with `de`: `5 de mayo de 2022`.
            if matches!(word(t, k), Some("de" | "del")) && year_at(t, k + 1, cal).is_some() {
                k += 1;
            }
            let year = year_at(t, k, cal).map(|(y, after)| {
                k = skip_marker(t, after);
                y
            });
            return found(
                Item::Date {
                    cal,
                    year,
                    month,
                    day: Some(day),
                },
                k,
            );
        }
        return None;
    }
    // A number that cannot be a day before a month name (32 يناير): not a date at all.
    if let Some((_, len)) = t.get(i).and_then(Tok::num)
        && len <= 2
        && let Some((_, _, after)) = month_at(t, i + 1)
    {
        let k = skip_dual(t, skip_dot(t, after), 0);
        let k = year_at(t, k, MonthCal::Gregorian).map_or(k, |(_, after)| after);
        return Some((None, k));
    }
    let (cal, month, after) = month_at(t, i)?;
    let mut k = skip_dual(t, skip_dot(t, after), month);
    if let Some((day, after)) = day_at(t, k).filter(|_| matches!(t.get(k), Some(Tok::Num(..)))) {
        k = after;
        if let Some(after) = range_end(t, k) {
            k = after;
        }
        let year = year_at(t, k, cal).map(|(y, after)| {
            k = skip_marker(t, after);
            y
        });
        return found(
            Item::Date {
                cal,
                year,
                month,
                day: Some(day),
            },
            k,
        );
    }
    if matches!(word(t, k), Some("من" | "عام" | "سنه")) && year_at(t, k + 1, cal).is_some()
    {
        k += 1;
    }
    let (year, after) = year_at(t, k, cal)?;
    found(
        Item::Date {
            cal,
            year: Some(year),
            month,
            day: None,
        },
        skip_marker(t, after),
    )
}

// ---------------------------------------------------------------------------------------------
// Relative expressions.

/// A count of units at `i`: a number, a number word, or a unit word alone (ساعة = 1,
/// ساعتين = 2). Returns the count, the unit and the index after.
fn count_unit_at(t: &[Tok], i: usize) -> Option<(i64, Unit, usize)> {
    let mut k = i;
    if matches!(
        word(t, k),
        Some("حوالي" | "نحو" | "قرابه" | "about" | "environ" | "around")
    ) {
        k += 1;
    }
    // نصف ساعة, ربع ساعة.
    if let (Some(frac @ ("نصف" | "ربع")), Some("ساعه")) = (word(t, k), word(t, k + 1)) {
        return Some((if frac == "نصف" { 30 } else { 15 }, Unit::Minute, k + 2));
    }
    let count = match t.get(k)? {
        Tok::Num(n, len) if *len <= 4 => Some(i64::from(*n)),
        Tok::Word(w) => number_word(w),
        _ => None,
    };
    if let Some(n) = count {
        if let Some((unit, _)) = word(t, k + 1).and_then(unit_word) {
            return Some(with_half(t, n, unit, k + 2));
        }
        // الساعة as a unit word alone must not swallow "an"/"a" counts of other words.
        if !matches!(t.get(k), Some(Tok::Word(_))) {
            return None;
        }
    }
    let (unit, implied) = word(t, k).and_then(unit_word)?;
    // A plural without a number (منذ ساعات) is too vague.
    if implied == 0 {
        return None;
    }
    // واحدة after the unit (منذ ساعة واحدة).
    let mut next = k + 1;
    if matches!(word(t, next), Some("واحده" | "واحد")) {
        next += 1;
    }
    Some(with_half(t, implied, unit, next))
}

/// `ساعة ونصف`: an hour and a half, in minutes.
fn with_half(t: &[Tok], n: i64, unit: Unit, next: usize) -> (i64, Unit, usize) {
    if unit == Unit::Hour && word(t, next) == Some("ونصف") {
        (n * 60 + 30, Unit::Minute, next + 1)
    } else {
        (n, unit, next)
    }
}

/// منذ 3 ساعات, قبل أسبوع, منذ قليل, 3 hours ago, il y a 2 heures.
fn ago_at(t: &[Tok], i: usize) -> Found {
    let w = word(t, i);
    match w {
        Some("منذ" | "قبل") => {
            if matches!(word(t, i + 1), Some("قليل" | "لحظات" | "لحظه" | "برهه")) {
                return found(Item::Now, i + 2);
            }
            let (n, unit, next) = count_unit_at(t, i + 1)?;
            found(Item::Ago(n, unit), next)
        }
        Some("بعد") => {
            let (n, unit, next) = count_unit_at(t, i + 1)?;
            found(Item::Ago(-n, unit), next)
        }
        Some("il") if word(t, i + 1) == Some("y") && word(t, i + 2) == Some("a") => {
            let (n, unit, next) = count_unit_at(t, i + 3)?;
            found(Item::Ago(n, unit), next)
        }
        Some("الان" | "now" | "maintenant" | "حالا") => found(Item::Now, i + 1),
        Some("just") if word(t, i + 1) == Some("now") => found(Item::Now, i + 2),
        _ => {
            let (n, unit, next) = count_unit_at(t, i)?;
            if word(t, next) == Some("ago") {
                found(Item::Ago(n, unit), next + 1)
            } else {
                None
            }
        }
    }
}

/// أمس, الأمس, أول أمس, اليوم, غداً, اليوم السابق, yesterday, today, hier …
fn relative_day_at(t: &[Tok], i: usize) -> Found {
    let w = word(t, i)?;
    let next = word(t, i + 1);
    let (n, end) = match (w, next) {
        ("اليوم", Some("السابق" | "الماضي")) => (-1, i + 2),
        ("اليوم", Some("التالي")) => (1, i + 2),
        ("اليوم" | "today" | "اليوم،", _) => (0, i + 1),
        ("aujourd", _) => (
            0,
            if word(t, i + 2) == Some("hui") {
                i + 3
            } else {
                i + 1
            },
        ),
        ("امس" | "الامس", Some("الاول")) => (-2, i + 2),
        ("امس" | "الامس" | "بالامس" | "البارحه" | "yesterday" | "hier", _) => {
            (-1, i + 1)
        }
        ("اول", Some("امس")) => (-2, i + 2),
        ("اول", Some("من")) if word(t, i + 2) == Some("امس") => (-2, i + 3),
        ("avant", Some("hier")) => (-2, i + 2),
        ("avant", _) if punct(t, i + 1, '-') && word(t, i + 2) == Some("hier") => (-2, i + 3),
        ("غدا" | "الغد" | "بكره" | "بكرا" | "tomorrow" | "demain", _) => (1, i + 1),
        ("بعد", Some("غد")) => (2, i + 2),
        ("الشهر", Some(n)) | ("هذا", Some(n @ "الشهر")) => {
            let rel = match (w, n) {
                ("هذا", _) => 0,
                (_, "الماضي" | "المنصرم" | "السابق" | "الفاءت") => -1,
                (_, "الحالي" | "الجاري") => 0,
                (_, "القادم" | "المقبل" | "التالي") => 1,
                _ => return None,
            };
            return found(Item::RelMonth(rel), i + 2);
        }
        _ => return None,
    };
    found(Item::RelDay(n), end)
}

/// A weekday: الأحد, يوم الجمعة الماضي, الثلاثاء القادم, Sunday, with a day after it when
/// no month follows (الأحد السابع عشر).
fn weekday_at(t: &[Tok], i: usize) -> Found {
    let mut k = i;
    let mut rel = WeekdayRel::Plain;
    let after_yawm = matches!(word(t, k), Some("يوم"));
    if after_yawm {
        k += 1;
    }
    match word(t, k) {
        Some("last" | "dernier") => {
            rel = WeekdayRel::Last;
            k += 1;
        }
        Some("next" | "prochain") => {
            rel = WeekdayRel::Next;
            k += 1;
        }
        Some("this" | "ce") => k += 1,
        _ => {}
    }
    let weekday = weekday_word(word(t, k)?, after_yawm)?;
    k += 1;
    match word(t, k) {
        Some("الماضي" | "الفاءت" | "المنصرم" | "المنقضي" | "السابق" | "dernier" | "last") =>
        {
            rel = WeekdayRel::Last;
            k += 1;
        }
        Some("القادم" | "المقبل" | "التالي" | "prochain" | "next") => {
            rel = WeekdayRel::Next;
            k += 1;
        }
        _ => {}
    }
    let mut d = skip_commas(t, k);
    if matches!(word(t, d), Some("في" | "الموافق" | "le")) {
        d += 1;
    }
    let mut day = None;
    if named_date_at(t, d).is_none()
        && numeric_date_at(t, d).is_none()
        && let Some((n, after)) = day_at(t, d)
        // Not a count (الأحد 3 ساعات).
        && word(t, after).and_then(unit_word).is_none()
    {
        day = Some(n);
        k = after;
    }
    found(Item::Weekday { weekday, rel, day }, k)
}
