//! The reading site: the reader's language and calendar preferences, the page frame every
//! template shares, rendering, and the error pages in the reader's language.

pub(crate) mod chart;
pub(crate) mod i18n;
pub(crate) mod pages;
pub(crate) mod related;
pub(crate) mod search;
pub(crate) mod time;

use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use i18n::{Lang, Ui};
use std::convert::Infallible;

/// How long a preference cookie lasts: a year.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// The reader's preferences, from the query string (which also sets them as cookies) or the
/// cookies of an earlier visit.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    /// The interface language.
    pub lang: Lang,
    /// Whether dates show their Hijri form beside the Gregorian one.
    pub hijri: bool,
    /// The request's path, for links that switch a preference.
    path: String,
    /// The request's query pairs other than the preferences.
    rest: Vec<(String, String)>,
    /// `Set-Cookie` values to send.
    cookies: Vec<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Reader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Reader, Infallible> {
        let pairs: Vec<(String, String)> = Query::try_from_uri(&parts.uri)
            .map(|Query(p)| p)
            .unwrap_or_default();
        let cookie = |name: &str| -> Option<String> {
            parts
                .headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        let mut cookies = Vec::new();
        let asked = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let lang = match asked("lang").as_deref().and_then(Lang::parse) {
            Some(l) => {
                cookies.push(format!(
                    "lang={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax",
                    l.ui().lang
                ));
                l
            }
            None => cookie("lang")
                .as_deref()
                .and_then(Lang::parse)
                .unwrap_or(Lang::Ar),
        };
        let hijri = match asked("hijri").as_deref() {
            Some(v @ ("1" | "0")) => {
                cookies.push(format!(
                    "hijri={v}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                ));
                v == "1"
            }
            _ => cookie("hijri").as_deref() == Some("1"),
        };
        Ok(Reader {
            lang,
            hijri,
            path: parts.uri.path().to_string(),
            rest: pairs
                .into_iter()
                .filter(|(k, _)| k != "lang" && k != "hijri")
                .collect(),
            cookies,
        })
    }
}

impl Reader {
    /// The string table of the reader's language.
    pub fn t(&self) -> &'static Ui {
        self.lang.ui()
    }

    /// This page with one preference changed.
    fn with(&self, key: &str, value: &str) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.rest {
            q.append_pair(k, v);
        }
        q.append_pair(key, value);
        format!("{}?{}", self.path, q.finish())
    }

    /// The frame of a page for this reader.
    pub fn frame(&self, search: &str, feeds: Vec<FeedLink>) -> Frame {
        let t = self.t();
        Frame {
            t,
            switch_href: self.with("lang", t.other_lang),
            hijri_href: self.with("hijri", if self.hijri { "0" } else { "1" }),
            hijri_label: if self.hijri {
                t.hide_hijri
            } else {
                t.show_hijri
            },
            search: search.to_string(),
            feeds,
        }
    }

    /// Renders a page with `status`, setting the preference cookies the request asked for.
    pub fn respond(&self, status: StatusCode, page: &impl Template) -> Response {
        let mut r = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "template failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
            }
        };
        self.set_cookies(&mut r);
        r
    }

    /// Adds the preference cookies to a response, and says that the page depends on them
    /// (`Vary: Cookie`, so that no shared cache hands one reader's language to another) and
    /// in which language it is written.
    pub fn set_cookies(&self, r: &mut Response) {
        let headers = r.headers_mut();
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(self.t().lang),
        );
        for c in &self.cookies {
            if let Ok(v) = HeaderValue::from_str(c) {
                headers.append(header::SET_COOKIE, v);
            }
        }
    }

    /// The page of a status with its title and message, in the reader's language.
    pub fn message(&self, status: StatusCode, title: &str, message: &str) -> Response {
        self.respond(
            status,
            &MessagePage {
                frame: self.frame("", Vec::new()),
                title: title.to_string(),
                message: message.to_string(),
            },
        )
    }

    /// 404 in the reader's language.
    pub fn not_found(&self) -> Response {
        let t = self.t();
        self.message(StatusCode::NOT_FOUND, t.not_found_title, t.not_found)
    }

    /// 400 in the reader's language.
    pub fn bad_request(&self, detail: Option<&str>) -> Response {
        let t = self.t();
        self.message(
            StatusCode::BAD_REQUEST,
            t.bad_request_title,
            detail.unwrap_or(t.bad_request),
        )
    }

    /// 503 for a store failure, logged; no internal detail reaches the page.
    pub fn store_error(&self, e: marsad_store::StoreError) -> Response {
        tracing::error!(error = %e, "store read failed");
        let t = self.t();
        self.message(
            StatusCode::SERVICE_UNAVAILABLE,
            t.unavailable_title,
            t.unavailable,
        )
    }
}

/// A feed of the page, announced in its head and linked in its body.
#[derive(Debug, Clone)]
pub(crate) struct FeedLink {
    /// Its media type.
    pub mime: &'static str,
    /// Its format's name.
    pub name: &'static str,
    /// Its address.
    pub href: String,
}

impl FeedLink {
    /// The Atom, RSS and JSON Feed links of a feed whose address is `stem` + extension (+
    /// `query`).
    pub fn all(stem: &str, query: &str) -> Vec<FeedLink> {
        [
            ("application/atom+xml", "Atom", "atom"),
            ("application/rss+xml", "RSS", "rss"),
            ("application/feed+json", "JSON Feed", "json"),
        ]
        .into_iter()
        .map(|(mime, name, ext)| FeedLink {
            mime,
            name,
            href: format!("{stem}.{ext}{query}"),
        })
        .collect()
    }
}

/// What the frame of every page (base.html) shows.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// The interface strings.
    pub t: &'static Ui,
    /// This page in the other language.
    pub switch_href: String,
    /// This page with the Hijri preference flipped.
    pub hijri_href: String,
    /// The label of that link.
    pub hijri_label: &'static str,
    /// The search box's text.
    pub search: String,
    /// The page's feeds.
    pub feeds: Vec<FeedLink>,
}

/// A page that only says something (errors).
#[derive(Template)]
#[template(path = "message.html")]
pub(crate) struct MessagePage {
    frame: Frame,
    title: String,
    message: String,
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped, with the byte ranges `marks` (ascending, on character boundaries) wrapped
/// in `<mark>`. Ranges that overlap or fall outside the text are skipped.
pub(crate) fn highlighted(text: &str, marks: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 13);
    let mut at = 0;
    for &(a, b) in marks {
        if a < at || a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        escape(&text[at..a], &mut out);
        out.push_str("<mark>");
        escape(&text[a..b], &mut out);
        out.push_str("</mark>");
        at = b;
    }
    escape(&text[at..], &mut out);
    out
}

/// Percent-encodes a path segment (a tag key in `/tag/{key}`): everything but unreserved ASCII.
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Any unknown path: 404 in the reader's language.
pub(crate) async fn not_found(reader: Reader) -> Response {
    reader.not_found()
}

/// `/healthz`: 200 when the store answers.
pub(crate) async fn healthz(axum::extract::State(s): axum::extract::State<AppState>) -> Response {
    match s.store.count_stories().await {
        Ok(_) => (StatusCode::OK, "ok\n").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "store unavailable\n").into_response()
        }
    }
}

/// `/static/{file}`: assets compiled into the binary.
pub(crate) async fn asset(
    reader: Reader,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let (body, content_type): (&'static [u8], &str) = match file.as_str() {
        "style.css" => (
            include_bytes!("../../assets/style.css"),
            "text/css; charset=utf-8",
        ),
        "favicon.svg" => (include_bytes!("../../assets/favicon.svg"), "image/svg+xml"),
        _ => return reader.not_found(),
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_escape_and_skip_bad_ranges() {
        let text = "أ<b> قمة الرياض";
        let a = text.find("قمة").unwrap();
        let html = highlighted(text, &[(a, a + "قمة".len()), (1, 2), (0, 999)]);
        assert_eq!(html, "أ&lt;b&gt; <mark>قمة</mark> الرياض");
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("a b/ج"), "a%20b%2F%D8%AC");
    }
}
