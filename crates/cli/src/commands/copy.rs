//! `marsad copy`: moves an installation from a SQLite file into an empty PostgreSQL database.

use crate::args::CopyArgs;
use anyhow::{Context, Result, bail};
use marsad_store::postgres::copy_sqlite_to_postgres;
use marsad_store::{Database, PgStore, SqliteStore};
use std::io::Write;

/// Opens both stores (migrating each), copies every table, and prints the rows per table.
pub async fn run(args: CopyArgs) -> Result<()> {
    let Database::Sqlite(path) = Database::parse(&args.from) else {
        bail!(
            "--from must name a SQLite file (sqlite:PATH), not {}",
            args.from
        );
    };
    let Database::Postgres(config) = Database::parse(&args.to) else {
        bail!("--to must be a postgres:// URL");
    };
    if !path.is_file() {
        bail!("no SQLite file at {}", path.display());
    }
    let from = SqliteStore::open(&path)
        .await
        .with_context(|| format!("cannot open {}", path.display()))?;
    let to = PgStore::open(&config).await?;
    let mut progress = |table: &str, rows: i64| {
        eprint!("\rcopying {table}: {rows} rows   ");
        let _ = std::io::stderr().flush();
    };
    let report = copy_sqlite_to_postgres(&from, &to, &mut progress).await?;
    eprintln!();
    for (table, rows) in &report.tables {
        println!("{table}\t{rows}");
    }
    from.close().await;
    to.close().await;
    Ok(())
}
