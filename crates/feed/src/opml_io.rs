//! OPML import and export of feed lists.

use crate::FeedError;

/// One feed named by an OPML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlEntry {
    /// The feed URL (`xmlUrl`).
    pub url: String,
    /// The feed's own title.
    pub title: Option<String>,
    /// The outlet: the enclosing folder's text, else the feed's title, else the URL's host.
    pub source: String,
    /// The outlet's home page (`htmlUrl`).
    pub homepage: Option<String>,
    /// The outline `type` (`rss`, `atom`, `sitemap`, …), lower-cased.
    pub kind: Option<String>,
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

/// Reads every feed of an OPML document, at any depth.
///
/// A folder whose feeds all live on one host is taken as the outlet (several section feeds of
/// one site); a folder spanning several hosts is a reader's category ("Politics"), and each
/// of its feeds is then its own outlet.
pub fn parse_opml(xml: &str) -> Result<Vec<OpmlEntry>, FeedError> {
    let doc = opml::OPML::from_str(xml).map_err(|e| FeedError::Opml(e.to_string()))?;
    let mut out = Vec::new();
    walk(&doc.body.outlines, None, &mut out);
    Ok(out)
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(String::from))
}

/// Hosts of every feed under `outlines`, at any depth.
fn feed_hosts(outlines: &[opml::Outline], hosts: &mut Vec<Option<String>>) {
    for o in outlines {
        if let Some(url) = non_empty(o.xml_url.as_deref()) {
            hosts.push(host(&url));
        }
        feed_hosts(&o.outlines, hosts);
    }
}

fn walk(outlines: &[opml::Outline], folder: Option<&str>, out: &mut Vec<OpmlEntry>) {
    for o in outlines {
        let label = non_empty(Some(&o.text)).or_else(|| non_empty(o.title.as_deref()));
        match non_empty(o.xml_url.as_deref()) {
            Some(url) => {
                let source = folder
                    .map(String::from)
                    .or_else(|| label.clone())
                    .or_else(|| host(&url))
                    .unwrap_or_else(|| url.clone());
                out.push(OpmlEntry {
                    url,
                    title: non_empty(o.title.as_deref()).or(label),
                    source,
                    homepage: non_empty(o.html_url.as_deref()),
                    kind: non_empty(o.r#type.as_deref()).map(|k| k.to_ascii_lowercase()),
                });
                walk(&o.outlines, folder, out);
            }
            None => {
                let mut hosts = Vec::new();
                feed_hosts(&o.outlines, &mut hosts);
                hosts.sort();
                hosts.dedup();
                let one_site = hosts.len() == 1;
                walk(
                    &o.outlines,
                    if one_site { label.as_deref() } else { folder },
                    out,
                )
            }
        }
    }
}

/// Writes feeds as OPML 2.0, one folder per source, in the order given.
pub fn export_opml(title: &str, entries: &[OpmlEntry]) -> Result<String, FeedError> {
    let mut doc = opml::OPML {
        head: Some(opml::Head {
            title: Some(title.to_string()),
            ..opml::Head::default()
        }),
        ..opml::OPML::default()
    };
    for e in entries {
        let outline = opml::Outline {
            text: e.title.clone().unwrap_or_else(|| e.url.clone()),
            title: e.title.clone(),
            r#type: Some(e.kind.clone().unwrap_or_else(|| "rss".into())),
            xml_url: Some(e.url.clone()),
            html_url: e.homepage.clone(),
            ..opml::Outline::default()
        };
        match doc.body.outlines.iter_mut().find(|f| f.text == e.source) {
            Some(folder) => folder.outlines.push(outline),
            None => doc.body.outlines.push(opml::Outline {
                text: e.source.clone(),
                outlines: vec![outline],
                ..opml::Outline::default()
            }),
        }
    }
    doc.to_string().map_err(|e| FeedError::Opml(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>t</title></head><body>
<outline text="صحيفة المثال" title="Example Daily">
  <outline type="rss" text="الرئيسية" xmlUrl="https://news.example/rss" htmlUrl="https://news.example/"/>
  <outline type="RSS" text="اقتصاد" xmlUrl="https://news.example/rss/economy"/>
</outline>
<outline type="rss" text="موقع منفرد" xmlUrl="https://solo.example/feed"/>
<outline type="rss" text="" xmlUrl="https://bare.example/feed"/>
</body></opml>"#;

    #[test]
    fn folders_name_the_source_of_their_feeds() {
        let entries = parse_opml(NESTED).unwrap();
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].source, "صحيفة المثال");
        assert_eq!(entries[1].source, "صحيفة المثال");
        assert_eq!(entries[1].kind.as_deref(), Some("rss"));
        assert_eq!(
            entries[0].homepage.as_deref(),
            Some("https://news.example/")
        );
        assert_eq!(entries[2].source, "موقع منفرد");
        assert_eq!(entries[3].source, "bare.example");
    }

    #[test]
    fn a_folder_spanning_several_sites_is_a_category_not_an_outlet() {
        let xml = r#"<opml version="2.0"><head/><body><outline text="سياسة">
<outline type="rss" text="صحيفة أ" xmlUrl="https://a.example/rss"/>
<outline type="rss" text="صحيفة ب" xmlUrl="https://b.example/rss"/>
</outline></body></opml>"#;
        let sources: Vec<String> = parse_opml(xml)
            .unwrap()
            .into_iter()
            .map(|e| e.source)
            .collect();
        assert_eq!(sources, ["صحيفة أ", "صحيفة ب"]);
    }

    #[test]
    fn export_then_import_round_trips() {
        let entries = parse_opml(NESTED).unwrap();
        let xml = export_opml("Marsad feeds", &entries).unwrap();
        let again = parse_opml(&xml).unwrap();
        assert_eq!(
            again
                .iter()
                .map(|e| (&e.url, &e.source))
                .collect::<Vec<_>>(),
            entries
                .iter()
                .map(|e| (&e.url, &e.source))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn malformed_opml_is_an_error() {
        assert!(parse_opml("<opml><body><outline").is_err());
        assert!(parse_opml("not xml at all").is_err());
    }
}
