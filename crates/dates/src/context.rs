//! The context an expression is resolved in: a reference time and a time zone.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};

/// A time zone: an IANA zone (whose offset depends on the date) or a fixed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// An IANA zone such as `Africa/Cairo`.
    Iana(chrono_tz::Tz),
    /// A fixed offset such as `+03:00`.
    Fixed(FixedOffset),
}

impl Zone {
    /// Parses `Africa/Cairo`, `UTC`, `+02:00`, `+0200`, `+02` or `-05:30`.
    pub fn parse(s: &str) -> Option<Zone> {
        let s = s.trim();
        if let Ok(tz) = s.parse::<chrono_tz::Tz>() {
            return Some(Zone::Iana(tz));
        }
        let (sign, digits) = match s.as_bytes().first()? {
            b'+' => (1, &s[1..]),
            b'-' => (-1, &s[1..]),
            _ => return None,
        };
        let digits: String = digits.chars().filter(|c| *c != ':').collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (h, m) = match digits.len() {
            1 | 2 => (digits.parse::<i32>().ok()?, 0),
            4 => (
                digits[..2].parse::<i32>().ok()?,
                digits[2..].parse::<i32>().ok()?,
            ),
            _ => return None,
        };
        if h > 14 || m > 59 {
            return None;
        }
        FixedOffset::east_opt(sign * (h * 3600 + m * 60)).map(Zone::Fixed)
    }

    /// The offset in force at a local wall-clock time (the earlier one in a fold, the one
    /// after the gap in a spring-forward gap).
    pub fn offset_at_local(&self, local: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Fixed(o) => *o,
            Zone::Iana(tz) => match tz.offset_from_local_datetime(&local) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix(),
                LocalResult::None => tz
                    .offset_from_local_datetime(&(local + chrono::Duration::hours(1)))
                    .earliest()
                    .map_or(FixedOffset::east_opt(0).expect("zero offset"), |o| o.fix()),
            },
        }
    }

    /// A local wall-clock time in this zone.
    pub fn localize(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        let offset = self.offset_at_local(local);
        offset
            .from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(local - offset, offset))
    }

    /// An instant seen in this zone.
    pub fn at<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> DateTime<FixedOffset> {
        match self {
            Zone::Fixed(o) => t.with_timezone(o),
            Zone::Iana(tz) => t.with_timezone(tz).fixed_offset(),
        }
    }
}

/// What relative and partial expressions are resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// "Now" for relative expressions (منذ ساعتين, أمس) and the year of dates without one.
    pub reference: DateTime<FixedOffset>,
    /// The zone of expressions that name none.
    pub zone: Zone,
}

impl Context {
    /// A context whose zone is the reference's own offset.
    pub fn new(reference: DateTime<FixedOffset>) -> Context {
        Context {
            reference,
            zone: Zone::Fixed(*reference.offset()),
        }
    }

    /// The reference time seen in the context's zone.
    pub fn now_local(&self) -> DateTime<FixedOffset> {
        self.zone.at(&self.reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_parse_and_follow_daylight_saving() {
        assert_eq!(Zone::parse("+0300"), Zone::parse("+03:00"));
        assert_eq!(
            Zone::parse("-05"),
            Some(Zone::Fixed(FixedOffset::west_opt(5 * 3600).unwrap()))
        );
        assert!(Zone::parse("Mars/Olympus").is_none());
        assert!(Zone::parse("+99:00").is_none());
        let beirut = Zone::parse("Asia/Beirut").unwrap();
        let winter = chrono::NaiveDate::from_ymd_opt(2025, 2, 2)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let summer = chrono::NaiveDate::from_ymd_opt(2025, 7, 2)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(beirut.offset_at_local(winter).local_minus_utc(), 2 * 3600);
        assert_eq!(beirut.offset_at_local(summer).local_minus_utc(), 3 * 3600);
        assert_eq!(
            beirut.localize(summer).to_rfc3339(),
            "2025-07-02T12:00:00+03:00"
        );
    }
}
