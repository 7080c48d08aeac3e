//! `marsad text key|stem|tokens`: the text rules applied to standard input, line by line.

use crate::args::TextTool;
use anyhow::{Context, Result};
use std::io::{BufRead, BufWriter, Write};

/// Reads lines from standard input and writes one output line per input line.
pub fn run(tool: TextTool) -> Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.context("standard input is not UTF-8 text")?;
        match tool {
            TextTool::Key => writeln!(out, "{}", marsad_text::key(&line))?,
            TextTool::Stem => writeln!(out, "{}", stem_line(&line))?,
            TextTool::Tokens => {
                let tokens: Vec<serde_json::Value> = marsad_text::tokens(&line)
                    .map(|t| serde_json::json!({"text": t.text, "start": t.start, "end": t.end}))
                    .collect();
                writeln!(out, "{}", serde_json::Value::Array(tokens))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// Each whitespace-separated word replaced by the stem of its key; the whitespace between
/// words is kept as it was.
fn stem_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word_start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                out.push_str(marsad_text::stem(&marsad_text::key(&line[s..i])));
            }
            if i < line.len() {
                out.push(c);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_keeps_the_layout() {
        // Every word is keyed; spacing is kept. (The stems themselves are the stemmer's tests.)
        let out = stem_line("  أحمد\tو  ٢٠٢٥ ");
        assert!(out.starts_with("  "));
        assert!(out.contains('\t') && out.ends_with(' '));
        assert!(out.contains("2025"));
    }
}
