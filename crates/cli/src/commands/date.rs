//! `marsad date`: date expressions resolved against a reference time (CONTRACT.md section 2).

use crate::args::DateArgs;
use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, FixedOffset};
use marsad_dates::{Context, Zone, parse_expression};
use serde_json::{Value, json};
use std::io::{BufRead, BufWriter, Write};

fn reference(s: Option<&str>) -> Result<DateTime<FixedOffset>> {
    match s {
        Some(s) => DateTime::parse_from_rfc3339(s.trim())
            .with_context(|| format!("--ref {s:?} is not an RFC 3339 time")),
        None => Ok(chrono::Utc::now().fixed_offset()),
    }
}

fn context(reference_text: Option<&str>, tz: Option<&str>) -> Result<Context> {
    let reference = reference(reference_text)?;
    let mut ctx = Context::new(reference);
    if let Some(tz) = tz {
        ctx.zone = Zone::parse(tz).ok_or_else(|| anyhow!("unknown time zone {tz:?}"))?;
    }
    Ok(ctx)
}

/// One output line: the input's id or text, then the resolved value (or nulls).
fn resolve(key: (&str, Value), text: &str, ctx: &Context) -> Value {
    let mut line = json!({ key.0: key.1 });
    match parse_expression(text, ctx) {
        Some(e) => {
            line["value"] = e.value_string().into();
            line["calendar"] = e.calendar.as_str().into();
            line["precision"] = e.precision_str().into();
        }
        None => {
            line["value"] = Value::Null;
            line["calendar"] = Value::Null;
            line["precision"] = Value::Null;
        }
    }
    line
}

/// Runs `marsad date`.
pub fn run(args: DateArgs) -> Result<()> {
    let ctx = context(args.reference.as_deref(), args.tz.as_deref())?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match &args.jsonl {
        None => {
            for text in &args.texts {
                writeln!(
                    out,
                    "{}",
                    resolve(("text", text.as_str().into()), text, &ctx)
                )?;
            }
        }
        Some(path) => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
                let line = line.with_context(|| format!("{}: not UTF-8", path.display()))?;
                if line.trim().is_empty() {
                    continue;
                }
                let item: Value = serde_json::from_str(&line)
                    .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
                let text = item["text"].as_str().unwrap_or_default();
                // A line may carry its own reference and zone; a bad one is that line's error.
                let line_ctx = match (item["ref"].as_str(), item["tz"].as_str()) {
                    (None, None) => Ok(ctx),
                    (r, tz) => context(r.or(args.reference.as_deref()), tz.or(args.tz.as_deref())),
                };
                let id = item.get("id").cloned().unwrap_or(Value::Null);
                let result = match line_ctx {
                    Ok(c) => resolve(("id", id), text, &c),
                    Err(e) => {
                        json!({"id": id, "value": null, "calendar": null, "precision": null, "error": format!("{e:#}")})
                    }
                };
                writeln!(out, "{result}")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
