//! The volume chart of tag and source pages: an SVG bar chart of articles per day, drawn on
//! the server (no script), with an accessible name and a title on every bar.

use super::escape;
use super::i18n::Lang;
use marsad_store::site::DayCount;

/// Chart size in SVG units; the CSS scales it to the column's width.
const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 140.0;
/// Space under the bars for the first and last dates.
const AXIS: f64 = 18.0;

/// The SVG of `days` consecutive days ending with `last_day` (days since the epoch, UTC).
/// Time runs with the reading direction: right to left in Arabic.
pub(crate) fn volume(lang: Lang, counts: &[DayCount], last_day: i64, days: i64) -> String {
    let days = days.max(1);
    let first = last_day - days + 1;
    let mut per_day = vec![0i64; days as usize];
    for c in counts {
        if (first..=last_day).contains(&c.day) {
            per_day[(c.day - first) as usize] += c.articles;
        }
    }
    let total: i64 = per_day.iter().sum();
    let max = per_day.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / days as f64;
    let bar = (slot * 0.8).max(1.0);
    let plot = HEIGHT - AXIS;
    let label = format!("{} {}", lang.ui().chart_label, total);
    let mut svg = String::with_capacity(4096);
    svg.push_str(&format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label=""#
    ));
    escape(&label, &mut svg);
    svg.push_str(r#"" xmlns="http://www.w3.org/2000/svg"><title>"#);
    escape(&label, &mut svg);
    svg.push_str("</title>");
    svg.push_str(&format!(
        r#"<line x1="0" y1="{plot}" x2="{WIDTH}" y2="{plot}" class="axis"/>"#
    ));
    for (i, n) in per_day.iter().enumerate() {
        let slot_x = match lang {
            Lang::Ar => WIDTH - (i as f64 + 1.0) * slot,
            Lang::En => i as f64 * slot,
        };
        let h = if *n == 0 {
            0.0
        } else {
            (*n as f64 / max * (plot - 4.0)).max(2.0)
        };
        let day = date_of(first + i as i64);
        svg.push_str(&format!(
            r#"<rect x="{:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}"><title>{day}: {n}</title></rect>"#,
            slot_x + (slot - bar) / 2.0,
            plot - h,
        ));
    }
    let (start_anchor, end_anchor) = match lang {
        Lang::Ar => ("end", "start"),
        Lang::En => ("start", "end"),
    };
    let (start_x, end_x) = match lang {
        Lang::Ar => (WIDTH, 0.0),
        Lang::En => (0.0, WIDTH),
    };
    svg.push_str(&format!(
        r#"<text x="{start_x}" y="{HEIGHT}" text-anchor="{start_anchor}" direction="ltr">{}</text><text x="{end_x}" y="{HEIGHT}" text-anchor="{end_anchor}" direction="ltr">{}</text></svg>"#,
        date_of(first),
        date_of(last_day)
    ));
    svg
}

/// A day since the epoch as `2026-03-10`.
fn date_of(day: i64) -> String {
    chrono::DateTime::from_timestamp(day * 86_400, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_day_tallest_for_the_busiest_day() {
        let counts = [
            DayCount {
                day: 100,
                articles: 2,
            },
            DayCount {
                day: 102,
                articles: 4,
            },
            DayCount {
                day: 50,
                articles: 9,
            },
        ];
        let svg = volume(Lang::En, &counts, 102, 3);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(
            svg.contains("total 6"),
            "days outside the window are left out"
        );
        assert!(svg.contains("<title>1970-04-13: 4</title>"));
        assert!(
            svg.contains(r#"height="118.0""#),
            "the busiest day fills the plot"
        );
        let ar = volume(Lang::Ar, &counts, 102, 3);
        assert!(
            ar.contains(r#"<rect x="420.0""#),
            "Arabic starts on the right"
        );
    }
}
