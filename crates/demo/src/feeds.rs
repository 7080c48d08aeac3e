//! Feed documents: RSS 2.0 and Atom 1.0 per outlet, and the OPML list of all feeds.

use crate::content::Outlet;
use crate::html::esc;
use crate::layouts::Item;

/// RSS 2.0 feed of an outlet's items (newest first).
pub(crate) fn rss(o: &Outlet, home: &str, feed_url: &str, items: &[&Item]) -> String {
    let last = items
        .first()
        .map(|i| i.time.to_rfc2822())
        .unwrap_or_default();
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>ar</language>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n<lastBuildDate>{}</lastBuildDate>\n",
        esc(&o.name),
        esc(home),
        esc(&o.tagline),
        esc(feed_url),
        last
    );
    for it in items {
        s.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n",
            esc(&it.title),
            esc(&it.url)
        ));
        if o.feed_guids {
            s.push_str(&format!(
                "<guid isPermaLink=\"false\">{}-{}</guid>\n",
                o.slug, it.slug
            ));
        }
        s.push_str(&format!(
            "<pubDate>{}</pubDate>\n<description>{}</description>\n",
            it.time.to_rfc2822(),
            esc(&it.description())
        ));
        for t in &it.tags {
            s.push_str(&format!("<category>{}</category>\n", esc(t)));
        }
        s.push_str("</item>\n");
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

/// Atom 1.0 feed of an outlet's items (newest first).
pub(crate) fn atom(o: &Outlet, home: &str, feed_url: &str, items: &[&Item]) -> String {
    let updated = items
        .first()
        .map(|i| i.time.to_rfc3339())
        .unwrap_or_else(|| "2026-11-23T00:00:00Z".into());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<id>tag:demo.marsad.invalid,2026:{}</id>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<author><name>{}</name></author>\n",
        esc(&o.name),
        esc(&o.tagline),
        o.slug,
        updated,
        esc(feed_url),
        esc(home),
        esc(&o.name)
    );
    for it in items {
        let iso = it.time.to_rfc3339();
        s.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>tag:demo.marsad.invalid,2026:{}/{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{iso}</published>\n<updated>{iso}</updated>\n<summary>{}</summary>\n",
            esc(&it.title),
            o.slug,
            it.slug,
            esc(&it.url),
            esc(&it.description())
        ));
        if let Some(a) = &it.author {
            s.push_str(&format!("<author><name>{}</name></author>\n", esc(a)));
        }
        for t in &it.tags {
            s.push_str(&format!("<category term=\"{}\"/>\n", esc(t)));
        }
        s.push_str("</entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

/// OPML 2.0 document listing every outlet feed, one folder per outlet (the folder names the
/// outlet, as in real exports): (outlet, home url, feed url).
pub(crate) fn opml(feeds: &[(&Outlet, String, String)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head>\n<title>Marsad demo news web</title>\n<dateCreated>Mon, 23 Nov 2026 00:00:00 GMT</dateCreated>\n</head>\n<body>\n",
    );
    for (o, home, feed) in feeds {
        // OPML readers expect type="rss" for every feed, Atom included.
        s.push_str(&format!(
            "<outline text=\"{}\" title=\"{}\">\n  <outline type=\"rss\" text=\"{}\" title=\"{}\" description=\"{}\" xmlUrl=\"{}\" htmlUrl=\"{}\" language=\"ar\"/>\n</outline>\n",
            esc(&o.name),
            esc(&o.name_en),
            esc(&o.name),
            esc(&o.name),
            esc(&o.name_en),
            esc(feed),
            esc(home)
        ));
    }
    s.push_str("</body>\n</opml>\n");
    s
}
