//! Page layouts: the per-article context handed to the layouts and one module per outlet layout.

mod divsoup;
mod jsonld;
mod microdata;
mod portal;
mod standfirst;
mod wire;
mod wordpress;

use crate::content::{Layout, Outlet};
use crate::html::esc;
use chrono::{DateTime, FixedOffset};

/// One resolved article, ready to render.
pub(crate) struct Item {
    pub outlet: usize,
    pub ordinal: usize,
    /// The article's slug from the content files (stable id for feeds).
    pub slug: String,
    pub path: String,
    pub url: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub time: DateTime<FixedOffset>,
    pub author: Option<String>,
    pub section: String,
    pub tags: Vec<String>,
    /// Agency credited for a republished wire story.
    pub credit: Option<String>,
    pub copy_of: Option<String>,
    pub event: Option<String>,
}

impl Item {
    /// The first sentence of the first paragraph, used as description and standfirst.
    pub fn description(&self) -> String {
        let p = self.paragraphs.first().map(String::as_str).unwrap_or("");
        match p.find('.') {
            Some(i) => p[..=i].to_string(),
            None => p.to_string(),
        }
    }
}

/// A link to another page.
pub(crate) struct Link {
    pub url: String,
    pub title: String,
}

/// Everything one article page shows.
pub(crate) struct Ctx<'a> {
    pub outlet: &'a Outlet,
    pub item: &'a Item,
    pub home: String,
    pub feed_url: String,
    pub related: Vec<Link>,
    pub most_read: Vec<Link>,
    /// Next-article teaser: link and the first paragraph of that article.
    pub next: Option<(Link, String)>,
    /// The inline "اقرأ أيضاً" box placed between body paragraphs.
    pub inline_more: Option<Link>,
}

impl Ctx<'_> {
    /// Navigation menu links (label, href): home then the outlet's sections.
    pub fn menu(&self) -> Vec<(String, String)> {
        let mut v = vec![("الرئيسية".to_string(), self.home.clone())];
        for (i, s) in self.outlet.sections.iter().enumerate() {
            v.push((s.clone(), format!("{}#section-{}", self.home, i + 1)));
        }
        v
    }

    /// Link to the outlet home page anchored at the article's section.
    pub fn section_href(&self) -> String {
        let i = self
            .outlet
            .sections
            .iter()
            .position(|s| *s == self.item.section)
            .map(|i| i + 1)
            .unwrap_or(0);
        format!("{}#section-{}", self.home, i)
    }

    /// Link to the outlet home page anchored at a tag.
    pub fn tag_href(&self, i: usize) -> String {
        format!("{}#tag-{}", self.home, i + 1)
    }
}

/// `<li><a href="…">…</a></li>` lines for a list of links, the shape every layout's related,
/// most-read and latest lists share.
pub(crate) fn link_items(links: &[Link]) -> String {
    links
        .iter()
        .map(|l| {
            format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                esc(&l.url),
                esc(&l.title)
            )
        })
        .collect()
}

/// Renders an article page in the outlet's layout.
pub(crate) fn render(ctx: &Ctx<'_>) -> String {
    match ctx.outlet.layout {
        Layout::JsonLd => jsonld::render(ctx),
        Layout::Portal => portal::render(ctx),
        Layout::Microdata => microdata::render(ctx),
        Layout::Wordpress => wordpress::render(ctx),
        Layout::DivSoup => divsoup::render(ctx),
        Layout::Standfirst => standfirst::render(ctx),
        Layout::Wire => wire::render(ctx),
    }
}

/// Renders an outlet's home page: latest articles, newest first.
pub(crate) fn home_page(outlet: &Outlet, feed_url: &str, items: &[&Item]) -> String {
    let charset = if outlet.windows_1256 {
        "windows-1256"
    } else {
        "utf-8"
    };
    let feed_type = match outlet.feed {
        crate::content::FeedKind::Rss => "application/rss+xml",
        crate::content::FeedKind::Atom => "application/atom+xml",
    };
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"{charset}\">\n<title>{name} - {tagline}</title>\n<link rel=\"alternate\" type=\"{feed_type}\" title=\"{name}\" href=\"{feed}\">\n</head>\n<body>\n<header><h1>{name}</h1><p>{tagline}</p></header>\n<nav><ul>\n",
        name = esc(&outlet.name),
        tagline = esc(&outlet.tagline),
        feed = esc(feed_url),
    );
    for (i, sec) in outlet.sections.iter().enumerate() {
        s.push_str(&format!(
            "<li id=\"section-{}\"><a href=\"#section-{}\">{}</a></li>\n",
            i + 1,
            i + 1,
            esc(sec)
        ));
    }
    s.push_str("</ul></nav>\n<main>\n<h2>آخر الأخبار</h2>\n<ul class=\"latest\">\n");
    for it in items {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> <time datetime=\"{}\">{}</time></li>\n",
            esc(&it.url),
            esc(&it.title),
            it.time.to_rfc3339(),
            crate::html::long_date(crate::html::Months::Egypt, &it.time)
        ));
    }
    s.push_str(&format!(
        "</ul>\n<p><a href=\"{}\">خلاصة الأخبار</a></p>\n</main>\n<footer>© 2026 {}</footer>\n</body>\n</html>\n",
        esc(feed_url),
        esc(&outlet.name)
    ));
    s
}
