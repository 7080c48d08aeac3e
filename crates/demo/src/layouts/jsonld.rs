//! Layout "json_ld": a modern `<article>` page with JSON-LD NewsArticle, Maghreb month names and an inline "اقرأ أيضاً" box.

use super::Ctx;
use super::link_items;
use crate::html::{Months, day_name, esc, hhmm, long_date, script_json, share_links};
use serde_json::json;

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let iso = it.time.to_rfc3339();
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": it.title,
        "description": it.description(),
        "datePublished": iso,
        "dateModified": iso,
        "inLanguage": "ar",
        "mainEntityOfPage": {"@type": "WebPage", "@id": it.url},
        "author": {"@type": "Person", "name": it.author.clone().unwrap_or_else(|| "هيئة التحرير".into())},
        "publisher": {"@type": "NewsMediaOrganization", "name": o.name, "url": c.home},
        "keywords": it.tags.join(", "),
    });
    let mut s = format!(
        r##"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {name}</title>
<meta name="description" content="{desc}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{name}">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="{name}" href="{feed}">
<script type="application/ld+json">{ld}</script>
</head>
<body class="single">
<header class="site-header">
<a class="logo" href="{home}">{name}</a>
<nav class="main-menu"><ul>
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        desc = esc(&it.description()),
        url = esc(&it.url),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
        ld = script_json(&ld),
    );
    for (label, href) in c.menu() {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            esc(&href),
            esc(&label)
        ));
    }
    s.push_str(&format!(
        r##"</ul></nav>
</header>
<div class="breadcrumb"><a href="{home}">الرئيسية</a> &rsaquo; <a href="{sec_href}">{sec}</a> &rsaquo; <span>{title}</span></div>
<div class="container">
<article class="post">
<h1 class="post-title">{title}</h1>
<div class="post-meta"><span class="author">بقلم: {author}</span> | <span class="date">نُشر في: <time datetime="{iso}">{day} {date} - {time}</time></span></div>
<div class="share-bar"><span>شارك:</span>"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        author = esc(it.author.as_deref().unwrap_or("هيئة التحرير")),
        iso = iso,
        day = day_name(&it.time),
        date = long_date(Months::Maghreb, &it.time),
        time = hhmm(&it.time),
    ));
    for (label, href) in share_links(&it.url) {
        s.push_str(&format!(
            " <a href=\"{}\" rel=\"nofollow\">{}</a>",
            esc(&href),
            label
        ));
    }
    s.push_str("</div>\n<div class=\"post-body\">\n");
    for (i, p) in it.paragraphs.iter().enumerate() {
        s.push_str(&format!("<p>{}</p>\n", esc(p)));
        if i == 1
            && it.paragraphs.len() > 2
            && let Some(l) = &c.inline_more
        {
            s.push_str(&format!(
                "<aside class=\"read-also\"><strong>اقرأ أيضاً:</strong> <a href=\"{}\">{}</a></aside>\n",
                esc(&l.url),
                esc(&l.title)
            ));
        }
    }
    s.push_str("</div>\n");
    if let Some(cr) = &it.credit {
        s.push_str(&format!(
            "<p class=\"post-source\">المصدر: {}</p>\n",
            esc(cr)
        ));
    }
    s.push_str("<div class=\"post-tags\"><span>كلمات دلالية:</span>");
    for (i, t) in it.tags.iter().enumerate() {
        s.push_str(&format!(
            " <a href=\"{}\">{}</a>",
            esc(&c.tag_href(i)),
            esc(t)
        ));
    }
    s.push_str("</div>\n</article>\n<section class=\"related\"><h3>مواضيع ذات صلة</h3><ul>\n");
    s.push_str(&link_items(&c.related));
    s.push_str("</ul></section>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<section class=\"next-article\"><h3>المقال التالي</h3><h2><a href=\"{}\">{}</a></h2><p>{}</p></section>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("<aside class=\"sidebar\"><h3>الأكثر قراءة</h3><ol>\n");
    s.push_str(&link_items(&c.most_read));
    s.push_str(&format!(
        "</ol></aside>\n</div>\n<footer class=\"site-footer\"><p>جميع الحقوق محفوظة © 2026 {}</p><p><a href=\"{}\">من نحن</a> | <a href=\"{}\">اتصل بنا</a> | <a href=\"{}\">سياسة الخصوصية</a></p></footer>\n</body>\n</html>\n",
        esc(&o.name),
        esc(&c.home),
        esc(&c.home),
        esc(&c.home)
    ));
    s
}
