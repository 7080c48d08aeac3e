//! The words of dates, in folded form (see `marsad_text::key`: أ/إ/آ→ا, ى→ي, ة→ه, ئ/ؤ→ء,
//! no harakat, lower case): month names of every Arabic region, Hijri months, weekdays,
//! ordinal days, units of relative expressions, clock markers and zones.

use super::lexer::Tok;
use chrono::{FixedOffset, Weekday};

/// The calendar of a month name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthCal {
    /// A Gregorian month.
    Gregorian,
    /// A Hijri month.
    Hijri,
}

/// Gregorian month names that are one word: Egyptian/Gulf, Levantine, Maghrebi, Moroccan,
/// Mauritanian; English and French with their abbreviations; German, Dutch, Spanish,
/// Italian and Portuguese in full (their abbreviations are English words or names too often).
fn gregorian_word(w: &str) -> Option<u32> {
    Some(match w {
        "يناير" | "ينابر" | "جانفي" | "جانفييه" | "january" | "jan" | "janvier" | "janv"
        | "januar" | "januari" | "enero" | "gennaio" | "janeiro" => 1,
        "فبراير" | "فبرابر" | "فيفري" | "فبرير" | "شباط" | "february" | "feb" | "février"
        | "fevrier" | "fév" | "fev" | "févr" | "fevr" | "februar" | "februari" | "febrero"
        | "febbraio" | "fevereiro" => 2,
        "مارس" | "اذار" | "march" | "mar" | "mars" | "märz" | "maerz" | "maart" | "marzo"
        | "março" => 3,
        "ابريل" | "افريل" | "ابريل." | "نيسان" | "april" | "apr" | "avril" | "avr" | "abril"
        | "aprile" => 4,
        "مايو" | "ماي" | "ايار" | "may" | "mai" | "mei" | "mayo" | "maggio" | "maio" => {
            5
        }
        "يونيو" | "يونيه" | "جوان" | "حزيران" | "june" | "jun" | "juin" | "juni" | "junio"
        | "giugno" | "junho" => 6,
        "يوليو" | "يوليه" | "يوليوز" | "جويليه" | "جوليه" | "تموز" | "july" | "jul" | "juillet"
        | "juil" | "juli" | "julio" | "luglio" | "julho" => 7,
        "اغسطس" | "اغسطوس" | "اوت" | "غشت" | "اغشت" | "اب" | "august" | "aug" | "août" | "aout"
        | "augustus" | "agosto" => 8,
        "سبتمبر" | "شتنبر" | "شتمبر" | "ايلول" | "september" | "sep" | "sept" | "septembre"
        | "septiembre" | "setiembre" | "settembre" | "setembro" => 9,
        "اكتوبر" | "اكتوبير" | "october" | "oct" | "octobre" | "oktober" | "octubre"
        | "ottobre" | "outubro" => 10,
        "نوفمبر" | "نونبر" | "نوفمبير" | "november" | "nov" | "novembre" | "noviembre"
        | "novembro" => 11,
        "ديسمبر" | "دجنبر" | "دسمبر" | "december" | "dec" | "décembre" | "decembre" | "déc"
        | "dezember" | "diciembre" | "dicembre" | "dezembro" => 12,
        _ => return None,
    })
}

/// First/second as the qualifier of كانون, تشرين, ربيع, جمادى.
fn first_or_second(t: Option<&Tok>) -> Option<u32> {
    match t? {
        Tok::Word(w) => match w.as_str() {
            "الاول" | "اول" | "الاولي" | "اولي" => Some(1),
            "الثاني" | "ثاني" | "الثانيه" | "ثانيه" | "الاخر" | "اخر" | "الاخره" | "اخره" => {
                Some(2)
            }
            _ => None,
        },
        Tok::Num(n @ (1 | 2), 1) => Some(*n),
        _ => None,
    }
}

/// A month name starting at token `i`: its calendar, number and the index after it.
pub(crate) fn month_at(t: &[Tok], i: usize) -> Option<(MonthCal, u32, usize)> {
    let w = t.get(i)?.word()?;
    if let Some(m) = gregorian_word(w) {
        return Some((MonthCal::Gregorian, m, i + 1));
    }
    let second = first_or_second(t.get(i + 1));
    let g = |m| Some((MonthCal::Gregorian, m, i + 2));
    let h = |m| Some((MonthCal::Hijri, m, i + 1));
    let h2 = |m| Some((MonthCal::Hijri, m, i + 2));
    match (w, second) {
        ("كانون" | "ك", Some(1)) if w != "ك" || matches!(t.get(i + 1), Some(Tok::Num(..))) => {
            g(12)
        }
        ("ك", Some(2)) if matches!(t.get(i + 1), Some(Tok::Num(..))) => g(1),
        ("ت", Some(n)) if matches!(t.get(i + 1), Some(Tok::Num(..))) => g(9 + n),
        ("كانون", Some(2)) => g(1),
        ("تشرين", Some(1)) => g(10),
        ("تشرين", Some(2)) => g(11),
        ("ربيع", Some(n)) => h2(2 + n),
        ("جمادي" | "جماد", Some(n)) => h2(4 + n),
        ("محرم" | "المحرم", _) => h(1),
        ("صفر", _) => h(2),
        ("رجب", _) => h(7),
        ("شعبان", _) => h(8),
        ("رمضان", _) => h(9),
        ("شوال", _) => h(10),
        ("ذوالقعده" | "ذيالقعده", _) => h(11),
        ("ذوالحجه" | "ذيالحجه", _) => h(12),
        ("ذو" | "ذي" | "ذا", _) => match t.get(i + 1)?.word()? {
            "القعده" => h2(11),
            "الحجه" => h2(12),
            _ => None,
        },
        _ => None,
    }
}

/// A weekday name (with the article, or after يوم when `bare_ok`).
pub(crate) fn weekday_word(w: &str, bare_ok: bool) -> Option<Weekday> {
    let with_article = match w {
        "الاحد" | "sunday" | "sun" | "dimanche" => Some(Weekday::Sun),
        "الاثنين" | "الاتنين" | "monday" | "mon" | "lundi" => Some(Weekday::Mon),
        "الثلاثاء" | "الثلاثا" | "tuesday" | "tue" | "tues" | "mardi" => {
            Some(Weekday::Tue)
        }
        "الاربعاء" | "الاربعا" | "wednesday" | "wed" | "mercredi" => {
            Some(Weekday::Wed)
        }
        "الخميس" | "thursday" | "thu" | "thur" | "thurs" | "jeudi" => Some(Weekday::Thu),
        "الجمعه" | "friday" | "fri" | "vendredi" => Some(Weekday::Fri),
        "السبت" | "saturday" | "sat" | "samedi" => Some(Weekday::Sat),
        _ => None,
    };
    if with_article.is_some() || !bare_ok {
        return with_article;
    }
    match w {
        "احد" => Some(Weekday::Sun),
        "اثنين" => Some(Weekday::Mon),
        "ثلاثاء" => Some(Weekday::Tue),
        "اربعاء" => Some(Weekday::Wed),
        "خميس" => Some(Weekday::Thu),
        "جمعه" => Some(Weekday::Fri),
        "سبت" => Some(Weekday::Sat),
        _ => None,
    }
}

/// Units of relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

/// A unit word and the count it implies alone (1 for a singular, 2 for an Arabic dual).
/// After the numbers 11 to 99 Arabic writes the singular in the accusative (منذ 28 يوماً,
/// قبل 15 عاماً): those forms are singular units too.
pub(crate) fn unit_word(w: &str) -> Option<(Unit, i64)> {
    use Unit::*;
    Some(match w {
        "ثانيه" | "ثانية" | "second" | "sec" | "seconde" => (Second, 1),
        "ثواني" | "ثوان" | "ثوااني" | "seconds" | "secs" | "secondes" => (Second, 0),
        "ثانيتين" | "ثانيتان" => (Second, 2),
        "دقيقه" | "minute" | "min" => (Minute, 1),
        "دقاءق" | "دقايق" | "minutes" | "mins" => (Minute, 0),
        "دقيقتين" | "دقيقتان" => (Minute, 2),
        "ساعه" | "hour" | "hr" | "heure" => (Hour, 1),
        "h" => (Hour, 0),
        "ساعات" | "hours" | "hrs" | "heures" => (Hour, 0),
        "ساعتين" | "ساعتان" => (Hour, 2),
        "يوم" | "يوما" | "day" | "jour" => (Day, 1),
        "ايام" | "days" | "jours" => (Day, 0),
        "يومين" | "يومان" => (Day, 2),
        "اسبوع" | "اسبوعا" | "week" | "semaine" => (Week, 1),
        "اسابيع" | "weeks" | "semaines" => (Week, 0),
        "اسبوعين" | "اسبوعان" => (Week, 2),
        "شهر" | "شهرا" | "month" | "mois" => (Month, 1),
        "اشهر" | "شهور" | "months" => (Month, 0),
        "شهرين" | "شهران" => (Month, 2),
        "سنه" | "عام" | "عاما" | "year" | "an" | "année" | "annee" => (Year, 1),
        "سنوات" | "سنين" | "اعوام" | "years" | "ans" | "années" | "annees" => {
            (Year, 0)
        }
        "سنتين" | "سنتان" | "عامين" | "عامان" => (Year, 2),
        _ => return None,
    })
}

/// Number words that count units (منذ ثلاث ساعات, two hours ago).
pub(crate) fn number_word(w: &str) -> Option<i64> {
    Some(match w {
        "واحد" | "واحده" | "one" | "a" | "an" | "un" | "une" => 1,
        "اثنين" | "اثنتين" | "two" | "deux" => 2,
        "ثلاث" | "ثلاثه" | "three" | "trois" => 3,
        "اربع" | "اربعه" | "four" | "quatre" => 4,
        "خمس" | "خمسه" | "five" | "cinq" => 5,
        "ست" | "سته" | "six" => 6,
        "سبع" | "سبعه" | "seven" | "sept" => 7,
        "ثمان" | "ثماني" | "ثمانيه" | "eight" | "huit" => 8,
        "تسع" | "تسعه" | "nine" | "neuf" => 9,
        "عشر" | "عشره" | "ten" | "dix" => 10,
        _ => return None,
    })
}

/// The units digit of an ordinal day word (الأول … التاسع, الحادي).
fn ordinal_unit(w: &str) -> Option<u32> {
    Some(match w {
        "الاول" | "الحادي" => 1,
        "الثاني" => 2,
        "الثالث" => 3,
        "الرابع" => 4,
        "الخامس" => 5,
        "السادس" => 6,
        "السابع" => 7,
        "الثامن" => 8,
        "التاسع" => 9,
        "العاشر" => 10,
        _ => return None,
    })
}

/// An ordinal day in words starting at `i` (الأول, الثالث عشر, الحادي والعشرين, العشرين…).
pub(crate) fn ordinal_day_at(t: &[Tok], i: usize) -> Option<(u32, usize)> {
    let w = t.get(i)?.word()?;
    match w {
        "العشرين" | "العشرون" => return Some((20, i + 1)),
        "الثلاثين" | "الثلاثون" => return Some((30, i + 1)),
        _ => {}
    }
    let unit = ordinal_unit(w)?;
    let tens = match t.get(i + 1).and_then(Tok::word) {
        Some("عشر" | "عشره") if unit < 10 => Some(10),
        Some("والعشرين" | "والعشرون") if unit < 10 => Some(20),
        Some("والثلاثين" | "والثلاثون") if unit == 1 => Some(30),
        _ => None,
    };
    match tens {
        Some(t) => Some((unit + t, i + 2)),
        None if w == "الحادي" => None,
        None => Some((unit, i + 1)),
    }
}

/// A clock qualifier after a time: `Some(Am)`, `Some(Pm)` …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meridiem {
    /// Morning (ص, صباحاً, AM): 12 is midnight.
    Am,
    /// Afternoon or evening (م, مساءً, PM): 1–11 are afternoon hours.
    Pm,
    /// Noon (ظهراً): 12 stays, 1–5 are afternoon hours.
    Noon,
    /// Night (ليلاً): 6–11 are evening hours, 12 is midnight, 1–5 stay.
    Night,
}

/// A clock qualifier starting at `i` and the index after it.
pub(crate) fn meridiem_at(t: &[Tok], i: usize) -> Option<(Meridiem, usize)> {
    let w = t.get(i)?.word()?;
    let dotted = |next: &str| {
        t.get(i + 1).is_some_and(|x| x.is_punct('.'))
            && t.get(i + 2).is_some_and(|x| x.is_word(next))
    };
    let after_dotted = |j: usize| {
        if t.get(j).is_some_and(|x| x.is_punct('.')) {
            j + 1
        } else {
            j
        }
    };
    match w {
        "ص" | "صباحا" | "صباح" | "الصباح" | "صباحاً" | "فجرا" | "الفجر" | "am" | "صباحي" => {
            Some((Meridiem::Am, i + 1))
        }
        "م" | "مساء" | "مساءا" | "المساء" | "مساءً" | "عصرا" | "العصر" | "pm" | "مساءي" => {
            Some((Meridiem::Pm, i + 1))
        }
        "ظهرا" | "الظهر" | "ظهر" => Some((Meridiem::Noon, i + 1)),
        "منتصف" => match t.get(i + 1).and_then(Tok::word) {
            Some("الليل") => Some((Meridiem::Night, i + 2)),
            Some("النهار") => Some((Meridiem::Noon, i + 2)),
            _ => None,
        },
        "ليلا" | "الليل" | "ليل" => Some((Meridiem::Night, i + 1)),
        "a" if dotted("m") => Some((Meridiem::Am, after_dotted(i + 3))),
        "p" if dotted("m") => Some((Meridiem::Pm, after_dotted(i + 3))),
        "ق" if dotted("ظ") => Some((Meridiem::Am, i + 3)),
        "ب" if dotted("ظ") => Some((Meridiem::Pm, i + 3)),
        "بعد" if t.get(i + 1).is_some_and(|x| x.is_word("الظهر")) => {
            Some((Meridiem::Pm, i + 2))
        }
        _ => None,
    }
}

/// Applies a qualifier to an hour; `None` if the hour cannot carry it.
pub(crate) fn apply_meridiem(h: u32, m: Option<Meridiem>) -> Option<u32> {
    match m {
        None => (h <= 24).then_some(h % 24),
        Some(_) if h == 0 || h > 12 => (h <= 23).then_some(h),
        Some(Meridiem::Am) => Some(h % 12),
        Some(Meridiem::Pm) => Some(h % 12 + 12),
        Some(Meridiem::Noon) => Some(if h < 6 { h + 12 } else { h }),
        Some(Meridiem::Night) => Some(match h {
            12 => 0,
            1..=5 => h,
            _ => h + 12,
        }),
    }
}

/// A named zone: a fixed offset or an IANA zone whose offset depends on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZoneName {
    /// A fixed offset.
    Fixed(FixedOffset),
    /// An IANA zone.
    Iana(chrono_tz::Tz),
}

fn fixed(hours: i32) -> Option<ZoneName> {
    FixedOffset::east_opt(hours * 3600).map(ZoneName::Fixed)
}

/// The zone of a place named after بتوقيت (one or two words starting at `i`).
pub(crate) fn place_zone_at(t: &[Tok], i: usize) -> Option<(ZoneName, usize)> {
    use chrono_tz::Tz;
    let w = t.get(i)?.word()?;
    let next = t.get(i + 1).and_then(Tok::word);
    // Two-word names first.
    match (w, next) {
        ("مكه", Some("المكرمه")) => return Some((fixed(3)?, i + 2)),
        ("ابو" | "ابي", Some("ظبي")) => return Some((fixed(4)?, i + 2)),
        ("المملكه", Some("العربيه" | "السعوديه")) => {
            return Some((fixed(3)?, i + 2));
        }
        _ => {}
    }
    let zone = match w {
        "مكه" | "الرياض" | "السعوديه" | "جده" | "المدينه" => fixed(3)?,
        "غرينتش" | "غرينيتش" | "جرينتش" | "جرينيتش" | "غرنتش" | "غرينيش" | "جرنتش" | "gmt"
        | "utc" => fixed(0)?,
        "ابوظبي" | "الامارات" | "دبي" | "الاماراتي" => fixed(4)?,
        "القاهره" | "مصر" => ZoneName::Iana(Tz::Africa__Cairo),
        "بيروت" | "لبنان" => ZoneName::Iana(Tz::Asia__Beirut),
        "دمشق" | "سوريا" | "سوريه" => ZoneName::Iana(Tz::Asia__Damascus),
        "عمان" | "الاردن" => ZoneName::Iana(Tz::Asia__Amman),
        "بغداد" | "العراق" => ZoneName::Iana(Tz::Asia__Baghdad),
        "الدوحه" | "قطر" => ZoneName::Iana(Tz::Asia__Qatar),
        "الكويت" => ZoneName::Iana(Tz::Asia__Kuwait),
        "المنامه" | "البحرين" => ZoneName::Iana(Tz::Asia__Bahrain),
        "مسقط" | "سلطنه" => ZoneName::Iana(Tz::Asia__Muscat),
        "صنعاء" | "عدن" | "اليمن" => ZoneName::Iana(Tz::Asia__Aden),
        "تونس" => ZoneName::Iana(Tz::Africa__Tunis),
        "الجزاءر" => ZoneName::Iana(Tz::Africa__Algiers),
        "الرباط" | "المغرب" | "الدارالبيضاء" => {
            ZoneName::Iana(Tz::Africa__Casablanca)
        }
        "طرابلس" | "ليبيا" => ZoneName::Iana(Tz::Africa__Tripoli),
        "الخرطوم" | "السودان" => ZoneName::Iana(Tz::Africa__Khartoum),
        "نواكشوط" | "موريتانيا" => ZoneName::Iana(Tz::Africa__Nouakchott),
        "القدس" | "فلسطين" | "غزه" | "رام" => ZoneName::Iana(Tz::Asia__Jerusalem),
        "طهران" | "ايران" => ZoneName::Iana(Tz::Asia__Tehran),
        "انقره" | "اسطنبول" | "تركيا" => ZoneName::Iana(Tz::Europe__Istanbul),
        "لندن" => ZoneName::Iana(Tz::Europe__London),
        "باريس" => ZoneName::Iana(Tz::Europe__Paris),
        "واشنطن" | "نيويورك" => ZoneName::Iana(Tz::America__New_York),
        _ => return None,
    };
    Some((zone, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::lexer::tokenize;

    #[test]
    fn month_names_of_every_region() {
        for (text, cal, m) in [
            ("كانون الثاني", MonthCal::Gregorian, 1),
            ("كانون 1", MonthCal::Gregorian, 12),
            ("تشرين الاول", MonthCal::Gregorian, 10),
            ("ربيع الاخر", MonthCal::Hijri, 4),
            ("جمادي الاخره", MonthCal::Hijri, 6),
            ("ذو الحجه", MonthCal::Hijri, 12),
            ("غشت", MonthCal::Gregorian, 8),
        ] {
            let t = tokenize(text);
            let (c, month, next) = month_at(&t, 0).unwrap();
            assert_eq!((c, month, next), (cal, m, t.len()), "{text}");
        }
        assert!(month_at(&tokenize("ربيع"), 0).is_none());
    }

    #[test]
    fn ordinal_days_and_clock_hours() {
        let t = tokenize("الحادي والعشرين");
        assert_eq!(ordinal_day_at(&t, 0), Some((21, 2)));
        assert_eq!(apply_meridiem(12, Some(Meridiem::Am)), Some(0));
        assert_eq!(apply_meridiem(12, Some(Meridiem::Pm)), Some(12));
        assert_eq!(apply_meridiem(9, Some(Meridiem::Pm)), Some(21));
        assert_eq!(apply_meridiem(1, Some(Meridiem::Noon)), Some(13));
        assert_eq!(apply_meridiem(25, None), None);
    }
}
