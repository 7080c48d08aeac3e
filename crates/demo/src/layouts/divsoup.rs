//! Layout "div_soup": nested `<div>`s with short class names, paragraphs in divs and Eastern Arabic digits in dates.

use super::Ctx;
use crate::html::{Months, eastern_digits, esc, hhmm, long_date, share_links};

/// Renders one article page.
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let mut s = format!(
        r##"<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} - {name}</title>
<meta name="keywords" content="{kw}">
<meta property="article:published_time" content="{iso}">
<meta property="og:title" content="{title}">
<link rel="alternate" type="application/rss+xml" href="{feed}">
</head>
<body>
<div class="wrapper">
<div class="hdr"><div class="hdr-in"><div class="lg"><a href="{home}">{name}</a></div>
<div class="mn">
"##,
        title = esc(&it.title),
        name = esc(&o.name),
        kw = esc(&it.tags.join(",")),
        iso = it.time.to_rfc3339(),
        feed = esc(&c.feed_url),
        home = esc(&c.home),
    );
    for (l, h) in c.menu() {
        s.push_str(&format!(
            "<div class=\"mn-i\"><a href=\"{}\">{}</a></div>\n",
            esc(&h),
            esc(&l)
        ));
    }
    s.push_str(&format!(
        r##"</div></div></div>
<div class="bc"><a href="{home}">الرئيسية</a><span class="sep">/</span><a href="{sec_href}">{sec}</a></div>
<div class="cnt">
<div class="col-r">
<div class="art-box">
<div class="art-ttl">{title}</div>
<div class="art-inf"><div class="art-dt">{date} | {time}</div><div class="art-au">{author}</div></div>
<div class="shr"><div class="shr-t">شارك</div>
"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        date = eastern_digits(&long_date(Months::Egypt, &it.time)),
        time = eastern_digits(&hhmm(&it.time)),
        author = esc(&it.author.clone().unwrap_or_else(|| format!("{} - {}", o.city, o.name))),
    ));
    for (cls, (l, h)) in ["fb", "tw", "wa"].iter().zip(share_links(&it.url)) {
        s.push_str(&format!(
            "<div class=\"shr-b {cls}\"><a href=\"{}\">{l}</a></div>\n",
            esc(&h)
        ));
    }
    s.push_str("</div>\n<div class=\"art-txt\">\n");
    for (i, p) in it.paragraphs.iter().enumerate() {
        s.push_str(&format!("<div class=\"txt-p\">{}</div>\n", esc(p)));
        if i == 1
            && it.paragraphs.len() > 3
            && let Some(l) = &c.inline_more
        {
            s.push_str(&format!(
                "<div class=\"rel-inl\"><div class=\"rel-inl-t\">اقرأ أيضاً</div><div class=\"rel-inl-l\"><a href=\"{}\">{}</a></div></div>\n",
                esc(&l.url),
                esc(&l.title)
            ));
        }
    }
    s.push_str("</div>\n");
    if let Some(cr) = &it.credit {
        s.push_str(&format!("<div class=\"src\">المصدر: {}</div>\n", esc(cr)));
    }
    s.push_str("<div class=\"tgs\"><div class=\"tgs-t\">كلمات دلالية</div>\n");
    for (i, t) in it.tags.iter().enumerate() {
        s.push_str(&format!(
            "<div class=\"tg\"><a href=\"{}\">{}</a></div>\n",
            esc(&c.tag_href(i)),
            esc(t)
        ));
    }
    s.push_str("</div>\n</div>\n<div class=\"rel-box\"><div class=\"rel-t\">أخبار ذات صلة</div>\n");
    for l in &c.related {
        s.push_str(&format!(
            "<div class=\"rel-i\"><a href=\"{}\">{}</a></div>\n",
            esc(&l.url),
            esc(&l.title)
        ));
    }
    s.push_str("</div>\n");
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<div class=\"nxt\"><div class=\"nxt-l\">الخبر التالي</div><div class=\"nxt-t\"><a href=\"{}\">{}</a></div><div class=\"nxt-x\">{}</div></div>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("</div>\n<div class=\"col-l\"><div class=\"mr-box\"><div class=\"mr-t\">الأكثر قراءة</div>\n");
    for (i, l) in c.most_read.iter().enumerate() {
        s.push_str(&format!(
            "<div class=\"mr-i\"><span class=\"mr-n\">{}</span><a href=\"{}\">{}</a></div>\n",
            eastern_digits(&(i + 1).to_string()),
            esc(&l.url),
            esc(&l.title)
        ));
    }
    s.push_str(&format!(
        "</div></div>\n</div>\n<div class=\"ftr\"><div class=\"ftr-c\">جميع الحقوق محفوظة لـ{} © ٢٠٢٦</div><div class=\"ftr-l\"><a href=\"{}\">من نحن</a> <a href=\"{}\">اتصل بنا</a></div></div>\n</div>\n</body>\n</html>\n",
        esc(&o.name),
        esc(&c.home),
        esc(&c.home)
    ));
    s
}
