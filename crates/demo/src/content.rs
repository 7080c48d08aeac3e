//! Embedded demo content: outlets and articles parsed from the JSON files under `content/`.

use serde::Deserialize;

/// Which page layout an outlet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Layout {
    JsonLd,
    Portal,
    Microdata,
    Wordpress,
    DivSoup,
    Standfirst,
    Wire,
}

/// Which feed format an outlet publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FeedKind {
    Rss,
    Atom,
}

/// One fictional outlet.
#[derive(Debug, Deserialize)]
pub(crate) struct Outlet {
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub tagline: String,
    pub layout: Layout,
    pub offset_minutes: i32,
    pub feed: FeedKind,
    #[serde(default = "yes")]
    pub feed_guids: bool,
    #[serde(default)]
    pub windows_1256: bool,
    pub city: String,
    pub sections: Vec<String>,
}

fn yes() -> bool {
    true
}

/// One article as written in the content files.
#[derive(Debug, Deserialize)]
pub(crate) struct RawArticle {
    pub slug: String,
    pub outlet: String,
    /// UTC time, RFC 3339.
    pub time: String,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Slug of the wire story this article republishes verbatim.
    #[serde(default)]
    pub copy_of: Option<String>,
    /// Whether a republished wire story shows its source line (false: a silent copy).
    #[serde(default = "yes")]
    pub credit: bool,
}

/// All embedded content.
pub(crate) struct Content {
    pub outlets: Vec<Outlet>,
    pub articles: Vec<RawArticle>,
}

const OUTLETS: &str = include_str!("../content/outlets.json");
const ARTICLE_FILES: &[(&str, &str)] = &[
    ("wire.json", include_str!("../content/wire.json")),
    ("events1.json", include_str!("../content/events1.json")),
    ("events2.json", include_str!("../content/events2.json")),
    (
        "standalone.json",
        include_str!("../content/standalone.json"),
    ),
];

/// Parses the embedded content files.
pub(crate) fn load() -> Content {
    let outlets: Vec<Outlet> =
        serde_json::from_str(OUTLETS).expect("embedded content/outlets.json is valid");
    let mut articles = Vec::new();
    for (name, text) in ARTICLE_FILES {
        let mut part: Vec<RawArticle> = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("embedded content/{name} is invalid: {e}"));
        articles.append(&mut part);
    }
    Content { outlets, articles }
}
