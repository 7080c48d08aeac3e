//! Layout "wordpress": a WordPress aggregator theme (`entry-content`, post navigation, Jetpack-style sharing and related posts).

use super::Ctx;
use crate::html::{Months, esc, month_name, share_links};
use chrono::Datelike;

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let iso = it.time.to_rfc3339();
    let n = 5000 + it.ordinal * 13;
    let mut s = format!(
        r##"<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} &#8211; {name}</title>
<link rel='stylesheet' id='wp-block-library-rtl-css' href='/{slug}/wp-includes/css/dist/block-library/style-rtl.min.css' media='all' />
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{sec}">
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        slug = o.slug,
        iso = iso,
        sec = esc(&it.section),
    );
    for t in &it.tags {
        s.push_str(&format!(
            "<meta property=\"article:tag\" content=\"{}\">\n",
            esc(t)
        ));
    }
    s.push_str(&format!(
        r##"<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" title="{name} &raquo; الخلاصة" href="{feed}">
</head>
<body class="post-template-default single single-post postid-{n} single-format-standard rtl">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">تخطي إلى المحتوى</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{home}" rel="home">{name}</a></p><p class="site-description">{tagline}</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
"##,
        url = esc(&it.url),
        name = esc(&o.name),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
        tagline = esc(&o.tagline),
    ));
    for (i, (l, h)) in c.menu().into_iter().enumerate() {
        s.push_str(&format!(
            "<li id=\"menu-item-{}\" class=\"menu-item menu-item-type-taxonomy\"><a href=\"{}\">{}</a></li>\n",
            100 + i,
            esc(&h),
            esc(&l)
        ));
    }
    let wp_date = format!(
        "{} {}، {}",
        it.time.day(),
        month_name(Months::Egypt, &it.time),
        it.time.year()
    );
    s.push_str(&format!(
        r##"</ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<nav class="breadcrumbs"><span><a href="{home}">الرئيسية</a></span> » <span><a href="{sec_href}">{sec}</a></span> » <span class="breadcrumb_last" aria-current="page">{title}</span></nav>
<article id="post-{n}" class="post-{n} post type-post status-publish format-standard hentry">
<header class="entry-header">
<h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="posted-on">نُشر في <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{iso}">{date}</time></a></span><span class="byline"> بواسطة <span class="author vcard"><a class="url fn n" href="{home}">{author}</a></span></span></div>
</header>
<div class="entry-content">
"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        url = esc(&it.url),
        iso = iso,
        date = wp_date,
        author = esc(it.author.as_deref().unwrap_or("المحرر")),
    ));
    for (i, p) in it.paragraphs.iter().enumerate() {
        s.push_str(&format!("<p>{}</p>\n", esc(p)));
        if i == 0
            && it.paragraphs.len() > 2
            && let Some(l) = &c.inline_more
        {
            s.push_str(&format!(
                "<div class=\"wp-block-group read-more-inline\"><p><strong>اقرأ أيضاً: </strong><a href=\"{}\">{}</a></p></div>\n",
                esc(&l.url),
                esc(&l.title)
            ));
        }
    }
    let credit = it
        .credit
        .clone()
        .unwrap_or_else(|| format!("{} - خاص", o.name));
    s.push_str(&format!(
        "<p class=\"has-small-font-size source-credit\"><em>المصدر: {}</em></p>\n<div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">شارك هذا الموضوع:</h3><ul>\n",
        esc(&credit)
    ));
    for (cls, (l, h)) in ["facebook", "twitter", "whatsapp"]
        .iter()
        .zip(share_links(&it.url))
    {
        s.push_str(&format!(
            "<li class=\"share-{cls}\"><a href=\"{}\" target=\"_blank\">{l}</a></li>\n",
            esc(&h)
        ));
    }
    s.push_str(&format!(
        "</ul></div>\n</div>\n<footer class=\"entry-footer\"><span class=\"cat-links\">نُشر في <a href=\"{}\" rel=\"category tag\">{}</a></span> <span class=\"tags-links\">الوسوم: ",
        esc(&c.section_href()),
        esc(&it.section)
    ));
    let tags: Vec<String> = it
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "<a href=\"{}\" rel=\"tag\">{}</a>",
                esc(&c.tag_href(i)),
                esc(t)
            )
        })
        .collect();
    s.push_str(&tags.join("، "));
    s.push_str("</span></footer>\n</article>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<nav class=\"navigation post-navigation\" aria-label=\"مقالات\"><h2 class=\"screen-reader-text\">تصفّح المقالات</h2><div class=\"nav-links\"><div class=\"nav-next\"><a href=\"{}\" rel=\"next\"><span class=\"meta-nav\">المقال التالي</span> <span class=\"post-title\">{}</span></a><p class=\"nav-excerpt\">{}</p></div></div></nav>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("<div id=\"jp-relatedposts\" class=\"jp-relatedposts\"><h3 class=\"jp-relatedposts-headline\">مقالات ذات صلة</h3>\n");
    for l in &c.related {
        s.push_str(&format!(
            "<div class=\"jp-relatedposts-post\"><a class=\"jp-relatedposts-post-a\" href=\"{}\">{}</a></div>\n",
            esc(&l.url),
            esc(&l.title)
        ));
    }
    s.push_str("</div>\n</main></div>\n<aside id=\"secondary\" class=\"widget-area\"><section id=\"top-posts-2\" class=\"widget widget_top-posts\"><h2 class=\"widget-title\">الأكثر قراءة</h2><ul>\n");
    for l in &c.most_read {
        s.push_str(&format!(
            "<li><a href=\"{}\" class=\"bump-view\">{}</a></li>\n",
            esc(&l.url),
            esc(&l.title)
        ));
    }
    s.push_str(&format!(
        "</ul></section></aside>\n</div>\n<footer id=\"colophon\" class=\"site-footer\"><div class=\"site-info\">حقوق النشر © 2026 {} | مدعوم من ووردبريس</div></footer>\n</div>\n</body>\n</html>\n",
        esc(&o.name)
    ));
    s
}
