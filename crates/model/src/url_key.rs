//! The URL key: the identity of an article's address, so one article is stored once.
//!
//! Two URLs that a reader would consider the same page get the same key: scheme, `www.`,
//! default port, fragment, trailing slash, tracking parameters, parameter order and the case of
//! percent-escapes do not matter. Everything else does, so two different pages never collide.

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

fn is_tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING_PARAMS.contains(&lower.as_str())
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
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut key = String::with_capacity(raw.len());
    key.push_str(host);
    if let Some(port) = url.port() {
        key.push(':');
        key.push_str(&port.to_string());
    }
    let path = upper_escapes(url.path());
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        ""
    };
    key.push_str(if path.is_empty() { "/" } else { path });
    if let Some(query) = url.query() {
        let mut pairs: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !is_tracking(p.split('=').next().unwrap_or("")))
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

    proptest::proptest! {
        #[test]
        fn key_is_idempotent_on_its_url(path in "[a-z0-9/]{0,20}", q in "[a-z]{0,5}") {
            let raw = format!("https://e.com/{path}?{q}=1");
            let key = url_key(&raw).unwrap();
            let again = url_key(&format!("https://{key}")).unwrap();
            proptest::prop_assert_eq!(key, again);
        }
    }
}
