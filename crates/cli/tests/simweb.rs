//! End to end over the simulated Arabic news web of `../shared/simweb` (dev set) on loopback:
//! every truth page is stored exactly once with 0 errors, a second crawl adds nothing, and a
//! crawl killed with SIGKILL half-way and run again ends with the same articles.

mod support;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{SimWeb, decode, marsad};

fn crawl(data: &Path) -> serde_json::Value {
    let o = marsad(data, &["crawl", "--once", "--allow-private-addresses"]);
    assert!(
        o.status.success(),
        "crawl failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("one JSON summary line")
}

/// Stored article URLs, percent-decoded, with a count of each.
fn stored_urls(data: &Path) -> Vec<String> {
    support::export(data, &[])
        .into_iter()
        .map(|e| e.url)
        .collect()
}

#[test]
fn the_simulated_web_is_crawled_exactly_once_and_survives_sigkill() {
    let tmp = tempfile::tempdir().unwrap();
    let web = SimWeb::start(tmp.path());
    let truth = web.urls();
    let opml = web.opml();

    // One clean crawl: one article per truth page, no errors; a second run adds nothing.
    let data = tmp.path().join("data");
    assert!(marsad(&data, &["feeds", "import", &opml]).status.success());
    let first = crawl(&data);
    assert_eq!(first["errors"], 0, "{first}");
    assert_eq!(
        first["articles"].as_u64().unwrap() as usize,
        truth.len(),
        "{first}"
    );
    let urls = stored_urls(&data);
    assert_eq!(urls.len(), truth.len());
    assert_eq!(urls.iter().cloned().collect::<HashSet<_>>(), truth);
    let second = crawl(&data);
    assert_eq!(
        (second["articles"].as_u64(), second["errors"].as_u64()),
        (Some(0), Some(0)),
        "{second}"
    );

    // The aggregator's republished copies (edited, retitled, cut) are found: each is in one
    // group of copies with its original (which of the two is the root follows their dates).
    let root: HashMap<String, String> = support::export(&data, &[])
        .into_iter()
        .map(|e| (e.url, e.duplicate_of.unwrap_or(e.id)))
        .collect();
    let copies = web.copies();
    let found = copies.iter().filter(|(c, o)| root[c] == root[o]).count();
    assert!(
        copies.len() >= 10 && found * 10 >= copies.len() * 9,
        "{found} of {} copies found",
        copies.len()
    );

    // Every headline searched finds its article (or one with the same headline) in the top 3.
    for r in web.records.iter().step_by(30) {
        let title = r["title"].as_str().unwrap();
        let Some(words) = support::headline_query(title) else {
            continue;
        };
        let o = marsad(&data, &["search", "--json", "--limit", "3", &words]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let hits: Vec<serde_json::Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(
            hits.iter().any(|h| h["title"] == r["title"]
                || decode(h["url"].as_str().unwrap()) == decode(r["url"].as_str().unwrap())),
            "{title:?} not in {hits:?}"
        );
    }

    // A crawl killed with SIGKILL half-way, then run again: the same articles, none doubled.
    let killed = tmp.path().join("killed");
    assert!(
        marsad(&killed, &["feeds", "import", &opml])
            .status
            .success()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(&killed)
        .args(["crawl", "--once", "--allow-private-addresses"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let stored = stored_urls(&killed).len();
        if stored >= 50 {
            assert!(
                stored < truth.len(),
                "the crawl ended before it could be killed"
            );
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the crawl ended before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the crawl stored nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let resumed = crawl(&killed);
    assert_eq!(resumed["errors"], 0, "{resumed}");
    let urls = stored_urls(&killed);
    assert_eq!(urls.len(), truth.len(), "articles were lost or doubled");
    assert_eq!(urls.into_iter().collect::<HashSet<_>>(), truth);
}
