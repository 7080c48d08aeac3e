//! Marsad search: a tantivy index over the stored articles with Marsad's own Arabic analyzers
//! (`marsad-text`'s folded keys and light stems), and the query language of the search box.
//!
//! The index is derived data: it follows the store in article id order (the last id indexed
//! is recorded with each commit) and can always be rebuilt from it.

pub mod analyzer;
pub mod query;
pub mod search;

pub use query::{Atom, Query, QueryError, parse};
pub use search::{
    BatchWriter, Hit, IndexDoc, Position, Results, SearchIndex, SearchOptions, Snippet, Sort,
};

/// Errors of the search index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The index files could not be read or written.
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A file of the index folder could not be used.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// The query could not be understood.
    #[error(transparent)]
    Query(#[from] QueryError),
}
