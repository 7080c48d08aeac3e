//! Arabic formatting of publication times, in the page's own offset.

use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};

/// "3 نوفمبر 2026، 10:15 ص" in the offset the page gave (UTC when it gave none); only the date
/// when only the day is known.
pub(crate) fn arabic(at: DateTime<Utc>, offset_secs: Option<i32>, day_only: bool) -> String {
    let offset = offset_secs
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    let t = at.with_timezone(&offset);
    let date = format!(
        "{} {} {}",
        t.day(),
        marsad_dates::ARABIC_MONTHS[t.month0() as usize],
        t.year()
    );
    if day_only {
        return date;
    }
    let (pm, hour) = t.hour12();
    format!(
        "{date}، {hour}:{:02} {}",
        t.minute(),
        if pm { "م" } else { "ص" }
    )
}

/// The same time in machine form for `<time datetime>`.
pub(crate) fn machine(at: DateTime<Utc>, offset_secs: Option<i32>) -> String {
    let offset = offset_secs
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    at.with_timezone(&offset).to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_the_page_offset() {
        let at = DateTime::parse_from_rfc3339("2026-11-03T19:05:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(arabic(at, Some(3 * 3600), false), "3 نوفمبر 2026، 10:05 م");
        assert_eq!(arabic(at, Some(3 * 3600), true), "3 نوفمبر 2026");
        assert_eq!(arabic(at, None, false), "3 نوفمبر 2026، 7:05 م");
        assert_eq!(machine(at, Some(7200)), "2026-11-03T21:05:00+02:00");
    }
}
