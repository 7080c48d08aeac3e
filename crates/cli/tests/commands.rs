//! The `marsad` binary as a user runs it: arguments, exit codes, feeds, extract, export.

use std::path::Path;
use std::process::{Command, Output};

fn marsad(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env_remove("MARSAD_LOG")
        .output()
        .expect("marsad runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_bad_argument_prints_one_error_line_and_the_usage() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["crawl", "--bogus"][..],
        &["nonsense"],
        &["feeds", "remove", "not-a-number"],
    ] {
        let o = marsad(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(
            err.lines().filter(|l| l.starts_with("error:")).count(),
            1,
            "{err}"
        );
        assert!(err.contains("Usage: marsad"), "{err}");
    }
    assert!(marsad(tmp.path(), &["--help"]).status.success());
    assert!(
        marsad(tmp.path(), &["feeds", "import", "--help"])
            .status
            .success()
    );
}

#[test]
fn feeds_are_added_imported_listed_and_exported() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let bad = marsad(&data, &["feeds", "add", "not a url"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(stderr(&bad).trim().lines().count(), 1, "{}", stderr(&bad));

    let ok = marsad(
        &data,
        &[
            "feeds",
            "add",
            "https://news.example/rss",
            "--source",
            "صحيفة المثال",
        ],
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    let opml = tmp.path().join("in.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="الوادي"><outline type="rss" text="الوادي" xmlUrl="https://wadi.example/feed"/></outline>
<outline type="sitemap" text="خريطة" xmlUrl="https://wadi.example/sitemap.xml"/>
<outline type="rss" text="مكرر" xmlUrl="https://news.example/rss"/>
<outline type="rss" text="معطوب" xmlUrl="not a url"/>
</body></opml>"#,
    )
    .unwrap();
    let imported = marsad(&data, &["feeds", "import", opml.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(
        stdout(&imported).contains("2 added, 1 already present, 1 skipped"),
        "{}",
        stdout(&imported)
    );

    let list = stdout(&marsad(&data, &["feeds", "list", "--json"]));
    let feeds: Vec<serde_json::Value> = list
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        feeds.len(),
        3,
        "the feed, the sitemap and the one added by hand"
    );
    assert!(feeds.iter().any(|f| f["source_name"] == "الوادي"));
    assert!(
        feeds
            .iter()
            .any(|f| f["url"] == "https://wadi.example/sitemap.xml")
    );

    let exported = stdout(&marsad(&data, &["feeds", "export"]));
    assert!(exported.contains("https://wadi.example/feed") && exported.contains("صحيفة المثال"));

    let id = feeds[0]["id"].as_i64().unwrap().to_string();
    assert!(marsad(&data, &["feeds", "pause", &id]).status.success());
    assert!(marsad(&data, &["feeds", "remove", &id]).status.success());
    let gone = marsad(&data, &["feeds", "remove", &id]);
    assert_eq!(gone.status.code(), Some(1));
    assert!(stderr(&gone).contains("no feed with id"));
}

const PAGE: &str = r#"<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>ارتفاع منسوب النهر في الجنوب - جريدة الضفة</title>
<meta property="og:title" content="ارتفاع منسوب النهر في الجنوب">
<link rel="canonical" href="https://difa.example/news/river-rise"></head>
<body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
<article><h1>ارتفاع منسوب النهر في الجنوب</h1>
<p>ارتفع منسوب النهر في المحافظات الجنوبية خلال الأيام الثلاثة الماضية، وفق ما أعلنته هيئة الموارد المائية صباح اليوم.</p>
<p>وقالت الهيئة إن فرقها تراقب السدود على مدار الساعة، ودعت المزارعين إلى تأجيل ري الأراضي المنخفضة حتى إشعار آخر.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"#;

#[test]
fn extract_reads_one_page_and_a_batch_with_bad_files() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("river.html");
    std::fs::write(&page, PAGE).unwrap();
    let one = marsad(
        tmp.path(),
        &[
            "extract",
            "--url",
            "https://difa.example/news/river-rise?utm_source=x",
            page.to_str().unwrap(),
        ],
    );
    assert!(one.status.success(), "{}", stderr(&one));
    let v: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(v["title"], "ارتفاع منسوب النهر في الجنوب");
    assert_eq!(v["url"], "https://difa.example/news/river-rise");
    assert_eq!(v["dir"], "rtl");
    assert!(v["text"].as_str().unwrap().contains("هيئة الموارد المائية"));
    assert!(!v["text"].as_str().unwrap().contains("جميع الحقوق محفوظة"));

    let missing = marsad(tmp.path(), &["extract", "/no/such/file.html"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("marsad: "));

    let dir = tmp.path().join("pages");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.html"), PAGE).unwrap();
    std::fs::write(dir.join("b.html"), [0u8, 159, 146, 150, 0, 0]).unwrap();
    std::fs::write(dir.join("c.html.gz"), b"not gzip").unwrap();
    std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
    let out = tmp.path().join("out.jsonl");
    let batch = marsad(
        tmp.path(),
        &[
            "extract",
            "--batch",
            dir.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--threads",
            "2",
        ],
    );
    assert!(batch.status.success(), "{}", stderr(&batch));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "every page file gives one line");
    let a = lines.iter().find(|l| l["file"] == "a.html").unwrap();
    assert!(a["text"].as_str().unwrap().contains("السدود"));
    let c = lines.iter().find(|l| l["file"] == "c.html.gz").unwrap();
    assert!(c["error"].is_string(), "{c}");
}

#[test]
fn migrate_and_export_on_an_empty_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let m = marsad(tmp.path(), &["migrate"]);
    assert!(m.status.success());
    let version = marsad_store::SQLITE_MIGRATIONS.len();
    assert!(stdout(&m).contains(&format!("schema version {version}")));
    let e = marsad(tmp.path(), &["export"]);
    assert!(e.status.success());
    assert_eq!(stdout(&e), "");
}

#[test]
fn text_tools_read_lines_from_standard_input() {
    use std::io::Write;
    let run = |tool: &str, input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .args(["text", tool])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run("key", "إقرأ أيضاً\nالمسئول ٢٠٢٥\n"),
        "اقرا ايضا\nالمسءول 2025\n"
    );
    let tokens: serde_json::Value =
        serde_json::from_str(run("tokens", "قالَ الوزير: 3.5%").trim()).unwrap();
    assert_eq!(
        tokens,
        serde_json::json!([
            {"text": "قالَ", "start": 0, "end": 8},
            {"text": "الوزير", "start": 9, "end": 21},
            {"text": "3.5", "start": 23, "end": 26}
        ])
    );
    assert_eq!(
        run("stem", "a  b\n\n").lines().collect::<Vec<_>>(),
        ["a  b", ""]
    );
}

#[test]
fn copy_refuses_what_it_cannot_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("none.db");
    let from = format!("sqlite:{}", missing.display());
    let o = marsad(
        tmp.path(),
        &["copy", "--from", &from, "--to", "postgres://127.0.0.1:1/x"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no SQLite file"), "{}", stderr(&o));
    let o = marsad(
        tmp.path(),
        &["copy", "--from", &from, "--to", "sqlite:/tmp/other.db"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--to must be a postgres:// URL"),
        "{}",
        stderr(&o)
    );
}
