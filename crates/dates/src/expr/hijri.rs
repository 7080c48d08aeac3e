//! Hijri dates, converted with the Umm al-Qura calendar (icu_calendar).

use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_calendar::cal::{Hijri, Iso};

/// The Gregorian day of a Hijri (Umm al-Qura) date; `None` if the date does not exist.
pub(crate) fn to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1200..=1700).contains(&year) {
        return None;
    }
    let hijri = Date::try_new_hijri_with_calendar(
        year,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        Hijri::new_umm_al_qura(),
    )
    .ok()?;
    // A day past the month's end is refused or constrained: check that it stayed put.
    if u32::from(hijri.day_of_month().0) != day || u32::from(hijri.month().ordinal) != month {
        return None;
    }
    iso_day(&hijri.to_calendar(Iso))
}

/// An ICU4X ISO date as a chrono date.
pub(crate) fn iso_day(iso: &Date<Iso>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

/// The Hijri (Umm al-Qura) year of a Gregorian day.
pub(crate) fn year_of(day: NaiveDate) -> Option<i32> {
    let iso = Date::try_new_iso(
        day.year(),
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()?;
    Some(
        iso.to_calendar(Hijri::new_umm_al_qura())
            .year()
            .extended_year(),
    )
}

/// The Hijri (Umm al-Qura) year, month (1 = Muharram) and day of a Gregorian day; `None`
/// outside the calendar's range.
pub(crate) fn from_gregorian(day: NaiveDate) -> Option<(i32, u32, u32)> {
    let iso = Date::try_new_iso(
        day.year(),
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((
        h.year().extended_year(),
        u32::from(h.month().ordinal),
        u32::from(h.day_of_month().0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gregorian_days_convert_to_umm_al_qura() {
        // 1 Ramadan 1447 fell on 18 February 2026 in the Umm al-Qura calendar.
        let day = NaiveDate::from_ymd_opt(2026, 2, 18).unwrap();
        assert_eq!(from_gregorian(day), Some((1447, 9, 1)));
        assert_eq!(to_gregorian(1447, 9, 1), Some(day));
    }

    #[test]
    fn umm_al_qura_days() {
        assert_eq!(
            to_gregorian(1446, 9, 1),
            NaiveDate::from_ymd_opt(2025, 3, 1)
        );
        assert_eq!(
            to_gregorian(1445, 10, 1),
            NaiveDate::from_ymd_opt(2024, 4, 10)
        );
        assert_eq!(to_gregorian(1446, 13, 1), None);
        assert_eq!(
            year_of(NaiveDate::from_ymd_opt(2025, 2, 2).unwrap()),
            Some(1446)
        );
    }
}
