//! Layout "wire": a news agency's story page with a dateline, the agency slug and a UTC time.

use super::Ctx;
use super::link_items;
use crate::html::{esc, share_links};
use chrono::{Datelike, Timelike};

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let t = &it.time;
    let mut s = format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} | {name}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{name}">
<meta property="article:published_time" content="{iso}">
<link rel="alternate" type="application/rss+xml" href="{feed}">
</head>
<body>
<div class="agency-top"><a class="logo" href="{home}">و.أ.ع.م</a> <span class="agency-name">{name}</span></div>
<nav class="services">
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        iso = t.to_rfc3339(),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
    );
    for (l, h) in c.menu() {
        s.push_str(&format!("<a href=\"{}\">{}</a>\n", esc(&h), esc(&l)));
    }
    s.push_str(&format!(
        r##"</nav>
<div class="crumb"><a href="{home}">الخدمة العربية</a> / <a href="{sec_href}">{sec}</a></div>
<div class="wire-story">
<h1 class="headline">{title}</h1>
<div class="dateline"><time datetime="{iso}">{d:02}/{m:02}/{y} {hh:02}:{mm:02} (ت.غ)</time></div>
<div class="story-text">
"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        iso = t.to_rfc3339(),
        d = t.day(),
        m = t.month(),
        y = t.year(),
        hh = t.hour(),
        mm = t.minute(),
    ));
    for p in &it.paragraphs {
        s.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    s.push_str(&format!(
        "</div>\n<div class=\"slug\">(و.أ.ع.م) {}</div>\n<div class=\"keywords\">كلمات دلالية:",
        esc(it.author.as_deref().unwrap_or(""))
    ));
    for (i, tg) in it.tags.iter().enumerate() {
        s.push_str(&format!(
            " <a href=\"{}\">{}</a>",
            esc(&c.tag_href(i)),
            esc(tg)
        ));
    }
    s.push_str("</div>\n<div class=\"share-tools\">شارك:");
    let shares: Vec<String> = share_links(&it.url)
        .iter()
        .map(|(l, h)| format!(" <a href=\"{}\">{}</a>", esc(h), l))
        .collect();
    s.push_str(&shares.join(" |"));
    s.push_str("</div>\n</div>\n<div class=\"more-wire\"><h3>أخبار أخرى من الوكالة</h3><ul>\n");
    s.push_str(&link_items(&c.related));
    s.push_str("</ul></div>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<div class=\"next\"><b>الخبر التالي</b><h2><a href=\"{}\">{}</a></h2><p>{}</p></div>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("<div class=\"top5\"><h3>الأكثر قراءة</h3><ul>\n");
    s.push_str(&link_items(&c.most_read));
    s.push_str(&format!(
        "</ul></div>\n<div class=\"copyright\">جميع الحقوق محفوظة © 2026 {}. يحظر إعادة النشر دون ذكر المصدر.</div>\n</body>\n</html>\n",
        esc(&o.name)
    ));
    s
}
