//! Sitemaps: `<urlset>` (Google News extension included) and `<sitemapindex>` documents.
//!
//! Untrusted bytes in, entries out. Entities are never expanded: a DOCTYPE and its entity
//! declarations are skipped, only the five predefined entities and character references are
//! resolved, and any other reference is kept as written (`&name;`), so a billion-laughs
//! document stays as small as its bytes. A bare `&` (an unescaped query string) is read as
//! text. Element names are matched on their local names, whatever namespace prefix a site
//! picks.

use crate::FeedError;
use chrono::{DateTime, Utc};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::borrow::Cow;
use url::Url;

/// Most entries read from one sitemap: the sitemap protocol's own limit. Entries past it are
/// ignored.
pub const MAX_SITEMAP_ENTRIES: usize = 50_000;

/// How many leading bytes [`looks_like_sitemap`] looks at.
const SNIFF_LEN: usize = 2048;

/// One `<url>` of a urlset, or one `<sitemap>` (a child sitemap) of a sitemap index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The absolute http(s) URL (`<loc>`, resolved against the sitemap's own URL).
    pub url: String,
    /// When the page (or child sitemap) last changed (`<lastmod>`).
    pub lastmod: Option<DateTime<Utc>>,
    /// The article's title (`<news:title>`); always `None` in an index.
    pub title: Option<String>,
    /// The article's publication time (`<news:publication_date>`); always `None` in an index.
    pub published: Option<DateTime<Utc>>,
}

/// A parsed sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A `<urlset>`: pages, in document order.
    Urls(Vec<SitemapEntry>),
    /// A `<sitemapindex>`: child sitemaps (URL and `lastmod` only), in document order.
    Index(Vec<SitemapEntry>),
}

/// Where the parser is: the elements that matter, by their place in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `<urlset>` or `<sitemapindex>`.
    Root,
    /// `<url>` or `<sitemap>` directly under the root.
    Entry,
    /// `<news:news>` directly under an entry.
    News,
    /// `<loc>` directly under an entry.
    Loc,
    /// `<lastmod>` directly under an entry.
    Lastmod,
    /// `<news:title>` directly under `<news:news>`.
    Title,
    /// `<news:publication_date>` directly under `<news:news>`.
    Published,
    /// Anything else (images, videos, unknown extensions), whose text is ignored.
    Other,
}

impl Tag {
    fn is_field(self) -> bool {
        matches!(self, Tag::Loc | Tag::Lastmod | Tag::Title | Tag::Published)
    }
}

/// The raw texts of the entry being read.
#[derive(Debug, Default)]
struct Fields {
    loc: Option<String>,
    lastmod: Option<String>,
    title: Option<String>,
    published: Option<String>,
}

impl Fields {
    fn set(&mut self, tag: Tag, text: String) {
        let slot = match tag {
            Tag::Loc => &mut self.loc,
            Tag::Lastmod => &mut self.lastmod,
            Tag::Title => &mut self.title,
            Tag::Published => &mut self.published,
            _ => return,
        };
        // The first non-empty occurrence wins.
        if slot.is_none() && !text.trim().is_empty() {
            *slot = Some(text);
        }
    }

    fn finish(self, base: Option<&Url>) -> Option<SitemapEntry> {
        let url = resolve(self.loc?.trim(), base)?;
        let date = |s: Option<String>| {
            s.and_then(|s| marsad_dates::parse_machine(&s))
                .map(|d| d.value.to_utc())
        };
        Some(SitemapEntry {
            url,
            lastmod: date(self.lastmod),
            title: self.title.map(|t| collapse(&t)).filter(|t| !t.is_empty()),
            published: date(self.published),
        })
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An absolute http(s) URL from a `<loc>`, or nothing.
fn resolve(loc: &str, base: Option<&Url>) -> Option<String> {
    if loc.is_empty() {
        return None;
    }
    let url = match base {
        Some(b) => b.join(loc).ok()?,
        None => Url::parse(loc).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Parses a sitemap: a `<urlset>` (with the Google News extension's title and publication date)
/// or a `<sitemapindex>`. Relative `<loc>`s resolve against `base` (the URL the sitemap was
/// fetched from); entries whose `<loc>` is missing or not http(s) are dropped; at most
/// [`MAX_SITEMAP_ENTRIES`] entries are read.
///
/// The bytes are decoded from a BOM, else from the XML declaration's encoding (e.g.
/// `windows-1256`), else as UTF-8 (malformed sequences replaced).
///
/// # Errors
///
/// [`FeedError::Parse`] when the document is not well-formed XML, ends before its root element
/// is closed, or its root element is neither `urlset` nor `sitemapindex`.
pub fn parse_sitemap(bytes: &[u8], base: Option<&Url>) -> Result<Sitemap, FeedError> {
    let text = decode(bytes);
    let mut reader = Reader::from_str(&text);
    // A bare `&` in a `<loc>` (`?a=1&b=2`) is a common slip; it is read as text.
    reader.config_mut().allow_dangling_amp = true;
    let mut index: Option<bool> = None;
    let mut stack: Vec<Tag> = Vec::new();
    let mut fields: Option<Fields> = None;
    let mut buf = String::new();
    let mut entries = Vec::new();
    let error = |e: &dyn std::fmt::Display| FeedError::Parse(format!("not a sitemap: {e}"));
    loop {
        let event = reader.read_event().map_err(|e| error(&e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if stack.is_empty() => {
                let local = e.local_name();
                let name = local.as_ref();
                let is_index = if name.eq_ignore_ascii_case("sitemapindex") {
                    true
                } else if name.eq_ignore_ascii_case("urlset") {
                    false
                } else {
                    return Err(error(&format_args!("root element <{}>", e.name().as_ref())));
                };
                index = Some(is_index);
                if matches!(event, Event::Empty(_)) {
                    break;
                }
                stack.push(Tag::Root);
            }
            Event::Start(e) => {
                let is_index = index.unwrap_or(false);
                let local = e.local_name();
                let tag = classify(stack.last().copied(), local.as_ref(), is_index);
                match tag {
                    Tag::Entry => fields = Some(Fields::default()),
                    t if t.is_field() => buf.clear(),
                    _ => {}
                }
                stack.push(tag);
            }
            Event::End(_) => match stack.pop() {
                Some(Tag::Root) => break,
                Some(Tag::Entry) => {
                    if let Some(entry) = fields.take().and_then(|f| f.finish(base)) {
                        entries.push(entry);
                        if entries.len() >= MAX_SITEMAP_ENTRIES {
                            break;
                        }
                    }
                }
                Some(tag) if tag.is_field() => {
                    if let Some(f) = fields.as_mut() {
                        f.set(tag, std::mem::take(&mut buf));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_field(&stack) => buf.push_str(&t.xml10_content()),
            Event::CData(t) if in_field(&stack) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_field(&stack) => {
                // Character references and the five predefined entities only: any other
                // reference (a declared entity) is kept as written, never expanded.
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    buf.push_str(s);
                } else {
                    buf.push('&');
                    buf.push_str(&r);
                    buf.push(';');
                }
            }
            Event::Eof => {
                return Err(error(if index.is_none() {
                    &"no root element"
                } else {
                    &"the document ends before its root element is closed"
                }));
            }
            // DOCTYPE (with its entity declarations), comments, processing instructions and
            // text outside the fields are ignored.
            _ => {}
        }
    }
    Ok(if index == Some(true) {
        Sitemap::Index(entries)
    } else {
        Sitemap::Urls(entries)
    })
}

fn in_field(stack: &[Tag]) -> bool {
    stack.last().is_some_and(|t| t.is_field())
}

/// The role of an element opened under `parent`.
fn classify(parent: Option<Tag>, name: &str, is_index: bool) -> Tag {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    match parent {
        Some(Tag::Root) if is(if is_index { "sitemap" } else { "url" }) => Tag::Entry,
        Some(Tag::Entry) if is("loc") => Tag::Loc,
        Some(Tag::Entry) if is("lastmod") => Tag::Lastmod,
        Some(Tag::Entry) if !is_index && is("news") => Tag::News,
        Some(Tag::News) if is("title") => Tag::Title,
        Some(Tag::News) if is("publication_date") => Tag::Published,
        _ => Tag::Other,
    }
}

/// The document as text: BOM first, then the XML declaration's encoding, else UTF-8.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(bytes.get(bom..).unwrap_or_default())
            .0;
    }
    // UTF-16 without a BOM: `<?` as two 16-bit units.
    if bytes.starts_with(&[b'<', 0, b'?', 0]) {
        return UTF_16LE.decode_without_bom_handling(bytes).0;
    }
    if bytes.starts_with(&[0, b'<', 0, b'?']) {
        return UTF_16BE.decode_without_bom_handling(bytes).0;
    }
    match declared_encoding(bytes) {
        // A declaration readable as ASCII cannot be UTF-16, whatever it says.
        Some(e) if e != UTF_8 && e != UTF_16LE && e != UTF_16BE => {
            e.decode_without_bom_handling(bytes).0
        }
        _ => String::from_utf8_lossy(bytes),
    }
}

/// The encoding named by an ASCII-compatible XML declaration, if any.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = head.get(start..)?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let decl = head.get(..find(head, b"?>")?)?;
    let after = decl.get(find(decl, b"encoding")? + b"encoding".len()..)?;
    let after = trim_ascii_start(after).strip_prefix(b"=")?;
    let after = trim_ascii_start(after);
    let quote = *after.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = after.get(1..)?;
    let end = value.iter().position(|&b| b == quote)?;
    Encoding::for_label(value.get(..end)?)
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    s.get(n..).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A cheap sniff: whether the root element, found within the first 2 KB after a BOM, the XML
/// declaration, processing instructions, comments and a DOCTYPE, is `urlset` or `sitemapindex`
/// (with any namespace prefix). Does not check that the rest is well-formed.
pub fn looks_like_sitemap(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(SNIFF_LEN)).unwrap_or_default();
    let utf16 = if let Some((encoding, bom)) = Encoding::for_bom(head) {
        (encoding != UTF_8).then_some((encoding, bom))
    } else if head.starts_with(&[b'<', 0]) {
        Some((UTF_16LE, 0))
    } else if head.starts_with(&[0, b'<']) {
        Some((UTF_16BE, 0))
    } else {
        None
    };
    match utf16 {
        Some((encoding, bom)) => {
            let text = encoding
                .decode_without_bom_handling(head.get(bom..).unwrap_or_default())
                .0;
            sniff_root(text.as_bytes())
        }
        None => sniff_root(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)),
    }
}

/// Skips the prolog of an ASCII-compatible document and checks the root element's local name.
fn sniff_root(mut s: &[u8]) -> bool {
    loop {
        s = trim_ascii_start(s);
        let rest = if s.starts_with(b"<?") {
            find(s, b"?>").map(|i| i + 2)
        } else if s.starts_with(b"<!--") {
            find(s, b"-->").map(|i| i + 3)
        } else if s.starts_with(b"<!") {
            // DOCTYPE, perhaps with an internal subset in brackets.
            let close = s.iter().position(|&b| b == b'>');
            match (s.iter().position(|&b| b == b'['), close) {
                (Some(open), Some(close)) if open < close => find(s, b"]").and_then(|i| {
                    s.get(i..)?
                        .iter()
                        .position(|&b| b == b'>')
                        .map(|j| i + j + 1)
                }),
                (_, close) => close.map(|i| i + 1),
            }
        } else if let Some(tag) = s.strip_prefix(b"<") {
            let end = tag
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .unwrap_or(tag.len());
            let name = tag.get(..end).unwrap_or_default();
            let local = name.rsplit(|&b| b == b':').next().unwrap_or_default();
            return local.eq_ignore_ascii_case(b"urlset")
                || local.eq_ignore_ascii_case(b"sitemapindex");
        } else {
            return false;
        };
        match rest.and_then(|i| s.get(i..)) {
            Some(r) => s = r,
            None => return false,
        }
    }
}
