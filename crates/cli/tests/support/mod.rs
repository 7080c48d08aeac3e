//! What the end-to-end tests over the simulated Arabic news web share: generating and serving
//! its dev set on loopback, running `marsad`, and reading its truth.

// Each test binary compiles this module and uses a part of it.
#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `../shared` beside the project.
pub fn shared() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("simweb/generate.py").exists(),
        "../shared/simweb is missing beside the project: {}",
        dir.display()
    );
    dir
}

/// A child process killed when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something listens on `host:port`.
pub fn wait_for_port(host: &str, port: u16, what: &str) {
    let started = Instant::now();
    while TcpStream::connect((host, port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// `marsad --data DATA ARGS…`, run to its end.
pub fn marsad(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("marsad runs")
}

/// A URL percent-decoded, without its trailing slash, as truth and exports are compared.
pub fn decode(url: &str) -> String {
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

/// A headline as a search query: its words, punctuation dropped; `None` when it has fewer
/// than three words (too vague to find one article).
pub fn headline_query(title: &str) -> Option<String> {
    let words: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    (words.split_whitespace().count() >= 3).then_some(words)
}

/// The simulated web's dev set, generated into a folder and served on loopback.
pub struct SimWeb {
    _server: Running,
    /// The generated folder.
    pub dir: PathBuf,
    /// Its truth, one record per article page.
    pub records: Vec<serde_json::Value>,
}

impl SimWeb {
    /// Generates the dev set under `tmp` and serves it.
    pub fn start(tmp: &Path) -> SimWeb {
        let shared = shared();
        let dir = tmp.join("web");
        let port = free_port();
        let generated = Command::new("python3")
            .arg(shared.join("simweb/generate.py"))
            .args(["--out", dir.to_str().unwrap(), "--set", "dev"])
            .args(["--port", &port.to_string()])
            .current_dir(&shared)
            .output()
            .expect("python3 runs");
        assert!(
            generated.status.success(),
            "{}",
            String::from_utf8_lossy(&generated.stderr)
        );
        let server = Running(
            Command::new("python3")
                .arg(shared.join("simweb/serve.py"))
                .args(["--root", dir.to_str().unwrap(), "--port", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("serve.py starts"),
        );
        wait_for_port("127.0.1.1", port, "the simweb server");
        let records = std::fs::read_to_string(dir.join("truth.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        SimWeb {
            _server: server,
            dir,
            records,
        }
    }

    /// The OPML file of its feeds.
    pub fn opml(&self) -> String {
        self.dir.join("feeds.opml").display().to_string()
    }

    /// The decoded URLs of its article pages.
    pub fn urls(&self) -> std::collections::HashSet<String> {
        self.records
            .iter()
            .map(|r| decode(r["url"].as_str().unwrap()))
            .collect()
    }

    /// The pairs (copy, original) of republished copies, as decoded URLs.
    pub fn copies(&self) -> Vec<(String, String)> {
        let url_of: std::collections::HashMap<&str, String> = self
            .records
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap(),
                    decode(r["url"].as_str().unwrap()),
                )
            })
            .collect();
        self.records
            .iter()
            .filter_map(|r| {
                let original = url_of.get(r["copy_of"].as_str()?)?;
                Some((url_of[r["id"].as_str().unwrap()].clone(), original.clone()))
            })
            .collect()
    }
}

/// One exported article: `marsad export`'s line, URL decoded.
#[derive(Debug, Clone)]
pub struct Exported {
    /// Decoded URL.
    pub url: String,
    /// Store id.
    pub id: String,
    /// The root of its group of copies, when it is a copy.
    pub duplicate_of: Option<String>,
    /// Its story.
    pub story: Option<String>,
}

/// Every stored article, through `marsad export` with `args` (such as `--database URL`).
pub fn export(data: &Path, args: &[&str]) -> Vec<Exported> {
    let mut all = args.to_vec();
    all.push("export");
    let o = marsad(data, &all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let text = |k: &str| v[k].as_str().map(str::to_string);
            Exported {
                url: decode(v["url"].as_str().unwrap()),
                id: text("id").unwrap(),
                duplicate_of: text("duplicate_of"),
                story: text("story"),
            }
        })
        .collect()
}
