//! The error type of the analysis crate: [`AnalyzeError`].

/// What can go wrong in the analysis crate. Analysis itself is total over its inputs; only
/// loading data (such as a gazetteer) can fail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalyzeError {
    /// A line of gazetteer data is malformed, or one of its names already names another
    /// entity.
    #[error("gazetteer line {line}: {reason}")]
    Gazetteer {
        /// The 1-based line number in the data.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
}
