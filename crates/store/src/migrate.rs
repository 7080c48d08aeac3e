//! Numbered SQL migrations, embedded in the binary and applied in order on open.

use crate::{Result, StoreError};
use sqlx::{Row, SqlitePool};

/// One numbered migration file.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its number; applied in increasing order, each once.
    pub version: i64,
    /// Its file name, for messages.
    pub name: &'static str,
    /// The SQL it runs.
    pub sql: &'static str,
}

/// The SQLite migrations, in order. A released migration is never edited: add a new file.
pub const SQLITE_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init.sql",
        sql: include_str!("../migrations/sqlite/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_job_ordinal.sql",
        sql: include_str!("../migrations/sqlite/0002_job_ordinal.sql"),
    },
    Migration {
        version: 3,
        name: "0003_analysis.sql",
        sql: include_str!("../migrations/sqlite/0003_analysis.sql"),
    },
    Migration {
        version: 4,
        name: "0004_site.sql",
        sql: include_str!("../migrations/sqlite/0004_site.sql"),
    },
    Migration {
        version: 5,
        name: "0005_change_seq.sql",
        sql: include_str!("../migrations/sqlite/0005_change_seq.sql"),
    },
    Migration {
        version: 6,
        name: "0006_tag_link.sql",
        sql: include_str!("../migrations/sqlite/0006_tag_link.sql"),
    },
    Migration {
        version: 7,
        name: "0007_digest.sql",
        sql: include_str!("../migrations/sqlite/0007_digest.sql"),
    },
    Migration {
        version: 8,
        name: "0008_compression.sql",
        sql: include_str!("../migrations/sqlite/0008_compression.sql"),
    },
    Migration {
        version: 9,
        name: "0009_content_key_order.sql",
        sql: include_str!("../migrations/sqlite/0009_content_key_order.sql"),
    },
    Migration {
        version: 10,
        name: "0010_commit_function.sql",
        sql: include_str!("../migrations/sqlite/0010_commit_function.sql"),
    },
    Migration {
        version: 11,
        name: "0011_generic_plans.sql",
        sql: include_str!("../migrations/sqlite/0011_generic_plans.sql"),
    },
    Migration {
        version: 12,
        name: "0012_write_costs.sql",
        sql: include_str!("../migrations/sqlite/0012_write_costs.sql"),
    },
];

/// Applies every migration the database lacks, each in its own transaction.
/// Returns the versions applied.
pub(crate) async fn apply(pool: &SqlitePool, migrations: &[Migration]) -> Result<Vec<i64>> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migration (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at INTEGER NOT NULL)",
    )
    .execute(pool)
    .await?;
    let current: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migration")
        .fetch_one(pool)
        .await?
        .try_get("v")?;
    let known = migrations.last().map_or(0, |m| m.version);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    let mut applied = Vec::new();
    for m in migrations.iter().filter(|m| m.version > current) {
        let wrap = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(wrap)?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(m.sql))
            .execute(&mut *tx)
            .await
            .map_err(wrap)?;
        sqlx::query("INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind(m.version)
            .bind(m.name)
            .bind(chrono::Utc::now().timestamp_millis())
            .execute(&mut *tx)
            .await
            .map_err(wrap)?;
        tx.commit().await.map_err(wrap)?;
        applied.push(m.version);
    }
    Ok(applied)
}
