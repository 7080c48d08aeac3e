//! The page's publication and update dates: candidates from machine-readable sources (see
//! `meta`), from short texts around the headline, and from the URL; `marsad_dates::select`
//! chooses among them.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};
use dom_query::local_name;
use marsad_dates::{Candidate, Context, PageDate, Precision, Role, Selection, SourceKind, Zone};
use url::Url;

/// Longest text (in characters) read as a possible date line.
const MAX_DATE_LINE: usize = 160;
/// Elements before and after the headline searched for a visible date.
const WINDOW_BEFORE: usize = 15;
const WINDOW_AFTER: usize = 80;

/// Words (in folded form) that label a visible date.
const PUBLISHED_LABELS: &[&str] = &["نشر", "تاريخ", "published", "posted", "publié"];
const UPDATED_LABELS: &[&str] = &["تحديث", "حدث", "updated", "modified", "mis à jour"];

/// Class or id words of elements that hold a date.
const DATE_CLASSES: &[&str] = &[
    "date",
    "time",
    "publish",
    "posted",
    "byline",
    "meta",
    "timestamp",
];

/// The reference used when the fetch time is unknown: relative and year-less expressions
/// resolve before 1990 and are then rejected as implausible, rather than guessed from the clock.
fn no_reference() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(0)
        .expect("zero offset")
        .with_ymd_and_hms(1980, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

/// A written date expression that needs no reference (it states its year), as a page date.
pub(crate) fn absolute_expression(text: &str) -> Option<PageDate> {
    let ctx = Context::new(no_reference());
    marsad_dates::parse_expression(text, &ctx)
        .and_then(|e| e.to_page_date(&ctx))
        .filter(|d| d.value.year() >= 1990)
}

/// Whether a date text is labelled as the publication or the update ("نشر في:", "آخر تحديث").
pub(crate) fn role_of(text: &str) -> Role {
    let folded = crate::markers::fold(text, MAX_DATE_LINE * 4).to_lowercase();
    if UPDATED_LABELS.iter().any(|l| folded.contains(l)) && !folded.contains("نشر") {
        Role::Updated
    } else if PUBLISHED_LABELS.iter().any(|l| folded.contains(l)) {
        Role::Published
    } else {
        Role::Unknown
    }
}

/// Whether the element's class or id contains a [`DATE_CLASSES`] word. `scratch` is reused
/// across calls: this runs on most elements of the page.
fn has_date_class(node: &dom_query::NodeRef<'_>, scratch: &mut String) -> bool {
    node.query(|t| {
        let e = t.as_element()?;
        let class = e.attr_ref(local_name!("class"));
        let id = e.attr_ref(local_name!("id"));
        scratch.clear();
        scratch.push_str(class.unwrap_or(""));
        scratch.push(' ');
        scratch.push_str(id.unwrap_or(""));
        scratch.make_ascii_lowercase();
        Some(DATE_CLASSES.iter().any(|c| scratch.contains(c)))
    })
    .flatten()
    .unwrap_or(false)
}

/// The element's text with whitespace collapsed (as `split_whitespace` and a join with
/// single spaces give it) when that has at most `max` characters. Text nodes are read in
/// place and the walk stops past `max`: the date search tests most elements near the
/// headline, and copying each container's whole text would copy the article many times.
fn short_collapsed_text(node: &dom_query::NodeRef<'_>, max: usize) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut pending_space = false;
    for d in std::iter::once(*node).chain(node.descendants_it()) {
        let over = d.query_or(false, |t| {
            let dom_query::NodeData::Text { contents } = &t.data else {
                return false;
            };
            for c in contents.chars() {
                if c.is_whitespace() {
                    pending_space = !out.is_empty();
                    continue;
                }
                if pending_space {
                    out.push(' ');
                    chars += 1;
                    pending_space = false;
                }
                out.push(c);
                chars += 1;
                if chars > max {
                    return true;
                }
            }
            false
        });
        if over {
            return None;
        }
    }
    Some(out)
}

/// RDFa date attributes on any element (`<span property="dc:date" content="…">`), which
/// Drupal and other CMSs write beside the visible date.
pub(crate) fn rdfa(all: &[(dom_query::NodeRef<'_>, &str)]) -> Vec<Candidate> {
    const PROPERTIES: &[(&str, Role)] = &[
        ("dc:date", Role::Published),
        ("dc:created", Role::Published),
        ("dc:issued", Role::Published),
        ("dcterms:created", Role::Published),
        ("dcterms:issued", Role::Published),
        ("dcterms:date", Role::Published),
        ("schema:datepublished", Role::Published),
        ("dc:modified", Role::Updated),
        ("dcterms:modified", Role::Updated),
        ("schema:datemodified", Role::Updated),
    ];
    all.iter()
        .filter(|(n, t)| {
            *t != "meta"
                && n.query_or(false, |d| {
                    d.as_element().is_some_and(|e| {
                        e.attr_ref(local_name!("property")).is_some()
                            && e.attr_ref(local_name!("content")).is_some()
                    })
                })
        })
        .filter_map(|(n, _)| {
            let property = n.attr("property")?.to_ascii_lowercase();
            let role = PROPERTIES
                .iter()
                .find(|(p, _)| property.split_ascii_whitespace().any(|q| q == *p))?
                .1;
            let date = marsad_dates::parse_machine(&n.attr("content")?)?;
            Some(Candidate {
                date,
                source: SourceKind::Microdata,
                role,
            })
        })
        .take(4)
        .collect()
}

/// Dates written in short texts near the headline, and in elements whose class says "date".
fn visible(all: &[(dom_query::NodeRef<'_>, &str)], ctx: &Context) -> Vec<Candidate> {
    let nodes: Vec<dom_query::NodeRef<'_>> = all
        .iter()
        .filter(|(_, t)| {
            matches!(
                *t,
                "h1" | "h2"
                    | "time"
                    | "span"
                    | "p"
                    | "div"
                    | "li"
                    | "small"
                    | "em"
                    | "strong"
                    | "b"
                    | "td"
                    | "font"
                    | "a"
                    | "header"
            )
        })
        .map(|(n, _)| *n)
        .collect();
    let is_tag =
        |n: &dom_query::NodeRef<'_>, tag: &str| n.node_name().is_some_and(|t| t.as_ref() == tag);
    // The headline is the first <h1>; on a page without one, the first <h2> or element whose
    // class says "title" or "headline".
    let headline = nodes
        .iter()
        .position(|n| is_tag(n, "h1"))
        .or_else(|| {
            nodes.iter().position(|n| {
                is_tag(n, "h2")
                    || n.attr("class").is_some_and(|c| {
                        c.to_ascii_lowercase()
                            .split(|ch: char| !ch.is_ascii_alphanumeric())
                            .any(|w| matches!(w, "title" | "headline"))
                    })
            })
        })
        .unwrap_or(0);
    let lo = headline.saturating_sub(WINDOW_BEFORE);
    let hi = (headline + WINDOW_AFTER).min(nodes.len());
    let headline_ancestors: Vec<dom_query::NodeId> = nodes
        .get(headline)
        .map(|h| h.ancestors_it(None).map(|a| a.id).collect())
        .unwrap_or_default();
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut scratch = String::new();
    for (i, node) in nodes.iter().enumerate() {
        if !((lo..hi).contains(&i) || has_date_class(node, &mut scratch)) {
            continue;
        }
        // The site header's "today" line names the day the page was served, not the day the
        // article was published.
        if i < headline && in_site_header(node, &headline_ancestors) {
            continue;
        }
        // A date inside a link belongs to the page it links to (a sidebar, an archive list).
        if node
            .ancestors_it(Some(8))
            .any(|a| a.qual_name_ref().is_some_and(|q| &*q.local == "a"))
        {
            continue;
        }
        let Some(text) = short_collapsed_text(node, MAX_DATE_LINE) else {
            continue;
        };
        let chars = text.chars().count();
        if !(6..=MAX_DATE_LINE).contains(&chars) || seen.contains(&text) {
            continue;
        }
        if !text.chars().any(|c| c.is_numeric()) && !text.contains("أمس") && !text.contains("امس")
        {
            continue;
        }
        if let Some(date) =
            marsad_dates::parse_expression(&text, ctx).and_then(|e| e.to_page_date(ctx))
        {
            out.push(Candidate {
                date,
                source: SourceKind::Visible,
                role: role_of(&text),
            });
        }
        seen.push(text);
        if out.len() >= 12 {
            break;
        }
    }
    out
}

/// Class or id words of a site's header and its date bar.
const HEADER_WORDS: &[&str] = &["today", "top", "topbar", "masthead", "header", "banner"];

/// Whether `node` sits in the site's header: a `<header>`, `role=banner` or a header-named
/// block that does not also hold the headline.
fn in_site_header(node: &dom_query::NodeRef<'_>, headline_ancestors: &[dom_query::NodeId]) -> bool {
    for a in std::iter::once(*node).chain(node.ancestors_it(Some(10))) {
        if headline_ancestors.contains(&a.id) {
            return false;
        }
        if a.node_name().is_some_and(|t| t.as_ref() == "header")
            || a.attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("banner"))
        {
            return true;
        }
        let attrs = format!(
            "{} {}",
            a.attr("class").as_deref().unwrap_or(""),
            a.attr("id").as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        if attrs
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| HEADER_WORDS.contains(&w))
        {
            return true;
        }
    }
    false
}

/// Whether `date` has a clock time and reads as UTC: the offset rules below may give it the
/// page's own.
fn is_utc_time(date: &PageDate) -> bool {
    date.precision != Precision::Day && date.value.offset().local_minus_utc() == 0
}

/// Minutes since the Unix epoch of a clock time read as UTC.
fn minute(t: chrono::NaiveDateTime) -> i64 {
    t.and_utc().timestamp().div_euclid(60)
}

/// A machine date in UTC re-expressed in the page's own offset, when a clock time written on
/// the page names the same instant in local time: `<time datetime="…T22:46Z">12 مارس 2018 -
/// 02:46</time>` was published on the 12th where it was written. The offset is the difference
/// between the written clock and the UTC instant, both to the minute, when that is a whole
/// quarter hour within ±14 hours.
fn as_written(date: PageDate, walls: &[PageDate]) -> PageDate {
    if !is_utc_time(&date) {
        return date;
    }
    let utc = minute(date.value.naive_utc());
    for w in walls {
        if w.precision == Precision::Day {
            continue;
        }
        let diff = (minute(w.value.naive_local()) - utc) * 60;
        if diff == 0 || diff % 900 != 0 || diff.abs() > 14 * 3600 {
            continue;
        }
        if let Some(offset) = i32::try_from(diff).ok().and_then(FixedOffset::east_opt) {
            return PageDate {
                value: date.value.with_timezone(&offset),
                precision: date.precision,
            };
        }
    }
    date
}

/// A time read as UTC (a source that gives no offset is read so) takes the offset of another
/// of the page's dates that gives the same clock time, to the minute, with a nonzero offset: a
/// JSON-LD `datePublished` of `…T10:30:43` beside an `article:published_time` of
/// `…T10:30:43+04:00` names the local time of the second, not an instant four hours later.
/// (Two sources naming instants exactly an offset apart with the same clock would be a rare
/// coincidence; one source leaving the offset out is common.)
///
/// Before that, a time read as UTC that another source gives as the same instant in a
/// nonzero offset (`…T02:25:54Z` beside `…T21:25:54-05:00`) takes that offset: it is the
/// page's own, and the day is the day where the article was written.
fn with_stated_offset(date: PageDate, candidates: &[Candidate]) -> PageDate {
    if !is_utc_time(&date) {
        return date;
    }
    let local = |v: &DateTime<FixedOffset>| v.offset().local_minus_utc() != 0;
    let instant = minute(date.value.naive_utc());
    if let Some(v) = candidates
        .iter()
        .map(|c| c.date.value)
        .find(|v| local(v) && minute(v.naive_utc()) == instant)
    {
        return PageDate {
            value: date.value.with_timezone(v.offset()),
            precision: date.precision,
        };
    }
    let clock = date.value.naive_local();
    candidates
        .iter()
        .map(|c| c.date.value)
        .filter(|v| local(v) && minute(v.naive_local()) == minute(clock))
        .find_map(|v| v.offset().from_local_datetime(&clock).single())
        .map_or(date, |value| PageDate {
            value,
            precision: date.precision,
        })
}

/// Clock times written in the text of `<time>` elements.
fn time_texts(all: &[(dom_query::NodeRef<'_>, &str)]) -> Vec<PageDate> {
    all.iter()
        .filter(|(_, t)| *t == "time")
        .map(|(n, _)| n)
        .take(8)
        .filter_map(|t| absolute_expression(&marsad_text::collapse_whitespace(&t.text())))
        .collect()
}

/// A date in the URL path: `/2025/02/02/`, `/2025-02-02`, `/20250202`.
fn from_url(url: &Url, zone: &Zone) -> Option<Candidate> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let day = |y: &str, m: &str, d: &str| -> Option<NaiveDate> {
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        NaiveDate::from_ymd_opt(y, m, d).filter(|n| (1990..=2100).contains(&n.year()))
    };
    let found = segments.windows(3).find_map(|w| {
        (w[0].len() == 4 && w[1].len() <= 2 && w[2].len() <= 2)
            .then(|| day(w[0], w[1], w[2]))
            .flatten()
    });
    let found = found.or_else(|| {
        segments.iter().find_map(|s| {
            let digits: String = s
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            let parts: Vec<&str> = digits.split('-').collect();
            match parts.as_slice() {
                [y, m, d, ..] if y.len() == 4 && m.len() == 2 && d.len() == 2 => day(y, m, d),
                [ymd, ..] if ymd.len() == 8 => day(&ymd[..4], &ymd[4..6], &ymd[6..]),
                _ => None,
            }
        })
    })?;
    Some(Candidate {
        date: PageDate {
            value: zone.localize(found.and_hms_opt(0, 0, 0)?),
            precision: Precision::Day,
        },
        source: SourceKind::Url,
        role: Role::Unknown,
    })
}

/// Chooses the page's dates from the machine candidates found by `meta`, the visible text and
/// the URL.
pub(crate) fn choose(
    all: &[(dom_query::NodeRef<'_>, &'static str)],
    machine: &[Candidate],
    url: Option<&Url>,
    fetched_at: Option<DateTime<Utc>>,
    zone: Option<Zone>,
) -> Selection {
    let zone = zone.unwrap_or(Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset")));
    let ctx = Context {
        reference: fetched_at.map_or_else(no_reference, |f| zone.at(&f)),
        zone,
    };
    let mut candidates = machine.to_vec();
    candidates.extend(rdfa(all));
    // Reading the visible text is the costly part: it is only needed when no machine source
    // gives a plausible publication time (a day alone may still take its time from the text).
    let timed = candidates.iter().any(|c| {
        c.role != Role::Updated
            && c.date.precision != Precision::Day
            && c.date.value.year() >= 1990
            && fetched_at.is_none_or(|f| c.date.value.to_utc() <= f + chrono::Duration::days(1))
    });
    if !timed {
        candidates.extend(visible(all, &ctx));
    }
    candidates.extend(url.and_then(|u| from_url(u, &zone)));
    let mut picked = marsad_dates::select(&candidates, fetched_at);
    picked.published = picked.published.map(|d| with_stated_offset(d, &candidates));
    picked.updated = picked.updated.map(|d| with_stated_offset(d, &candidates));
    if let Some(p) = picked.published
        && is_utc_time(&p)
    {
        let mut walls = time_texts(all);
        walls.extend(
            candidates
                .iter()
                .filter(|c| c.source == SourceKind::Visible)
                .map(|c| c.date),
        );
        picked.published = Some(as_written(p, &walls));
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    #[test]
    fn url_dates() {
        let z = Zone::Fixed(FixedOffset::east_opt(0).unwrap());
        let day =
            |u: &str| from_url(&Url::parse(u).unwrap(), &z).map(|c| c.date.to_contract_string());
        assert_eq!(
            day("https://e.example/news/2025/02/03/slug").as_deref(),
            Some("2025-02-03")
        );
        assert_eq!(
            day("https://e.example/2025-02-03-slug").as_deref(),
            Some("2025-02-03")
        );
        assert_eq!(
            day("https://e.example/a/20250203/x").as_deref(),
            Some("2025-02-03")
        );
        assert_eq!(day("https://e.example/a/12345678/x"), None);
        assert_eq!(day("https://e.example/2025/13/40/x"), None);
    }

    /// The publication date chosen for a page, with `machine` as its metadata dates.
    fn published(html: &str, machine: &[Candidate]) -> Option<String> {
        let doc = Document::from(html);
        choose(
            &crate::content::tagged_elements(doc.root()),
            machine,
            None,
            None,
            None,
        )
        .published
        .map(|d| d.to_contract_string())
    }

    #[test]
    fn a_date_line_after_the_headline_is_found() {
        let html = r#"<html><body><div class="post"><h1>عنوان الخبر هنا</h1>
<div class="post-meta-date"><i class="fa fa-calendar"></i>الأربعاء، 07 أكتوبر 2020 - 12:09 م</div>
<p>نص الخبر</p></div></body></html>"#;
        assert_eq!(
            published(html, &[]).as_deref(),
            Some("2020-10-07T12:09:00+00:00")
        );
    }

    #[test]
    fn dates_in_links_belong_to_other_pages_and_rdfa_counts() {
        let html = r#"<html><body><aside><a href="/issue/9"><span>العدد الصادر بتاريخ 2019/02/09</span></a></aside>
<h1>عنوان</h1><footer><span property="dc:date" content="2019-02-08T00:00:00+01:00">الجمعة 8 فيفري 2019</span></footer>
</body></html>"#;
        assert_eq!(
            published(html, &[]).as_deref(),
            Some("2019-02-08T00:00:00+01:00")
        );
    }

    #[test]
    fn a_utc_time_takes_the_offset_of_its_written_clock() {
        let html = r#"<html><body><h1>عنوان الخبر</h1>
<span><time datetime="2018-03-11T22:46:04Z">نشر في: 12 مارس 2018 - 02:46</time></span>
<p>نص</p></body></html>"#;
        let machine = [Candidate {
            date: marsad_dates::parse_machine("2018-03-11T22:46:04Z").unwrap(),
            source: SourceKind::JsonLd,
            role: Role::Published,
        }];
        assert_eq!(
            published(html, &machine).as_deref(),
            Some("2018-03-12T02:46:04+04:00")
        );
        // A clock that is not a whole quarter hour away is another time, not an offset.
        let html = r#"<html><body><h1>عنوان الخبر</h1>
<time datetime="2018-03-11T22:46:04Z">12 مارس 2018 - 02:17</time></body></html>"#;
        assert_eq!(
            published(html, &machine).as_deref(),
            Some("2018-03-11T22:46:04+00:00")
        );
    }

    #[test]
    fn a_time_without_an_offset_takes_the_offset_another_source_gives_the_same_clock() {
        let html = r#"<html><body><h1>عنوان الخبر</h1><p>نص</p></body></html>"#;
        let machine = |jsonld: &str, meta: &str, meta_role: Role| {
            [
                Candidate {
                    date: marsad_dates::parse_machine(jsonld).unwrap(),
                    source: SourceKind::JsonLd,
                    role: Role::Published,
                },
                Candidate {
                    date: marsad_dates::parse_machine(meta).unwrap(),
                    source: SourceKind::Meta,
                    role: meta_role,
                },
            ]
        };
        let same_clock = machine(
            "2018-03-12T10:30:43",
            "2018-03-12T10:30:43+04:00",
            Role::Published,
        );
        assert_eq!(
            published(html, &same_clock).as_deref(),
            Some("2018-03-12T10:30:43+04:00")
        );
        // The same instant in UTC and in the page's offset reads in the page's offset.
        let same_instant = machine(
            "2020-02-25T02:25:54Z",
            "2020-02-24T21:25:54-05:00",
            Role::Updated,
        );
        assert_eq!(
            published(html, &same_instant).as_deref(),
            Some("2020-02-24T21:25:54-05:00")
        );
        // Another clock time is another instant: the time without an offset stays UTC.
        let other_clock = machine(
            "2018-03-12T08:15:00",
            "2018-03-12T10:30:43+04:00",
            Role::Updated,
        );
        assert_eq!(
            published(html, &other_clock).as_deref(),
            Some("2018-03-12T08:15:00+00:00")
        );
    }

    #[test]
    fn the_site_headers_today_line_is_not_the_publication_date() {
        let html = r#"<html><body><header><div class="date-bar">الثلاثاء 11 أغسطس 2015</div>
<nav><a href="/">الرئيسية</a></nav></header><div id="top"><div class="today">1436/10/26 هـ</div></div>
<div class="main"><h1>عنوان الخبر هنا</h1><div class="info"><span class="time">الخميس 23 يوليو 2015</span></div>
<p>نص الخبر</p></div></body></html>"#;
        assert_eq!(published(html, &[]).as_deref(), Some("2015-07-23"));
    }

    #[test]
    fn labels() {
        assert_eq!(role_of("آخر تحديث: 3 فبراير"), Role::Updated);
        assert_eq!(role_of("نُشر في: 3 فبراير"), Role::Published);
        assert_eq!(role_of("3 فبراير 2025"), Role::Unknown);
    }
}
