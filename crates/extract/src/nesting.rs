//! A linear pre-pass over the page before the HTML parser sees it: it caps element nesting
//! and drops text that extraction never reads.
//!
//! html5ever scans its stack of open elements for many start tags, so a page with hundreds of
//! thousands of nested elements costs quadratic time. Real pages rarely nest deeper than
//! ~60; start tags beyond [`MAX_DEPTH`] (and their end tags) are dropped here.
//!
//! Scripts and style sheets are more than half of the bytes of a typical news page, and the
//! parser would copy all of them into text nodes that extraction removes unread. Their bodies
//! are cut here (the elements themselves stay, empty), except JSON-LD scripts, which carry
//! metadata. Comments and the drawings of inline SVG are cut too.

use std::borrow::Cow;
use std::collections::HashMap;

/// Deepest nesting of tracked elements kept.
pub const MAX_DEPTH: usize = 256;

/// Elements without end tags, or whose end tags are optional: not tracked.
const UNTRACKED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head",
    "body", "image", "frame", "basefont", "bgsound", "menuitem",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements whose raw-text bodies are cut by [`prepare`]: never article text.
const DROPPED_BODIES: &[&str] = &["script", "style", "noscript", "noembed", "noframes"];

/// Returns `html` with start tags nested deeper than `max_depth` removed (and their end tags).
/// Borrowed unchanged when nothing is that deep.
pub fn cap_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    scan(html, max_depth, false)
}

/// [`cap_nesting`], and also cuts comments and the bodies of scripts (except JSON-LD) and
/// style sheets, which extraction never reads. Borrowed unchanged when nothing is cut.
pub fn prepare(html: &str, max_depth: usize) -> Cow<'_, str> {
    scan(html, max_depth, true)
}

/// Whether the start tag `tag` (from `<` to `>`) is a JSON-LD script.
fn is_json_ld(tag: &[u8]) -> bool {
    let needle = b"ld+json";
    tag.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn scan(html: &str, max_depth: usize, drop_unread: bool) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut dropped: HashMap<String, usize> = HashMap::new();
    // Byte ranges to cut out.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let Some(off) = find_byte(html, i, b'<') else {
            break;
        };
        i = off;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            let end = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            if drop_unread {
                cuts.push((i, end));
            }
            i = end;
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(b, i + 2, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = i + if closing { 2 } else { 1 };
        let mut j = name_start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start || !b[name_start].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name_bytes = &b[name_start..j];
        // The name is lower-cased once into a small buffer; each list is then searched with
        // exact comparisons. Longer names are in no list.
        let mut lower = [0u8; 16];
        let lower = match lower.get_mut(..name_bytes.len()) {
            Some(l) => {
                l.copy_from_slice(name_bytes);
                l.make_ascii_lowercase();
                &*l
            }
            None => &[][..],
        };
        let is = |list: &[&str]| !lower.is_empty() && list.iter().any(|t| t.as_bytes() == lower);
        let end = tag_end(html, j);
        if closing {
            if !is(UNTRACKED) {
                // The lower-cased name is only needed when some start tag was dropped, which
                // almost no page has; most pages would pay an allocation per end tag for it.
                let n = if dropped.is_empty() {
                    None
                } else {
                    dropped.get_mut(&html[name_start..j].to_ascii_lowercase())
                };
                match n {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        cuts.push((i, end));
                    }
                    _ => depth = depth.saturating_sub(1),
                }
            }
            i = end;
            continue;
        }
        // Inline SVG is drawing markup (often thousands of path elements), never text: its
        // body is cut like a script's. A nested <svg> ends the cut early; the rest of the outer
        // drawing is then parsed as usual.
        if drop_unread && is(&["svg"]) && !b[..end].ends_with(b"/>") {
            let close = find_close(html, end, name_bytes).unwrap_or(b.len());
            if end < close {
                cuts.push((end, close));
            }
            i = if close < b.len() {
                tag_end(html, close + 2 + name_bytes.len())
            } else {
                close
            };
            continue;
        }
        if is(RAW_TEXT) {
            let close = find_close(html, end, name_bytes).unwrap_or(b.len());
            if drop_unread && is(DROPPED_BODIES) && !is_json_ld(&b[i..end]) && end < close {
                cuts.push((end, close));
            }
            // The end tag is skipped too: raw-text elements are not counted in `depth`.
            i = if close < b.len() {
                tag_end(html, close + 2 + name_bytes.len())
            } else {
                close
            };
            continue;
        }
        let mut whole_tag_cut = false;
        if !is(UNTRACKED) {
            if depth >= max_depth {
                let name = html[name_start..j].to_ascii_lowercase();
                *dropped.entry(name).or_insert(0) += 1;
                cuts.push((i, end));
                whole_tag_cut = true;
            } else {
                depth += 1;
            }
        }
        if drop_unread && !whole_tag_cut {
            unread_attributes(b, j, end, &mut cuts);
        }
        i = end;
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in cuts {
        if let Some(part) = html.get(last..s) {
            out.push_str(part);
        }
        last = e;
    }
    if let Some(part) = html.get(last..) {
        out.push_str(part);
    }
    Cow::Owned(out)
}

/// Whether extraction, or the HTML parser's tree building, reads an attribute of this
/// (lower-case) name. Extraction reads the attributes below and nothing else (class and id
/// words, links and images, microdata, meta keys, dates, visibility, direction); the parser
/// reads `type` (hidden inputs in tables), `color`/`face`/`size` (a `font` that leaves SVG or
/// MathML), `encoding` (MathML annotations) and the declarative shadow root attributes.
fn keeps_attribute(name: &[u8]) -> bool {
    name.starts_with(b"shadowroot")
        || matches!(
            name,
            b"class"
                | b"id"
                | b"href"
                | b"src"
                | b"data-src"
                | b"data-lazy-src"
                | b"data-original"
                | b"alt"
                | b"content"
                | b"name"
                | b"property"
                | b"itemprop"
                | b"itemtype"
                | b"itemscope"
                | b"rel"
                | b"role"
                | b"style"
                | b"hidden"
                | b"aria-hidden"
                | b"aria-labelledby"
                | b"dir"
                | b"lang"
                | b"type"
                | b"datetime"
                | b"pubdate"
                | b"charset"
                | b"http-equiv"
                | b"color"
                | b"face"
                | b"size"
                | b"encoding"
        )
}

fn is_tag_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Adds to `cuts` the attributes of the start tag whose name ends at `from` and which ends
/// just before `end`, that nothing reads ([`keeps_attribute`]): `data-*` state, `srcset`,
/// event handlers, ARIA labels and the like are a large part of a page's markup, and the
/// parser would allocate each of them. The attributes are read as the HTML tokenizer reads
/// them; a tag it would read otherwise than this simple reading (a quote or `<` inside a
/// name or an unquoted value, a NUL, a tag without its `>`) is left whole.
fn unread_attributes(b: &[u8], from: usize, end: usize, cuts: &mut Vec<(usize, usize)>) {
    if end == 0 || b.get(end - 1) != Some(&b'>') || end <= from {
        return;
    }
    let stop = end - 1;
    let first_cut = cuts.len();
    let mut k = from;
    let mut lower = [0u8; 32];
    let abort = |cuts: &mut Vec<(usize, usize)>| cuts.truncate(first_cut);
    loop {
        while k < stop && (is_tag_space(b[k]) || b[k] == b'/') {
            k += 1;
        }
        if k >= stop {
            return;
        }
        let start = k;
        // A name runs to a space, `/`, `>` or `=` (an `=` as its first character is part of
        // it).
        k += 1;
        while k < stop && !is_tag_space(b[k]) && !matches!(b[k], b'/' | b'=') {
            k += 1;
        }
        let name = &b[start..k];
        if name.iter().any(|&c| matches!(c, b'"' | b'\'' | b'<' | 0)) {
            return abort(cuts);
        }
        let mut after = k;
        while after < stop && is_tag_space(b[after]) {
            after += 1;
        }
        if after < stop && b[after] == b'=' {
            k = after + 1;
            while k < stop && is_tag_space(b[k]) {
                k += 1;
            }
            match b.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    match b.get(k + 1..stop).and_then(|r| memchr::memchr(q, r)) {
                        Some(p) => k = k + 1 + p + 1,
                        None => return abort(cuts),
                    }
                }
                _ => {
                    let v = k;
                    while k < stop && !is_tag_space(b[k]) {
                        k += 1;
                    }
                    if b[v..k]
                        .iter()
                        .any(|&c| matches!(c, b'"' | b'\'' | b'<' | b'=' | b'`' | 0))
                    {
                        return abort(cuts);
                    }
                }
            }
        }
        let keep = match lower.get_mut(..name.len()) {
            Some(l) => {
                l.copy_from_slice(name);
                l.make_ascii_lowercase();
                keeps_attribute(l)
            }
            // No kept name is this long.
            None => false,
        };
        if !keep {
            cuts.push((start, k));
        }
    }
}

/// Index of the first `byte` at or after `from`.
fn find_byte(html: &str, from: usize, byte: u8) -> Option<usize> {
    let rest = html.as_bytes().get(from..)?;
    memchr::memchr(byte, rest).map(|p| p + from)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| p + from)
}

/// Index of the end tag `</name` (any case) at or after `from`.
fn find_close(html: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = html.as_bytes();
    let mut k = from;
    loop {
        let at = find_byte(html, k, b'<')?;
        let after = at + 2 + name.len();
        if b.get(at + 1) == Some(&b'/')
            && b.get(at + 2..after)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return Some(at);
        }
        k = at + 1;
    }
}

/// Index just past the `>` closing a tag whose name ends at `from`, honouring quotes.
fn tag_end(html: &str, from: usize) -> usize {
    let b = html.as_bytes();
    let mut k = from;
    // Jumps from one `>` or quote to the next; a quoted value is skipped in one search:
    // values (addresses, class lists, inline data) are most of a tag's bytes.
    while let Some(off) = b
        .get(k..)
        .and_then(|r| memchr::memchr3(b'>', b'"', b'\'', r))
    {
        let at = k + off;
        match b[at] {
            b'>' => return at + 1,
            q => match find_byte(html, at + 1, q) {
                Some(e) => k = e + 1,
                None => return b.len(),
            },
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_is_unchanged() {
        let h = "<div><p>a<div>b</div></p><script>if (a<b) {}</script></div>";
        assert!(matches!(cap_nesting(h, 4), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_is_capped() {
        let h = format!("{}x{}", "<div>".repeat(10), "</div>".repeat(10));
        let out = cap_nesting(&h, 3);
        assert_eq!(out, "<div><div><div>x</div></div></div>");
    }

    #[test]
    fn prepare_cuts_unread_bodies_but_keeps_json_ld() {
        let h = "<head><script>var a = '<p>x</p>';</script><style>p{}</style>\
                 <script type=\"application/ld+json\">{\"a\":1}</script></head>\
                 <body><!-- note --><p>text</p><SCRIPT>b()</SCRIPT></body>";
        assert_eq!(
            prepare(h, 100),
            "<head><script></script><style></style>\
             <script type=\"application/ld+json\">{\"a\":1}</script></head>\
             <body><p>text</p><SCRIPT></SCRIPT></body>"
        );
        assert_eq!(
            prepare(
                "<p>a<svg viewBox='0 0 1 1'><path d='M0'/><g><path/></g></svg>b</p>",
                10
            ),
            "<p>a<svg viewBox='0 0 1 1'></svg>b</p>"
        );
        // Without anything to cut the page is borrowed as it is.
        assert!(matches!(prepare("<p>a</p>", 10), Cow::Borrowed(_)));
    }

    #[test]
    fn unread_attributes_are_cut() {
        assert_eq!(
            prepare(
                "<p class=a data-x='1 > 2' onclick=f() id=\"b\"/><a HREF=x srcset=\"y 1x\">t</a>",
                10
            ),
            "<p class=a   id=\"b\"/><a HREF=x >t</a>"
        );
        // A tag the simple reading could get wrong is left whole.
        let odd = "<p data-x=a\"b class=c>t</p>";
        assert_eq!(prepare(odd, 10), odd);
    }

    #[test]
    fn quotes_and_comments() {
        let h = "<div title='a>b'><!-- <div> --><span>x</span></div>";
        assert_eq!(cap_nesting(h, 1), "<div title='a>b'><!-- <div> -->x</div>");
    }
}
