//! Article page or listing page: sitemaps and feeds also name home, section and tag pages,
//! which are not articles and must not be stored as such.

use dom_query::Document;
use serde::Serialize;

/// What kind of page was extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// One article.
    Article,
    /// A list of other pages' headlines (home, section, tag or archive page).
    Listing,
}

/// Shorter main texts than this can still be articles (a photo caption, a one-line flash),
/// so the page's shape decides.
const SHORT_TEXT_CHARS: usize = 200;
/// A link whose text is at least this long reads as a headline.
const HEADLINE_LINK_CHARS: usize = 25;
/// Headline links that make a page with a short text a listing.
const LISTING_LINKS: usize = 10;

/// Structural facts read before content extraction changes the document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// A heading of three or more words that is not a link: the page's own headline.
    plain_headline: bool,
    /// Links whose text reads as a headline.
    headline_links: usize,
}

impl Shape {
    pub(crate) fn of(doc: &Document) -> Shape {
        let plain_headline = doc.select("h1, h2").nodes().iter().any(|h| {
            h.descendants()
                .iter()
                .all(|d| d.node_name().is_none_or(|n| n.as_ref() != "a"))
                && h.text().split_whitespace().count() >= 3
        });
        let headline_links = doc
            .select("a")
            .nodes()
            .iter()
            .filter(|a| a.text().trim().chars().count() >= HEADLINE_LINK_CHARS)
            .count();
        Shape {
            plain_headline,
            headline_links,
        }
    }

    /// A page that says it is an article is one. Otherwise a page is a listing when it has no
    /// headline of its own, little text of its own, and many headline links.
    pub(crate) fn page_type(&self, declares_article: bool, text_chars: usize) -> PageType {
        if !declares_article
            && !self.plain_headline
            && text_chars < SHORT_TEXT_CHARS
            && self.headline_links >= LISTING_LINKS
        {
            PageType::Listing
        } else {
            PageType::Article
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing_html(declared: &str, h1: &str) -> String {
        let teasers: String = (0..12)
            .map(|i| {
                format!("<h3><a href=\"/a/{i}\">عنوان خبر طويل بما يكفي رقم {i} في القسم</a></h3>")
            })
            .collect();
        format!("<html><head>{declared}</head><body>{h1}{teasers}</body></html>")
    }

    #[test]
    fn a_page_of_teasers_is_a_listing_unless_it_says_otherwise() {
        let doc = Document::from(listing_html("", "<h1>أخبار</h1>").as_str());
        assert_eq!(Shape::of(&doc).page_type(false, 40), PageType::Listing);
        // A page that declares itself an article stays one, however short.
        assert_eq!(Shape::of(&doc).page_type(true, 15), PageType::Article);
        // Its own headline (not a link) makes a short page an article.
        let doc = Document::from(listing_html("", "<h1>الوزير يفتتح المعرض اليوم</h1>").as_str());
        assert_eq!(Shape::of(&doc).page_type(false, 40), PageType::Article);
        // So does enough text of its own.
        let doc = Document::from(listing_html("", "").as_str());
        assert_eq!(Shape::of(&doc).page_type(false, 900), PageType::Article);
    }
}
