//! The site in a real headless Chromium, driven over WebDriver (chromedriver) from Rust.
//!
//! The store is filled by the real pipeline crawling the bundled demo news web on loopback;
//! the real server (`marsad_web::serve`) answers on a loopback port. The test checks that the
//! main pages render right-to-left with their content, that the admin flow works (login, add
//! a feed, pause it) and that a POST without the CSRF token is refused, and writes screenshots
//! of the main pages to `target/screenshots/` (or `$MARSAD_SCREENSHOTS`).
//!
//! Without chromedriver the test is skipped with a message, except under CI (`CI=true`), where
//! it fails: CI installs Debian's `chromium` and `chromium-driver`.

use fantoccini::{Client, ClientBuilder, Locator};
use marsad_demo::Site;
use marsad_fetch::{FetchConfig, Fetcher};
use marsad_pipeline::{CrawlStats, DataDir, PipelineConfig};
use marsad_web::AppState;
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TOKEN: &str = "browser-test-admin-token-0123456789";

/// An executable found on the `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// chromedriver, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Starts chromedriver on a free loopback port and waits until it listens.
    fn start(binary: &PathBuf) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Driver { child, port };
        // A bound on the wait, not a timed assertion: chromedriver starts in well under this.
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

/// Connects a headless Chromium with a fresh profile in `profile`.
async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--window-size=1280,1000".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.push("--lang=ar".into());
    let mut options = json!({ "args": args });
    if let Some(binary) = std::env::var_os("CHROME_BIN")
        .map(PathBuf::from)
        .or_else(|| on_path("chromium"))
    {
        options["binary"] = json!(binary.display().to_string());
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

/// The folder the screenshots go to.
fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("MARSAD_SCREENSHOTS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots"),
        PathBuf::from,
    );
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).unwrap();
}

/// Checks that the page is right-to-left: the `dir` attribute, the computed direction of the
/// body, and an Arabic `lang`.
async fn assert_rtl(c: &Client, what: &str) {
    let v = c
        .execute(
            "return [document.documentElement.dir, document.documentElement.lang, \
             getComputedStyle(document.body).direction];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        v,
        json!(["rtl", "ar", "rtl"]),
        "{what} is not right-to-left"
    );
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Fills a store through the real pipeline from the demo web; returns the data folder.
async fn crawled_demo() -> (tempfile::TempDir, DataDir, Arc<Site>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let site = Arc::new(Site::build(&base));
    tokio::spawn(marsad_demo::serve(listener, site.clone()));
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::open(tmp.path()).await.unwrap();
    marsad_pipeline::import_opml(dir.store.as_ref(), &site.opml())
        .await
        .unwrap();
    let fetcher = Fetcher::new(FetchConfig {
        allow_private_addresses: true,
        ..FetchConfig::default()
    })
    .unwrap();
    let config = PipelineConfig {
        workers: 4,
        host_gap: Duration::ZERO,
        ..PipelineConfig::default()
    };
    let summary = marsad_pipeline::crawl_once(
        &dir,
        fetcher,
        config.for_one_shot(),
        Arc::new(CrawlStats::default()),
    )
    .await
    .unwrap();
    assert!(summary.articles > 10, "the demo crawl stored articles");
    (tmp, dir, site)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_in_headless_chromium() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let Some(chromedriver) = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| on_path("chromedriver"))
    else {
        assert!(
            !ci,
            "CI must run the browser test: install chromium and chromium-driver"
        );
        eprintln!(
            "SKIPPED the browser test: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };

    let (tmp, dir, site) = crawled_demo().await;
    let index = marsad_index::SearchIndex::open(&tmp.path().join("index")).unwrap();
    marsad_pipeline::sync_index(dir.store.as_ref(), &index, false, &mut |_| {})
        .await
        .unwrap();
    let state = AppState::new(dir.store.clone())
        .with_index(Arc::new(index))
        .with_admin_token(TOKEN);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(marsad_web::serve(listener, state, async {
        let _ = stop_rx.await;
    }));

    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let c = browser(&driver, profile.path()).await;
    let result = check_pages(&c, &base, &dir, &site).await;
    if result.is_err() {
        // What the browser showed when a wait ran out, to see why.
        if let Ok(url) = c.current_url().await {
            eprintln!("the browser was at {url}");
        }
        screenshot(&c, "failure").await;
    }
    let _ = c.close().await;
    drop(driver);
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
    result.unwrap();
}

/// Every check, so that the browser is closed whatever fails.
async fn check_pages(
    c: &Client,
    base: &str,
    dir: &DataDir,
    site: &Site,
) -> Result<(), fantoccini::error::CmdError> {
    let store = dir.store.clone();
    let titles: Vec<&str> = site.articles().iter().map(|a| a.title.as_str()).collect();

    // The home page lists demo headlines.
    c.goto(&format!("{base}/")).await?;
    assert_rtl(c, "the home page").await;
    let body = text_of(c, "main").await;
    assert!(
        titles.iter().filter(|t| body.contains(*t)).count() >= 5,
        "the home page shows few demo headlines"
    );
    screenshot(c, "home").await;

    // An article page: its headline in the h1 and its body text.
    let newest = &store.latest(1, 0).await.unwrap()[0];
    c.goto(&format!("{base}/article/{}", newest.id)).await?;
    assert_rtl(c, "an article page").await;
    let h1 = text_of(c, "h1").await;
    assert_eq!(Some(h1.as_str()), newest.title.as_deref());
    let truth = site
        .articles()
        .iter()
        .find(|a| a.title == h1)
        .expect("a demo article");
    assert!(text_of(c, "main").await.contains(&truth.paragraphs[0]));
    screenshot(c, "article").await;

    // The same page on a phone's width: still right-to-left.
    c.set_window_size(390, 844).await?;
    c.goto(&format!("{base}/")).await?;
    assert_rtl(c, "the home page on a phone").await;
    screenshot(c, "home-phone").await;
    c.set_window_size(1280, 1000).await?;

    // The latest articles.
    c.goto(&format!("{base}/latest")).await?;
    assert_rtl(c, "the latest page").await;
    assert!(
        text_of(c, "main")
            .await
            .contains(newest.title.as_deref().unwrap())
    );

    // The story covered by the most outlets: its headline and every outlet's article.
    let ranking = marsad_store::site::StoryRanking::at(chrono::Utc::now());
    let top = store.top_stories(&ranking, 50).await.unwrap();
    let story = top.iter().max_by_key(|s| s.sources).expect("top stories");
    assert!(
        story.sources > 1,
        "the demo web has stories covered by several outlets"
    );
    c.goto(&format!("{base}/story/{}", story.id)).await?;
    assert_rtl(c, "a story page").await;
    assert_eq!(
        Some(text_of(c, "h1").await.as_str()),
        story.title.as_deref()
    );
    let coverage = store.story_coverage(story.id).await.unwrap().unwrap();
    let main = text_of(c, "main").await;
    for covered in &coverage.coverage {
        assert!(
            main.contains(&covered.article.source_name),
            "the story page lacks an outlet"
        );
    }
    screenshot(c, "story").await;

    // A tag page and a source page.
    let tag = store
        .tags_of(newest.id)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("the newest article has tags");
    let key: String = tag.key.bytes().map(|b| format!("%{b:02X}")).collect();
    c.goto(&format!("{base}/tag/{key}")).await?;
    assert_rtl(c, "a tag page").await;
    assert!(text_of(c, "h1").await.contains(&tag.name));
    assert!(
        c.find(Locator::Css("main svg")).await.is_ok(),
        "the tag page draws its chart"
    );
    screenshot(c, "tag").await;
    c.goto(&format!("{base}/source/{}", newest.source_id))
        .await?;
    assert_rtl(c, "a source page").await;
    assert!(text_of(c, "h1").await.contains(&newest.source_name));
    screenshot(c, "source").await;

    // Search: type a word of a headline, submit, see it among the hits.
    let word = h1
        .split_whitespace()
        .find(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
        .expect("a long word in the headline")
        .to_string();
    c.goto(&format!("{base}/search")).await?;
    assert_rtl(c, "the search page").await;
    c.find(Locator::Css("#q")).await?.send_keys(&word).await?;
    c.find(Locator::Css(".search-form button[type=submit]"))
        .await?
        .click()
        .await?;
    let hits = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".results"))
        .await?;
    let hits = hits.text().await?;
    assert!(
        hits.contains(&h1),
        "searching {word:?} does not find {h1:?}"
    );
    assert!(
        c.find(Locator::Css(".results mark")).await.is_ok(),
        "hits are highlighted"
    );
    screenshot(c, "search").await;

    // The English interface turns the page left-to-right; Arabic comes back the same way.
    c.goto(&format!("{base}/?lang=en")).await?;
    let v = c
        .execute(
            "return [document.documentElement.dir, document.documentElement.lang];",
            vec![],
        )
        .await?;
    assert_eq!(v, json!(["ltr", "en"]));
    screenshot(c, "home-en").await;
    c.goto(&format!("{base}/?lang=ar")).await?;
    assert_rtl(c, "the home page back in Arabic").await;

    // A missing page is a 404 page in Arabic.
    c.goto(&format!("{base}/article/99999999")).await?;
    assert_rtl(c, "the 404 page").await;
    assert!(text_of(c, "h1").await.contains("غير موجودة"));

    check_admin(c, base, dir).await
}

async fn check_admin(
    c: &Client,
    base: &str,
    dir: &DataDir,
) -> Result<(), fantoccini::error::CmdError> {
    let store = dir.store.clone();
    let wait = Duration::from_secs(20);

    // /admin sends a stranger to the login form.
    c.goto(&format!("{base}/admin")).await?;
    assert!(c.current_url().await?.path().ends_with("/admin/login"));
    assert_rtl(c, "the admin login").await;
    screenshot(c, "admin-login").await;
    c.find(Locator::Css("#token"))
        .await?
        .send_keys(TOKEN)
        .await?;
    c.find(Locator::Css("#login")).await?.click().await?;
    let table = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#feeds"))
        .await?;
    assert_rtl(c, "the admin feed list").await;
    let rows = table.find_all(Locator::Css("tbody tr")).await?;
    assert_eq!(rows.len(), store.list_feeds().await.unwrap().len());

    // Add a feed.
    let url = "https://new-outlet.example/rss.xml";
    c.find(Locator::Css("#url")).await?.send_keys(url).await?;
    c.find(Locator::Css("#source"))
        .await?
        .send_keys("منفذ جديد")
        .await?;
    c.find(Locator::Css("#add")).await?.click().await?;
    let notice = c
        .wait()
        .at_most(wait)
        .for_element(Locator::Css("#notice"))
        .await?;
    assert!(notice.text().await?.contains("أُضيفت الخلاصة"));
    let feed = store
        .list_feeds()
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.url == url)
        .expect("the feed was added");
    let row = format!("#feed-{}", feed.id);
    assert!(text_of(c, &row).await.contains(url));
    screenshot(c, "admin").await;

    // Pause it: the row says so and the store agrees.
    c.find(Locator::Css(&format!("{row} button.pause")))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css(&format!("{row}[data-status=\"paused\"]")))
        .await?;
    assert!(store.get_feed(feed.id).await.unwrap().unwrap().paused);

    // A POST without the CSRF token, with the session cookie the browser holds, is refused.
    let status = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/admin/feeds', {method: 'POST', credentials: 'same-origin',
                 headers: {'content-type': 'application/x-www-form-urlencoded'},
                 body: 'url=https%3A%2F%2Fforged.example%2Frss'})
               .then(r => done(r.status), e => done(String(e)));",
            vec![],
        )
        .await?;
    assert_eq!(status, Value::from(403));
    assert!(
        store
            .list_feeds()
            .await
            .unwrap()
            .iter()
            .all(|f| !f.url.contains("forged.example"))
    );
    Ok(())
}
