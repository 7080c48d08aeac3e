//! HTML/XML escaping, Arabic date rendering and small helpers shared by the layouts and feeds.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// Escapes text for HTML or XML text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a string for use inside a query parameter.
pub(crate) fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Regional month-name sets used by Arabic outlets.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Months {
    /// Egypt and the Gulf: يناير، فبراير …
    Egypt,
    /// The Levant and Iraq: كانون الثاني، شباط …
    Levant,
    /// The Maghreb (Morocco): يناير، فبراير … ماي، يوليوز، غشت …
    Maghreb,
}

const LEVANT: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];
const MAGHREB: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
];
const DAYS: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];

/// The Arabic month name of a date in a regional style.
pub(crate) fn month_name(style: Months, dt: &DateTime<FixedOffset>) -> &'static str {
    let i = dt.month0() as usize;
    match style {
        Months::Egypt => marsad_dates::ARABIC_MONTHS[i],
        Months::Levant => LEVANT[i],
        Months::Maghreb => MAGHREB[i],
    }
}

/// The Arabic weekday name of a date.
pub(crate) fn day_name(dt: &DateTime<FixedOffset>) -> &'static str {
    DAYS[dt.weekday().num_days_from_monday() as usize]
}

/// "24 نوفمبر 2026" in the given month style.
pub(crate) fn long_date(style: Months, dt: &DateTime<FixedOffset>) -> String {
    format!("{} {} {}", dt.day(), month_name(style, dt), dt.year())
}

/// "09:15" (24-hour clock).
pub(crate) fn hhmm(dt: &DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

/// "9:15 ص" / "3:40 م" (12-hour clock with Arabic AM/PM letters).
pub(crate) fn hhmm12(dt: &DateTime<FixedOffset>) -> String {
    let (pm, h) = dt.hour12();
    format!("{}:{:02} {}", h, dt.minute(), if pm { "م" } else { "ص" })
}

/// Replaces ASCII digits with Eastern Arabic digits (٠–٩).
pub(crate) fn eastern_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Share-bar targets: (label, href) for Facebook, Twitter and WhatsApp.
pub(crate) fn share_links(url: &str) -> [(&'static str, String); 3] {
    let u = pct(url);
    [
        (
            "فيسبوك",
            format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        ),
        ("تويتر", format!("https://twitter.com/intent/tweet?url={u}")),
        ("واتساب", format!("https://wa.me/?text={u}")),
    ]
}

/// JSON for embedding in a `<script>` element (no `</` sequences).
pub(crate) fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace("</", "<\\/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(pct("http://x/a?b=1"), "http%3A%2F%2Fx%2Fa%3Fb%3D1");
    }

    #[test]
    fn arabic_dates() {
        let t = DateTime::parse_from_rfc3339("2026-11-24T15:05:00+03:00").expect("valid");
        assert_eq!(long_date(Months::Egypt, &t), "24 نوفمبر 2026");
        assert_eq!(long_date(Months::Levant, &t), "24 تشرين الثاني 2026");
        assert_eq!(long_date(Months::Maghreb, &t), "24 نونبر 2026");
        assert_eq!(day_name(&t), "الثلاثاء");
        assert_eq!(hhmm12(&t), "3:05 م");
        assert_eq!(eastern_digits("24/11 2026"), "٢٤/١١ ٢٠٢٦");
    }
}
