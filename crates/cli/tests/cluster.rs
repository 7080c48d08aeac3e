//! Marsad beyond one machine, end to end: a PostgreSQL store, one web node and three worker
//! processes crawl the simulated web's dev set; one worker is SIGKILLed half-way, and another
//! loses its database for a few seconds (its connections go through a proxy that cuts them
//! and refuses new ones). At the end every article is stored exactly once, every copy is in
//! its original's story, the worker that lost its database is still running and connected
//! again, and the web node's own index (following the store) finds the articles. Needs `MARSAD_TEST_POSTGRES`
//! (a server URL; `.ci/postgres start` prints one); with `CI=true` its absence fails the test.

mod support;

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{Running, SimWeb, decode, export, free_port, wait_for_port};

/// A fresh database on the test server, dropped at the end.
struct Database {
    server: String,
    name: String,
    url: String,
}

impl Database {
    fn create() -> Option<Database> {
        let server = match std::env::var("MARSAD_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => url,
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI=true but MARSAD_TEST_POSTGRES is not set: this test must not be skipped")
            }
            _ => return None,
        };
        let name = format!(
            "marsad_cluster_{}_{}",
            std::process::id(),
            chrono::Utc::now().timestamp_micros()
        );
        sql(&server, &format!("CREATE DATABASE {name}"));
        let base = server.rsplit_once('/').expect("a URL with a database").0;
        let url = format!("{base}/{name}");
        Some(Database { server, name, url })
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        sql(
            &self.server,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// Runs one statement on the server `url`.
fn sql(url: &str, statement: &str) {
    use sqlx::Connection;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut c = sqlx::PgConnection::connect(url)
            .await
            .expect("the test server");
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut c)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    });
}

/// A TCP proxy on loopback in front of the database server, which can cut every connection
/// and refuse new ones: the database going away, as a worker sees it.
struct Proxy {
    port: u16,
    state: Arc<ProxyState>,
}

#[derive(Default)]
struct ProxyState {
    up: AtomicBool,
    /// Connections accepted while up.
    accepted: AtomicUsize,
    /// Both ends of every open connection, to cut them.
    open: Mutex<Vec<TcpStream>>,
}

impl Proxy {
    /// A proxy to `upstream` (`host:port`), up.
    fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(ProxyState::default());
        state.up.store(true, Ordering::SeqCst);
        let shared = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !shared.up.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused at once
                }
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                shared.accepted.fetch_add(1, Ordering::SeqCst);
                let mut open = shared.open.lock().unwrap();
                open.push(client.try_clone().unwrap());
                open.push(server.try_clone().unwrap());
                for (mut from, mut to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        Proxy { port, state }
    }

    /// Cuts every open connection and refuses new ones until [`Proxy::restore`].
    fn cut(&self) {
        self.state.up.store(false, Ordering::SeqCst);
        for s in self.state.open.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }

    /// Accepts connections again.
    fn restore(&self) {
        self.state.up.store(true, Ordering::SeqCst);
    }

    fn accepted(&self) -> usize {
        self.state.accepted.load(Ordering::SeqCst)
    }

    /// `url` with its host and port replaced by the proxy's.
    fn url(&self, url: &str) -> String {
        let mut u = url::Url::parse(url).unwrap();
        u.set_host(Some("127.0.0.1")).unwrap();
        u.set_port(Some(self.port)).unwrap();
        u.to_string()
    }
}

/// The `host:port` of a PostgreSQL URL.
fn authority(url: &str) -> String {
    let u = url::Url::parse(url).unwrap();
    format!("{}:{}", u.host_str().unwrap(), u.port().unwrap_or(5432))
}

/// `marsad --data DATA --database URL ARGS…` as a background process logging to `log`.
fn spawn(data: &Path, url: &str, args: &[&str], log: &Path) -> Running {
    let log = std::fs::File::create(log).unwrap();
    Running(
        Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--data")
            .arg(data)
            .args(["--database", url])
            .args(args)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("marsad starts"),
    )
}

/// The body of `GET path` on 127.0.0.1:`port` (HTTP/1.0, so the server closes after it).
fn get(port: u16, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    assert!(
        head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
        "{head}"
    );
    body.to_string()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The last lines of every log, for failure messages.
fn tails(logs: &[std::path::PathBuf]) -> String {
    logs.iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(15)..].join("\n");
            format!("--- {}\n{tail}", p.display())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn three_workers_and_a_web_node_share_one_postgres_store_and_survive_sigkill_and_an_outage() {
    let Some(db) = Database::create() else {
        eprintln!("MARSAD_TEST_POSTGRES is not set: the multi-process test did not run");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let web = SimWeb::start(tmp.path());
    let truth = web.urls();
    let admin = tmp.path().join("admin");
    let at = ["--database", db.url.as_str()];
    let migrated = support::marsad(&admin, &[&at[..], &["migrate"]].concat());
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let opml = web.opml();
    let imported = support::marsad(&admin, &[&at[..], &["feeds", "import", &opml]].concat());
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );

    // The web node: its own data folder (the search index), the shared store.
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut logs = vec![tmp.path().join("web.log")];
    let _web = spawn(
        &tmp.path().join("web-node"),
        &db.url,
        &["serve", "--role", "web", "--listen", &listen],
        &logs[0],
    );
    wait_for_port("127.0.0.1", port, "the web node");

    // Three workers; a job leased by a dead one is taken over ten seconds after its claim.
    // The last one reaches the database through the proxy.
    let proxy = Proxy::start(authority(&db.url));
    let proxied = proxy.url(&db.url);
    let mut workers: Vec<Running> = (0..3)
        .map(|i| {
            let log = tmp.path().join(format!("worker{i}.log"));
            logs.push(log.clone());
            spawn(
                &tmp.path().join(format!("worker{i}")),
                if i == 2 { &proxied } else { &db.url },
                &[
                    "serve",
                    "--role",
                    "worker",
                    "--allow-private-addresses",
                    "--workers",
                    "8",
                    "--lease-secs",
                    "10",
                ],
                &log,
            )
        })
        .collect();

    // SIGKILL the first worker once a third of the web is stored, with jobs in its hands.
    let started = Instant::now();
    loop {
        let stored = export(&admin, &at).len();
        if stored * 3 >= truth.len() {
            assert!(
                stored < truth.len(),
                "the crawl ended before a worker could be killed"
            );
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the workers stored only {stored} articles\n{}",
            tails(&logs)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    workers[0].0.kill().unwrap(); // SIGKILL on Unix
    workers[0].0.wait().unwrap();

    // The last worker's database goes away for five seconds, jobs and commits in flight.
    proxy.cut();
    std::thread::sleep(Duration::from_secs(5));
    let before = proxy.accepted();
    proxy.restore();

    // The two others finish the crawl, the killed one's jobs included.
    let stored = loop {
        let stored = export(&admin, &at);
        if stored.len() >= truth.len() {
            break stored;
        }
        assert!(
            started.elapsed() < Duration::from_secs(420),
            "{} of {} articles stored\n{}",
            stored.len(),
            truth.len(),
            tails(&logs)
        );
        std::thread::sleep(Duration::from_secs(1));
    };
    // Jobs a dying worker had in hand may be done twice; the article never is.
    std::thread::sleep(Duration::from_secs(3));
    let stored = {
        let again = export(&admin, &at);
        assert_eq!(
            again.len(),
            stored.len(),
            "articles kept coming after the web was stored"
        );
        again
    };
    let urls: Vec<&String> = stored.iter().map(|e| &e.url).collect();
    assert_eq!(urls.len(), truth.len(), "articles were lost or doubled");
    assert!(
        workers[2].0.try_wait().unwrap().is_none(),
        "the worker that lost its database exited\n{}",
        tails(&logs)
    );
    assert!(
        proxy.accepted() > before,
        "the worker never connected again after the outage\n{}",
        tails(&logs)
    );
    assert_eq!(urls.into_iter().cloned().collect::<HashSet<_>>(), truth);

    // Every copy is in its original's story, and the republished copies of the truth are
    // found across processes as in one.
    let by_id: HashMap<&str, &support::Exported> =
        stored.iter().map(|e| (e.id.as_str(), e)).collect();
    for e in &stored {
        if let Some(root) = &e.duplicate_of {
            assert_eq!(
                e.story,
                by_id[root.as_str()].story,
                "copy {} left its original's story",
                e.url
            );
        }
    }
    let root: HashMap<&str, &str> = stored
        .iter()
        .map(|e| (e.url.as_str(), e.duplicate_of.as_deref().unwrap_or(&e.id)))
        .collect();
    let copies = web.copies();
    let missed: Vec<&(String, String)> = copies
        .iter()
        .filter(|(c, o)| root[c.as_str()] != root[o.as_str()])
        .collect();
    let found = copies.len() - missed.len();
    assert!(
        copies.len() >= 10 && found * 10 >= copies.len() * 9,
        "{found} of {} copies found; missed (copy, original): {missed:?}",
        copies.len()
    );

    // The web node's index follows the store: headlines find their articles.
    let searched: Vec<&serde_json::Value> = web.records.iter().step_by(25).collect();
    let mut missing: Vec<String> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        missing.clear();
        for r in &searched {
            let title = r["title"].as_str().unwrap();
            let Some(words) = support::headline_query(title) else {
                continue;
            };
            let body = get(
                port,
                &format!("/api/v1/search?limit=3&q={}", percent_encode(&words)),
            );
            let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
            let url = decode(r["url"].as_str().unwrap());
            let hit = answer["data"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["title"] == r["title"] || decode(h["url"].as_str().unwrap()) == url);
            if !hit {
                missing.push(title.to_string());
            }
        }
        if missing.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the web node's search misses {missing:?}\n{}",
            tails(&logs)
        );
        std::thread::sleep(Duration::from_secs(2));
    }
    drop(workers);
}
