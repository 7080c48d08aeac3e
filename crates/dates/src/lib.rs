//! Marsad dates: every way Arabic news sites write a date, and which date a page was published.
//!
//! * [`parse_machine`]: the machine forms of feeds, meta tags and JSON-LD (RFC 3339 / ISO 8601,
//!   bare days, RFC 2822 and its broken variants).
//! * [`parse_expression`]: date expressions as people write them, in Arabic, English and
//!   French (and the month names of German, Dutch, Spanish, Italian and Portuguese),
//!   Gregorian and Hijri (Umm al-Qura), absolute and relative, resolved against a
//!   [`Context`] (reference time and zone).
//! * [`select`]: the choice of a page's publication and update dates among candidates.
//!
//! Everything is pure: the reference time and zone are parameters, never the clock.

mod context;
mod expr;
mod jalali;
mod machine;
mod select;

pub use context::{Context, Zone};
pub use expr::{Calendar, Expression, Resolved, parse_expression};
pub use machine::parse_machine;
pub use select::{Candidate, Role, Selection, SourceKind, select};

use chrono::{DateTime, FixedOffset};

/// Gregorian month names as Egyptian and Gulf outlets write them, January first: the forms
/// Marsad uses when it writes a date for readers.
pub const ARABIC_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
use serde::{Serialize, Serializer};

/// Hijri month names, Muharram first: the forms Marsad uses when it writes a Hijri date.
pub const HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// The Hijri (Umm al-Qura) year, month (1 = Muharram) and day of a Gregorian day, for
/// writing a date beside its Gregorian form; `None` outside the calendar's range.
pub fn hijri_of(day: chrono::NaiveDate) -> Option<(i32, u32, u32)> {
    expr::hijri::from_gregorian(day)
}

/// How precise a parsed date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the calendar day is known.
    Day,
    /// Hours and minutes are known.
    Minute,
    /// Seconds (possibly fractions) are known.
    Second,
}

impl Precision {
    /// Lower-case name used in JSON outputs: `"day"`, `"minute"` or `"second"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

/// A date found on a page or in a feed, with the page's own UTC offset.
///
/// For [`Precision::Day`] the time part of `value` is midnight and only the date is meaningful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageDate {
    /// The instant, in the offset the source gave (UTC when it gave none).
    pub value: DateTime<FixedOffset>,
    /// How much of `value` the source actually stated.
    pub precision: Precision,
}

impl PageDate {
    /// The form of the command-line contract: `"2025-02-02"` for a day, otherwise RFC 3339
    /// with the page's own offset and whole seconds, e.g. `"2025-02-02T14:05:00+02:00"`
    /// (UTC is written `+00:00`, never `Z`).
    pub fn to_contract_string(&self) -> String {
        match self.precision {
            Precision::Day => self.value.format("%Y-%m-%d").to_string(),
            Precision::Minute | Precision::Second => {
                self.value.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
            }
        }
    }
}

impl std::fmt::Display for PageDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_contract_string())
    }
}

impl Serialize for PageDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_contract_string())
    }
}
