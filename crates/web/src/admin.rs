//! `/admin`: the feed list with its health; add, remove, pause and resume feeds; OPML import
//! and export. Behind the admin token of the configuration.
//!
//! A login form exchanges the token for a random session id in a cookie (HttpOnly,
//! SameSite=Strict, path `/admin`), kept in this process's memory. Each session has its own
//! random CSRF token, carried by every form and checked on every POST; the login form itself
//! is protected by a double-submit token (a cookie and a field that must match). Secrets are
//! compared in constant time. Without a token in the configuration the admin is disabled and
//! says so.

use crate::AppState;
use crate::api::catalog::feed_status;
use crate::ui::i18n::Lang;
use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use marsad_model::{Feed, FeedId};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a session lasts.
const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
/// Sessions kept at most; the oldest goes first. An attacker without the token cannot create
/// any, so this only bounds what many logins by the operator leave behind.
const MAX_SESSIONS: usize = 64;
/// The largest OPML file accepted.
pub(crate) const MAX_OPML_BYTES: usize = 512 * 1024;
/// The session cookie.
const SESSION_COOKIE: &str = "marsad_admin";
/// The login form's double-submit cookie.
const LOGIN_COOKIE: &str = "marsad_login";
/// The interface language cookie (shared with the reading site).
const LANG_COOKIE: &str = "lang";

/// True when `given` equals `expected`, in time that depends only on their lengths, so that
/// timing does not reveal how much of a guess was right.
pub(crate) fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 random bytes from the operating system, as hex.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The OS generator failing leaves no safe way to make a session: stop the request.
    getrandom::fill(&mut bytes).expect("the operating system's random generator failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug)]
struct Session {
    csrf: String,
    expires: Instant,
}

/// The admin sessions of this process.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns its id and CSRF token.
    fn start(&self) -> (String, String) {
        let (id, csrf) = (random_token(), random_token());
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, s| s.expires > now);
        if map.len() >= MAX_SESSIONS
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(
            id.clone(),
            Session {
                csrf: csrf.clone(),
                expires: now + SESSION_TTL,
            },
        );
        (id, csrf)
    }

    /// The CSRF token of a live session.
    fn csrf(&self, id: &str) -> Option<String> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        // Looked up by hash: the id is random and 256 bits long, so the lookup's timing gives
        // nothing usable away.
        map.get(id)
            .filter(|s| s.expires > Instant::now())
            .map(|s| s.csrf.clone())
    }

    fn end(&self, id: &str) {
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id);
    }
}

/// The value of cookie `name` in the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The language of the request: `?lang=` first (remembered in a cookie), then the cookie,
/// else Arabic. Returns the cookie to set when the query chose one.
fn language(q: &LangQuery, headers: &HeaderMap) -> (Lang, Option<HeaderValue>) {
    let parse = Lang::parse;
    if let Some(lang) = q.lang.as_deref().and_then(parse) {
        let value = if lang == Lang::En { "en" } else { "ar" };
        let set = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax"
        ))
        .ok();
        return (lang, set);
    }
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(parse)
        .unwrap_or(Lang::Ar);
    (lang, None)
}

/// The strings of the admin pages in one language.
pub(crate) struct Text {
    lang: &'static str,
    dir: &'static str,
    other_lang: &'static str,
    other_lang_name: &'static str,
    title: &'static str,
    site: &'static str,
    disabled_title: &'static str,
    disabled_body: &'static str,
    login_title: &'static str,
    token_label: &'static str,
    login_button: &'static str,
    wrong_token: &'static str,
    logout: &'static str,
    feeds: &'static str,
    no_feeds: &'static str,
    col_source: &'static str,
    col_url: &'static str,
    col_status: &'static str,
    col_errors: &'static str,
    col_last_fetch: &'static str,
    col_articles: &'static str,
    col_actions: &'static str,
    last_error: &'static str,
    never: &'static str,
    pause: &'static str,
    resume: &'static str,
    remove: &'static str,
    add_title: &'static str,
    url_label: &'static str,
    source_label: &'static str,
    add_button: &'static str,
    opml_title: &'static str,
    opml_file: &'static str,
    import_button: &'static str,
    export_link: &'static str,
    forbidden_title: &'static str,
    forbidden_body: &'static str,
    status_ok: &'static str,
    status_failing: &'static str,
    status_new: &'static str,
    status_paused: &'static str,
    msg_added: &'static str,
    msg_existing: &'static str,
    msg_bad_url: &'static str,
    msg_paused: &'static str,
    msg_resumed: &'static str,
    msg_removed: &'static str,
    msg_no_feed: &'static str,
    msg_imported: &'static str,
    msg_bad_opml: &'static str,
    msg_too_large: &'static str,
    msg_failed: &'static str,
}

/// Arabic strings.
const AR: Text = Text {
    lang: "ar",
    dir: "rtl",
    other_lang: "en",
    other_lang_name: "English",
    title: "إدارة المصادر",
    site: "مرصد",
    disabled_title: "الإدارة معطّلة",
    disabled_body: "لم يُضبط رمز الإدارة في إعدادات الخادم، لذلك صفحات الإدارة معطّلة. شغّل الخادم مع ‎--admin-token‎ أو متغير البيئة MARSAD_ADMIN_TOKEN لتفعيلها.",
    login_title: "الدخول إلى الإدارة",
    token_label: "رمز الإدارة",
    login_button: "دخول",
    wrong_token: "الرمز غير صحيح.",
    logout: "خروج",
    feeds: "الخلاصات",
    no_feeds: "لا توجد خلاصات بعد.",
    col_source: "المصدر",
    col_url: "العنوان",
    col_status: "الحالة",
    col_errors: "الأخطاء",
    col_last_fetch: "آخر جلب",
    col_articles: "المقالات",
    col_actions: "إجراءات",
    last_error: "آخر خطأ",
    never: "لم تُجلب بعد",
    pause: "إيقاف مؤقت",
    resume: "استئناف",
    remove: "حذف",
    add_title: "إضافة خلاصة",
    url_label: "عنوان الخلاصة",
    source_label: "اسم المصدر (اختياري)",
    add_button: "إضافة",
    opml_title: "استيراد وتصدير OPML",
    opml_file: "ملف OPML",
    import_button: "استيراد",
    export_link: "تنزيل قائمة الخلاصات (OPML)",
    forbidden_title: "الطلب مرفوض",
    forbidden_body: "انتهت الجلسة أو أن النموذج لا يحمل رمز الحماية الصحيح. ادخل من جديد ثم أعد المحاولة.",
    status_ok: "سليمة",
    status_failing: "متعثّرة",
    status_new: "جديدة",
    status_paused: "موقوفة",
    msg_added: "أُضيفت الخلاصة.",
    msg_existing: "الخلاصة موجودة من قبل.",
    msg_bad_url: "العنوان غير صالح: يجب أن يبدأ بـ http أو https.",
    msg_paused: "أُوقفت الخلاصة مؤقتاً.",
    msg_resumed: "استؤنفت الخلاصة.",
    msg_removed: "حُذفت الخلاصة (تبقى مقالاتها).",
    msg_no_feed: "لا توجد خلاصة بهذا الرقم.",
    msg_imported: "اكتمل الاستيراد.",
    msg_bad_opml: "تعذّرت قراءة ملف OPML.",
    msg_too_large: "الملف أكبر من الحد المسموح (512 كيلوبايت).",
    msg_failed: "تعذّر تنفيذ الطلب. حاول مرة أخرى.",
};

/// English strings.
const EN: Text = Text {
    lang: "en",
    dir: "ltr",
    other_lang: "ar",
    other_lang_name: "العربية",
    title: "Feed administration",
    site: "Marsad",
    disabled_title: "Administration is disabled",
    disabled_body: "No admin token is set in the server's configuration, so the admin pages are disabled. Start the server with --admin-token or the MARSAD_ADMIN_TOKEN environment variable to enable them.",
    login_title: "Sign in to the administration",
    token_label: "Admin token",
    login_button: "Sign in",
    wrong_token: "The token is wrong.",
    logout: "Sign out",
    feeds: "Feeds",
    no_feeds: "No feeds yet.",
    col_source: "Source",
    col_url: "Address",
    col_status: "Status",
    col_errors: "Errors",
    col_last_fetch: "Last fetch",
    col_articles: "Articles",
    col_actions: "Actions",
    last_error: "Last error",
    never: "never fetched",
    pause: "Pause",
    resume: "Resume",
    remove: "Remove",
    add_title: "Add a feed",
    url_label: "Feed address",
    source_label: "Source name (optional)",
    add_button: "Add",
    opml_title: "OPML import and export",
    opml_file: "OPML file",
    import_button: "Import",
    export_link: "Download the feed list (OPML)",
    forbidden_title: "Request refused",
    forbidden_body: "The session has ended or the form does not carry the right protection token. Sign in again and retry.",
    status_ok: "ok",
    status_failing: "failing",
    status_new: "new",
    status_paused: "paused",
    msg_added: "The feed was added.",
    msg_existing: "The feed was already in the list.",
    msg_bad_url: "The address is not valid: it must start with http or https.",
    msg_paused: "The feed is paused.",
    msg_resumed: "The feed is resumed.",
    msg_removed: "The feed was removed (its articles stay).",
    msg_no_feed: "There is no feed with this number.",
    msg_imported: "Import finished.",
    msg_bad_opml: "The OPML file could not be read.",
    msg_too_large: "The file is larger than allowed (512 KiB).",
    msg_failed: "The request could not be carried out. Try again.",
};

/// The admin strings of a language (the reading site's are in `ui::i18n`, in the same form).
trait AdminText {
    fn text(self) -> &'static Text;
}

impl AdminText for Lang {
    fn text(self) -> &'static Text {
        match self {
            Lang::Ar => &AR,
            Lang::En => &EN,
        }
    }
}

impl Text {
    /// The message a redirect's `msg` names.
    fn message(&self, key: &str) -> Option<&'static str> {
        Some(match key {
            "added" => self.msg_added,
            "existing" => self.msg_existing,
            "bad_url" => self.msg_bad_url,
            "paused" => self.msg_paused,
            "resumed" => self.msg_resumed,
            "removed" => self.msg_removed,
            "no_feed" => self.msg_no_feed,
            "imported" => self.msg_imported,
            "bad_opml" => self.msg_bad_opml,
            "too_large" => self.msg_too_large,
            "failed" => self.msg_failed,
            _ => return None,
        })
    }

    fn status(&self, status: &str) -> &'static str {
        match status {
            "paused" => self.status_paused,
            "failing" => self.status_failing,
            "new" => self.status_new,
            _ => self.status_ok,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/message.html")]
struct MessagePage {
    t: &'static Text,
    heading: &'static str,
    body: &'static str,
}

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    t: &'static Text,
    csrf: String,
    wrong: bool,
}

/// One feed row of the admin table.
struct Row {
    id: i64,
    source: String,
    url: String,
    status: &'static str,
    status_label: &'static str,
    paused: bool,
    errors: i64,
    last_error: Option<String>,
    last_fetch: Option<String>,
    articles: i64,
    failed_items: i64,
}

#[derive(Template)]
#[template(path = "admin/feeds.html")]
struct FeedsPage {
    t: &'static Text,
    csrf: String,
    rows: Vec<Row>,
    message: Option<&'static str>,
    report: Option<String>,
}

fn page(t: &impl Template, status: StatusCode, set_lang: Option<HeaderValue>) -> Response {
    let mut response = match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "admin template failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    };
    // Admin pages hold a CSRF token and the feed list: never cached or stored.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = set_lang {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

fn message_page(
    lang: Lang,
    status: StatusCode,
    heading: &'static str,
    body: &'static str,
) -> Response {
    page(
        &MessagePage {
            t: lang.text(),
            heading,
            body,
        },
        status,
        None,
    )
}

fn disabled(lang: Lang) -> Response {
    let t = lang.text();
    message_page(
        lang,
        StatusCode::FORBIDDEN,
        t.disabled_title,
        t.disabled_body,
    )
}

fn forbidden(lang: Lang) -> Response {
    let t = lang.text();
    message_page(
        lang,
        StatusCode::FORBIDDEN,
        t.forbidden_title,
        t.forbidden_body,
    )
}

/// The query string of admin pages.
#[derive(Debug, Deserialize)]
pub(crate) struct LangQuery {
    lang: Option<String>,
    msg: Option<String>,
    added: Option<u32>,
    existing: Option<u32>,
    skipped: Option<u32>,
    wrong: Option<u8>,
}

fn format_time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Lang::Ar => crate::ui::time::arabic(at, None, false) + " (UTC)",
        Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

fn row(lang: Lang, f: Feed) -> Row {
    let status = feed_status(&f);
    Row {
        id: f.id.0,
        status_label: lang.text().status(status),
        status,
        source: f.source_name,
        url: f.url,
        paused: f.paused,
        errors: f.error_count,
        last_error: f.last_error,
        last_fetch: f.last_fetch_at.map(|t| format_time(lang, t)),
        articles: f.article_count,
        failed_items: f.failed_items,
    }
}

/// `GET /admin`: the feed list, or the login form, or the disabled page.
pub(crate) async fn index(
    State(s): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, set_lang) = language(&q, &headers);
    if s.admin_token.is_none() {
        return disabled(lang);
    }
    let Some(csrf) = cookie(&headers, SESSION_COOKIE).and_then(|id| s.sessions.csrf(id)) else {
        let mut r = Redirect::to("/admin/login").into_response();
        if let Some(v) = set_lang {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
        return r;
    };
    let feeds = match s.store.list_feeds().await {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %e, "admin could not list feeds");
            let t = lang.text();
            return message_page(lang, StatusCode::SERVICE_UNAVAILABLE, t.title, t.msg_failed);
        }
    };
    let t = lang.text();
    let report = (q.msg.as_deref() == Some("imported")).then(|| match lang {
        Lang::Ar => format!(
            "أُضيفت {}، وكانت موجودة {}، وتُركت {}.",
            q.added.unwrap_or(0),
            q.existing.unwrap_or(0),
            q.skipped.unwrap_or(0)
        ),
        Lang::En => format!(
            "{} added, {} already present, {} skipped.",
            q.added.unwrap_or(0),
            q.existing.unwrap_or(0),
            q.skipped.unwrap_or(0)
        ),
    });
    page(
        &FeedsPage {
            t,
            csrf,
            rows: feeds.into_iter().map(|f| row(lang, f)).collect(),
            message: q.msg.as_deref().and_then(|m| t.message(m)),
            report,
        },
        StatusCode::OK,
        set_lang,
    )
}

/// `GET /admin/login`: the login form, with a fresh double-submit token.
pub(crate) async fn login_form(
    State(s): State<AppState>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let (lang, set_lang) = language(&q, &headers);
    if s.admin_token.is_none() {
        return disabled(lang);
    }
    let csrf = random_token();
    let mut r = page(
        &LoginPage {
            t: lang.text(),
            csrf: csrf.clone(),
            wrong: q.wrong.is_some(),
        },
        StatusCode::OK,
        set_lang,
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LOGIN_COOKIE}={csrf}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=3600"
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    token: String,
    csrf: String,
}

/// `POST /admin/login`: a right token starts a session.
pub(crate) async fn login(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let (lang, _) = language(&LangQuery::none(), &headers);
    let Some(expected) = s.admin_token.as_deref() else {
        return disabled(lang);
    };
    let double_submit = cookie(&headers, LOGIN_COOKIE).is_some_and(|c| same_secret(&form.csrf, c));
    if !double_submit {
        return forbidden(lang);
    }
    if !same_secret(form.token.trim(), expected) {
        tracing::warn!(target: "marsad_web::admin", "admin login with a wrong token");
        return Redirect::to("/admin/login?wrong=1").into_response();
    }
    let (id, _) = s.sessions.start();
    tracing::info!(target: "marsad_web::admin", "admin session started");
    let mut r = Redirect::to("/admin").into_response();
    let secs = SESSION_TTL.as_secs();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={secs}"
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    // The login token has done its work.
    r.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("marsad_login=; Path=/admin; Max-Age=0"),
    );
    r
}

impl LangQuery {
    fn none() -> LangQuery {
        LangQuery {
            lang: None,
            msg: None,
            added: None,
            existing: None,
            skipped: None,
            wrong: None,
        }
    }
}

/// Why a POST was refused.
enum Refusal {
    /// The admin is disabled.
    Disabled(Lang),
    /// No live session, or the form's CSRF token is not the session's.
    Forbidden(Lang),
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Disabled(lang) => disabled(lang),
            Refusal::Forbidden(lang) => forbidden(lang),
        }
    }
}

/// Checks a POST: a live session whose CSRF token the form carries. Returns the session id.
fn check_post(s: &AppState, headers: &HeaderMap, csrf: &str) -> Result<String, Refusal> {
    let (lang, _) = language(&LangQuery::none(), headers);
    if s.admin_token.is_none() {
        return Err(Refusal::Disabled(lang));
    }
    let session = cookie(headers, SESSION_COOKIE).map(str::to_string);
    match session.as_deref().and_then(|id| s.sessions.csrf(id)) {
        Some(expected) if same_secret(csrf, &expected) => Ok(session.unwrap_or_default()),
        _ => {
            tracing::warn!(target: "marsad_web::admin", "admin POST refused: no session or bad CSRF token");
            Err(Refusal::Forbidden(lang))
        }
    }
}

fn back(msg: &str) -> Response {
    Redirect::to(&format!("/admin?msg={msg}")).into_response()
}

/// A form carrying only the CSRF token.
#[derive(Debug, Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/logout`.
pub(crate) async fn logout(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let id = match check_post(&s, &headers, &form.csrf) {
        Ok(id) => id,
        Err(r) => return r.into_response(),
    };
    s.sessions.end(&id);
    let mut r = Redirect::to("/admin/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static("marsad_admin=; Path=/admin; Max-Age=0"),
    );
    r
}

/// The add-feed form.
#[derive(Debug, Deserialize)]
pub(crate) struct AddForm {
    #[serde(default)]
    csrf: String,
    url: String,
    #[serde(default)]
    source: String,
}

/// `POST /admin/feeds`: adds a feed.
pub(crate) async fn add(
    State(s): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AddForm>,
) -> Response {
    if let Err(r) = check_post(&s, &headers, &form.csrf) {
        return r.into_response();
    }
    if form.url.len() > 2048 || form.source.chars().count() > 200 {
        return back("bad_url");
    }
    let source = Some(form.source.trim()).filter(|s| !s.is_empty());
    match marsad_pipeline::add_feed(s.store.as_ref(), &form.url, source, None).await {
        Ok((id, created)) => {
            tracing::info!(target: "marsad_web::admin", feed = %id, created, "admin added a feed");
            back(if created { "added" } else { "existing" })
        }
        Err(marsad_pipeline::PipelineError::InvalidUrl(_)) => back("bad_url"),
        Err(e) => {
            tracing::error!(error = %e, "admin could not add a feed");
            back("failed")
        }
    }
}

/// `POST /admin/feeds/{id}/{action}`: pause, resume or delete a feed.
pub(crate) async fn feed_action(
    State(s): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(r) = check_post(&s, &headers, &form.csrf) {
        return r.into_response();
    }
    let Ok(id) = id.parse::<i64>().map(FeedId) else {
        return back("no_feed");
    };
    let store = s.store.as_ref();
    let (done, msg) = match action.as_str() {
        "pause" => (store.set_feed_paused(id, true).await, "paused"),
        "resume" => (store.set_feed_paused(id, false).await, "resumed"),
        "delete" => (store.remove_feed(id).await, "removed"),
        _ => {
            let (lang, _) = language(&LangQuery::none(), &headers);
            let t = lang.text();
            return message_page(lang, StatusCode::NOT_FOUND, t.title, t.msg_no_feed);
        }
    };
    match done {
        Ok(true) => {
            tracing::info!(target: "marsad_web::admin", feed = %id, action, "admin changed a feed");
            back(msg)
        }
        Ok(false) => back("no_feed"),
        Err(e) => {
            tracing::error!(error = %e, "admin could not change a feed");
            back("failed")
        }
    }
}

/// `POST /admin/opml`: imports the feeds of an uploaded OPML file (multipart fields `csrf` and
/// `file`, at most [`MAX_OPML_BYTES`]).
pub(crate) async fn import(
    State(s): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (mut csrf, mut file, mut too_large) = (String::new(), None::<Vec<u8>>, false);
    // The whole body is already bounded by the server's body limit; the file has its own.
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                too_large = true;
                break;
            }
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => match field.bytes().await {
                Ok(b) if b.len() <= MAX_OPML_BYTES => file = Some(b.to_vec()),
                _ => too_large = true,
            },
            _ => {}
        }
    }
    if let Err(r) = check_post(&s, &headers, &csrf) {
        return r.into_response();
    }
    if too_large {
        return back("too_large");
    }
    let Some(bytes) = file else {
        return back("bad_opml");
    };
    let Ok(xml) = String::from_utf8(bytes) else {
        return back("bad_opml");
    };
    match marsad_pipeline::import_opml(s.store.as_ref(), &xml).await {
        Ok(report) => {
            tracing::info!(target: "marsad_web::admin", added = report.added, "admin imported OPML");
            Redirect::to(&format!(
                "/admin?msg=imported&added={}&existing={}&skipped={}",
                report.added,
                report.existing,
                report.skipped.len()
            ))
            .into_response()
        }
        Err(marsad_pipeline::PipelineError::Feed(_)) => back("bad_opml"),
        Err(e) => {
            tracing::error!(error = %e, "admin could not import OPML");
            back("failed")
        }
    }
}

/// `GET /admin/opml`: the feed list as an OPML download.
pub(crate) async fn export(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let (lang, _) = language(&LangQuery::none(), &headers);
    if s.admin_token.is_none() {
        return disabled(lang);
    }
    if cookie(&headers, SESSION_COOKIE)
        .and_then(|id| s.sessions.csrf(id))
        .is_none()
    {
        return Redirect::to("/admin/login").into_response();
    }
    match marsad_pipeline::export_feeds(s.store.as_ref()).await {
        Ok(xml) => (
            [
                (header::CONTENT_TYPE, "text/x-opml; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"marsad-feeds.opml\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            xml,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "admin could not export OPML");
            let t = lang.text();
            message_page(lang, StatusCode::SERVICE_UNAVAILABLE, t.title, t.msg_failed)
        }
    }
}

/// `GET /admin/admin.css`: the admin pages' own styles (the reading site's come first).
pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/admin.css"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc123", "abc123"));
        assert!(!same_secret("abc124", "abc123"));
        assert!(!same_secret("abc12", "abc123"));
        assert!(!same_secret("", "abc123"));
    }

    #[test]
    fn sessions_know_their_own_csrf_token_only() {
        let s = Sessions::default();
        let (id, csrf) = s.start();
        assert_eq!(id.len(), 64);
        assert_eq!(s.csrf(&id).as_deref(), Some(csrf.as_str()));
        assert_eq!(s.csrf("nope"), None);
        s.end(&id);
        assert_eq!(s.csrf(&id), None);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; marsad_admin=xyz; lang=en"),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "lang"), Some("en"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
