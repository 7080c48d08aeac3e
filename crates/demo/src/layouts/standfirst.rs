//! Layout "standfirst": semantic HTML5 with `<main>`, a kicker and a standfirst above the body, Levant month names.

use super::Ctx;
use super::link_items;
use crate::html::{Months, esc, hhmm, long_date, share_links};

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let mut s = format!(
        r##"<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {name}</title>
<meta name="description" content="{desc}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{desc}">
<meta property="og:url" content="{url}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/atom+xml" title="{name}" href="{feed}">
</head>
<body>
<a class="skip" href="#main">انتقل إلى المحتوى</a>
<header class="masthead"><div class="brand"><a href="{home}">{name}</a></div>
<nav aria-label="الأقسام"><ul>
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        desc = esc(&it.description()),
        url = esc(&it.url),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
    );
    for (l, h) in c.menu() {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(&h),
            esc(&l)
        ));
    }
    s.push_str(&format!(
        r##"</ul></nav></header>
<main id="main">
<nav class="crumbs" aria-label="مسار التصفح"><ol><li><a href="{home}">الرئيسية</a></li><li><a href="{sec_href}">{sec}</a></li></ol></nav>
<header class="story-head">
<p class="kicker">{sec}</p>
<h1>{title}</h1>
<p class="standfirst">{desc}</p>
<p class="byline">{author} · <time datetime="{iso}">{date}، الساعة {time}</time></p>
</header>
<ul class="share" aria-label="شارك">
<li class="share-label">شارك</li>
"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        desc = esc(&it.description()),
        author = esc(&it.author.clone().unwrap_or_else(|| format!("{} - {}", o.city, o.name))),
        iso = it.time.to_rfc3339(),
        date = long_date(Months::Levant, &it.time),
        time = hhmm(&it.time),
    ));
    for (l, h) in share_links(&it.url) {
        s.push_str(&format!("<li><a href=\"{}\">{l}</a></li>\n", esc(&h)));
    }
    s.push_str("</ul>\n<section class=\"story-body\">\n");
    for p in &it.paragraphs {
        s.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    s.push_str("</section>\n");
    if let Some(cr) = &it.credit {
        s.push_str(&format!("<p class=\"credit\">المصدر: {}</p>\n", esc(cr)));
    }
    s.push_str("<footer class=\"story-foot\"><h2>الوسوم</h2><ul class=\"tags\">\n");
    for (i, t) in it.tags.iter().enumerate() {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(&c.tag_href(i)),
            esc(t)
        ));
    }
    s.push_str("</ul></footer>\n<section class=\"related\" aria-labelledby=\"rel\"><h2 id=\"rel\">اقرأ أيضاً</h2><ul>\n");
    s.push_str(&link_items(&c.related));
    s.push_str("</ul></section>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<section class=\"up-next\"><h2>التالي</h2><article class=\"teaser\"><h3><a href=\"{}\">{}</a></h3><p>{}</p></article></section>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("</main>\n<aside class=\"most-read\"><h2>الأكثر قراءة</h2><ol>\n");
    s.push_str(&link_items(&c.most_read));
    s.push_str(&format!(
        "</ol></aside>\n<footer class=\"site-foot\"><p>© 2026 {}</p><nav><a href=\"{}\">من نحن</a> · <a href=\"{}\">اتصل بنا</a> · <a href=\"{}\">شروط الاستخدام</a></nav></footer>\n</body>\n</html>\n",
        esc(&o.name),
        esc(&c.home),
        esc(&c.home),
        esc(&c.home)
    ));
    s
}
