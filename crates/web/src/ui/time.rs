//! Formatting of publication times for readers, in the page's own offset: Arabic or English,
//! with the Hijri date beside the Gregorian one on request.

use super::i18n::Lang;
use chrono::{DateTime, Datelike, FixedOffset, Timelike, Utc};

/// English month names.
const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Hijri month names in English transliteration, Muharram first.
const ENGLISH_HIJRI_MONTHS: [&str; 12] = [
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhira",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qada",
    "Dhu al-Hijja",
];

/// A time as a page shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stamp {
    /// For readers.
    pub text: String,
    /// For `<time datetime>`.
    pub machine: String,
    /// The Hijri date, when the reader asked for it.
    pub hijri: Option<String>,
}

/// A time in the reader's language, in the page's offset.
pub(crate) fn stamp(
    lang: Lang,
    at: DateTime<Utc>,
    offset_secs: Option<i32>,
    day_only: bool,
    with_hijri: bool,
) -> Stamp {
    Stamp {
        text: match lang {
            Lang::Ar => arabic(at, offset_secs, day_only),
            Lang::En => english(at, offset_secs, day_only),
        },
        machine: machine(at, offset_secs),
        hijri: with_hijri.then(|| hijri(lang, at, offset_secs)).flatten(),
    }
}

fn local(at: DateTime<Utc>, offset_secs: Option<i32>) -> DateTime<FixedOffset> {
    let offset = offset_secs
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    at.with_timezone(&offset)
}

/// "3 November 2026, 10:15 PM"; only the date when only the day is known.
pub(crate) fn english(at: DateTime<Utc>, offset_secs: Option<i32>, day_only: bool) -> String {
    let t = local(at, offset_secs);
    let date = format!(
        "{} {} {}",
        t.day(),
        ENGLISH_MONTHS[t.month0() as usize],
        t.year()
    );
    if day_only {
        return date;
    }
    let (pm, hour) = t.hour12();
    format!(
        "{date}, {hour}:{:02} {}",
        t.minute(),
        if pm { "PM" } else { "AM" }
    )
}

/// "12 جمادى الأولى 1448 هـ": the Umm al-Qura date of the day in the page's offset.
pub(crate) fn hijri(lang: Lang, at: DateTime<Utc>, offset_secs: Option<i32>) -> Option<String> {
    let (y, m, d) = marsad_dates::hijri_of(local(at, offset_secs).date_naive())?;
    let i = (m as usize).checked_sub(1)?;
    Some(match lang {
        Lang::Ar => format!("{d} {} {y} هـ", marsad_dates::HIJRI_MONTHS.get(i)?),
        Lang::En => format!("{d} {} {y} AH", ENGLISH_HIJRI_MONTHS.get(i)?),
    })
}

/// "3 نوفمبر 2026، 10:15 ص" in the offset the page gave (UTC when it gave none); only the date
/// when only the day is known.
pub(crate) fn arabic(at: DateTime<Utc>, offset_secs: Option<i32>, day_only: bool) -> String {
    let t = local(at, offset_secs);
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
    local(at, offset_secs).to_rfc3339()
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
        assert_eq!(
            english(at, Some(3 * 3600), false),
            "3 November 2026, 10:05 PM"
        );
    }

    #[test]
    fn hijri_dates_follow_the_page_s_day() {
        // 18 February 2026 was 1 Ramadan 1447; at 22:00 UTC it is already the 19th in Mecca.
        let at = DateTime::parse_from_rfc3339("2026-02-18T10:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            hijri(Lang::Ar, at, Some(3 * 3600)).unwrap(),
            "1 رمضان 1447 هـ"
        );
        let late = at + chrono::Duration::hours(12);
        assert_eq!(
            hijri(Lang::Ar, late, Some(3 * 3600)).unwrap(),
            "2 رمضان 1447 هـ"
        );
        let s = stamp(Lang::En, at, None, true, true);
        assert_eq!(s.text, "18 February 2026");
        assert_eq!(s.hijri.as_deref(), Some("1 Ramadan 1447 AH"));
        assert!(stamp(Lang::Ar, at, None, true, false).hijri.is_none());
    }
}
