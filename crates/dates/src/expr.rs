//! Date expressions as people write them: Arabic (every regional month name, Hijri),
//! English and French, and the month names of German, Dutch, Spanish, Italian and
//! Portuguese; absolute, partial and relative.
//!
//! The text is folded with `marsad_text::key` (alef forms, ى, ة, harakat, tatweel,
//! Eastern and Persian digits), split into tokens ([`lexer`]), scanned for pieces
//! ([`scan`]: dates, clock times, zones, weekdays, relative expressions) and the pieces are
//! resolved against the [`Context`] here. Anything the scanner does not know is skipped, so
//! labels (نشر في:, Updated:) need no list; text with no recognised piece is not a date.

pub(crate) mod hijri;
mod lexer;
mod lexicon;
mod scan;

use crate::{Context, PageDate, Precision, Zone};
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, TimeZone, Timelike, Weekday,
};
use lexicon::{MonthCal, Unit, ZoneName};
use scan::{Item, WeekdayRel};

/// The calendar an expression was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// Gregorian.
    Gregorian,
    /// Hijri (resolved with the Umm al-Qura calendar).
    Hijri,
    /// Solar Hijri (Jalali), as Persian-language pages write it.
    Jalali,
}

impl Calendar {
    /// `"gregorian"`, `"hijri"` or `"jalali"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Gregorian => "gregorian",
            Calendar::Hijri => "hijri",
            Calendar::Jalali => "jalali",
        }
    }
}

/// What an expression resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// A month of a year (`فبراير 2025`).
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
    /// A calendar day without a time.
    Day(NaiveDate),
    /// An instant, in the offset the expression gave or the context's zone.
    Time {
        /// The instant.
        value: DateTime<FixedOffset>,
        /// Whether seconds were stated.
        seconds: bool,
    },
}

/// A resolved date expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expression {
    /// What it resolves to.
    pub resolved: Resolved,
    /// The calendar it was written in.
    pub calendar: Calendar,
}

impl Expression {
    /// The contract's value: `2025-02`, `2025-02-02` or `2025-02-02T14:05:00+02:00`.
    pub fn value_string(&self) -> String {
        match self.resolved {
            Resolved::Month { year, month } => format!("{year:04}-{month:02}"),
            Resolved::Day(d) => d.format("%Y-%m-%d").to_string(),
            Resolved::Time { value, .. } => value.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }

    /// The contract's precision: `month`, `day`, `minute` or `second`.
    pub fn precision_str(&self) -> &'static str {
        match self.resolved {
            Resolved::Month { .. } => "month",
            Resolved::Day(_) => "day",
            Resolved::Time { seconds: false, .. } => "minute",
            Resolved::Time { seconds: true, .. } => "second",
        }
    }

    /// The expression as a page date (a month alone is not one). A day is midnight in the
    /// context's zone.
    pub fn to_page_date(&self, ctx: &Context) -> Option<PageDate> {
        match self.resolved {
            Resolved::Month { .. } => None,
            Resolved::Day(d) => Some(PageDate {
                value: ctx.zone.localize(d.and_hms_opt(0, 0, 0)?),
                precision: Precision::Day,
            }),
            Resolved::Time { value, seconds } => Some(PageDate {
                value,
                precision: if seconds {
                    Precision::Second
                } else {
                    Precision::Minute
                },
            }),
        }
    }
}

/// Longest input looked at: a date expression is short; a longer text is cut (on a
/// character boundary) so that the work stays bounded.
const MAX_INPUT: usize = 4096;

/// How far ahead of the reference a date without a year may lie before the previous
/// year's date is taken instead (news readers look back).
const FUTURE_TOLERANCE_DAYS: i64 = 7;

/// Parses and resolves a date expression; `None` when the text is not a date or is too
/// ambiguous to state as fact.
///
/// Rules: a time without a zone takes the context zone's offset at that date; an explicit
/// zone keeps its own offset; a date without a time is a [`Resolved::Day`]; a month with a
/// year and no day is a [`Resolved::Month`]; Hijri dates are converted with Umm al-Qura; when
/// a text gives both calendars the Gregorian date is used; relative expressions resolve
/// against the reference in the context's zone (hours and minutes to the minute, days and
/// longer to the day); a weekday alone or a date without a year is the most recent such day
/// (a date up to a week ahead is kept in the reference's year).
pub fn parse_expression(text: &str, ctx: &Context) -> Option<Expression> {
    let mut end = text.len().min(MAX_INPUT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let folded = marsad_text::key(&text[..end]);
    let tokens = lexer::tokenize(&folded);
    let items = scan::scan(&tokens);
    // Persian-language pages write Solar Hijri months, which no Arabic form uses.
    resolve(&items, ctx).or_else(|| crate::jalali::parse(&text[..end], ctx))
}

/// The clock time of the expression, if any: (hour, minute, second, zone).
type Clock = (u32, u32, Option<u32>, Option<ZoneName>);

fn resolve(items: &[Item], ctx: &Context) -> Option<Expression> {
    let clock: Option<Clock> = items.iter().find_map(|i| match *i {
        Item::Time {
            hour,
            minute,
            second,
            zone,
        } => Some((hour, minute, second, zone)),
        _ => None,
    });
    // A zone written apart from the time (14:00 … (GMT+0400)) still applies to it.
    let clock = clock.map(|(h, m, s, z)| {
        let z = z.or_else(|| {
            items.iter().find_map(|i| match i {
                Item::Zone(z) => Some(*z),
                _ => None,
            })
        });
        (h, m, s, z)
    });
    let weekday = items.iter().find_map(|i| match *i {
        Item::Weekday { weekday, .. } => Some(weekday),
        _ => None,
    });
    let today = ctx.now_local().date_naive();

    let dated = |cal: MonthCal| {
        items.iter().find_map(|i| match *i {
            Item::Date {
                cal: c,
                year,
                month,
                day: Some(day),
            } if c == cal => Some((year, month, day)),
            _ => None,
        })
    };
    if let Some((year, month, day)) = dated(MonthCal::Gregorian) {
        let date = match year {
            Some(y) => NaiveDate::from_ymd_opt(y, month, day)?,
            None => {
                let candidates = (-1..=1)
                    .filter_map(|d| NaiveDate::from_ymd_opt(today.year() + d, month, day))
                    .collect::<Vec<_>>();
                pick_candidate(&candidates, weekday, today)?
            }
        };
        return finish(date, Calendar::Gregorian, clock, ctx);
    }
    if let Some((year, month, day)) = dated(MonthCal::Hijri) {
        let date = match year {
            Some(y) => hijri::to_gregorian(y, month, day)?,
            None => {
                let hy = hijri::year_of(today)?;
                let candidates = (-1..=1)
                    .filter_map(|d| hijri::to_gregorian(hy + d, month, day))
                    .collect::<Vec<_>>();
                pick_candidate(&candidates, weekday, today)?
            }
        };
        return finish(date, Calendar::Hijri, clock, ctx);
    }
    for item in items {
        if let Item::Date {
            cal: MonthCal::Gregorian,
            year: Some(year),
            month,
            day: None,
        } = *item
            && (1..=12).contains(&month)
        {
            return Some(Expression {
                resolved: Resolved::Month { year, month },
                calendar: Calendar::Gregorian,
            });
        }
    }
    for item in items {
        match *item {
            Item::RelDay(n) => {
                let date = today.checked_add_signed(Duration::try_days(n)?)?;
                return finish(date, Calendar::Gregorian, clock, ctx);
            }
            Item::Ago(n, unit) => return ago(n, unit, ctx),
            Item::Now => return Some(instant(ctx.reference, false, ctx)),
            Item::RelMonth(n) => {
                let first = today.with_day(1)?;
                let month = if n < 0 {
                    first.checked_sub_months(Months::new(n.unsigned_abs()))?
                } else {
                    first.checked_add_months(Months::new(n.unsigned_abs()))?
                };
                return Some(Expression {
                    resolved: Resolved::Month {
                        year: month.year(),
                        month: month.month(),
                    },
                    calendar: Calendar::Gregorian,
                });
            }
            _ => {}
        }
    }
    for item in items {
        if let Item::Weekday { weekday, rel, day } = *item {
            let date = match day {
                Some(d) => weekday_with_day(weekday, d, today)?,
                None => weekday_date(weekday, rel, today)?,
            };
            return finish(date, Calendar::Gregorian, clock, ctx);
        }
    }
    None
}

/// The day, or the day at the clock time (in the written zone, else the context's).
fn finish(
    date: NaiveDate,
    calendar: Calendar,
    clock: Option<Clock>,
    ctx: &Context,
) -> Option<Expression> {
    let Some((h, m, s, zone)) = clock else {
        return Some(Expression {
            resolved: Resolved::Day(date),
            calendar,
        });
    };
    let local = date.and_hms_opt(h, m, s.unwrap_or(0))?;
    let value = match zone {
        Some(ZoneName::Fixed(o)) => o.from_local_datetime(&local).single()?,
        Some(ZoneName::Iana(tz)) => Zone::Iana(tz).localize(local),
        None => ctx.zone.localize(local),
    };
    Some(Expression {
        resolved: Resolved::Time {
            value,
            seconds: s.is_some(),
        },
        calendar,
    })
}

/// An instant shown in the context's zone, cut to the minute unless seconds count.
fn instant<Tz: TimeZone>(t: DateTime<Tz>, seconds: bool, ctx: &Context) -> Expression {
    let local = ctx.zone.at(&t);
    let cut = if seconds {
        local.with_nanosecond(0)
    } else {
        local.with_second(0).and_then(|l| l.with_nanosecond(0))
    };
    Expression {
        resolved: Resolved::Time {
            value: cut.unwrap_or(local),
            seconds,
        },
        calendar: Calendar::Gregorian,
    }
}

/// `n` units before the reference.
fn ago(n: i64, unit: Unit, ctx: &Context) -> Option<Expression> {
    if !(-100_000..=100_000).contains(&n) {
        return None;
    }
    let r = ctx.reference;
    let day = |date: Option<NaiveDate>| {
        date.map(|d| Expression {
            resolved: Resolved::Day(d),
            calendar: Calendar::Gregorian,
        })
    };
    let today = ctx.now_local().date_naive();
    let months = |m: i64| {
        let span = Months::new(u32::try_from(m.unsigned_abs()).ok()?);
        if m < 0 {
            today.checked_add_months(span)
        } else {
            today.checked_sub_months(span)
        }
    };
    match unit {
        Unit::Second => Some(instant(r - Duration::try_seconds(n)?, true, ctx)),
        Unit::Minute => Some(instant(r - Duration::try_minutes(n)?, false, ctx)),
        Unit::Hour => Some(instant(r - Duration::try_hours(n)?, false, ctx)),
        Unit::Day => day(today.checked_sub_signed(Duration::try_days(n)?)),
        Unit::Week => day(today.checked_sub_signed(Duration::try_weeks(n)?)),
        Unit::Month => day(months(n)),
        Unit::Year => day(months(n.checked_mul(12)?)),
    }
}

/// Among the readings of a date without a year: the one matching the weekday if one was
/// written (nearest first), else the most recent one not after today, unless one lies at
/// most a week ahead.
fn pick_candidate(
    candidates: &[NaiveDate],
    weekday: Option<Weekday>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if let Some(w) = weekday {
        let nearest = candidates
            .iter()
            .filter(|d| d.weekday() == w)
            .min_by_key(|d| ((**d - today).num_days().abs(), **d > today));
        if let Some(d) = nearest {
            return Some(*d);
        }
    }
    let soon = candidates.iter().find(|d| {
        let ahead = (**d - today).num_days();
        (1..=FUTURE_TOLERANCE_DAYS).contains(&ahead)
    });
    if let Some(d) = soon {
        return Some(*d);
    }
    candidates.iter().filter(|d| **d <= today).max().copied()
}

/// The weekday before (or after) today.
fn weekday_date(w: Weekday, rel: WeekdayRel, today: NaiveDate) -> Option<NaiveDate> {
    let back =
        i64::from((today.weekday().num_days_from_monday() + 7 - w.num_days_from_monday()) % 7);
    let days = match rel {
        WeekdayRel::Plain => -back,
        WeekdayRel::Last if back == 0 => -7,
        WeekdayRel::Last => -back,
        WeekdayRel::Next => 7 - back,
    };
    today.checked_add_signed(Duration::try_days(days)?)
}

/// The day of the month `day` falling on weekday `w` nearest to today (within a year).
fn weekday_with_day(w: Weekday, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (-12i32..=12)
        .filter_map(|m| {
            let month = if m < 0 {
                first.checked_sub_months(Months::new(m.unsigned_abs()))?
            } else {
                first.checked_add_months(Months::new(m.unsigned_abs()))?
            };
            month.with_day(day)
        })
        .filter(|d| d.weekday() == w)
        .min_by_key(|d| ((*d - today).num_days().abs(), *d > today))
}
