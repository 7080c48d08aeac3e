//! The choice of backend: where a store lives (`--database`) and the opened store of either
//! kind, with what only the backend knows (schema version, migrations, closing).

use crate::postgres::{PgConfig, PgStore};
use crate::{Result, SqliteStore, Store};
use std::path::PathBuf;
use std::sync::Arc;

/// Where a store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database.
    Postgres(PgConfig),
}

impl Database {
    /// Reads `postgres://…` or `postgresql://…` as PostgreSQL (default pool settings), and
    /// `sqlite:PATH` or any other text as the path of a SQLite file.
    pub fn parse(s: &str) -> Database {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Database::Postgres(PgConfig::new(s))
        } else {
            let path = s
                .strip_prefix("sqlite://")
                .or_else(|| s.strip_prefix("sqlite:"));
            Database::Sqlite(PathBuf::from(path.unwrap_or(s)))
        }
    }

    /// The location for messages, with any password hidden.
    pub fn display(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("sqlite:{}", path.display()),
            Database::Postgres(config) => crate::postgres::redact_url(&config.url),
        }
    }
}

/// An opened store of either backend.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A SQLite file, used by one process at a time.
    Sqlite(Arc<SqliteStore>),
    /// A PostgreSQL database, shared by any number of processes.
    Postgres(Arc<PgStore>),
}

impl Backend {
    /// Opens the store (creating a SQLite file if needed) and applies pending migrations.
    pub async fn open(database: &Database) -> Result<Backend> {
        Ok(match database {
            Database::Sqlite(path) => Backend::Sqlite(Arc::new(SqliteStore::open(path).await?)),
            Database::Postgres(config) => Backend::Postgres(Arc::new(PgStore::open(config).await?)),
        })
    }

    /// The store, for the pipeline and the web.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Backend::Sqlite(s) => s.clone(),
            Backend::Postgres(s) => s.clone(),
        }
    }

    /// Whether other processes may share the job queue. On a shared queue no process may free
    /// every lease at start (they may belong to live workers elsewhere): expired leases are
    /// taken over instead.
    pub fn is_shared(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }

    /// The schema version of the database.
    pub async fn schema_version(&self) -> Result<i64> {
        match self {
            Backend::Sqlite(s) => s.schema_version().await,
            Backend::Postgres(s) => s.schema_version().await,
        }
    }

    /// Applies pending migrations; returns the versions applied.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        match self {
            Backend::Sqlite(s) => s.migrate().await,
            Backend::Postgres(s) => s.migrate().await,
        }
    }

    /// Closes the connections.
    pub async fn close(&self) {
        match self {
            Backend::Sqlite(s) => s.close().await,
            Backend::Postgres(s) => s.close().await,
        }
    }
}
