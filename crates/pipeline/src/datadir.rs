//! The data directory: the store (a SQLite file in it, or a PostgreSQL database named by
//! `--database`), the search index beside it, and the lock that guards a SQLite file's workers.

use crate::PipelineError;
use marsad_store::{Backend, Database, Store};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An opened data directory.
#[derive(Clone)]
pub struct DataDir {
    path: PathBuf,
    /// The store.
    pub store: Arc<dyn Store>,
    /// The backend of the store, for what only it knows (schema version, closing).
    pub backend: Backend,
}

impl std::fmt::Debug for DataDir {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataDir")
            .field("path", &self.path)
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

/// Proof that this process is the only one running workers on a data directory's SQLite file.
/// Held for the life of the workers; the operating system releases it when the process dies,
/// even by SIGKILL. A PostgreSQL store takes no lock: its workers share the queue.
#[derive(Debug)]
pub struct WorkerLock {
    _file: Option<File>,
}

impl DataDir {
    /// Creates the directory if needed, opens its SQLite file and applies migrations.
    pub async fn open(path: &Path) -> Result<DataDir, PipelineError> {
        DataDir::open_with(path, None).await
    }

    /// As [`DataDir::open`], with the store in `database` instead of the directory's SQLite
    /// file when one is given.
    pub async fn open_with(
        path: &Path,
        database: Option<&Database>,
    ) -> Result<DataDir, PipelineError> {
        let io = |source| PipelineError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io)?;
        let backend = match database {
            Some(database) => Backend::open(database).await?,
            None => Backend::open(&Database::Sqlite(path.join("marsad.db"))).await?,
        };
        Ok(DataDir {
            path: path.to_path_buf(),
            store: backend.store(),
            backend,
        })
    }

    /// Closes the store's connections.
    pub async fn close(&self) {
        self.backend.close().await;
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the worker lock, then frees every job lease: with the lock held, any lease in
    /// the queue belongs to a process that died, and its jobs must run again.
    ///
    /// On a shared (PostgreSQL) store nothing is locked or freed: other processes' leases may
    /// be alive, and an expired lease is taken over by the next claim instead.
    pub async fn lock_workers(&self) -> Result<WorkerLock, PipelineError> {
        if self.backend.is_shared() {
            return Ok(WorkerLock { _file: None });
        }
        let lock_path = self.path.join("workers.lock");
        let file = File::create(&lock_path).map_err(|source| PipelineError::Io {
            path: lock_path.display().to_string(),
            source,
        })?;
        if file.try_lock().is_err() {
            return Err(PipelineError::Locked(self.path.display().to_string()));
        }
        let released = self.store.release_all_leases().await?;
        if released > 0 {
            tracing::info!(released, "took back jobs left by a process that stopped");
        }
        Ok(WorkerLock { _file: Some(file) })
    }
}
