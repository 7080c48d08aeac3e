//! Character encoding of a page, decided the way browsers do, and decoding to UTF-8.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252, X_USER_DEFINED};

/// How many leading bytes are searched for `<meta charset>`.
const PRESCAN_BYTES: usize = 4096;

/// Decodes `bytes` to a string, returning it with the encoding used.
///
/// Order: byte-order mark, `charset=` of the HTTP `Content-Type`, `<meta charset>` or
/// `<meta http-equiv="Content-Type">` in the first 4096 bytes, then chardetng (with the
/// URL's top-level domain as a hint). One deviation from browsers: when a legacy encoding is
/// declared but the bytes are valid UTF-8 containing non-ASCII text, UTF-8 wins (servers and
/// templates often declare a charset the page no longer uses).
pub fn decode(
    bytes: &[u8],
    content_type: Option<&str>,
    tld: Option<&str>,
) -> (String, &'static Encoding) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or(&[]);
        let (text, _) = enc.decode_without_bom_handling(body);
        return (text.into_owned(), enc);
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| prescan_meta(bytes));
    let enc = match declared {
        Some(enc) => {
            if enc != UTF_8 && looks_like_utf8_text(bytes) {
                UTF_8
            } else {
                enc
            }
        }
        None => detect(bytes, tld),
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc)
}

fn looks_like_utf8_text(bytes: &[u8]) -> bool {
    !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()
}

fn detect(bytes: &[u8], tld: Option<&str>) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let tld = tld.filter(|t| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    });
    det.guess(tld.map(str::as_bytes), Utf8Detection::Allow)
}

/// Maps a label the way the HTML spec does for declarations found in the document itself.
fn html_label(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == UTF_16BE || enc == UTF_16LE {
        Some(UTF_8)
    } else if enc == X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else if enc == encoding_rs::REPLACEMENT {
        None
    } else {
        Some(enc)
    }
}

/// The `charset` parameter of a `Content-Type` header value.
pub fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    let label = charset_param(ct)?;
    let enc = Encoding::for_label(label.as_bytes())?;
    (enc != encoding_rs::REPLACEMENT).then_some(enc)
}

/// Finds `charset` `=` value in a string (ASCII case-insensitive), unquoting the value.
fn charset_param(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find("charset") {
        let start = from + pos + "charset".len();
        from = start;
        let rest = lower.get(start..)?.trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let value: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
            .collect();
        if !value.is_empty() {
            return Some(value);
        }
    }
    None
}

/// Looks for `<meta charset=…>` or `<meta http-equiv=Content-Type content="…charset=…">`
/// in the first bytes of the page (a simplified version of the HTML prescan).
pub fn prescan_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(PRESCAN_BYTES)).unwrap_or(bytes);
    // Latin-1-style widening keeps byte offsets and is enough for ASCII markup.
    let text: String = head
        .iter()
        .map(|&b| char::from(b.to_ascii_lowercase()))
        .collect();
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find("<meta")) {
        let start = from + pos;
        let end = text
            .get(start..)
            .and_then(|t| t.find('>'))
            .map_or(text.len(), |e| start + e);
        let tag = text.get(start..end).unwrap_or("");
        if let Some(label) = charset_param(tag)
            && let Some(enc) = html_label(&label)
        {
            return Some(enc);
        }
        from = end.max(start + 5);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_charset() {
        assert_eq!(
            charset_from_content_type("text/html; charset=windows-1256"),
            Some(encoding_rs::WINDOWS_1256)
        );
        assert_eq!(
            charset_from_content_type("text/html;charset=\"UTF-8\""),
            Some(UTF_8)
        );
        assert_eq!(charset_from_content_type("text/html"), None);
    }

    #[test]
    fn meta_prescan() {
        assert_eq!(
            prescan_meta(b"<html><head><meta charset=\"windows-1256\">"),
            Some(encoding_rs::WINDOWS_1256)
        );
        assert_eq!(
            prescan_meta(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-6\">"
            ),
            Some(encoding_rs::ISO_8859_6)
        );
        assert_eq!(prescan_meta(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(prescan_meta(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn bom_wins() {
        let (s, enc) = decode(
            b"\xEF\xBB\xBFabc",
            Some("text/html; charset=windows-1256"),
            None,
        );
        assert_eq!(s, "abc");
        assert_eq!(enc, UTF_8);
    }

    #[test]
    fn detects_windows_1256() {
        let text = "<p>يبحث وزراء الخارجية في العاصمة تعزيز التعاون الاقتصادي والتجاري بين البلدين خلال الأيام المقبلة، وفق ما أعلنته الوزارة.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let (s, enc) = decode(&bytes, None, Some("eg"));
        assert_eq!(enc, encoding_rs::WINDOWS_1256);
        assert_eq!(s, text);
    }
}
