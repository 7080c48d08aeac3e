//! Article page or listing page: sitemaps and feeds also name home, section and tag pages,
//! which are not articles and must not be stored as such.

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
    /// The shape of the page whose elements [`crate::content::tagged_elements`] lists.
    pub(crate) fn of(elements: &[(dom_query::NodeRef<'_>, &'static str)]) -> Shape {
        let mut plain_headline = false;
        let mut headline_links = 0;
        for &(n, tag) in elements {
            match tag {
                "h1" | "h2" if !plain_headline => {
                    plain_headline = n
                        .descendants_it()
                        .all(|d| crate::content::tag_of(&d) != "a")
                        && n.text().split_whitespace().count() >= 3;
                }
                // Only the first characters of the link's text are counted, read in place: a
                // link can wrap a whole teaser.
                "a" if link_text_reaches(&n, HEADLINE_LINK_CHARS) => headline_links += 1,
                _ => {}
            }
        }
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

/// Whether the element's text, trimmed, has at least `min` characters.
fn link_text_reaches(n: &dom_query::NodeRef<'_>, min: usize) -> bool {
    // Characters after the first non-whitespace one, not counting a whitespace run until a
    // later character shows it is not trailing.
    let mut count = 0usize;
    let mut pending = 0usize;
    for d in n.descendants_it() {
        let done = d.query_or(false, |t| {
            let dom_query::NodeData::Text { contents } = &t.data else {
                return false;
            };
            for c in contents.chars() {
                if c.is_whitespace() {
                    if count > 0 {
                        pending += 1;
                    }
                } else {
                    count += pending + 1;
                    pending = 0;
                    if count >= min {
                        return true;
                    }
                }
            }
            false
        });
        if done {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

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
        assert_eq!(
            Shape::of(&crate::content::tagged_elements(doc.root())).page_type(false, 40),
            PageType::Listing
        );
        // A page that declares itself an article stays one, however short.
        assert_eq!(
            Shape::of(&crate::content::tagged_elements(doc.root())).page_type(true, 15),
            PageType::Article
        );
        // Its own headline (not a link) makes a short page an article.
        let doc = Document::from(listing_html("", "<h1>الوزير يفتتح المعرض اليوم</h1>").as_str());
        assert_eq!(
            Shape::of(&crate::content::tagged_elements(doc.root())).page_type(false, 40),
            PageType::Article
        );
        // So does enough text of its own.
        let doc = Document::from(listing_html("", "").as_str());
        assert_eq!(
            Shape::of(&crate::content::tagged_elements(doc.root())).page_type(false, 900),
            PageType::Article
        );
    }
}
