//! Wire-agency credits written in the byline: "دبي - رويترز", "واس (جدة)", "الرياض: واس",
//! "مدريد - د ب أ". The byline names the agency next to a place or the outlet; the agency is
//! the article's source credit (an "المصدر:" line, when there is one, is read by `content`).

use dom_query::{Document, local_name};

use crate::markers::fold;

/// News agencies, compared on their letters only (folded, without spaces and dots, and written
/// so here), so that "أ ف ب", "ا.ف.ب" and "أ.ف.ب" meet.
const AGENCIES: &[&str] = &[
    "رويترز",
    "واس",
    "افب",
    "فرانسبرس",
    "وكالهفرانسبرس",
    "دبا",
    "اشا",
    "بترا",
    "وام",
    "قنا",
    "كونا",
    "سانا",
    "بنا",
    "واج",
    "ومع",
    "وات",
    "الاناضول",
    "وكالهالاناضول",
    "وكالات",
    "اسوشيتدبرس",
    "الاسوشيتدبرس",
    "اب",
    "يونا",
    "العمانيه",
    "سبا",
    "شينخوا",
    "سبوتنيك",
    "reuters",
    "afp",
    "ap",
    "associatedpress",
    "dpa",
    "anadolu",
    "xinhua",
];

/// Class or id words of byline elements.
const BYLINE_CLASSES: &[&str] = &[
    "byline", "author", "writer", "source", "reporter", "agency", "credit",
];

/// Class or id words of picture credits, which name a photo agency, not the text's source.
pub(crate) const PHOTO_CLASSES: &[&str] = &["photo", "image", "img", "caption", "pic"];

/// Longest byline read, in characters.
const MAX_BYLINE: usize = 60;

/// The agency named by a short byline, as written: the byline is cut at dashes, colons,
/// brackets and commas, and a part that is an agency's name is the credit.
pub fn agency_in(byline: &str) -> Option<String> {
    if byline.chars().count() > MAX_BYLINE {
        return None;
    }
    byline
        .split(['-', '–', '—', ':', '(', ')', '«', '»', '|', '/', '،', ','])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .find(|part| {
            let key: String = fold(part, 100)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            AGENCIES.contains(&key.as_str())
        })
        .map(str::to_string)
}

/// The agency credited in the page's byline elements, if any.
pub fn from_bylines(doc: &Document) -> Option<String> {
    from_elements(&crate::content::tagged_elements(doc.root()))
}

/// [`from_bylines`] over the page's elements as [`crate::content::tagged_elements`] lists
/// them.
pub(crate) fn from_elements(elements: &[(dom_query::NodeRef<'_>, &'static str)]) -> Option<String> {
    // The class and id are read in place and lower-cased into one reused buffer.
    let mut attrs = String::new();
    let candidates = elements.iter().filter(|(_, t)| {
        matches!(
            *t,
            "span" | "div" | "p" | "font" | "small" | "strong" | "b" | "address" | "em"
        )
    });
    for (n, _) in candidates {
        let byline = n
            .query(|t| {
                let e = t.as_element()?;
                let class = e.attr_ref(local_name!("class"));
                let id = e.attr_ref(local_name!("id"));
                if class.is_none() && id.is_none() {
                    return None;
                }
                attrs.clear();
                attrs.push_str(class.unwrap_or(""));
                attrs.push(' ');
                attrs.push_str(id.unwrap_or(""));
                attrs.make_ascii_lowercase();
                Some(
                    BYLINE_CLASSES.iter().any(|c| attrs.contains(c))
                        && !PHOTO_CLASSES.iter().any(|c| attrs.contains(c)),
                )
            })
            .flatten()
            .unwrap_or(false);
        if !byline {
            continue;
        }
        let text = n.text();
        if let Some(agency) = agency_in(&marsad_text::collapse_whitespace(&text)) {
            return Some(agency);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agencies_in_bylines() {
        assert_eq!(agency_in("دبي - رويترز").as_deref(), Some("رويترز"));
        assert_eq!(agency_in("واس (جدة)").as_deref(), Some("واس"));
        assert_eq!(agency_in("الرياض: واس").as_deref(), Some("واس"));
        assert_eq!(agency_in("مدريد - د ب أ").as_deref(), Some("د ب أ"));
        assert_eq!(agency_in("ا ف ب - كاليفورنيا").as_deref(), Some("ا ف ب"));
        assert_eq!(agency_in("London (Reuters)").as_deref(), Some("Reuters"));
        assert_eq!(agency_in("كتب: محمد علي"), None);
        assert_eq!(agency_in("القاهرة - أحمد رويترزي"), None);
    }

    #[test]
    fn photo_credits_are_not_the_source() {
        let doc = Document::from(
            r#"<html><body><h1>عنوان</h1><figure><figcaption>صورة
            <span class="photo-credit">أ ف ب</span></figcaption></figure>
            <div class="article-author">الوئام - رويترز</div><p>نص</p></body></html>"#,
        );
        assert_eq!(from_bylines(&doc).as_deref(), Some("رويترز"));
        let doc = Document::from(
            r#"<html><body><span class="photo-credit">أ ف ب</span><p>نص</p></body></html>"#,
        );
        assert_eq!(from_bylines(&doc), None);
    }
}
