//! `marsad extract`: pages on disk to article JSON (CONTRACT.md section 1).

use crate::args::ExtractArgs;
use crate::progress;
use anyhow::{Context, Result, bail};
use marsad_extract::{ExtractOptions, extract};
use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest page file read, so that one huge file cannot exhaust memory.
const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Runs `extract` for one file or a directory.
pub fn run(args: ExtractArgs) -> Result<()> {
    match (&args.batch, &args.file) {
        (Some(dir), _) => {
            let out = args.out.as_deref().context("--batch needs --out")?;
            batch(dir, out, args.urls.as_deref(), args.threads)
        }
        (None, Some(file)) => {
            let url = args
                .url
                .as_deref()
                .map(url::Url::parse)
                .transpose()
                .context("--url is not an absolute URL")?;
            let bytes = read_page(file)?;
            let article = extract(
                &bytes,
                &ExtractOptions {
                    url,
                    content_type: None,
                    ..Default::default()
                },
            )
            .with_context(|| format!("cannot extract {}", file.display()))?;
            println!("{}", serde_json::to_string(&article)?);
            Ok(())
        }
        (None, None) => bail!("give a FILE or --batch DIR"),
    }
}

/// Reads a page file, un-gzipping `*.gz`, within [`MAX_PAGE_BYTES`].
fn read_page(path: &Path) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let gz = path.extension().is_some_and(|e| e == "gz");
    // A plain page is read into a buffer of its size: growing one from empty copied the page
    // several times and took fresh memory from the allocator for every page.
    let size = match file.metadata() {
        Ok(m) if !gz => m.len().min(MAX_PAGE_BYTES) as usize + 1,
        _ => 0,
    };
    let mut bytes = Vec::with_capacity(size);
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    reader
        .take(MAX_PAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        bail!("{} is larger than {MAX_PAGE_BYTES} bytes", path.display());
    }
    Ok(bytes)
}

fn is_page(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".html.gz")
}

fn read_urls(path: &Path) -> Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(f, u)| (f.trim().to_string(), u.trim().to_string()))
        .collect())
}

/// Extracts every page of `dir` into JSON lines; a bad file gives an `error` line and the
/// run goes on.
fn batch(dir: &Path, out: &Path, urls: Option<&Path>, threads: Option<usize>) -> Result<()> {
    let urls = urls.map(read_urls).transpose()?.unwrap_or_default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(is_page))
        .collect();
    files.sort();
    let writer = Mutex::new(BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("cannot create {}", out.display()))?,
    ));
    let threads = threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .clamp(1, 64);
    let bar = progress::bar(files.len() as u64, "extracting");
    let next = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let name = path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or_default();
                    let line = match extract_one(path, urls.get(name)) {
                        Ok(article) => serde_json::to_string(&Line {
                            article: &article,
                            file: name,
                        }),
                        Err(e) => {
                            failed.fetch_add(1, Ordering::Relaxed);
                            serde_json::to_string(
                                &serde_json::json!({"file": name, "error": format!("{e:#}")}),
                            )
                        }
                    }
                    .unwrap_or_default();
                    let mut w = writer.lock().unwrap_or_else(|p| p.into_inner());
                    // A write error here surfaces again at the final flush below.
                    let _ = writeln!(w, "{line}");
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    writer
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .flush()
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "extracted {} pages into {} ({} errors)",
        files.len(),
        out.display(),
        failed.load(Ordering::Relaxed)
    );
    Ok(())
}

/// One line of the batch output: the article's contract fields and the page's file name.
/// Serialized straight from the article: building a `serde_json::Value` first copied every
/// string once more.
#[derive(serde::Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    article: &'a marsad_extract::Article,
    file: &'a str,
}

fn extract_one(path: &Path, url: Option<&String>) -> Result<marsad_extract::Article> {
    let bytes = read_page(path)?;
    let url = url
        .map(|u| url::Url::parse(u))
        .transpose()
        .context("bad URL in --urls")?;
    let article = extract(
        &bytes,
        &ExtractOptions {
            url,
            content_type: None,
            ..Default::default()
        },
    )?;
    Ok(article)
}
