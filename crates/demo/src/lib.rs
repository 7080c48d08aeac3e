//! Marsad demo news web: a fictional Arabic news web written for the project, rendered and served on loopback.
//!
//! Every outlet, person and event here is invented. [`Site::build`] renders all pages, feeds
//! and the OPML list for a base URL; [`router`] and [`serve`] put them on HTTP; and
//! [`Site::articles`] is the truth (clean body, wire provenance, event) for tests.

mod content;
mod feeds;
mod html;
mod layouts;
mod server;

pub use server::{router, serve};

use chrono::{DateTime, Datelike, FixedOffset};
use content::{FeedKind, Layout, Outlet};
use html::esc;
use layouts::{Ctx, Item, Link};
use std::collections::HashMap;

/// One served file: its `Content-Type` header value and its bytes.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The `Content-Type` header value.
    pub content_type: &'static str,
    /// The response body.
    pub body: Vec<u8>,
}

/// The truth about one article page of the demo web.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoArticle {
    /// The outlet's slug (first path segment of its URLs).
    pub outlet: String,
    /// The absolute URL of the article page.
    pub url: String,
    /// The headline as shown on the page.
    pub title: String,
    /// The clean body paragraphs, exactly as shown on the page (before HTML escaping).
    pub paragraphs: Vec<String>,
    /// For a verbatim republication of a wire story: the URL of the agency's original.
    pub copy_of: Option<String>,
    /// The fictional event this article covers, if any (same id across outlets).
    pub event: Option<String>,
    /// Publication time in the outlet's UTC offset.
    pub published: DateTime<FixedOffset>,
    /// The tags shown on the page (كلمات دلالية / الوسوم).
    pub tags: Vec<String>,
}

/// The whole rendered demo web: every served path mapped to its resource.
#[derive(Debug)]
pub struct Site {
    base: String,
    resources: HashMap<String, Resource>,
    articles: Vec<DemoArticle>,
    feed_urls: Vec<String>,
    opml: String,
}

const HTML_UTF8: &str = "text/html; charset=utf-8";

impl Site {
    /// Renders the demo web for `base_url` (like `http://127.0.0.1:41234`); every absolute
    /// URL in pages, feeds and the OPML starts with it.
    pub fn build(base_url: &str) -> Site {
        let base = base_url.trim_end_matches('/').to_string();
        let content = content::load();
        let outlets = &content.outlets;
        let outlet_idx: HashMap<&str, usize> = outlets
            .iter()
            .enumerate()
            .map(|(i, o)| (o.slug.as_str(), i))
            .collect();
        let raw = &content.articles;
        let slug_idx: HashMap<&str, usize> = raw
            .iter()
            .enumerate()
            .map(|(i, a)| (a.slug.as_str(), i))
            .collect();
        assert_eq!(slug_idx.len(), raw.len(), "article slugs must be unique");

        // Times in outlet offsets, then ordinals per outlet by time.
        let mut outlet_of = Vec::with_capacity(raw.len());
        let mut times = Vec::with_capacity(raw.len());
        for a in raw {
            let oi = *outlet_idx
                .get(a.outlet.as_str())
                .unwrap_or_else(|| panic!("unknown outlet {} in content", a.outlet));
            let off = FixedOffset::east_opt(outlets[oi].offset_minutes * 60)
                .expect("embedded outlet offset is valid");
            let t = DateTime::parse_from_rfc3339(&a.time)
                .unwrap_or_else(|e| panic!("bad time {} in content: {e}", a.time))
                .with_timezone(&off);
            outlet_of.push(oi);
            times.push(t);
        }
        let mut ordinal = vec![0usize; raw.len()];
        let mut by_outlet: Vec<Vec<usize>> = vec![Vec::new(); outlets.len()];
        for (i, &oi) in outlet_of.iter().enumerate() {
            by_outlet[oi].push(i);
        }
        for list in &mut by_outlet {
            list.sort_by_key(|&i| (times[i], i));
            for (n, &i) in list.iter().enumerate() {
                ordinal[i] = n;
            }
        }

        let mut items: Vec<Item> = Vec::with_capacity(raw.len());
        for (i, a) in raw.iter().enumerate() {
            let o = &outlets[outlet_of[i]];
            let path = article_path(o, &a.slug, &times[i], ordinal[i]);
            let url = format!("{base}{path}");
            items.push(Item {
                outlet: outlet_of[i],
                ordinal: ordinal[i],
                slug: a.slug.clone(),
                path,
                url,
                title: a.title.clone().unwrap_or_default(),
                paragraphs: a.paragraphs.clone(),
                time: times[i],
                author: a.author.clone(),
                section: a
                    .section
                    .clone()
                    .unwrap_or_else(|| o.sections.first().cloned().unwrap_or_default()),
                tags: a.tags.clone(),
                credit: None,
                copy_of: None,
                event: a.event.clone(),
            });
        }
        // Resolve verbatim copies of wire stories.
        for (i, a) in raw.iter().enumerate() {
            let Some(orig) = &a.copy_of else { continue };
            let j = *slug_idx
                .get(orig.as_str())
                .unwrap_or_else(|| panic!("copy_of {orig} not found"));
            assert!(raw[j].copy_of.is_none(), "copy of a copy: {}", a.slug);
            assert!(
                times[j] < times[i],
                "copy {} published before its original",
                a.slug
            );
            let (paragraphs, title, tags, event, url, credit) = {
                let src = &items[j];
                (
                    src.paragraphs.clone(),
                    src.title.clone(),
                    src.tags.clone(),
                    src.event.clone(),
                    src.url.clone(),
                    outlets[src.outlet].name.clone(),
                )
            };
            let it = &mut items[i];
            it.paragraphs = paragraphs;
            if it.title.is_empty() {
                it.title = title;
            }
            if it.tags.is_empty() {
                it.tags = tags;
            }
            if it.event.is_none() {
                it.event = event;
            }
            it.copy_of = Some(url);
            it.credit = a.credit.then_some(credit);
        }
        for it in &items {
            assert!(!it.title.is_empty(), "article without title: {}", it.url);
            assert!(
                !it.paragraphs.is_empty(),
                "article without body: {}",
                it.url
            );
        }

        let mut resources = HashMap::new();
        let mut feed_list = Vec::new();
        for (oi, o) in outlets.iter().enumerate() {
            let home = format!("{base}/{}/", o.slug);
            let feed_path = match (o.feed, o.layout) {
                (FeedKind::Atom, _) => format!("/{}/atom.xml", o.slug),
                (FeedKind::Rss, Layout::Wordpress) => format!("/{}/feed/", o.slug),
                (FeedKind::Rss, _) => format!("/{}/rss.xml", o.slug),
            };
            let feed_url = format!("{base}{feed_path}");
            let list = &by_outlet[oi];
            let newest: Vec<&Item> = list.iter().rev().map(|&i| &items[i]).collect();
            let (feed_ct, feed_body) = match o.feed {
                FeedKind::Rss => (
                    "application/rss+xml; charset=utf-8",
                    feeds::rss(o, &home, &feed_url, &newest),
                ),
                FeedKind::Atom => (
                    "application/atom+xml; charset=utf-8",
                    feeds::atom(o, &home, &feed_url, &newest),
                ),
            };
            resources.insert(
                feed_path,
                Resource {
                    content_type: feed_ct,
                    body: feed_body.into_bytes(),
                },
            );
            resources.insert(
                format!("/{}/", o.slug),
                page(o, layouts::home_page(o, &feed_url, &newest)),
            );
            for (pos, &i) in list.iter().enumerate() {
                let it = &items[i];
                let others: Vec<usize> = list.iter().copied().filter(|&j| j != i).collect();
                let mut rel = others.clone();
                rel.sort_by_key(|&j| {
                    let shared = items[j].tags.iter().filter(|t| it.tags.contains(t)).count();
                    let same_event = it.event.is_some() && items[j].event == it.event;
                    let dist = (items[j].time - it.time).num_minutes().abs();
                    (
                        std::cmp::Reverse(usize::from(same_event) * 100 + shared),
                        dist,
                    )
                });
                let link = |j: usize| Link {
                    url: items[j].url.clone(),
                    title: items[j].title.clone(),
                };
                let next_j = list[(pos + 1) % list.len()];
                let related: Vec<Link> = rel.iter().take(4).map(|&j| link(j)).collect();
                let mut popular = others.clone();
                popular.sort_by_key(|&j| (items[j].ordinal * 7 + 3) % (list.len() + 1));
                let most_read: Vec<Link> = popular.iter().take(5).map(|&j| link(j)).collect();
                let next =
                    (next_j != i).then(|| (link(next_j), items[next_j].paragraphs[0].clone()));
                let inline_more = rel.iter().find(|&&j| j != next_j).map(|&j| link(j));
                let ctx = Ctx {
                    outlet: o,
                    item: it,
                    home: home.clone(),
                    feed_url: feed_url.clone(),
                    related,
                    most_read,
                    next,
                    inline_more,
                };
                resources.insert(it.path.clone(), page(o, layouts::render(&ctx)));
            }
            feed_list.push((o, home, feed_url));
        }

        let opml = feeds::opml(&feed_list);
        resources.insert(
            "/feeds.opml".into(),
            Resource {
                content_type: "text/x-opml; charset=utf-8",
                body: opml.clone().into_bytes(),
            },
        );
        // Stylesheets the old portal and the WordPress theme link to (root-relative).
        for css in [
            "/bawaba/style.css",
            "/akhbar/wp-includes/css/dist/block-library/style-rtl.min.css",
        ] {
            resources.insert(
                css.into(),
                Resource {
                    content_type: "text/css; charset=utf-8",
                    body: b"body{direction:rtl;font-family:Tahoma,Arial,sans-serif}\n".to_vec(),
                },
            );
        }
        resources.insert(
            "/robots.txt".into(),
            Resource {
                content_type: "text/plain; charset=utf-8",
                body: b"User-agent: *\nAllow: /\n".to_vec(),
            },
        );
        resources.insert(
            "/".into(),
            Resource {
                content_type: HTML_UTF8,
                body: index_page(&base, &feed_list).into_bytes(),
            },
        );

        let articles = items
            .iter()
            .map(|it| DemoArticle {
                outlet: outlets[it.outlet].slug.clone(),
                url: it.url.clone(),
                title: it.title.clone(),
                paragraphs: it.paragraphs.clone(),
                copy_of: it.copy_of.clone(),
                event: it.event.clone(),
                published: it.time,
                tags: it.tags.clone(),
            })
            .collect();
        let feed_urls = feed_list.iter().map(|(_, _, f)| f.clone()).collect();
        Site {
            base,
            resources,
            articles,
            feed_urls,
            opml,
        }
    }

    /// The resource at `path` ("/sahel/2026/11/24/x.html", with its query string if the
    /// link has one); an absolute URL starting with the base URL is accepted too.
    pub fn get(&self, path: &str) -> Option<&Resource> {
        let p = path.strip_prefix(self.base.as_str()).unwrap_or(path);
        let p = p.split('#').next().unwrap_or(p);
        let p = if p.is_empty() { "/" } else { p };
        self.resources.get(p)
    }

    /// The OPML 2.0 document listing every outlet feed (also served at `/feeds.opml`).
    pub fn opml(&self) -> String {
        self.opml.clone()
    }

    /// The absolute URL of every outlet feed.
    pub fn feed_urls(&self) -> Vec<String> {
        self.feed_urls.clone()
    }

    /// The truth: one entry per article page.
    pub fn articles(&self) -> &[DemoArticle] {
        &self.articles
    }

    /// The base URL the site was built for (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Every served path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.resources.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The path of an article page, in the outlet's URL scheme.
fn article_path(o: &Outlet, slug: &str, t: &DateTime<FixedOffset>, ordinal: usize) -> String {
    let s = &o.slug;
    let (y, m, d) = (t.year(), t.month(), t.day());
    match o.layout {
        Layout::JsonLd => format!("/{s}/{y}/{m:02}/{d:02}/{slug}.html"),
        Layout::Portal => format!("/{s}/news.php?id={}", 4100 + ordinal * 3),
        Layout::Microdata => format!("/{s}/news/{}/{slug}", 20000 + ordinal * 11),
        Layout::Wordpress => format!("/{s}/{y}/{m:02}/{slug}/"),
        Layout::DivSoup => format!("/{s}/article/{slug}-{}.html", 700 + ordinal),
        Layout::Standfirst => format!("/{s}/news/{slug}.html"),
        Layout::Wire => format!("/{s}/story/{y}{m:02}{d:02}-{slug}.html"),
    }
}

/// An HTML page resource in the outlet's charset.
fn page(o: &Outlet, html: String) -> Resource {
    if o.windows_1256 {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
        Resource {
            content_type: "text/html",
            body: bytes.into_owned(),
        }
    } else {
        Resource {
            content_type: HTML_UTF8,
            body: html.into_bytes(),
        }
    }
}

/// The root index page listing every outlet and its feed.
fn index_page(base: &str, feeds: &[(&Outlet, String, String)]) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<title>شبكة الأخبار التجريبية — مرصد</title>\n</head>\n<body>\n<h1>شبكة الأخبار التجريبية</h1>\n<p>مواقع إخبارية خيالية كُتبت لمشروع مرصد. كل المؤسسات والأشخاص والأحداث هنا من نسج الخيال.</p>\n<ul>\n",
    );
    for (o, home, feed) in feeds {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> ({}) — <a href=\"{}\">الخلاصة</a></li>\n",
            esc(home),
            esc(&o.name),
            esc(&o.name_en),
            esc(feed)
        ));
    }
    s.push_str(&format!(
        "</ul>\n<p><a href=\"{}/feeds.opml\">OPML</a></p>\n</body>\n</html>\n",
        esc(base)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_consistent() {
        let c = content::load();
        let mut layouts = std::collections::HashSet::new();
        for o in &c.outlets {
            layouts.insert(format!("{:?}", o.layout));
        }
        assert_eq!(layouts.len(), c.outlets.len(), "one layout per outlet");
        for a in &c.articles {
            let o = c
                .outlets
                .iter()
                .find(|o| o.slug == a.outlet)
                .expect("known outlet");
            if let Some(s) = &a.section {
                assert!(o.sections.contains(s), "{}: section {s}", a.slug);
            }
            assert!(a.time.starts_with("2026-11-2"), "{}: {}", a.slug, a.time);
            assert!(
                a.slug
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                "{}: slug not ASCII",
                a.slug
            );
            assert_eq!(
                a.copy_of.is_some(),
                a.paragraphs.is_empty(),
                "{}: a copy has no own body, an original has one",
                a.slug
            );
        }
    }

    #[test]
    fn get_accepts_paths_and_urls() {
        let site = Site::build("http://127.0.0.1:9/");
        assert_eq!(site.base_url(), "http://127.0.0.1:9");
        let a = &site.articles()[0];
        let path = a.url.strip_prefix(site.base_url()).expect("absolute URL");
        assert!(site.get(path).is_some());
        assert!(site.get(&a.url).is_some());
        assert!(site.get(&format!("{path}#comments")).is_some());
        assert!(site.get("http://127.0.0.1:9").is_some());
    }
}
