//! The data directory: the SQLite file and the lock that guards its workers.

use crate::PipelineError;
use marsad_store::{JobQueue, SqliteStore};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An opened data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    path: PathBuf,
    /// The store in it.
    pub store: Arc<SqliteStore>,
}

/// Proof that this process is the only one running workers on a data directory. Held for the
/// life of the workers; the operating system releases it when the process dies, even by SIGKILL.
#[derive(Debug)]
pub struct WorkerLock {
    _file: File,
}

impl DataDir {
    /// Creates the directory if needed, opens the database and applies migrations.
    pub async fn open(path: &Path) -> Result<DataDir, PipelineError> {
        let io = |source| PipelineError::Io {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(path).map_err(io)?;
        let store = SqliteStore::open(&path.join("marsad.db")).await?;
        Ok(DataDir {
            path: path.to_path_buf(),
            store: Arc::new(store),
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the worker lock, then frees every job lease: with the lock held, any lease in
    /// the queue belongs to a process that died, and its jobs must run again.
    pub async fn lock_workers(&self) -> Result<WorkerLock, PipelineError> {
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
        Ok(WorkerLock { _file: file })
    }
}
