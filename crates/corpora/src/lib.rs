//! Reading the evaluation corpora of `../shared/data/corpora/` at benchmark time, so that
//! benchmarks run on real Arabic news without any of it being copied into the project.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The ANT multi-source corpus (2018, five outlets).
pub const ANT_MULTISOURCE: &str = "ant-multisource/antcorpus.multisource.data-f117ce4.tar.gz";

/// The ANT v1.1 corpus (JawharaFM, 2015–2017).
pub const ANT_V1: &str = "ant-v1.1/antcorpus.data-06f6a10.tar.gz";

/// One document of an ANT archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AntDoc {
    /// The document number, which ends with the date (`AL-culture-1-20180218`).
    pub docno: String,
    /// Headline (empty when the document has none).
    pub title: String,
    /// Abstract (empty when the document has none).
    pub abstract_text: String,
    /// Body text.
    pub text: String,
}

impl AntDoc {
    /// The date the document number ends with, as `yyyymmdd`, or 0.
    pub fn date(&self) -> u32 {
        self.docno
            .rsplit('-')
            .next()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0)
    }
}

/// The shared corpora folder beside the project.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/corpora")
}

fn section<'a>(doc: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = doc.find(&open)? + open.len();
    let b = a + doc[a..].find(&close)?;
    Some(doc[a..b].trim())
}

/// Every document with a body text of an ANT archive (a path under [`dir`], such as
/// [`ANT_MULTISOURCE`]); an error when the archive cannot be read.
pub fn ant(archive: &str) -> std::io::Result<Vec<AntDoc>> {
    let file = std::fs::File::open(dir().join(archive))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut docs = Vec::new();
    for entry in tar.entries()? {
        let mut content = String::new();
        if entry?.read_to_string(&mut content).is_err() {
            continue;
        }
        for doc in content.split("<DOC>").skip(1) {
            let Some(text) = section(doc, "TEXT") else {
                continue;
            };
            let field = |tag| section(doc, tag).unwrap_or_default().to_string();
            docs.push(AntDoc {
                docno: field("DOCNO"),
                title: field("TITLE"),
                abstract_text: field("ABSTRACT"),
                text: text.to_string(),
            });
        }
    }
    Ok(docs)
}
