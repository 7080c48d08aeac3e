//! Choosing a page's publication and update dates among the candidates found on it.
//!
//! Machine-readable sources outrank visible text, and visible text outranks the URL: a CMS
//! writes JSON-LD and meta tags from its database, while visible text may show a related
//! article's date and a URL only ever has the day. Within a source, a candidate labelled as
//! the publication date wins over an unlabelled one. A date after the fetch time (with a day's
//! slack for clocks and zones) or before 1990 is implausible and never chosen. When the chosen
//! date has only a day and a lower-ranked candidate gives a time on that same day, the time is
//! kept: many pages put the day in their meta tags and the time only in the visible byline.

use crate::{PageDate, Precision};
use chrono::{DateTime, Datelike, Utc};

/// Where on the page a candidate date was found, best source first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// JSON-LD `datePublished` / `dateModified`.
    JsonLd,
    /// `article:published_time`, `og:*`, `date`, `pubdate` and similar meta tags.
    Meta,
    /// Microdata `itemprop=datePublished` / `dateModified`.
    Microdata,
    /// A `<time datetime>` element.
    Time,
    /// A date written in the visible text near the headline.
    Visible,
    /// A date in the URL path.
    Url,
}

/// What a candidate says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The publication date.
    Published,
    /// The last update.
    Updated,
    /// Not labelled.
    Unknown,
}

/// One date found on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The date.
    pub date: PageDate,
    /// Where it was found.
    pub source: SourceKind,
    /// What it says it is.
    pub role: Role,
}

/// The dates chosen for a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// The publication date.
    pub published: Option<PageDate>,
    /// The last update, when the page states one later than the publication.
    pub updated: Option<PageDate>,
}

/// Earliest plausible year of an online news article.
const EARLIEST_YEAR: i32 = 1990;

fn plausible(d: &PageDate, fetched_at: Option<DateTime<Utc>>) -> bool {
    if d.value.year() < EARLIEST_YEAR {
        return false;
    }
    match fetched_at {
        Some(f) => d.value.with_timezone(&Utc) <= f + chrono::Duration::days(1),
        None => true,
    }
}

fn rank(c: &Candidate, wanted: Role) -> (SourceKind, u8) {
    let role = if c.role == wanted {
        0
    } else if c.role == Role::Unknown {
        1
    } else {
        2
    };
    (c.source, role)
}

/// Chooses the publication and update dates among `candidates` (in page order), given the
/// time the page was fetched when known.
pub fn select(candidates: &[Candidate], fetched_at: Option<DateTime<Utc>>) -> Selection {
    let usable: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| plausible(&c.date, fetched_at))
        .collect();
    // Publication: the best-ranked candidate not labelled as an update; ties keep page order.
    let published = usable
        .iter()
        .filter(|c| c.role != Role::Updated)
        .min_by_key(|c| rank(c, Role::Published))
        .map(|best| {
            let mut date = best.date;
            if date.precision == Precision::Day {
                let same_day_time = usable.iter().find(|c| {
                    c.role != Role::Updated
                        && c.date.precision != Precision::Day
                        && c.date.value.date_naive() == date.value.date_naive()
                });
                if let Some(t) = same_day_time {
                    date = t.date;
                }
            }
            date
        });
    let updated = usable
        .iter()
        .filter(|c| c.role == Role::Updated)
        .min_by_key(|c| rank(c, Role::Updated))
        .map(|c| c.date)
        .filter(|u| published.is_none_or(|p| u.value > p.value));
    Selection { published, updated }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn d(s: &str, precision: Precision) -> PageDate {
        let value = DateTime::parse_from_rfc3339(s).unwrap();
        PageDate { value, precision }
    }

    fn c(s: &str, p: Precision, source: SourceKind, role: Role) -> Candidate {
        Candidate {
            date: d(s, p),
            source,
            role,
        }
    }

    #[test]
    fn machine_sources_outrank_visible_text_and_the_url() {
        let picked = select(
            &[
                c(
                    "2025-01-30T00:00:00+00:00",
                    Precision::Day,
                    SourceKind::Url,
                    Role::Unknown,
                ),
                c(
                    "2025-01-31T09:00:00+02:00",
                    Precision::Minute,
                    SourceKind::Visible,
                    Role::Unknown,
                ),
                c(
                    "2025-02-01T10:00:00+02:00",
                    Precision::Minute,
                    SourceKind::Meta,
                    Role::Published,
                ),
            ],
            None,
        );
        assert_eq!(
            picked.published.unwrap().to_contract_string(),
            "2025-02-01T10:00:00+02:00"
        );
    }

    #[test]
    fn a_day_takes_the_time_a_lower_source_gives_for_it() {
        let picked = select(
            &[
                c(
                    "2025-02-01T00:00:00+02:00",
                    Precision::Day,
                    SourceKind::Meta,
                    Role::Published,
                ),
                c(
                    "2025-02-01T14:05:00+02:00",
                    Precision::Minute,
                    SourceKind::Visible,
                    Role::Unknown,
                ),
            ],
            None,
        );
        assert_eq!(
            picked.published.unwrap().to_contract_string(),
            "2025-02-01T14:05:00+02:00"
        );
    }

    #[test]
    fn implausible_dates_are_skipped_and_updates_must_be_later() {
        let fetched = DateTime::parse_from_rfc3339("2025-02-02T12:00:00Z")
            .unwrap()
            .to_utc();
        let picked = select(
            &[
                c(
                    "1970-01-01T00:00:00+00:00",
                    Precision::Second,
                    SourceKind::JsonLd,
                    Role::Published,
                ),
                c(
                    "2031-05-01T00:00:00+00:00",
                    Precision::Second,
                    SourceKind::Meta,
                    Role::Published,
                ),
                c(
                    "2025-02-01T10:00:00+02:00",
                    Precision::Minute,
                    SourceKind::Visible,
                    Role::Published,
                ),
                c(
                    "2025-01-01T10:00:00+02:00",
                    Precision::Minute,
                    SourceKind::Meta,
                    Role::Updated,
                ),
            ],
            Some(fetched),
        );
        assert_eq!(
            picked.published.unwrap().to_contract_string(),
            "2025-02-01T10:00:00+02:00"
        );
        assert_eq!(
            picked.updated, None,
            "an update before the publication is not one"
        );
        assert_eq!(select(&[], None), Selection::default());
    }
}
