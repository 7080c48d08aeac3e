//! End to end over the simulated Arabic news web of `../shared/simweb` (dev set) on loopback:
//! every truth page is stored exactly once with 0 errors, a second crawl adds nothing, and a
//! crawl killed with SIGKILL half-way and run again ends with the same articles.

use std::collections::{HashMap, HashSet};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn shared() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("simweb/generate.py").exists(),
        "../shared/simweb is missing beside the project: {}",
        dir.display()
    );
    dir
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn marsad(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("marsad runs")
}

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
    let o = marsad(data, &["export"]);
    assert!(o.status.success());
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            decode(v["url"].as_str().unwrap())
        })
        .collect()
}

fn decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out)
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn the_simulated_web_is_crawled_exactly_once_and_survives_sigkill() {
    let shared = shared();
    let tmp = tempfile::tempdir().unwrap();
    let web = tmp.path().join("web");
    let port = free_port();
    let generated = Command::new("python3")
        .arg(shared.join("simweb/generate.py"))
        .args([
            "--out",
            web.to_str().unwrap(),
            "--set",
            "dev",
            "--port",
            &port.to_string(),
        ])
        .current_dir(&shared)
        .output()
        .expect("python3 runs");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );

    let _server = Server(
        Command::new("python3")
            .arg(shared.join("simweb/serve.py"))
            .args(["--root", web.to_str().unwrap(), "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve.py starts"),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.1.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "simweb server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let truth: HashSet<String> = std::fs::read_to_string(web.join("truth.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            decode(v["url"].as_str().unwrap())
        })
        .collect();
    let opml = web.join("feeds.opml");

    // One clean crawl: one article per truth page, no errors; a second run adds nothing.
    let data = tmp.path().join("data");
    assert!(
        marsad(&data, &["feeds", "import", opml.to_str().unwrap()])
            .status
            .success()
    );
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
    let records: Vec<serde_json::Value> = std::fs::read_to_string(web.join("truth.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let export = marsad(&data, &["export"]);
    let root: HashMap<String, String> = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let group = v["duplicate_of"].as_str().or(v["id"].as_str()).unwrap();
            (decode(v["url"].as_str().unwrap()), group.to_string())
        })
        .collect();
    let url_of: HashMap<&str, String> = records
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                decode(r["url"].as_str().unwrap()),
            )
        })
        .collect();
    let copies: Vec<(&String, &String)> = records
        .iter()
        .filter_map(|r| {
            let original = url_of.get(r["copy_of"].as_str()?)?;
            Some((&url_of[r["id"].as_str().unwrap()], original))
        })
        .collect();
    let found = copies.iter().filter(|(c, o)| root[*c] == root[*o]).count();
    assert!(
        copies.len() >= 10 && found * 10 >= copies.len() * 9,
        "{found} of {} copies found",
        copies.len()
    );

    // Every headline searched finds its article (or one with the same headline) in the top 3.
    for r in records.iter().step_by(30) {
        let title = r["title"].as_str().unwrap();
        let words: String = title
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        if words.split_whitespace().count() < 3 {
            continue;
        }
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
        marsad(&killed, &["feeds", "import", opml.to_str().unwrap()])
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
