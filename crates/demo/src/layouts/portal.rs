//! Layout "portal": an old table-based portal with `<br><br>` paragraphs, numeric dates and windows-1256 pages.

use super::Ctx;
use crate::html::{esc, share_links};
use chrono::{Datelike, Timelike};

/// Renders one article page (as UTF-8 text; the caller encodes it).
pub(super) fn render(c: &Ctx<'_>) -> String {
    let it = c.item;
    let o = c.outlet;
    let t = &it.time;
    let mut s = format!(
        r##"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html dir="rtl" lang="ar">
<head>
<meta charset="windows-1256">
<title>{name} - {title}</title>
<meta name="keywords" content="{kw}">
<meta property="article:published_time" content="{iso}">
<link rel="stylesheet" href="/{slug}/style.css" type="text/css">
</head>
<body bgcolor="#ffffff" topmargin="0" leftmargin="0">
<table width="980" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2" class="top"><a href="{home}"><b>{name}</b></a> - {tagline}<br>
"##,
        name = esc(&o.name),
        title = esc(&it.title),
        kw = esc(&it.tags.join("، ")),
        iso = t.to_rfc3339(),
        slug = o.slug,
        home = esc(&c.home),
        tagline = esc(&o.tagline),
    );
    let menu: Vec<String> = c
        .menu()
        .into_iter()
        .map(|(l, h)| format!("<a href=\"{}\" class=\"menu\">{}</a>", esc(&h), esc(&l)))
        .collect();
    s.push_str(&menu.join(" | "));
    s.push_str(&format!(
        r##"
</td></tr>
<tr><td colspan="2" class="path">أنت هنا: <a href="{home}">الرئيسية</a> &gt; <a href="{sec_href}">{sec}</a> &gt; {title}</td></tr>
<tr>
<td width="700" valign="top" class="content">
<font class="title" size="5"><b>{title}</b></font><br>
<font class="date" color="#888888">تاريخ النشر: {d}/{m}/{y} - {hh}:{mm}</font><br><br>
<div class="share">شارك الخبر:"##,
        home = esc(&c.home),
        sec_href = esc(&c.section_href()),
        sec = esc(&it.section),
        title = esc(&it.title),
        d = t.day(),
        m = t.month(),
        y = t.year(),
        hh = format_args!("{:02}", t.hour()),
        mm = format_args!("{:02}", t.minute()),
    ));
    let shares: Vec<String> = share_links(&it.url)
        .iter()
        .map(|(l, h)| format!(" <a href=\"{}\" target=\"_blank\">{}</a>", esc(h), l))
        .collect();
    s.push_str(&shares.join(" -"));
    s.push_str("</div><br>\n<div class=\"newsbody\">\n");
    let body: Vec<String> = it.paragraphs.iter().map(|p| esc(p)).collect();
    s.push_str(&body.join("<br><br>\n"));
    s.push_str("\n</div>\n<br>\n");
    if let Some(cr) = &it.credit {
        s.push_str(&format!("<b>المصدر:</b> {}<br><br>\n", esc(cr)));
    }
    s.push_str("<b>الوسوم:</b> ");
    let tags: Vec<String> = it
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| format!("<a href=\"{}\">{}</a>", esc(&c.tag_href(i)), esc(t)))
        .collect();
    s.push_str(&tags.join("، "));
    s.push_str("\n<hr size=\"1\"><b>أخبار ذات صلة</b><br>\n");
    for l in &c.related {
        s.push_str(&format!(
            "&raquo; <a href=\"{}\">{}</a><br>\n",
            esc(&l.url),
            esc(&l.title)
        ));
    }
    if let Some((l, p)) = &c.next {
        s.push_str(&format!(
            "<hr size=\"1\"><b>الخبر التالي:</b> <a href=\"{}\"><b>{}</b></a><br>\n{}<br>\n",
            esc(&l.url),
            esc(&l.title),
            esc(p)
        ));
    }
    s.push_str("</td>\n<td width=\"280\" valign=\"top\" class=\"side\" bgcolor=\"#f0f0f0\"><b>الأكثر قراءة</b><br>\n");
    for (i, l) in c.most_read.iter().enumerate() {
        s.push_str(&format!(
            "{}- <a href=\"{}\">{}</a><br>\n",
            i + 1,
            esc(&l.url),
            esc(&l.title)
        ));
    }
    s.push_str(&format!(
        "</td>\n</tr>\n<tr><td colspan=\"2\" class=\"footer\" align=\"center\">حقوق النشر محفوظة لـ{} &copy; 2003-2026<br><a href=\"{}\">اتصل بنا</a> | <a href=\"{}\">أعلن معنا</a></td></tr>\n</table>\n</body>\n</html>\n",
        esc(&o.name),
        esc(&c.home),
        esc(&c.home)
    ));
    s
}
