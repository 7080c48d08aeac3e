//! Main content: boilerplate removal, block scoring, and rendering to text and HTML.
//!
//! Every walk over the tree is iterative (explicit stacks or pre-order lists), so deeply
//! nested pages cannot overflow the stack; statistics are computed bottom-up in one pass.

use dom_query::{Document, NodeData, NodeId, NodeRef, local_name};
use std::collections::HashMap;
use url::Url;

use crate::Related;
use crate::markers::{Found, Kind, after_marker, fold, starts_with_marker};
use crate::meta::{absolute, clean, split_keywords};
use crate::nodemap::{NodeMap, NodeSet};

/// Text statistics of one node and its descendants.
#[derive(Debug, Default, Clone, Copy)]
struct Info {
    /// Non-whitespace characters.
    chars: usize,
    /// Non-whitespace characters inside links.
    link_chars: usize,
    /// Characters in direct text children and inline children.
    own_chars: usize,
    /// Sentence punctuation, Latin and Arabic (, . ، ؛ ؟ ; ?).
    punct: usize,
    /// Non-whitespace characters inside `<p>` elements.
    para_chars: usize,
}

/// A map keyed by node.
type IdMap<V> = NodeMap<V>;
/// A set of nodes.
type IdSet = NodeSet;

/// Statistics of the nodes of one subtree.
#[derive(Clone)]
struct Stats(IdMap<Info>);

impl Stats {
    fn get(&self, id: &NodeId) -> Option<&Info> {
        self.0.get(id)
    }

    /// Takes `n`'s subtree out of its ancestors' statistics before it is removed, giving what
    /// [`stats`] would compute again after the removal, without walking the whole page.
    fn detach(&mut self, n: &NodeRef) {
        let Some(info) = self.get(&n.id).copied() else {
            return;
        };
        let tag = tag_of(n);
        // What the node on the path adds to its parent's link, paragraph and own counts.
        let mut link = if tag == "a" {
            info.chars
        } else {
            info.link_chars
        };
        let mut para = if tag == "p" {
            info.chars
        } else {
            info.para_chars
        };
        let mut own = n.is_text() || INLINE.contains(&tag);
        for p in n.ancestors_it(None) {
            let Some(pi) = self.0.get_mut(&p.id) else {
                break;
            };
            pi.chars = pi.chars.saturating_sub(info.chars);
            pi.punct = pi.punct.saturating_sub(info.punct);
            pi.link_chars = pi.link_chars.saturating_sub(link);
            pi.para_chars = pi.para_chars.saturating_sub(para);
            if own {
                pi.own_chars = pi.own_chars.saturating_sub(info.chars);
            }
            let t = tag_of(&p);
            if t == "a" {
                link = info.chars;
            }
            if t == "p" {
                para = info.chars;
            }
            own = INLINE.contains(&t);
        }
    }
}

/// Characters of text kept per element for marker tests (whitespace collapsed).
const PREFIX_CHARS: usize = 80;

const INLINE: &[&str] = &[
    "a", "span", "b", "strong", "i", "em", "u", "font", "small", "big", "sub", "sup", "abbr",
    "cite", "q", "mark", "time", "code", "s", "strike", "label", "bdi", "bdo", "br", "img", "del",
    "ins", "var", "kbd", "samp", "dfn", "tt", "nobr", "wbr", "ruby", "rb",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "thead",
    "tbody",
    "tfoot",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "header",
    "footer",
    "address",
    "hr",
    "center",
    "caption",
    "details",
    "summary",
    "form",
    "fieldset",
    "body",
    "html",
    "aside",
    "nav",
    "hgroup",
];

/// Removed wherever they are: never article text. `rt` and `rp` are ruby annotations, the
/// reading printed over the base text (Japanese furigana) and the brackets around it for
/// readers without ruby; the text is the base text alone.
const JUNK_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "button", "input", "select", "textarea", "link", "meta", "head", "title", "audio", "video",
    "map", "dialog", "math", "frame", "frameset", "applet", "rt", "rp",
];

/// Layout elements removed unless they hold most of the page's text. A `<form>` beside the
/// article is a signup, search or comment form; one around it is the whole page of a site
/// built with server-side forms (ASP.NET), and holds most of its text.
const STRUCTURAL_TAGS: &[&str] = &["nav", "header", "footer", "aside", "menu", "form"];

const STRUCTURAL_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alert",
];

/// `class`/`id` tokens of boilerplate blocks.
const NEGATIVE_TOKENS: &[&str] = &[
    "share",
    "sharing",
    "shares",
    "sharebar",
    "social",
    "socials",
    "comment",
    "comments",
    "disqus",
    "advert",
    "advertisement",
    "adv",
    "ads",
    "ad",
    "adsbygoogle",
    "banner",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "related",
    "tags",
    "tag",
    "breadcrumb",
    "breadcrumbs",
    "promo",
    "sidebar",
    "widget",
    "widgets",
    "popup",
    "modal",
    "sponsored",
    "sponsor",
    "outbrain",
    "taboola",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "masthead",
    "toolbar",
    "trending",
    "recommended",
    "ticker",
    "newsticker",
    "byline",
    "meta",
    "author",
    "timestamp",
    "pagination",
    "pager",
    "skip",
    "login",
    "signup",
    "follow",
    "rating",
    "ratings",
    "donate",
    "donation",
    "reactions",
    "popular",
    "mostread",
    "prev",
    "next",
    "previous",
    "prevnext",
    "keywords",
];

/// [`NEGATIVE_TOKENS`] sorted: every element of the page is tested against it, and a binary
/// search of a few short comparisons costs less than hashing each token.
static NEGATIVE_SORTED: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut v = NEGATIVE_TOKENS.to_vec();
    v.sort_unstable();
    v
});

/// Substrings of `class`/`id` values that mark boilerplate even inside compound names.
const NEGATIVE_SUBSTRINGS: &[&str] = &[
    "share",
    "social",
    "advert",
    "cookie",
    "newsletter",
    "breadcrumb",
    "outbrain",
    "taboola",
    "sidebar",
    "sponsor",
    "comment",
];

/// `class`/`id` tokens that suggest the article body.
const POSITIVE_TOKENS: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "story",
    "text",
    "news",
    "detail",
    "details",
    "single",
    "maincontent",
];

/// Whole class names or ids of known article-body containers.
const BODY_CLASSES: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article_body",
    "article-content",
    "article_content",
    "articlecontent",
    "article__content",
    "entry-content",
    "post-content",
    "post-body",
    "post_content",
    "story-body",
    "story-content",
    "news-body",
    "news-content",
    "news-text",
    "article-text",
    "articletext",
    "article-details",
    "details-body",
    "body-text",
    "td-post-content",
    "field-name-body",
    "content-body",
    "text-body",
    "single-content",
    "post-entry",
];

/// The output of content extraction.
#[derive(Debug, Default)]
pub struct Content {
    /// Plain text, paragraphs separated by one blank line.
    pub text: String,
    /// Unsanitized HTML of the content (sanitized by the caller).
    pub html: String,
    /// Related links found in "اقرأ أيضاً" / related blocks.
    pub related: Vec<Related>,
    /// Tags from visible tag blocks and `rel=tag` links.
    pub tags: Vec<String>,
    /// Source credit ("المصدر: X" → "X").
    pub credit: Option<String>,
    /// The first image of the content, absolute.
    pub image: Option<String>,
}

/// The element's tag name as one of the names the rules know ("?" for any other element, ""
/// for a node that is not an element). Returning a `&'static str` keeps the many tag tests of
/// the passes free of allocations.
pub(crate) fn tag_of(n: &NodeRef) -> &'static str {
    let Some(q) = n.qual_name_ref() else {
        return "";
    };
    // A `match` compiles to a dispatch on length and bytes, unlike a search of the lists.
    match &*q.local {
        "a" => "a",
        "span" => "span",
        "b" => "b",
        "strong" => "strong",
        "i" => "i",
        "em" => "em",
        "u" => "u",
        "font" => "font",
        "small" => "small",
        "big" => "big",
        "sub" => "sub",
        "sup" => "sup",
        "abbr" => "abbr",
        "cite" => "cite",
        "q" => "q",
        "mark" => "mark",
        "time" => "time",
        "code" => "code",
        "s" => "s",
        "strike" => "strike",
        "label" => "label",
        "bdi" => "bdi",
        "bdo" => "bdo",
        "br" => "br",
        "img" => "img",
        "del" => "del",
        "ins" => "ins",
        "var" => "var",
        "kbd" => "kbd",
        "samp" => "samp",
        "dfn" => "dfn",
        "tt" => "tt",
        "nobr" => "nobr",
        "wbr" => "wbr",
        "ruby" => "ruby",
        "rb" => "rb",
        "p" => "p",
        "div" => "div",
        "section" => "section",
        "article" => "article",
        "main" => "main",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        "h6" => "h6",
        "li" => "li",
        "ul" => "ul",
        "ol" => "ol",
        "blockquote" => "blockquote",
        "pre" => "pre",
        "table" => "table",
        "tr" => "tr",
        "thead" => "thead",
        "tbody" => "tbody",
        "tfoot" => "tfoot",
        "dl" => "dl",
        "dt" => "dt",
        "dd" => "dd",
        "figure" => "figure",
        "figcaption" => "figcaption",
        "header" => "header",
        "footer" => "footer",
        "address" => "address",
        "hr" => "hr",
        "center" => "center",
        "caption" => "caption",
        "details" => "details",
        "summary" => "summary",
        "form" => "form",
        "fieldset" => "fieldset",
        "body" => "body",
        "html" => "html",
        "aside" => "aside",
        "nav" => "nav",
        "hgroup" => "hgroup",
        "script" => "script",
        "style" => "style",
        "noscript" => "noscript",
        "template" => "template",
        "iframe" => "iframe",
        "svg" => "svg",
        "canvas" => "canvas",
        "object" => "object",
        "embed" => "embed",
        "button" => "button",
        "input" => "input",
        "select" => "select",
        "textarea" => "textarea",
        "link" => "link",
        "meta" => "meta",
        "head" => "head",
        "title" => "title",
        "audio" => "audio",
        "video" => "video",
        "map" => "map",
        "dialog" => "dialog",
        "math" => "math",
        "frame" => "frame",
        "frameset" => "frameset",
        "applet" => "applet",
        "rt" => "rt",
        "rp" => "rp",
        "menu" => "menu",
        "td" => "td",
        "th" => "th",
        _ => "?",
    }
}

/// Counts the characters and sentence punctuation of `s` into `info`.
fn count_chars(s: &str, info: &mut Info) {
    for c in s.chars() {
        // ASCII is most characters of most pages and needs no Unicode table.
        let space = if c.is_ascii() {
            c.is_ascii_whitespace()
        } else {
            marsad_text::is_space(c)
        };
        if !space {
            info.chars += 1;
        }
        if matches!(c, ',' | '.' | '،' | '؛' | '؟' | ';' | '?' | '!') {
            info.punct += 1;
        }
    }
}

/// Pre-order list of `root` and its descendants.
fn subtree(root: NodeRef) -> Vec<NodeRef> {
    std::iter::once(root).chain(root.descendants_it()).collect()
}

/// Statistics of every node under `root`, computed bottom-up without recursion.
fn stats(root: NodeRef) -> Stats {
    let order = subtree(root);
    let mut map = Stats(IdMap::with_len(root.tree.len()));
    for n in order.iter().rev() {
        let mut info = Info::default();
        if n.is_text() {
            // Read in place: copying every text node out of the tree costs more than counting.
            n.query(|t| {
                if let NodeData::Text { contents } = &t.data {
                    count_chars(contents, &mut info);
                }
            });
            info.own_chars = info.chars;
        } else if n.is_element() {
            for c in n.children_it(false) {
                let Some(ci) = map.get(&c.id).copied() else {
                    continue;
                };
                info.chars += ci.chars;
                info.punct += ci.punct;
                let ctag = tag_of(&c);
                info.link_chars += if ctag == "a" { ci.chars } else { ci.link_chars };
                info.para_chars += if ctag == "p" { ci.chars } else { ci.para_chars };
                if c.is_text() || INLINE.contains(&ctag) {
                    info.own_chars += ci.chars;
                }
            }
        }
        map.0.insert(n.id, info);
    }
    map
}

/// Appends `t` to `out` with runs of whitespace collapsed to one space, up to `PREFIX_CHARS`
/// characters in `out`.
fn push_collapsed(out: &mut String, t: &str) {
    let mut n = out.chars().count();
    if n >= PREFIX_CHARS {
        return;
    }
    // One reservation instead of doubling from empty: at most `PREFIX_CHARS` characters of
    // at most four bytes each are kept.
    out.reserve(t.len().min((PREFIX_CHARS * 4).saturating_sub(out.len())));
    let mut after_space = out.ends_with(' ');
    for c in t.chars() {
        if n >= PREFIX_CHARS {
            break;
        }
        // ASCII is answered here; the full Unicode test is a call into another crate per
        // character, and most page text is ASCII markup whitespace and Latin letters.
        let space = if c.is_ascii() {
            matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
        } else {
            marsad_text::is_space(c)
        };
        if space {
            if !after_space {
                out.push(' ');
                after_space = true;
                n += 1;
            }
        } else {
            out.push(c);
            after_space = false;
            n += 1;
        }
    }
}

/// The boilerplate marker each element under `root` starts with, judged on the first
/// characters of its text. Computed bottom-up: each element's text prefix is built from its
/// children's, which are moved rather than copied, and an element whose prefix is exactly its
/// one child element's inherits that child's answer.
fn marker_starts(root: NodeRef) -> IdMap<Found> {
    let order = subtree(root);
    let len = root.tree.len();
    let mut prefix: IdMap<String> = IdMap::with_len(len);
    let mut found: IdMap<Found> = IdMap::with_len(len);
    // Prefixes are short-lived (each is absorbed by its parent's): their buffers are reused
    // instead of allocating one per node of the page.
    let mut pool: Vec<String> = Vec::new();
    for n in order.iter().rev() {
        if n.is_text() {
            let mut p = pool.pop().unwrap_or_default();
            // The text is read in place: copying the whole node out of the tree would cost
            // more than the few characters kept from it.
            n.query(|t| {
                if let NodeData::Text { contents } = &t.data {
                    push_collapsed(&mut p, contents);
                }
            });
            if p.is_empty() {
                pool.push(p);
            } else {
                prefix.insert(n.id, p);
            }
            continue;
        }
        if !n.is_element() {
            continue;
        }
        let mut acc: Option<String> = None;
        // Characters in `acc`, kept alongside it rather than counted again per child.
        let mut acc_chars = 0usize;
        // The child whose prefix was taken unchanged, while no other child added to it.
        let mut only: Option<NodeRef> = None;
        for c in n.children_it(false) {
            let Some(mut cp) = prefix.remove(&c.id) else {
                continue;
            };
            match acc.as_mut() {
                None => {
                    acc_chars = cp.chars().count();
                    acc = Some(cp);
                    only = Some(c);
                }
                Some(a) => {
                    if acc_chars < PREFIX_CHARS {
                        if c.is_element() && !INLINE.contains(&tag_of(&c)) && !a.ends_with(' ') {
                            a.push(' ');
                        }
                        push_collapsed(a, &cp);
                        acc_chars = a.chars().count();
                        only = None;
                    }
                    cp.clear();
                    pool.push(cp);
                }
            }
        }
        let Some(a) = acc else { continue };
        let f = match only {
            Some(c) if c.is_element() => found.get(&c.id).copied(),
            _ => starts_with_marker(&a),
        };
        if let Some(f) = f {
            found.insert(n.id, f);
        }
        prefix.insert(n.id, a);
    }
    found
}

fn class_names(n: &NodeRef) -> Vec<String> {
    let mut out: Vec<String> = n
        .attr("class")
        .map(|c| {
            c.split_ascii_whitespace()
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    if let Some(id) = n.attr("id") {
        out.push(id.trim().to_ascii_lowercase());
    }
    out
}

/// Every [`BODY_CLASSES`] name ends with one of these (checked by a test): most class names
/// end otherwise and are answered without comparing them with the whole list.
const BODY_CLASS_ENDINGS: &[&str] = &["body", "content", "text", "details", "entry"];

/// A known body class, alone or with a prefix ("c-entry-content", "td-post-content").
fn is_body_class(c: &str) -> bool {
    if !BODY_CLASS_ENDINGS.iter().any(|e| c.ends_with(e)) {
        return false;
    }
    BODY_CLASSES.iter().any(|b| {
        c == *b
            || c.strip_suffix(b)
                .is_some_and(|prefix| prefix.ends_with(['-', '_']))
    })
}

/// Calls `f` on each lower-cased token of the element's `class` and `id` (split on
/// non-alphanumerics and camel case) until it returns true.
fn any_class_token(n: &NodeRef, mut f: impl FnMut(&str) -> bool) -> bool {
    with_class_id(n, false, |class, id| {
        let mut cur = String::new();
        [class, id]
            .into_iter()
            .flatten()
            .any(|v| any_token_of(v, &mut cur, &mut f))
    })
}

/// Calls `f` with the element's `class` and `id` values, read in place: copying them out of
/// the tree for every element costs more than the tests made on them. Gives `default` for a
/// node that is not an element or has neither attribute.
fn with_class_id<R>(n: &NodeRef, default: R, f: impl FnOnce(Option<&str>, Option<&str>) -> R) -> R {
    n.query(|t| {
        let e = t.as_element()?;
        let class = e.attr_ref(local_name!("class"));
        let id = e.attr_ref(local_name!("id"));
        (class.is_some() || id.is_some()).then(|| f(class, id))
    })
    .flatten()
    .unwrap_or(default)
}

/// Calls `f` on each lower-cased token of `v` (split on non-alphanumerics and camel case)
/// until it returns true; `cur` is scratch space, reused across calls.
fn any_token_of(v: &str, cur: &mut String, f: &mut impl FnMut(&str) -> bool) -> bool {
    cur.clear();
    let mut prev_lower = false;
    for c in v.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                if f(cur) {
                    return true;
                }
                cur.clear();
            }
            prev_lower = c.is_ascii_lowercase();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                if f(cur) {
                    return true;
                }
                cur.clear();
            }
        }
    }
    !cur.is_empty() && f(cur)
}

/// Whether the element's `class` or `id` names it as boilerplate. An element with a class
/// and no `id` takes the answer `known` holds for an earlier element of the same class (one
/// map per page and reading): navigation and teaser lists repeat one class on hundreds of
/// elements.
fn is_negative(n: &NodeRef, reading: Reading, known: &mut HashMap<Box<str>, bool>) -> bool {
    if reading.ignore_names {
        return false;
    }
    with_class_id(n, false, |class, id| match (class, id) {
        (Some(c), None) => {
            if let Some(&v) = known.get(c) {
                return v;
            }
            let v = negative_names(n, class, id, reading);
            known.insert(c.into(), v);
            v
        }
        _ => negative_names(n, class, id, reading),
    })
}

/// Whether the `class` and `id` values of the element `n` name it as boilerplate.
fn negative_names(n: &NodeRef, class: Option<&str>, id: Option<&str>, reading: Reading) -> bool {
    let mut lower = String::new();
    // WordPress names a post's container after the post's tags and categories
    // ("hentry tag-weather category-news"): there a taxonomy word is no boilerplate. Page
    // builders call every block of a page a widget or a module
    // ("elementor-widget-text-editor"): their own class names say nothing of the block.
    // One pass over the class names finds both.
    let mut post = false;
    let mut builder = false;
    for t in class.into_iter().flat_map(str::split_ascii_whitespace) {
        post |= t.eq_ignore_ascii_case("hentry") || t.eq_ignore_ascii_case("status-publish");
        builder |= BUILDER_PREFIXES.iter().any(|p| t.starts_with(p));
    }
    let own: Option<String> = (builder && !post).then(|| {
        class
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
            .filter(|t| !BUILDER_PREFIXES.iter().any(|p| t.starts_with(p)))
            .collect::<Vec<&str>>()
            .join(" ")
    });
    let class = if post { None } else { own.as_deref().or(class) };
    // A heading's `id` of three words or more is the anchor of its section, made from
    // its words ("nav_nur_die_folie"): it names no block. A short one ("comments") does.
    let id = id.filter(|v| {
        !matches!(tag_of(n), "h2" | "h3" | "h4" | "h5" | "h6")
            || v.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .count()
                < 3
    });
    [class, id]
        .into_iter()
        .flatten()
        .any(|v| negative_value(v, &mut lower, reading))
}

/// Class-name prefixes of page builders (Elementor, Divi, WPBakery), whose every block is a
/// "widget" or a "module".
const BUILDER_PREFIXES: &[&str] = &["elementor", "et_pb_", "vc_"];

/// Whether a `class` or `id` value has a [`NEGATIVE_TOKENS`] token (split as
/// [`any_token_of`] splits) or contains a [`NEGATIVE_SUBSTRINGS`] name. The value is
/// lower-cased once into `lower` (reused across calls); tokens are looked up as slices of it,
/// at the same offsets since ASCII lower-casing keeps every byte in place.
fn negative_value(v: &str, lower: &mut String, reading: Reading) -> bool {
    lower.clear();
    lower.push_str(v);
    lower.make_ascii_lowercase();
    let skipped: &[&str] = if reading.comments { COMMENT_NAMES } else { &[] };
    if has_negative_substring(lower.as_bytes(), skipped) {
        return true;
    }
    let is_token = |a: usize, b: usize| {
        lower
            .get(a..b)
            .is_some_and(|t| NEGATIVE_SORTED.binary_search(&t).is_ok() && !skipped.contains(&t))
    };
    let mut start: Option<usize> = None;
    let mut prev_lower = false;
    for (i, c) in v.char_indices() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                if let Some(a) = start
                    && is_token(a, i)
                {
                    return true;
                }
                start = Some(i);
            }
            if start.is_none() {
                start = Some(i);
            }
            prev_lower = c.is_ascii_lowercase();
        } else {
            prev_lower = false;
            if let Some(a) = start.take()
                && is_token(a, i)
            {
                return true;
            }
        }
    }
    start.is_some_and(|a| is_token(a, v.len()))
}

/// Whether `lower` contains a [`NEGATIVE_SUBSTRINGS`] name other than those in `skipped`.
/// Class values are a few dozen bytes: comparing at each position whose byte starts some name
/// is cheaper than setting up a substring search for each name.
fn has_negative_substring(lower: &[u8], skipped: &[&str]) -> bool {
    (0..lower.len()).any(|i| {
        let rest = &lower[i..];
        NEGATIVE_SUBSTRINGS.iter().any(|s| {
            s.as_bytes()[0] == rest[0] && rest.starts_with(s.as_bytes()) && !skipped.contains(s)
        })
    })
}

/// The [`NEGATIVE_TOKENS`] and [`NEGATIVE_SUBSTRINGS`] names that mark comments, which a
/// [`Reading`] with `comments` reads as content.
const COMMENT_NAMES: &[&str] = &["comment", "comments"];

fn is_positive(n: &NodeRef) -> bool {
    any_class_token(n, |t| POSITIVE_TOKENS.contains(&t))
}

fn is_hidden(n: &NodeRef) -> bool {
    // Attributes are read in place: this runs on every element of the page, most of which
    // have none of the three.
    n.query(|t| {
        let e = t.as_element()?;
        if e.attr_ref(local_name!("hidden")).is_some() {
            return Some(true);
        }
        if e.attr_ref(local_name!("aria-hidden"))
            .is_some_and(|v| v.trim() == "true")
        {
            return Some(true);
        }
        let style = e.attr_ref(local_name!("style"))?;
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(s.contains("display:none") || s.contains("visibility:hidden"))
    })
    .flatten()
    .unwrap_or(false)
}

/// Elements of the tree under `root` (itself included) in document order, with their
/// [`tag_of`] names: one walk that the metadata readers filter by name, where each CSS
/// selector would walk the whole page again and match every element against it.
pub(crate) fn tagged_elements(root: NodeRef) -> Vec<(NodeRef, &'static str)> {
    std::iter::once(root)
        .chain(root.descendants_it())
        .filter(NodeRef::is_element)
        .map(|n| {
            let t = tag_of(&n);
            (n, t)
        })
        .collect()
}

/// Elements under `root` in document order.
fn elements(root: NodeRef) -> Vec<NodeRef> {
    std::iter::once(root)
        .chain(root.descendants_it())
        .filter(NodeRef::is_element)
        .collect()
}

/// Explicit article-body containers, best group first: `itemprop=articleBody`, known body
/// classes, then `<article>`.
fn explicit_candidates<'a>(all: &[NodeRef<'a>]) -> Vec<NodeRef<'a>> {
    let mut groups: [Vec<NodeRef>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut scratch = String::new();
    for n in all {
        let group = n
            .query(|t| {
                let e = t.as_element()?;
                if e.attr_ref(local_name!("itemprop")).is_some_and(|p| {
                    p.split_ascii_whitespace()
                        .any(|t| t.eq_ignore_ascii_case("articlebody"))
                }) {
                    return Some(0);
                }
                let class = e.attr_ref(local_name!("class"));
                let id = e.attr_ref(local_name!("id"));
                if has_body_class(class, id, &mut scratch) {
                    return Some(1);
                }
                (&*e.name.local == "article").then_some(2)
            })
            .flatten();
        if let Some(g) = group {
            groups[g].push(*n);
        }
    }
    groups.into_iter().flatten().collect()
}

/// Whether one of the `class` names, or the `id`, is a known body class (any ASCII case);
/// the same answer as testing each of [`class_names`] with [`is_body_class`], without
/// allocating them. `scratch` is reused across calls.
fn has_body_class(class: Option<&str>, id: Option<&str>, scratch: &mut String) -> bool {
    let names = class
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(id.map(str::trim));
    for name in names {
        scratch.clear();
        scratch.push_str(name);
        scratch.make_ascii_lowercase();
        if is_body_class(scratch) {
            return true;
        }
    }
    false
}

fn is_attached(n: &NodeRef, root: NodeId) -> bool {
    n.id == root || n.ancestors_it(None).any(|a| a.id == root)
}

/// State shared by the passes.
struct Ctx<'a> {
    base: Option<&'a Url>,
    related: Vec<Related>,
    tags: Vec<String>,
    credit: Option<String>,
    /// A source line or a tag list has been seen: what follows is the page's tail.
    end_seen: bool,
}

impl Ctx<'_> {
    fn add_related(&mut self, a: &NodeRef) {
        let Some(title) = clean(&a.text()) else {
            return;
        };
        let Some(url) = a.attr("href").and_then(|h| absolute(&h, self.base)) else {
            return;
        };
        if !self.related.iter().any(|r| r.url == url) {
            self.related.push(Related { title, url });
        }
    }

    fn harvest(&mut self, kind: Kind, node: &NodeRef, rest: &str) {
        let links: Vec<NodeRef> = std::iter::once(*node)
            .chain(node.descendants_it())
            .filter(|d| d.is_element() && tag_of(d) == "a" && d.has_attr("href"))
            .collect();
        match kind {
            Kind::ReadAlso => {
                // A "related topics" box that links to tag pages lists the article's tags,
                // not other articles.
                for a in &links {
                    if a.attr("href").is_some_and(|h| is_tag_url(&h)) {
                        self.tags.extend(clean(&a.text()));
                    } else {
                        self.add_related(a);
                    }
                }
            }
            Kind::Tags => {
                if links.is_empty() {
                    self.tags.extend(split_keywords(rest));
                } else {
                    self.tags
                        .extend(links.iter().filter_map(|a| clean(&a.text())));
                }
            }
            Kind::Source => {
                if self.credit.is_none() {
                    let credit = if rest.is_empty() {
                        links.first().and_then(|a| clean(&a.text()))
                    } else {
                        clean(rest)
                    };
                    self.credit = credit.filter(|c| c.chars().count() <= 60);
                }
            }
            Kind::Social => {}
        }
    }
}

/// Path segments of tag, topic and keyword pages.
const TAG_SEGMENTS: &[&str] = &[
    "tag", "tags", "topic", "topics", "keyword", "keywords", "hashtag", "label", "labels",
];

/// Whether `href` points to a tag page (`/tag/…`, `/topics/…`, `?tag=…`).
fn is_tag_url(href: &str) -> bool {
    let path = href.split_once("://").map_or(href, |(_, rest)| {
        rest.split_once('/').map_or("", |(_, p)| p)
    });
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    let mut found = false;
    while let Some(seg) = segments.next() {
        // The tag segment must be followed by the tag itself.
        if segments.peek().is_some() && TAG_SEGMENTS.iter().any(|t| seg.eq_ignore_ascii_case(t)) {
            found = true;
            break;
        }
    }
    found
        || query.split('&').any(|kv| {
            kv.split_once('=')
                .is_some_and(|(k, _)| TAG_SEGMENTS.iter().any(|t| k.eq_ignore_ascii_case(t)))
        })
}

/// How [`extract`] reads a page. The default is the reading of an article page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// Blocks named as comments are read as content. On a forum thread or a page of reader
    /// posts they are the content; on an article page they are boilerplate.
    pub comments: bool,
    /// Class and id names are not read as boilerplate at all; tags and roles still are. Some
    /// sites put a word such as "ads" on every section of an article (the slots an ad may
    /// fill), and the names then leave nothing.
    pub ignore_names: bool,
}

/// Extracts the main content of `doc`. `title` is the chosen headline (an `<h1>` equal to it
/// is left out of the text).
pub fn extract(
    doc: &Document,
    base: Option<&Url>,
    title: Option<&str>,
    reading: Reading,
) -> Content {
    let Some(body) = doc.body() else {
        return Content::default();
    };
    let body_id = body.id;
    let mut ctx = Ctx {
        base,
        related: Vec::new(),
        tags: Vec::new(),
        credit: None,
        end_seen: false,
    };

    // Pass 1: junk tags and hidden elements.
    let all = elements(doc.root());
    for n in &all {
        let t = tag_of(n);
        if JUNK_TAGS.contains(&t) || (n.id != body_id && is_hidden(n)) {
            n.remove_from_parent();
        }
    }

    let all = elements(body);
    let explicit: Vec<NodeRef> = explicit_candidates(&all);
    // The headline and its `<article>` are found before boilerplate removal, which may take
    // the headline's own header away.
    let first_h1 = all.iter().find(|n| tag_of(n) == "h1").copied();
    let headline_article = first_h1
        .and_then(|h| h.ancestors_it(None).find(|a| tag_of(a) == "article"))
        .map(|a| a.id);
    let mut protected = IdSet::with_len(body.tree.len());
    protected.insert(body_id);
    if let Some(html) = body.parent() {
        protected.insert(html.id);
    }
    for e in &explicit {
        protected.insert(e.id);
        protected.extend(e.ancestors_it(None).map(|a| a.id));
    }

    // `rel=tag` links.
    for a in &all {
        if tag_of(a) == "a"
            && a.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("tag"))
            })
            && let Some(t) = clean(&a.text())
        {
            ctx.tags.push(t);
        }
    }

    // Pass 2: blocks that start with boilerplate markers.
    let mut live = stats(body);
    remove_marker_blocks(body, &protected, &mut ctx, &mut live);

    // Pass 3: structural boilerplate (nav, header, footer, aside, share bars, ads, …). Its
    // decisions read the statistics as they were when it started: every removal waits for
    // the end of the pass.
    let st = &live;
    let total = st.get(&body_id).map_or(0, |i| i.chars);
    let total_para = st.get(&body_id).map_or(0, |i| i.para_chars);
    let all = elements(body);
    let in_article: IdSet = explicit
        .iter()
        .flat_map(|e| std::iter::once(e.id).chain(e.descendants_it().map(|d| d.id)))
        .collect();
    let mut negative_classes = HashMap::new();
    let leads = headline_leads(&all, &live, title, reading, &mut negative_classes);
    let mut doomed = Vec::new();
    for n in &all {
        if protected.contains(&n.id) {
            continue;
        }
        let t = tag_of(n);
        let role_junk = n
            .query(|e| {
                let r = e.as_element()?.attr_ref(local_name!("role"))?.trim();
                Some(STRUCTURAL_ROLES.iter().any(|s| r.eq_ignore_ascii_case(s)))
            })
            .flatten()
            .unwrap_or(false);
        let junk = STRUCTURAL_TAGS.contains(&t)
            || role_junk
            || is_negative(n, reading, &mut negative_classes);
        if !junk {
            continue;
        }
        let (chars, para) = st.get(&n.id).map_or((0, 0), |i| (i.chars, i.para_chars));
        if total > 0 && chars * 10 > total * 6 {
            continue;
        }
        // A wrapper holding most of the page's paragraph text is the article, whatever its
        // class says ("l-sidebar-fixed l-article-body-segment").
        if total_para > 0 && para * 2 > total_para {
            continue;
        }
        if in_article.contains(&n.id)
            && any_class_token(n, |t| t == "tags" || t == "keywords" || t == "tag")
        {
            ctx.harvest(Kind::Tags, n, "");
        }
        // A block named "related" that is mostly links lists related articles, with or
        // without a heading that the marker pass would have recognised.
        let named_related = any_class_token(n, |t| t == "related")
            || n.attr("aria-labelledby")
                .is_some_and(|v| v.to_ascii_lowercase().contains("related"));
        let link_dense = st
            .get(&n.id)
            .is_some_and(|i| i.chars > 0 && i.link_chars * 2 >= i.chars);
        if named_related && link_dense {
            ctx.harvest(Kind::ReadAlso, n, "");
        }
        doomed.push(*n);
    }
    for n in doomed {
        // A block inside one removed before it is already out of the statistics.
        if is_attached(&n, body_id) {
            live.detach(&n);
        }
        n.remove_from_parent();
    }

    // Pass 4: score blocks and choose the content.
    let st = live;
    let roots = choose_roots(body, &st, &explicit, first_h1, headline_article, reading);
    let leads = before_article(leads, &all, &roots, body_id);

    // Pass 5: render.
    let mut r = Renderer::new(&mut ctx, title, &st);
    r.render(&leads, &roots);
    let (text, html, image) = r.finish();
    let mut tags: Vec<String> = Vec::new();
    for t in std::mem::take(&mut ctx.tags) {
        if !tags.iter().any(|x| fold(x, 200) == fold(&t, 200)) && t.chars().count() <= 80 {
            tags.push(t);
        }
    }
    Content {
        text,
        html,
        related: ctx.related,
        tags,
        credit: ctx.credit,
        image,
    }
}

fn remove_marker_blocks(body: NodeRef, protected: &IdSet, ctx: &mut Ctx, live: &mut Stats) {
    // Decisions read the statistics as they were when the pass started; `live` follows the
    // removals.
    let found = marker_starts(body);
    if found.is_empty() {
        return;
    }
    let st = live.clone();
    let total = st.get(&body.id).map_or(0, |i| i.chars);
    let all = elements(body);
    for m in &all {
        let Some(&f) = found.get(&m.id) else { continue };
        // Innermost only: no element child starts with a marker of the same kind.
        if m.children_it(false)
            .any(|c| found.get(&c.id).is_some_and(|cf| cf.kind == f.kind))
        {
            continue;
        }
        if !is_attached(m, body.id) || protected.contains(&m.id) {
            continue;
        }
        let limit = if f.kind == Kind::ReadAlso {
            (total * 45 / 100).max(600)
        } else {
            600
        };
        let mut u = *m;
        while let Some(p) = u.parent() {
            if protected.contains(&p.id)
                || !found.get(&p.id).is_some_and(|pf| pf.kind == f.kind)
                || st.get(&p.id).is_none_or(|i| i.chars > limit)
            {
                break;
            }
            u = p;
        }
        let text = marsad_text::collapse_whitespace(&u.text());
        let rest = after_marker(&text, f);
        let mut harvest_rest = rest.clone();
        if f.kind == Kind::Source {
            // The credit is the marker's own line: the label's text, or the element after
            // a bare "المصدر:" label; never the whole metadata box.
            let own = after_marker(&marsad_text::collapse_whitespace(&m.text()), f);
            harvest_rest = if own.is_empty() {
                m.next_element_sibling()
                    .and_then(|s| clean(&s.text()))
                    .unwrap_or_default()
            } else {
                own
            };
            if harvest_rest.chars().count() > 60 {
                harvest_rest = String::new();
            }
        }
        let info = st.get(&u.id).cloned().unwrap_or_default();
        let link_dense = info.chars > 0 && info.link_chars * 2 >= info.chars;
        let rest_len = rest.chars().count();
        let is_label = rest_len <= 2;
        let accept = match f.kind {
            _ if is_label || link_dense => true,
            Kind::ReadAlso | Kind::Tags if f.kind.strong(f.marker) => true,
            Kind::Source => rest_len <= 100,
            Kind::Social => rest_len <= 40,
            Kind::ReadAlso | Kind::Tags => rest_len <= 60,
        };
        if !accept {
            continue;
        }
        ctx.harvest(f.kind, &u, &harvest_rest);
        let mut removed_siblings = Vec::new();
        if is_label && f.kind != Kind::Social && f.kind != Kind::Source {
            // A label ("اقرأ أيضاً", "الوسوم") followed by its list of links.
            let mut next = u.next_element_sibling();
            while let Some(s) = next {
                let si = st.get(&s.id).cloned().unwrap_or_default();
                // A link counts as its own link text (its statistics count text inside it).
                let dense = si.chars == 0 || tag_of(&s) == "a" || si.link_chars * 2 >= si.chars;
                if !dense {
                    break;
                }
                ctx.harvest(f.kind, &s, "");
                next = s.next_element_sibling();
                removed_siblings.push(s);
            }
            let teaser =
                f.kind == Kind::ReadAlso && (ctx.end_seen || next.is_some_and(|s| opens_story(&s)));
            if teaser {
                while let Some(s) = next {
                    next = s.next_element_sibling();
                    removed_siblings.push(s);
                }
            }
        }
        if matches!(f.kind, Kind::Source | Kind::Tags) {
            ctx.end_seen = true;
        }
        live.detach(&u);
        u.remove_from_parent();
        for s in removed_siblings {
            live.detach(&s);
            s.remove_from_parent();
        }
    }
}

/// Whether an element after a "read also" label opens another article: a headline, an
/// `<article>`, or a block whose first element (a few levels down, before any text) is a
/// headline. Such an element and everything after it under the label are a teaser of the
/// next article, however long its text.
fn opens_story(n: &NodeRef) -> bool {
    let is_heading = |e: &NodeRef| matches!(tag_of(e), "h1" | "h2" | "h3" | "h4");
    if is_heading(n) || tag_of(n) == "article" {
        return true;
    }
    let mut e = *n;
    for _ in 0..3 {
        let text_first = e
            .children_it(false)
            .take_while(|c| !c.is_element())
            .any(|c| c.is_text() && !c.text().trim().is_empty());
        match e.first_element_child() {
            Some(c) if !text_first => {
                if is_heading(&c) {
                    return true;
                }
                e = c;
            }
            _ => return false,
        }
    }
    false
}

/// Phrases of the notes about readers' comments and opinions that outlets put under an
/// article ("الآراء الواردة أدناه لا تعبر عن رأي الموقع"), folded.
const DISCLAIMER_PHRASES: &[&str] = &[
    "الاراء الوارده",
    "لا تعبر عن راي",
    "لا تعبر بالضروره عن راي",
    "تعبر عن وجهات نظر اصحابها",
    "تعبر عن راي كاتبها",
    "تعبر عن راي اصحابها",
    "do not necessarily reflect",
    "do not reflect the views",
];

/// Disclaimers that need no outlet word to be recognised, folded.
const STANDALONE_DISCLAIMERS: &[&str] = &[
    "غير مسؤوله عن محتوي",
    "غير مسؤول عن محتوي",
    "not responsible for the content of external",
];

/// Labels that open a picture's credit line ("مصدر الصورة، Getty Images"), folded.
const PHOTO_CREDIT_LABELS: &[&str] = &[
    "مصدر الصوره",
    "حقوق الصوره",
    "image source",
    "image copyright",
    "photo credit",
];

/// A short line crediting a picture: never article text.
fn is_photo_credit(line: &str) -> bool {
    // Every label starts with one of these words; most lines are rejected without folding.
    let head = line.trim_start();
    let hinted = [
        "مصدر", "حقوق", "Image", "image", "IMAGE", "Photo", "photo", "PHOTO",
    ]
    .iter()
    .any(|h| head.starts_with(h));
    hinted && line.chars().count() <= 80 && {
        let key = fold(line, 40);
        PHOTO_CREDIT_LABELS.iter().any(|l| {
            key.strip_prefix(l)
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
        })
    }
}

/// Whole lines that are the labels of page widgets (galleries, ad slots, comment buttons),
/// folded and without final punctuation.
const WIDGET_LINES: &[&str] = &[
    "advert",
    "advertisement",
    "caption",
    "hide caption",
    "toggle caption",
    "close",
    "back to gallery",
    "comments",
    "enlarge this image",
    "this slideshow requires javascript",
    "اعلان",
    "تعليقات",
    "اغلاق",
];

/// Characters of the longest block taken as a caption by its name: a longer one holds
/// more than a picture's caption.
const MAX_CAPTION_CHARS: usize = 400;

/// Labels of picture credits and captions when a colon follows them ("Photo: Gene Smith",
/// "الصورة: …"), folded.
const CAPTION_LABELS: &[&str] = &[
    "photo",
    "photos",
    "image",
    "credit",
    "photograph",
    "الصوره",
    "صوره",
    "تصوير",
];

/// Characters of the longest line the short-line tests ([`is_widget_line`],
/// [`is_follow_prompt`], [`is_newsletter_promo`]) judge.
const SHORT_LINE_CHARS: usize = 200;

/// A line of at most [`SHORT_LINE_CHARS`] characters, folded once for every test that reads
/// short lines: they run on each line of the article.
struct ShortLine<'a> {
    text: &'a str,
    chars: usize,
    /// The whole line folded with [`fold`].
    key: String,
}

impl<'a> ShortLine<'a> {
    /// `line` folded, or `None` when it is longer than [`SHORT_LINE_CHARS`] (not counted
    /// further).
    fn of(line: &'a str) -> Option<ShortLine<'a>> {
        let chars = line.chars().take(SHORT_LINE_CHARS + 1).count();
        (chars <= SHORT_LINE_CHARS).then(|| ShortLine {
            text: line,
            chars,
            key: fold(line, SHORT_LINE_CHARS),
        })
    }
}

/// A widget's label, or a picture credit introduced by "Photo:" on a line of its own.
fn is_widget_line(line: &ShortLine) -> bool {
    if line.chars > 100 {
        return false;
    }
    let key = &line.key;
    let bare = key.trim_end_matches(|c: char| !c.is_alphanumeric());
    if WIDGET_LINES.contains(&bare) {
        return true;
    }
    line.chars <= 80
        && CAPTION_LABELS.iter().any(|l| {
            key.strip_prefix(l)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '،']))
        })
}

/// Openings of a prompt addressed to the reader, as folded words: "تابعونا", "Follow us",
/// "Subscribe", "Síguenos", "Folgen Sie uns". Past-tense forms that open news sentences
/// ("تابع", "انضم", "حمل") are left out.
const PROMPT_OPENINGS: &[&[&str]] = &[
    &["follow", "us"],
    &["follow", "the"],
    &["subscribe"],
    &["sign", "up"],
    &["download", "our"],
    &["download", "the"],
    &["join", "our"],
    &["join", "us"],
    &["like", "us"],
    &["get", "the", "latest"],
    &["never", "miss"],
    &["síguenos"],
    &["siguenos"],
    &["suscríbete"],
    &["suscribete"],
    &["únete"],
    &["unete"],
    &["mira", "lo", "que", "tiene"],
    &["suivez", "nous"],
    &["abonnez", "vous"],
    &["téléchargez"],
    &["rejoignez", "nous"],
    &["folgen", "sie", "uns"],
    &["folge", "uns"],
    &["folgt", "uns"],
    &["abonnieren", "sie"],
    &["abonniere"],
    &["siga", "nos"],
    &["inscreva", "se"],
    &["seguici"],
    &["iscriviti"],
    &["تابعونا"],
    &["تابعوا"],
    &["تابعنا"],
    &["لمتابعه"],
    &["اشترك"],
    &["اشتركوا"],
    &["للاشتراك"],
    &["حمل", "تطبيق"],
    &["حملوا"],
    &["لتحميل"],
    &["انضموا"],
    &["للانضمام"],
];

/// Channels a reader is asked to follow, as folded words.
const PROMPT_CHANNELS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "telegram",
    "whatsapp",
    "youtube",
    "tiktok",
    "linkedin",
    "pinterest",
    "newsletter",
    "newsletters",
    "app",
    "apps",
    "channel",
    "canal",
    "kanal",
    "تطبيق",
    "تلغرام",
    "تليجرام",
    "تيليجرام",
    "واتساب",
    "يوتيوب",
    "فيسبوك",
    "تويتر",
    "انستغرام",
    "انستجرام",
    "قناه",
    "النشره",
];

/// Channels named as the outlet's own with the Arabic possessive ("قناتنا", "تطبيقنا").
const OWN_CHANNELS: &[&str] = &["قناتنا", "تطبيقنا", "نشرتنا", "صفحتنا", "حساباتنا"];

/// First-person plural possessives of the European languages ("our newsletter", "nuestro
/// canal", "unseren Newsletter").
const OUR: &[&str] = &[
    "our", "nuestro", "nuestra", "unseren", "unserer", "unsere", "unserem", "notre", "nos",
];

/// A prompt to follow the outlet elsewhere, under or inside an article: "تابعونا على تلغرام",
/// "Follow us on Twitter", "Subscribe to our newsletter", "¡Mira lo que tiene nuestro canal de
/// YouTube!". A short line that names a channel (a social network, an app, a newsletter) and
/// either opens with a request to the reader or names the channel as the outlet's own. A news
/// sentence that names a channel ("نشر الوزير على تويتر", "the ministry's app") does neither,
/// and "our app" alone is not enough: an app's own pages speak of it so.
fn is_follow_prompt(line: &ShortLine) -> bool {
    let words: Vec<&str> = line
        .key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let own = words.iter().any(|w| OWN_CHANNELS.contains(w));
    if !own && !words.iter().any(|w| PROMPT_CHANNELS.contains(w)) {
        return false;
    }
    let opens = PROMPT_OPENINGS.iter().any(|o| words.starts_with(o));
    // "our" at most one word before a channel other than an app, in a line about as short
    // as a prompt: a reader's invitation to discuss the article "on our Twitter" comes at
    // the end of a longer paragraph of the article.
    let ours = line.chars <= 140
        && words.iter().enumerate().any(|(i, w)| {
            OUR.contains(w)
                && words[i + 1..]
                    .iter()
                    .take(2)
                    .any(|c| PROMPT_CHANNELS.contains(c) && !matches!(*c, "app" | "apps"))
        });
    own || opens || ours
}

/// A short call to subscribe to the outlet's newsletter ("اشترك في النشرة البريدية"), wherever
/// the verb stands in it. Other languages' calls are lines [`is_follow_prompt`] finds: they
/// must open with the request, since some articles are themselves newsletters that speak of
/// their subscribers.
fn is_newsletter_promo(line: &ShortLine) -> bool {
    if !(line.text.contains("النشرة") || line.text.contains("النشره")) || line.chars > 160
    {
        return false;
    }
    let key = &line.key;
    (key.contains("اشترك") || key.contains("سجل")) && key.contains("النشره البريديه")
}

/// Words of the site's policy pages, folded.
const POLICY_WORDS: &[&str] = &[
    "سياسه الخصوصيه",
    "شروط الاستخدام",
    "شروط استخدام",
    "ارشادات الاستخدام",
    "privacy policy",
    "terms of use",
    "community guidelines",
];

/// Words addressing readers' comments, folded.
const COMMENT_WORDS: &[&str] = &[
    "التعليقات",
    "تعليقاتكم",
    "تعليقك",
    "مشاركاتك",
    "your comment",
    "your comments",
];

/// Words that tie an opinion disclaimer to the outlet rather than to a news subject.
const OUTLET_WORDS: &[&str] = &[
    "الموقع",
    "موقع",
    "التعليقات",
    "الصحيفه",
    "الجريده",
    "الشبكه",
    "شبكه",
    "site",
    "comments",
];

/// A note about comments, opinions or site policies under an article: an opinion disclaimer
/// that names the site or its comments, or a line naming the site's policy pages together
/// with readers' comments. A news sentence ("قال إن التصريحات لا تعبر
/// عن رأي الحكومة", "updated its privacy policy") has neither.
fn is_disclaimer(line: &str) -> bool {
    // Every phrase and word list above contains one of these stems, unchanged by folding:
    // most paragraphs are rejected without being folded.
    const HINTS: &[&str] = &[
        "تعبر",
        "سؤول",
        "سئول",
        "خصوصي",
        "استخدام",
        "وارد",
        "reflect",
        "responsible",
        "privacy",
        "terms of",
        "guidelines",
    ];
    if !HINTS.iter().any(|h| line.contains(h)) || line.chars().count() > 500 {
        return false;
    }
    let key = fold(line, 600);
    let disclaims = (DISCLAIMER_PHRASES.iter().any(|p| key.contains(p))
        && OUTLET_WORDS.iter().any(|w| key.contains(w)))
        || STANDALONE_DISCLAIMERS.iter().any(|p| key.contains(p));
    let policy = POLICY_WORDS.iter().any(|w| key.contains(w))
        && COMMENT_WORDS.iter().any(|w| key.contains(w));
    disclaims || policy
}

/// "--(بترا)", "(أ ش أ)", "- (واس) -": a short parenthesized agency name alone on a line.
fn parenthesized_credit(line: &str) -> Option<String> {
    let t = line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '.'));
    let inner = t.strip_prefix('(')?.strip_suffix(')')?;
    let inner = inner.trim();
    let n = inner.chars().count();
    if n == 0 || n > 30 || inner.contains(['(', ')']) || !inner.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(inner.to_string())
}

/// Schema.org types of an article, as the end of an `itemtype` URL.
const ARTICLE_ITEMTYPES: &[&str] = &[
    "/Article",
    "/NewsArticle",
    "/BlogPosting",
    "/ReportageNews",
    "/AnalysisNewsArticle",
    "/OpinionNewsArticle",
];

fn paragraph_like(tag: &str) -> bool {
    matches!(tag, "p" | "pre" | "blockquote" | "td" | "li" | "dd")
}

/// The chosen blocks of the article: the best-scoring block or an explicit body container,
/// with the sibling blocks that look like more of it. `first_h1` is the page's first `<h1>`
/// and `headline_article` the `<article>` element around it, both found before boilerplate
/// removal (which may take the headline's own header away).
fn choose_roots<'a>(
    body: NodeRef<'a>,
    st: &Stats,
    explicit: &[NodeRef<'a>],
    first_h1: Option<NodeRef<'a>>,
    headline_article: Option<NodeId>,
    reading: Reading,
) -> Vec<NodeRef<'a>> {
    let all = elements(body);
    let mut score: IdMap<f64> = IdMap::with_len(body.tree.len());
    for n in &all {
        let Some(info) = st.get(&n.id) else { continue };
        let t = tag_of(n);
        let container = matches!(
            t,
            "div" | "section" | "article" | "main" | "span" | "font" | "center" | "td"
        );
        if !(paragraph_like(t) || container) || info.own_chars < 25 {
            continue;
        }
        let para = 1.0 + info.punct.min(30) as f64 + (info.own_chars as f64 / 100.0).min(10.0);
        if container {
            *score.entry_or_default(n.id) += para;
        }
        if let Some(p) = n.parent() {
            *score.entry_or_default(p.id) += para;
            if let Some(g) = p.parent() {
                *score.entry_or_default(g.id) += para / 2.0;
            }
        }
    }
    let ld = |id: &NodeId| {
        st.get(id).map_or(1.0, |i| {
            if i.chars == 0 {
                1.0
            } else {
                i.link_chars as f64 / i.chars as f64
            }
        })
    };
    let final_score = |n: &NodeRef| -> f64 {
        let s = score.get(&n.id).copied().unwrap_or(0.0) * (1.0 - ld(&n.id));
        if is_positive(n) { s * 1.25 } else { s }
    };
    let best = all
        .iter()
        .filter(|n| n.id != body.id && score.contains_key(&n.id))
        .map(|n| (*n, final_score(n)))
        .fold(None::<(NodeRef, f64)>, |acc, (n, s)| match acc {
            Some((_, bs)) if bs >= s => acc,
            _ => Some((n, s)),
        });
    let chars = |n: &NodeRef| st.get(&n.id).map_or(0, |i| i.chars);

    // An explicit body container wins when it holds a comparable amount of text, or when it
    // sits in the `<article>` of the page's headline and the longer block lies outside that
    // article (the next article printed in full after this one). Not when it is the page's
    // stage, the headline itself with a lead under it: then the body is printed after it in
    // an `<article>` of its own.
    let best_chars = best.as_ref().map_or(0, |(n, _)| chars(n));
    let chosen_explicit = explicit.iter().find(|e| {
        let ec = chars(e);
        let stage = first_h1.is_some_and(|h| is_attached(&h, e.id))
            && ec < STAGE_CHARS
            && ec * 4 < best_chars;
        let in_headline_article = headline_article.is_some_and(|a| {
            is_attached(e, a) && best.as_ref().is_some_and(|(b, _)| !is_attached(b, a))
        }) && !stage;
        is_attached(e, body.id)
            && ec >= 200
            && (ec * 10 >= best_chars * 6
                || in_headline_article
                || best.as_ref().is_some_and(|(b, _)| is_attached(b, e.id)))
    });
    // Without one, an element that declares itself the article in microdata
    // (`itemtype=".../BlogPosting"`) and holds the headline is the article, even when a list
    // of teasers elsewhere on the page has more text.
    let declared = || {
        all.iter().find(|n| {
            n.attr("itemtype").is_some_and(|t| {
                let t = t.trim_end_matches('/');
                ARTICLE_ITEMTYPES.iter().any(|a| t.ends_with(a))
            }) && chars(n) >= 200
                && ld(&n.id) < 0.3
                && n.descendants_it().any(|d| tag_of(&d) == "h1")
        })
    };
    // A plain `<article>` (found only by its tag) gives way to the declared article: teaser
    // lists are often `<article>`s too.
    let plain_article = |e: &NodeRef| {
        tag_of(e) == "article"
            && !e
                .attr("itemprop")
                .is_some_and(|p| p.to_ascii_lowercase().contains("articlebody"))
            && !class_names(e).iter().any(|c| is_body_class(c))
    };
    let chosen_explicit = match chosen_explicit {
        Some(e) if plain_article(e) => declared().or(Some(e)),
        other => other.or_else(declared),
    };
    let (top, threshold) = match (chosen_explicit, best) {
        (Some(e), _) => (*e, f64::INFINITY),
        (None, Some((t, s))) if s > 0.0 => (t, (s * 0.2).max(10.0)),
        // No block with a sentence of text: no article on this page.
        _ => return Vec::new(),
    };
    // Siblings that look like more of the same article, and a lead/standfirst before it.
    // Wrappers around the chosen block alone are looked through: a page builder puts each
    // block of an article in wrappers of its own, and its siblings are the wrappers' siblings.
    // An explicit body container is the article whole.
    let mut top = top;
    if threshold.is_finite() {
        while let Some(p) = top.parent() {
            if p.id == body.id || p.children_it(false).filter(|c| c.is_element()).count() != 1 {
                break;
            }
            top = p;
        }
    }
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let mut before_top = true;
    let mut roots: Vec<NodeRef> = parent
        .children_it(false)
        .filter(|c| c.is_element())
        .filter(|c| {
            if c.id == top.id {
                before_top = false;
                return true;
            }
            let l = ld(&c.id);
            if l >= 0.25 {
                return false;
            }
            let lead = before_top
                && chars(c) >= 60
                && (c
                    .attr("itemprop")
                    .is_some_and(|p| p.contains("description"))
                    || any_class_token(c, |t| LEAD_TOKENS.contains(&t)));
            let own = st.get(&c.id).map_or(0, |i| i.own_chars);
            lead || final_score(c) >= threshold
                || (threshold.is_finite() && tag_of(c) == "p" && own >= 80)
        })
        .collect();
    // A page built of sibling sections (a page builder's modules, a guide in parts) gives
    // the best single block only part of its paragraph text. When the chosen blocks hold
    // under half of the paragraph text left on the page, the nearest ancestor that holds two
    // thirds of it, and is not a list of links, is the article. (Not when comment blocks are
    // read as content: their sections are the posts, and the rest of such a page is forms.)
    let para = |n: &NodeRef| st.get(&n.id).map_or(0, |i| i.para_chars);
    let body_para = para(&body);
    let roots_para: usize = roots.iter().map(para).sum();
    if threshold.is_finite() && !reading.comments && body_para > 0 && roots_para * 2 < body_para {
        let mut a = parent;
        while a.id != body.id && para(&a) * 3 < body_para * 2 {
            match a.parent() {
                Some(p) => a = p,
                None => break,
            }
        }
        if a.id != body.id && ld(&a.id) < 0.3 {
            roots = vec![a];
        }
    }
    // An article cut into several blocks by ads or embeds (`<div class="article__body">`
    // three times, in different wrappers): the other blocks near it with the same tag and
    // class as the chosen one, with text of their own and few links, are more of the article.
    if let Some(class) = top.attr("class").filter(|c| !c.trim().is_empty()) {
        let tag = tag_of(&top);
        let inside_roots = |n: &NodeRef| {
            roots
                .iter()
                .any(|r| r.id == n.id || is_attached(n, r.id) || is_attached(r, n.id))
        };
        // Only near the chosen block: teasers of other articles that reuse the class sit
        // further away in the page.
        // A block inside another `<article>` than the chosen block's belongs to another
        // article (a next-article teaser printed in full).
        let near: Vec<NodeId> = top.ancestors_it(Some(3)).map(|a| a.id).collect();
        let top_ancestors: IdSet = top.ancestors_it(None).map(|a| a.id).collect();
        let other_article = |n: &NodeRef| {
            n.ancestors_it(None)
                .any(|a| tag_of(&a) == "article" && !top_ancestors.contains(&a.id))
        };
        let more: Vec<NodeRef> = all
            .iter()
            .filter(|n| {
                tag_of(n) == tag
                    && n.ancestors_it(None).any(|a| near.contains(&a.id))
                    && !other_article(n)
                    && n.attr("class").is_some_and(|c| c == class)
                    && chars(n) >= 150
                    && ld(&n.id) < 0.3
                    && !inside_roots(n)
            })
            .copied()
            .collect();
        if !more.is_empty() {
            for m in more {
                if !roots.iter().any(|r| is_attached(&m, r.id)) {
                    roots.push(m);
                }
            }
            // Document order: `all` is in pre-order.
            let mut position: IdMap<usize> = IdMap::with_len(body.tree.len());
            for (i, n) in all.iter().enumerate() {
                position.insert(n.id, i);
            }
            roots.sort_by_key(|r| position.get(&r.id).copied().unwrap_or(usize::MAX));
        }
    }
    roots
}

/// Text (in characters) under which a block holding the page's headline is its stage (the
/// headline and a lead) when a much longer block follows it.
const STAGE_CHARS: usize = 400;

/// Class and id tokens of a lead or standfirst.
const LEAD_TOKENS: &[&str] = &[
    "lead",
    "intro",
    "standfirst",
    "summary",
    "excerpt",
    "abstract",
];

/// Most paragraphs taken as a lead by [`headline_leads`].
const MAX_LEADS: usize = 2;

/// How far below the element it shares with the headline a lead may sit (and the headline
/// too): a lead is the headline's sibling or in a sibling wrapper, never deep in another
/// part of the page's header.
const LEAD_REACH: usize = 2;

/// Class and id tokens of the blocks around a headline that hold other paragraphs than a
/// lead: captions, pull quotes, bylines and dates.
const NOT_LEAD_TOKENS: &[&str] = &[
    "caption", "image", "img", "photo", "figure", "media", "gallery", "picture", "video", "quote",
    "credit", "meta", "metadata", "byline", "author", "date", "time",
];

/// A paragraph printed under the page's headline that may be its lead or standfirst.
struct Lead<'a> {
    node: NodeRef<'a>,
    /// Its position in the page's elements in document order.
    position: usize,
    /// Its ancestors before structural boilerplate was removed.
    ancestors: Vec<NodeId>,
}

/// Paragraphs printed under the page's headline that may be its lead or standfirst (see
/// [`Lead`]), read from `all` (the page's elements in document order). The headline is the
/// first `<h1>` or `<h2>` equal to `title`, else the page's only `<h1>`; the leads are
/// `<p>` elements (or an `<h2>` right after the headline, its dek) with a sentence of text
/// of their own (not in nested blocks), or elements named as a lead with a sentence of
/// text, after it with few links, placed beside it (see
/// [`beside_headline`]). Read before structural boilerplate is removed, which takes a
/// headline's `<header>` away with the lead printed in it; [`before_article`] chooses those
/// to render.
fn headline_leads<'a>(
    all: &[NodeRef<'a>],
    st: &Stats,
    title: Option<&str>,
    reading: Reading,
    negative_classes: &mut HashMap<Box<str>, bool>,
) -> Vec<Lead<'a>> {
    let title_key = title.map(|t| fold(t, 500));
    let equal_to_title = |n: &NodeRef| {
        title_key
            .as_ref()
            .is_some_and(|k| fold(&n.text(), 500) == *k)
    };
    let mut h1s = all
        .iter()
        .enumerate()
        .filter(|(_, n)| tag_of(n) == "h1")
        .map(|(i, _)| i);
    let only_h1 = match (h1s.next(), h1s.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    };
    let headline = all
        .iter()
        .position(|n| matches!(tag_of(n), "h1" | "h2") && equal_to_title(n))
        .or(only_h1);
    let Some(h) = headline else {
        return Vec::new();
    };
    // A lead shares one of the headline's first [`LEAD_REACH`] ancestors with it, so it lies
    // under the highest of them: the scan ends where that element does (`all` is in
    // document order).
    let near: Vec<NodeId> = all[h]
        .ancestors_it(Some(LEAD_REACH))
        .map(|a| a.id)
        .collect();
    let Some(&scope) = near.last() else {
        return Vec::new();
    };
    let mut leads: Vec<Lead> = Vec::new();
    for (i, n) in all.iter().enumerate().skip(h + 1) {
        if leads.len() == MAX_LEADS || !is_attached(n, scope) {
            break;
        }
        if is_attached(n, all[h].id) || leads.iter().any(|l| is_attached(n, l.node.id)) {
            continue;
        }
        let Some(info) = st.get(&n.id) else { continue };
        let named = any_class_token(n, |t| LEAD_TOKENS.contains(&t));
        // A subheadline printed as an `<h2>` right after the headline is its dek.
        let dek = tag_of(n) == "h2" && all[h].next_element_sibling().is_some_and(|s| s.id == n.id);
        if (((tag_of(n) == "p" || dek) && info.own_chars >= 60) || (named && info.chars >= 60))
            && info.link_chars * 4 < info.chars
            && beside_headline(&near, n)
            && !is_negative(n, reading, negative_classes)
        {
            leads.push(Lead {
                node: *n,
                position: i,
                ancestors: n.ancestors_it(None).map(|a| a.id).collect(),
            });
        }
    }
    leads
}

/// The leads of [`headline_leads`] to render before the chosen article blocks: those before
/// the first block and outside the blocks, and those inside a block that the removal of
/// structural boilerplate took away with the headline's `<header>`. None around a block.
fn before_article<'a>(
    leads: Vec<Lead<'a>>,
    all: &[NodeRef<'a>],
    roots: &[NodeRef<'a>],
    body: NodeId,
) -> Vec<NodeRef<'a>> {
    let Some(first) = roots
        .first()
        .and_then(|f| all.iter().position(|n| n.id == f.id))
    else {
        return Vec::new();
    };
    leads
        .into_iter()
        .filter(|l| {
            if roots.iter().any(|r| is_attached(r, l.node.id)) {
                return false;
            }
            if roots.iter().any(|r| l.ancestors.contains(&r.id)) {
                return !is_attached(&l.node, body);
            }
            l.position < first
        })
        .map(|l| l.node)
        .collect()
}

/// Whether `lead` sits beside the headline whose first [`LEAD_REACH`] ancestors are `near`:
/// each at most that many levels below the element they share, with nothing on the way up
/// from `lead` that is a figure, a quote or named as a caption, an image or metadata.
fn beside_headline(near: &[NodeId], lead: &NodeRef) -> bool {
    let mut levels = 0;
    let mut n = *lead;
    loop {
        if matches!(tag_of(&n), "figure" | "figcaption" | "blockquote")
            || any_class_token(&n, |t| NOT_LEAD_TOKENS.contains(&t))
        {
            return false;
        }
        let Some(p) = n.parent() else { return false };
        levels += 1;
        if near.contains(&p.id) {
            return levels <= LEAD_REACH;
        }
        if levels > LEAD_REACH {
            return false;
        }
        n = p;
    }
}

/// Tags copied to the display HTML (others are dropped, their content kept). None runs script
/// or loads anything; every one is in the default allow-list of common sanitizers.
const HTML_KEEP: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "a",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "sub",
    "sup",
    "q",
    "cite",
    "dl",
    "dt",
    "dd",
    "div",
    "article",
];

const MAX_HTML_DEPTH: usize = 100;

/// Paragraphs at least this long are not repeated back to back in the text.
const MIN_DEDUP_CHARS: usize = 40;

enum Step<'a> {
    Open(NodeRef<'a>, usize),
    /// The end of an element: its tag, whether its tags were written to the HTML, and
    /// whether it is a caption.
    Close(&'static str, bool, bool),
    /// The end of the leads and the start of the article blocks.
    BodyStart,
}

struct Renderer<'c, 'b> {
    ctx: &'c mut Ctx<'b>,
    st: &'c Stats,
    title_key: Option<String>,
    paragraphs: Vec<String>,
    buf: String,
    /// Line breaks in `buf`.
    buf_lines: usize,
    html: String,
    caption_depth: usize,
    /// Characters of the blocks being rendered: a block named as a caption that holds half
    /// of them is the article (a video page's description), not a caption.
    roots_chars: usize,
    /// Paragraphs written before the article blocks (the leads): header lines (a date line,
    /// a byline) are cut at the start of the blocks, after them.
    body_start: usize,
    image: Option<String>,
    stop: bool,
    /// Links in the pending paragraph: (line index, title, url).
    links: Vec<(usize, String, String)>,
    /// Offset in `html` where each line of the pending paragraph starts.
    line_starts: Vec<usize>,
}

/// Whether `s` starts with `prefix` (lower-case ASCII) in any case. Lower-casing the whole
/// line first, for every line of the text, gives the same answer at a much higher cost.
fn starts_with_ascii_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Appends `s` to `out` with `&`, `<`, `>` and `"` escaped. The runs between them are copied
/// whole (the four are ASCII, so every cut is a character boundary).
fn escape(s: &str, out: &mut String) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

impl<'c, 'b> Renderer<'c, 'b> {
    fn new(ctx: &'c mut Ctx<'b>, title: Option<&str>, st: &'c Stats) -> Self {
        Renderer {
            ctx,
            st,
            title_key: title.map(|t| fold(t, 500)),
            paragraphs: Vec::new(),
            buf: String::new(),
            buf_lines: 0,
            html: String::new(),
            caption_depth: 0,
            roots_chars: 0,
            body_start: 0,
            image: None,
            stop: false,
            links: Vec::new(),
            line_starts: vec![0],
        }
    }

    fn flush(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        self.buf_lines = 0;
        let links = std::mem::take(&mut self.links);
        let starts = std::mem::take(&mut self.line_starts);
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        for (i, line) in buf.split('\n').enumerate() {
            let line = marsad_text::collapse_whitespace(line);
            let range = (
                starts.get(i).copied().unwrap_or(self.html.len()),
                starts.get(i + 1).copied().unwrap_or(self.html.len()),
            );
            if self.stop {
                cuts.push(range);
                continue;
            }
            if line.is_empty() {
                continue;
            }
            if (line.starts_with('©') || starts_with_ascii_ci(&line, "copyright"))
                && line.chars().count() <= 80
            {
                cuts.push(range);
                continue;
            }
            if is_photo_credit(&line)
                || ShortLine::of(&line).is_some_and(|l| {
                    is_newsletter_promo(&l) || is_follow_prompt(&l) || is_widget_line(&l)
                })
            {
                cuts.push(range);
                continue;
            }
            if !self.paragraphs.is_empty() && is_disclaimer(&line) {
                cuts.push(range);
                continue;
            }
            if let Some(f) = starts_with_marker(&line) {
                let rest = after_marker(&line, f);
                let n = rest.chars().count();
                let boiler = f.kind.strong(f.marker)
                    || n <= 2
                    || match f.kind {
                        Kind::Source => n <= 100,
                        Kind::Social => n <= 40,
                        Kind::ReadAlso | Kind::Tags => n <= 60,
                    };
                if boiler {
                    cuts.push(range);
                    let line_links = links.iter().filter(|l| l.0 == i);
                    match f.kind {
                        Kind::ReadAlso => {
                            for (_, title, url) in line_links {
                                if !self.ctx.related.iter().any(|r| r.url == *url) {
                                    self.ctx.related.push(Related {
                                        title: title.clone(),
                                        url: url.clone(),
                                    });
                                }
                            }
                        }
                        Kind::Tags => {
                            self.ctx.tags.extend(line_links.map(|l| l.1.clone()));
                        }
                        _ => {}
                    }
                    match f.kind {
                        Kind::Source if self.ctx.credit.is_none() && n <= 100 && n > 0 => {
                            self.ctx.credit = Some(rest.clone());
                            self.ctx.end_seen = true;
                        }
                        Kind::Tags => {
                            self.ctx.tags.extend(split_keywords(&rest));
                            self.ctx.end_seen = true;
                        }
                        Kind::ReadAlso if self.ctx.end_seen && n <= 2 => self.stop = true,
                        Kind::Source => self.ctx.end_seen = true,
                        _ => {}
                    }
                    continue;
                }
            }
            if self.paragraphs.len() == self.body_start && self.is_header_line(&line) {
                cuts.push(range);
                continue;
            }
            lines.push(line);
        }
        for (a, b) in cuts.into_iter().rev() {
            if a < b && b <= self.html.len() {
                self.html.replace_range(a..b, "");
            }
        }
        self.line_starts = vec![self.html.len()];
        if lines.is_empty() {
            return;
        }
        let p = lines.join("\n");
        if self.paragraphs.len() < 3
            && let Some(k) = &self.title_key
            && fold(&p, 500) == *k
        {
            return;
        }
        self.paragraphs.push(p);
    }

    /// Lines of the article's header that old table layouts put in the same block as the
    /// text, before its first paragraph: the headline, an agency byline ("القاهرة - رويترز")
    /// and a date line.
    fn is_header_line(&self, line: &str) -> bool {
        if self
            .title_key
            .as_ref()
            .is_some_and(|k| fold(line, 500) == *k)
        {
            return true;
        }
        let n = line.chars().count();
        if n > 60 {
            return false;
        }
        if crate::credit::agency_in(line).is_some() {
            return true;
        }
        // A date line is digits and a few words (a weekday, a month, a clock); a longer one
        // needs a publication label: "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً". A
        // wire dateline that ends with its agency ("الكويت 25 شوال 1436 هـ الموافق 10 أغسطس
        // 2015 م واس") opens the article text and stays.
        let digits = line.chars().filter(|c| c.is_numeric()).count();
        let words = line.split_whitespace().count();
        let labelled = crate::page_dates::role_of(line) != marsad_dates::Role::Unknown;
        let dateline = line
            .split_whitespace()
            .last()
            .is_some_and(|w| crate::credit::agency_in(w).is_some());
        digits > 0
            && !dateline
            && (words <= 8 || (words <= 12 && labelled))
            && crate::page_dates::absolute_expression(line).is_some()
    }

    /// Whether `n` is a picture's caption or credit written without `<figcaption>`: a short
    /// block named as one (`wp-caption-text`, `media__caption`, `image-annotation`'s
    /// `copyright`), or a short block named as a picture box that holds a picture
    /// (`image-box`), that holds less than half of the text rendered. Its text, like a
    /// `<figcaption>`'s, stays out of the article text.
    fn is_named_caption(&self, n: &NodeRef) -> bool {
        let Some(info) = self.st.get(&n.id) else {
            return false;
        };
        if info.chars > MAX_CAPTION_CHARS || info.chars * 2 >= self.roots_chars {
            return false;
        }
        let mut picture_box = false;
        let caption = any_class_token(n, |t| {
            picture_box |= matches!(t, "image" | "img" | "photo" | "picture" | "visual");
            matches!(t, "caption" | "copyright" | "bildunterschrift")
        });
        caption
            || (picture_box
                && n.descendants_it()
                    .any(|d| matches!(tag_of(&d), "img" | "picture")))
    }

    fn push_text(&mut self, t: &str) {
        if self.caption_depth == 0 {
            self.buf.reserve(t.len());
            self.buf.extend(t.chars().map(|c| {
                // ASCII is answered here (its whitespace is U+0009 to U+000D and the space);
                // other characters take the full test.
                let space = if c.is_ascii() {
                    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
                } else {
                    marsad_text::is_space(c)
                };
                if space { ' ' } else { c }
            }));
        }
        escape(t, &mut self.html);
    }

    /// Renders `leads` (paragraphs printed under the headline) and then the article blocks
    /// `roots`.
    fn render(&mut self, leads: &[NodeRef], roots: &[NodeRef]) {
        self.roots_chars = leads
            .iter()
            .chain(roots)
            .filter_map(|r| self.st.get(&r.id))
            .map(|i| i.chars)
            .sum();
        let mut stack: Vec<Step> = roots.iter().rev().map(|r| Step::Open(*r, 0)).collect();
        stack.push(Step::BodyStart);
        stack.extend(leads.iter().rev().map(|r| Step::Open(*r, 0)));
        while let Some(step) = stack.pop() {
            if self.stop {
                break;
            }
            match step {
                Step::Open(n, depth) => {
                    if n.is_text() {
                        // Read in place rather than copied out of the tree.
                        n.query(|t| {
                            if let NodeData::Text { contents } = &t.data {
                                self.push_text(contents);
                            }
                        });
                        continue;
                    }
                    if !n.is_element() {
                        continue;
                    }
                    let t = tag_of(&n);
                    match t {
                        "br" => {
                            // Two line breaks in a row end the paragraph.
                            if self.buf.trim_end_matches(' ').ends_with('\n') {
                                self.flush();
                                self.html.push_str("<br>");
                                self.line_starts = vec![self.html.len()];
                            } else {
                                self.buf.push('\n');
                                self.buf_lines += 1;
                                self.html.push_str("<br>");
                                self.line_starts.push(self.html.len());
                            }
                            continue;
                        }
                        "img" => {
                            self.image_tag(&n, depth);
                            continue;
                        }
                        "hr" => {
                            self.flush();
                            continue;
                        }
                        _ => {}
                    }
                    if depth > 0
                        && matches!(
                            t,
                            "div" | "section" | "ul" | "ol" | "table" | "aside" | "nav" | "dl"
                        )
                        && self.st.get(&n.id).is_some_and(|i| {
                            i.chars > 0
                                && i.link_chars * 2 > i.chars
                                && i.chars.saturating_sub(i.link_chars) < MIN_OWN_TEXT
                        })
                    {
                        // Lists of links inside the content: related headlines, menus. A block
                        // with running text of its own is content that links a lot (a short
                        // paywalled article with its related headlines); its link lists are
                        // met one level down.
                        continue;
                    }
                    let block = BLOCK.contains(&t) || !INLINE.contains(&t);
                    if block {
                        self.flush();
                    }
                    if t == "h1"
                        && let Some(k) = &self.title_key
                        && fold(&n.text(), 500) == *k
                    {
                        continue;
                    }
                    let caption = t == "figcaption" || self.is_named_caption(&n);
                    if caption {
                        self.caption_depth += 1;
                    }
                    let emit = depth < MAX_HTML_DEPTH && HTML_KEEP.contains(&t);
                    if emit {
                        self.open_tag(&n, t);
                    }
                    if t == "a"
                        && let Some(url) = n.attr("href").and_then(|h| absolute(&h, self.ctx.base))
                        && let Some(title) = clean(&n.text())
                    {
                        let line = self.buf_lines;
                        self.links.push((line, title, url));
                    }
                    stack.push(Step::Close(t, emit, caption));
                    for c in n.children_it(true) {
                        stack.push(Step::Open(c, depth + 1));
                    }
                }
                Step::BodyStart => {
                    self.flush();
                    self.body_start = self.paragraphs.len();
                }
                Step::Close(t, emit, caption) => {
                    if caption {
                        self.caption_depth = self.caption_depth.saturating_sub(1);
                    }
                    if BLOCK.contains(&t) || !INLINE.contains(&t) {
                        self.flush();
                    }
                    if emit {
                        self.html.push_str("</");
                        self.html.push_str(t);
                        self.html.push('>');
                    }
                }
            }
        }
        self.flush();
    }

    fn open_tag(&mut self, n: &NodeRef, t: &str) {
        self.html.push('<');
        self.html.push_str(t);
        for a in ["dir", "lang"] {
            if let Some(v) = n.attr(a) {
                self.html.push(' ');
                self.html.push_str(a);
                self.html.push_str("=\"");
                escape(&v, &mut self.html);
                self.html.push('"');
            }
        }
        if t == "a"
            && let Some(h) = n.attr("href").and_then(|h| absolute(&h, self.ctx.base))
        {
            self.html.push_str(" href=\"");
            escape(&h, &mut self.html);
            // Links open without giving the target page a handle on ours or our address.
            self.html.push_str("\" rel=\"noopener noreferrer\"");
        }
        self.html.push('>');
    }

    fn image_tag(&mut self, n: &NodeRef, depth: usize) {
        let src = ["data-src", "data-lazy-src", "data-original", "src"]
            .iter()
            .filter_map(|a| n.attr(a))
            .find_map(|s| absolute(&s, self.ctx.base));
        let Some(src) = src else { return };
        if self.image.is_none() {
            self.image = Some(src.clone());
        }
        if depth < MAX_HTML_DEPTH {
            self.html.push_str("<img src=\"");
            escape(&src, &mut self.html);
            self.html.push('"');
            if let Some(alt) = n.attr("alt") {
                self.html.push_str(" alt=\"");
                escape(&alt, &mut self.html);
                self.html.push('"');
            }
            self.html.push('>');
        }
    }

    /// A wire credit on its own line near the end, such as "--(بترا)" or "(أ ش أ)",
    /// becomes the credit (when none was found) and leaves the text.
    fn trailing_credit(&mut self) {
        let n = self.paragraphs.len();
        for pi in (n.saturating_sub(2)..n).rev() {
            let Some(p) = self.paragraphs.get(pi) else {
                continue;
            };
            let lines: Vec<&str> = p.split('\n').collect();
            let Some(last) = lines.last() else { continue };
            let Some(credit) = parenthesized_credit(last) else {
                continue;
            };
            if self.ctx.credit.is_none() {
                self.ctx.credit = Some(credit);
            }
            let kept = lines[..lines.len() - 1].join("\n");
            if kept.is_empty() {
                self.paragraphs.remove(pi);
            } else {
                self.paragraphs[pi] = kept;
            }
            break;
        }
    }

    fn finish(mut self) -> (String, String, Option<String>) {
        self.trailing_credit();
        // The same paragraph twice in a row is a caption printed by both an image and its
        // gallery, or a block repeated for another screen size: nobody writes it so. Repeats
        // further apart are kept (an interview's recurring question, a recipe's line), and so
        // are short ones (table cells, "1", "Yes").
        self.paragraphs
            .dedup_by(|b, a| a == b && b.chars().count() >= MIN_DEDUP_CHARS);
        (self.paragraphs.join("\n\n"), self.html, self.image)
    }
}

/// Characters of text outside links that make a link-dense block inside the content more
/// than a list of links: about two sentences.
const MIN_OWN_TEXT: usize = 150;

/// Elements without end tags that the renderer writes.
const VOID: &[&str] = &["br", "img"];

/// Makes the renderer's HTML well-formed: every element closed, in order, and no end tag
/// without its start tag. The renderer writes only allow-listed tags ([`HTML_KEEP`], `br`,
/// `img`), the attributes `dir`, `lang`, `alt`, and `href`/`src` that are absolute http(s)
/// addresses, all values and text escaped; but dropping boilerplate lines cuts whole tags
/// out of it, which can leave an element open or an end tag unmatched. Tokens are only ever
/// cut whole, so a scan of `<…>` tokens reads it exactly.
pub(crate) fn balance(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        let Some(gt) = tail.find('>') else {
            // Not written by the renderer (its text is escaped); kept escaped.
            escape(tail, &mut out);
            rest = "";
            break;
        };
        let token = &tail[..=gt];
        rest = &tail[gt + 1..];
        if let Some(name) = token.strip_prefix("</") {
            let name = name.trim_end_matches('>');
            if let Some(pos) = open.iter().rposition(|o| *o == name) {
                for o in open.drain(pos..).rev() {
                    out.push_str("</");
                    out.push_str(o);
                    out.push('>');
                }
            }
            continue;
        }
        let name_end = token.find([' ', '>']).unwrap_or(token.len());
        let name = &token[1..name_end];
        out.push_str(token);
        if !VOID.contains(&name) {
            open.push(name);
        }
    }
    out.push_str(rest);
    for o in open.into_iter().rev() {
        out.push_str("</");
        out.push_str(o);
        out.push('>');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_html() {
        assert_eq!(
            balance("<p>a <a href=\"x\">b</p><br>c</a></div><ul><li>d"),
            "<p>a <a href=\"x\">b</a></p><br>c<ul><li>d</li></ul>"
        );
        assert_eq!(balance("<p>x &lt; y</p>"), "<p>x &lt; y</p>");
    }

    #[test]
    fn follow_prompts() {
        for line in [
            "تابعونا على تلغرام لآخر الأخبار",
            "تابعوا آخر الأخبار عبر قناتنا",
            "لمتابعة أهم الأخبار حمّل تطبيق الموقع",
            "Follow us on Twitter and Instagram",
            "Subscribe to our newsletter for the latest updates.",
            "¡Mira lo que tiene nuestro canal de YouTube!",
            "Siguenos en Telegram, Instagram, Facebook y Twitter",
            "Folgen Sie uns auf Facebook | Instagram",
            "Dann abonnieren Sie unseren Newsletter!",
        ] {
            assert!(
                ShortLine::of(line).is_some_and(|l| is_follow_prompt(&l)),
                "{line}"
            );
        }
        for line in [
            "نشر الوزير على تويتر بيانا أكد فيه التزام الحكومة بالاتفاق",
            "تابع الرئيس المباحثات عبر تطبيق للاتصال المرئي",
            "انضم اللاعب إلى قناة رياضية",
            "The ministry said its app had been downloaded a million times.",
            "Some of our app may use this permission to record audio.",
            "Follow these steps shared on Twitter to stay safe.",
            "What do you think of the new season? Let us know in the comments below, or carry \
             the discussion over to our Twitter page, where the team answers every evening.",
            "تابعونا",
        ] {
            assert!(
                !ShortLine::of(line).is_some_and(|l| is_follow_prompt(&l)),
                "{line}"
            );
        }
    }

    #[test]
    fn negative_values() {
        let mut scratch = String::new();
        for (v, want) in [
            ("post-share-bar", true),
            ("relatedPosts", true),
            ("mainNav", true),
            ("article-body", false),
            ("ad", true),
            ("head", false),
            ("loadMore", false),
            ("x_Tags", true),
            ("nav2", false),
            ("اعلان ad", true),
            ("topbar_NewsletterBox", true),
            ("x-comments2", true),
            ("sidebarsidebar", true),
            ("s", false),
            ("", false),
            ("taboo", false),
        ] {
            let mut cur = String::new();
            let tokens = any_token_of(v, &mut cur, &mut |t| NEGATIVE_TOKENS.contains(&t))
                || NEGATIVE_SUBSTRINGS
                    .iter()
                    .any(|s| v.to_ascii_lowercase().contains(s));
            assert_eq!(
                negative_value(v, &mut scratch, Reading::default()),
                want,
                "{v}"
            );
            assert_eq!(tokens, want, "{v}");
        }
        // Read as content, comment blocks are no boilerplate; the other names still are.
        let comments = Reading {
            comments: true,
            ..Reading::default()
        };
        assert!(!negative_value("MtnCommentText", &mut scratch, comments));
        assert!(!negative_value("comments-list", &mut scratch, comments));
        assert!(negative_value("comment-share", &mut scratch, comments));
        assert!(negative_value("commentsSidebar", &mut scratch, comments));
    }

    #[test]
    fn body_class_endings_cover_the_list() {
        for b in BODY_CLASSES {
            assert!(BODY_CLASS_ENDINGS.iter().any(|e| b.ends_with(e)), "{b}");
        }
    }

    /// Detaching a block gives the statistics a fresh computation gives after removing it.
    #[test]
    fn detach_matches_recomputation() {
        let doc = Document::from(
            r#"<html><body><div id="a"><p>One, two. <a href="/x">link <b>bold</b></a> tail.</p>
<p id="r">Removed <span>inline, text</span> <a href="/y">here</a>.</p>
<span><a href="/z"><em id="e">deep, link</em> more</a></span></div>
<p>After. <i>it</i></p></body></html>"#,
        );
        let body = doc.body().unwrap();
        for id in ["#r", "#e"] {
            let mut live = stats(body);
            let node = doc.select(id).nodes().first().copied().unwrap();
            live.detach(&node);
            node.remove_from_parent();
            let fresh = stats(body);
            for n in subtree(body) {
                let (a, b) = (live.get(&n.id).unwrap(), fresh.get(&n.id).unwrap());
                assert_eq!(
                    (a.chars, a.link_chars, a.own_chars, a.punct, a.para_chars),
                    (b.chars, b.link_chars, b.own_chars, b.punct, b.para_chars),
                    "{id}: {:?}",
                    n.node_name()
                );
            }
        }
    }
}
