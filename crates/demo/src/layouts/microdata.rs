//! Layout "microdata": schema.org microdata (`itemprop=articleBody`), Egyptian month names and a 12-hour clock.

use super::Ctx;
use super::link_items;
use crate::html::{Months, day_name, esc, hhmm12, long_date, share_links};

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let iso = it.time.to_rfc3339();
    let mut s = format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="UTF-8">
<title>{title} - {name}</title>
<meta property="og:title" content="{title}">
<meta property="og:description" content="{desc}">
<meta property="og:url" content="{url}">
<meta name="twitter:card" content="summary">
<link rel="alternate" type="application/atom+xml" href="{feed}">
</head>
<body>
<div id="topbar">{today}</div>
<header id="head"><a id="logo" href="{home}">{name}</a>
<nav id="menu">
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        desc = esc(&it.description()),
        url = esc(&it.url),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
        today = format_args!(
            "{}، {}",
            day_name(&it.time),
            long_date(Months::Egypt, &it.time)
        ),
    );
    for (l, h) in c.menu() {
        s.push_str(&format!("<a href=\"{}\">{}</a>\n", esc(&h), esc(&l)));
    }
    s.push_str(&format!(
        r##"</nav></header>
<ol class="breadcrumbs" itemscope itemtype="https://schema.org/BreadcrumbList">
<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="{home}"><span itemprop="name">الرئيسية</span></a><meta itemprop="position" content="1"></li>
<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="{sec_href}"><span itemprop="name">{sec}</span></a><meta itemprop="position" content="2"></li>
</ol>
<div class="main-wrap">
<div class="story" itemscope itemtype="https://schema.org/NewsArticle">
<meta itemprop="mainEntityOfPage" content="{url}">
<h1 itemprop="headline">{title}</h1>
<div class="byline"><span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">{author}</span></span> — <meta itemprop="datePublished" content="{iso}"><span class="pubdate">{day}، {date} {time}</span></div>
<ul class="social">
<li class="social-label">شارك:</li>
"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        url = esc(&it.url),
        title = esc(&it.title),
        author = esc(&it.author.clone().unwrap_or_else(|| format!("{} - {}", o.city, o.name))),
        iso = iso,
        day = day_name(&it.time),
        date = long_date(Months::Egypt, &it.time),
        time = hhmm12(&it.time),
    ));
    for (l, h) in share_links(&it.url) {
        s.push_str(&format!("<li><a href=\"{}\">{}</a></li>\n", esc(&h), l));
    }
    s.push_str("</ul>\n<div itemprop=\"articleBody\">\n");
    for p in &it.paragraphs {
        s.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    s.push_str("</div>\n");
    if let Some(cr) = &it.credit {
        s.push_str(&format!(
            "<div class=\"credit\">المصدر: {}</div>\n",
            esc(cr)
        ));
    }
    s.push_str("<div class=\"keywords\"><b>كلمات دلالية:</b>\n");
    for (i, t) in it.tags.iter().enumerate() {
        s.push_str(&format!(
            "<a itemprop=\"keywords\" href=\"{}\">{}</a>\n",
            esc(&c.tag_href(i)),
            esc(t)
        ));
    }
    s.push_str("</div>\n</div>\n<div class=\"more-news\"><h4>اقرأ أيضاً</h4><ul>\n");
    s.push_str(&link_items(&c.related));
    s.push_str("</ul></div>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<div class=\"next-story\"><span>الخبر التالي</span><h3><a href=\"{}\">{}</a></h3><p>{}</p></div>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("<div id=\"sidebar\"><div class=\"widget most-read\"><h4>الأكثر قراءة</h4><ul>\n");
    s.push_str(&link_items(&c.most_read));
    s.push_str(&format!(
        "</ul></div></div>\n</div>\n<footer id=\"footer\">© 2026 {}. جميع الحقوق محفوظة.</footer>\n</body>\n</html>\n",
        esc(&o.name)
    ));
    s
}
