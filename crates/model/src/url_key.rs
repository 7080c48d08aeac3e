//! The URL key: the identity of an article's address, so one article is stored once.
//!
//! Two URLs that a reader would consider the same page get the same key: scheme, `www.`,
//! default port, fragment, trailing slash, tracking parameters, parameter order and the case of
//! percent-escapes do not matter. Neither do the AMP and mobile variants of a page: a leading
//! `m.`, `mobile.` or `amp.` host label, a trailing `/amp` or `/amp.html` segment, a `.amp` or
//! `.amp.html` ending, and the `amp`, `amp_js_v`, `usqp` and `outputType=amp` parameters.
//! Everything else does, so two different pages never collide: an `amp` segment in the middle
//! of a path, or a host such as `mobile-news.example`, is kept.

use url::Url;

/// Why a string cannot be keyed.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum UrlKeyError {
    /// The string is not an absolute URL.
    #[error("not an absolute URL: {0}")]
    Invalid(String),
    /// The URL is not http or https.
    #[error("not an http(s) URL: {0}")]
    Scheme(String),
}

/// Query parameters that only track the reader and never select content.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ocid",
    "cmpid",
    "at_medium",
    "at_campaign",
    "at_custom1",
    "at_custom2",
    "at_custom3",
    "at_custom4",
    "xtor",
    "ref_src",
    "__twitter_impression",
    "amp_js_v",
    "usqp",
];

/// Whether a `name[=value]` query pair only tracks the reader or asks for the AMP variant.
fn is_dropped_param(pair: &str) -> bool {
    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_")
        || TRACKING_PARAMS.contains(&lower.as_str())
        || lower == "amp"
        || (lower == "outputtype" && value.eq_ignore_ascii_case("amp"))
}

/// Host labels that name a mobile or AMP copy of the same site.
const VARIANT_HOST_LABELS: &[&str] = &["www.", "m.", "mobile.", "amp."];

/// The host without its `www.`, `m.`, `mobile.` and `amp.` first labels, each dropped only
/// when at least two labels remain (`m.example` stays).
fn canonical_host(mut host: &str) -> &str {
    'strip: loop {
        for prefix in VARIANT_HOST_LABELS {
            if let Some(rest) = host.strip_prefix(prefix)
                && rest.split('.').filter(|l| !l.is_empty()).count() >= 2
            {
                host = rest;
                continue 'strip;
            }
        }
        return host;
    }
}

/// Whether a path segment is one the URL parser would resolve away (`.` or `..`, escaped or
/// not), which a key must never end with.
fn is_dot_segment(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase().replace("%2e", ".");
    s == "." || s == ".."
}

/// The path (already without trailing slashes, not the root) without its AMP marks: a last
/// segment `amp` or `amp.html` (kept when it is the only segment), and an ending `.amp` or
/// `.amp.html` of the last segment (kept when nothing else is left of the segment).
fn canonical_path(mut path: &str) -> &str {
    loop {
        let before = path;
        if let Some(rest) = path
            .strip_suffix("/amp")
            .or_else(|| path.strip_suffix("/amp.html"))
        {
            let rest = rest.trim_end_matches('/');
            if !rest.is_empty() {
                path = rest;
            }
        }
        if let Some(rest) = path
            .strip_suffix(".amp")
            .or_else(|| path.strip_suffix(".amp.html"))
        {
            let stem = rest.rsplit('/').next().unwrap_or("");
            if !stem.is_empty() && !is_dot_segment(stem) {
                path = rest;
            }
        }
        if path == before {
            return path;
        }
    }
}

/// Upper-cases the hex digits of percent-escapes, which `url` leaves as written.
fn upper_escapes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else {
            // Safe to push by char: we only ever skip ASCII bytes above.
            let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Computes the key of an absolute http(s) URL (or IRI: raw Arabic paths are percent-encoded).
///
/// The key is `host[:port]/path[?sorted-query]` without the scheme; it is not itself a URL.
pub fn url_key(raw: &str) -> Result<String, UrlKeyError> {
    let url = Url::parse(raw.trim()).map_err(|_| UrlKeyError::Invalid(raw.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(UrlKeyError::Scheme(raw.to_string()));
    }
    let host = url
        .host_str()
        .ok_or_else(|| UrlKeyError::Invalid(raw.to_string()))?
        .to_ascii_lowercase();
    let host = canonical_host(&host);
    let mut key = String::with_capacity(raw.len());
    key.push_str(host);
    if let Some(port) = url.port() {
        key.push(':');
        key.push_str(&port.to_string());
    }
    let path = upper_escapes(url.path());
    let path = if path.len() > 1 {
        canonical_path(path.trim_end_matches('/'))
    } else {
        ""
    };
    key.push_str(if path.is_empty() { "/" } else { path });
    if let Some(query) = url.query() {
        let mut pairs: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !is_dropped_param(p))
            .collect();
        pairs.sort_unstable();
        if !pairs.is_empty() {
            key.push('?');
            key.push_str(&upper_escapes(&pairs.join("&")));
        }
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_page_share_a_key() {
        let base = url_key("https://example.com/news/2026/11/story").unwrap();
        for variant in [
            "http://example.com/news/2026/11/story",
            "https://www.example.com/news/2026/11/story/",
            "https://EXAMPLE.com/news/2026/11/story#comments",
            "https://example.com:443/news/2026/11/story?utm_source=x&utm_medium=rss",
            "https://example.com/news/2026/11/story?fbclid=abc",
        ] {
            assert_eq!(url_key(variant).unwrap(), base, "{variant}");
        }
    }

    #[test]
    fn different_pages_keep_different_keys() {
        let a = url_key("https://example.com/details.php?id=1").unwrap();
        let b = url_key("https://example.com/details.php?id=2").unwrap();
        assert_ne!(a, b);
        assert_ne!(
            url_key("http://127.0.1.1:8765/a").unwrap(),
            url_key("http://127.0.1.2:8765/a").unwrap()
        );
        assert_ne!(
            url_key("http://127.0.1.1:8765/a").unwrap(),
            url_key("http://127.0.1.1:8766/a").unwrap()
        );
    }

    #[test]
    fn query_order_and_escape_case_do_not_matter() {
        assert_eq!(
            url_key("https://e.com/p?b=2&a=1").unwrap(),
            url_key("https://e.com/p?a=1&b=2").unwrap()
        );
        assert_eq!(
            url_key("https://e.com/%d8%a7").unwrap(),
            url_key("https://e.com/%D8%A7").unwrap()
        );
    }

    #[test]
    fn raw_arabic_iri_meets_its_percent_encoded_form() {
        assert_eq!(
            url_key("https://e.com/أخبار/1").unwrap(),
            url_key("https://e.com/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/1").unwrap()
        );
    }

    #[test]
    fn rejects_relative_and_non_http() {
        assert!(matches!(url_key("/a/b"), Err(UrlKeyError::Invalid(_))));
        assert!(matches!(
            url_key("ftp://e.com/a"),
            Err(UrlKeyError::Scheme(_))
        ));
    }

    fn same(a: &str, b: &str) {
        assert_eq!(url_key(a).unwrap(), url_key(b).unwrap(), "{a} vs {b}");
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(url_key(a).unwrap(), url_key(b).unwrap(), "{a} vs {b}");
    }

    #[test]
    fn mobile_and_amp_hosts_meet_the_canonical_host() {
        let page = "https://news.example.com/a/1";
        for variant in [
            "https://m.news.example.com/a/1",
            "https://mobile.news.example.com/a/1",
            "https://amp.news.example.com/a/1",
            "https://www.news.example.com/a/1",
            "https://M.News.Example.com/a/1",
            "https://www.m.news.example.com/a/1",
            "https://amp.www.news.example.com/a/1",
        ] {
            same(variant, page);
        }
        same("https://m.example.com/a", "https://example.com/a");
        assert_eq!(
            url_key("https://m.example.com:8080/a").unwrap(),
            "example.com:8080/a"
        );
    }

    #[test]
    fn amp_path_marks_are_dropped() {
        for (variant, page) in [
            ("https://e.com/news/123/amp", "https://e.com/news/123"),
            ("https://e.com/news/123/amp/", "https://e.com/news/123"),
            ("https://e.com/news/123/amp.html", "https://e.com/news/123"),
            ("https://e.com/news/123.amp", "https://e.com/news/123"),
            ("https://e.com/news/123.amp.html", "https://e.com/news/123"),
            (
                "https://e.com/news/story.amp?utm_source=x",
                "https://e.com/news/story",
            ),
            ("https://e.com/news/123/amp#top", "https://e.com/news/123/"),
            ("https://e.com/news/123/amp/amp", "https://e.com/news/123"),
        ] {
            same(variant, page);
        }
        assert_eq!(
            url_key("https://e.com/news/123/amp").unwrap(),
            "e.com/news/123"
        );
    }

    #[test]
    fn amp_query_parameters_are_dropped() {
        for variant in [
            "https://e.com/news/123?amp",
            "https://e.com/news/123?amp=1",
            "https://e.com/news/123?amp=true&utm_medium=social",
            "https://e.com/news/123?amp_js_v=0.1",
            "https://e.com/news/123?usqp=mq331AQFKAGwASA%3D",
            "https://e.com/news/123?outputType=amp",
            "https://e.com/news/123?outputtype=AMP",
            "https://amp.e.com/news/123/amp?amp=1&amp_js_v=a&usqp=b",
        ] {
            same(variant, "https://e.com/news/123");
        }
        same(
            "https://e.com/details.php?id=5&amp=1",
            "https://e.com/details.php?id=5",
        );
    }

    #[test]
    fn amp_and_mobile_lookalikes_stay_different_pages() {
        // An `amp` segment in the middle of a path names a different page.
        differ("https://e.com/amp/news/123", "https://e.com/news/123");
        differ("https://e.com/news/amp/123", "https://e.com/news/123");
        // A lone `/amp` is a page of its own, not the home page.
        differ("https://e.com/amp", "https://e.com/");
        // Names that only contain the marks.
        differ("https://e.com/news/camp", "https://e.com/news/c");
        differ("https://e.com/news/ramp.html", "https://e.com/news/r");
        differ("https://e.com/news/123-amp", "https://e.com/news/123");
        differ("https://e.com/news/amplifier", "https://e.com/news");
        differ("https://e.com/news/.amp", "https://e.com/news");
        // Hosts that only look like variants.
        differ("https://mobile-news.example/a", "https://news.example/a");
        differ("https://mnews.example.com/a", "https://news.example.com/a");
        differ(
            "https://ampnews.example.com/a",
            "https://news.example.com/a",
        );
        differ("https://news.m.example.com/a", "https://news.example.com/a");
        // `m.` only as the first label with at least two labels after it.
        differ("https://m.example/a", "https://example/a");
        differ("https://amp.dev/a", "https://dev/a");
        assert_eq!(url_key("https://m.example/a").unwrap(), "m.example/a");
        // Parameters that only resemble the AMP ones select content.
        differ("https://e.com/p?outputType=print", "https://e.com/p");
        differ("https://e.com/p?ampm=pm", "https://e.com/p");
        differ("https://e.com/p?x=amp", "https://e.com/p");
    }

    proptest::proptest! {
        #[test]
        fn key_is_idempotent_on_its_url(path in "[a-z0-9/]{0,20}", q in "[a-z]{0,5}") {
            let raw = format!("https://e.com/{path}?{q}=1");
            let key = url_key(&raw).unwrap();
            let again = url_key(&format!("https://{key}")).unwrap();
            proptest::prop_assert_eq!(key, again);
        }

        #[test]
        fn key_is_idempotent_on_amp_and_mobile_variants(
            prefixes in proptest::collection::vec(
                proptest::sample::select(vec!["www.", "m.", "mobile.", "amp.", "news.", "x-"]),
                0..4,
            ),
            tld in proptest::sample::select(vec!["e", "e.com", "co.uk"]),
            segments in proptest::collection::vec(
                proptest::sample::select(vec![
                    "amp", "amp.html", "a.amp", "b.amp.html", ".amp", "..amp", "%2e.amp",
                    "news", "123", "", "x.html", "%D8%A7", "amp.amp",
                ]),
                0..6,
            ),
            slash in proptest::bool::ANY,
            params in proptest::collection::vec(
                proptest::sample::select(vec![
                    "amp", "amp=1", "amp_js_v=2", "usqp=x", "outputType=amp",
                    "outputType=html", "id=7", "utm_source=a", "q=%d8%a7",
                ]),
                0..4,
            ),
        ) {
            let host = format!("{}{tld}", prefixes.concat());
            let mut raw = format!("https://{host}/{}", segments.join("/"));
            if slash {
                raw.push('/');
            }
            if !params.is_empty() {
                raw.push('?');
                raw.push_str(&params.join("&"));
            }
            if let Ok(key) = url_key(&raw) {
                let again = url_key(&format!("https://{key}")).unwrap();
                proptest::prop_assert_eq!(key, again, "{}", raw);
            }
        }
    }
}
