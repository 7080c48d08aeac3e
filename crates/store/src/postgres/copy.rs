//! `marsad copy`: moves a SQLite installation into an empty PostgreSQL database, every table
//! in id order, in one transaction, with the sequences reset after.

use super::PgStore;
use crate::{Result, SqliteStore, StoreError};
use sqlx::{Postgres, Row, Transaction};

/// The tables, parents before children, so that every foreign key finds its row.
const TABLES: &[&str] = &[
    "source",
    "feed",
    "document",
    "story",
    "article",
    "article_url",
    "tag",
    "article_tag",
    "job",
];

/// Columns that may point forward in id order, copied as NULL and set once the table is in:
/// a copy's `duplicate_of` names its group's original, which may have arrived (and been
/// numbered) after it.
const FORWARD: &[(&str, &str)] = &[("article", "duplicate_of")];

/// Rows read and written at once.
const PAGE: i64 = 500;

/// What a copy moved: rows per table, in copy order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// `(table, rows)`.
    pub tables: Vec<(&'static str, i64)>,
}

/// One column of a target table, with the PostgreSQL type that decides how it is read from
/// SQLite and bound as an array.
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Big,
    Int,
    Float,
    Text,
    Bytes,
}

/// A page of one column's values.
enum Values {
    Big(Vec<Option<i64>>),
    Int(Vec<Option<i32>>),
    Float(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    Bytes(Vec<Option<Vec<u8>>>),
}

impl Kind {
    fn of(data_type: &str) -> Option<Kind> {
        Some(match data_type {
            "bigint" => Kind::Big,
            "integer" => Kind::Int,
            "double precision" => Kind::Float,
            "text" => Kind::Text,
            "bytea" => Kind::Bytes,
            _ => return None,
        })
    }

    fn array(self) -> &'static str {
        match self {
            Kind::Big => "BIGINT[]",
            Kind::Int => "INTEGER[]",
            Kind::Float => "FLOAT8[]",
            Kind::Text => "TEXT[]",
            Kind::Bytes => "BYTEA[]",
        }
    }

    fn empty(self) -> Values {
        match self {
            Kind::Big => Values::Big(Vec::new()),
            Kind::Int => Values::Int(Vec::new()),
            Kind::Float => Values::Float(Vec::new()),
            Kind::Text => Values::Text(Vec::new()),
            Kind::Bytes => Values::Bytes(Vec::new()),
        }
    }
}

impl Values {
    fn push(&mut self, row: &sqlx::sqlite::SqliteRow, column: &str) -> Result<()> {
        match self {
            Values::Big(v) => v.push(row.try_get(column)?),
            Values::Int(v) => v.push(row.try_get(column)?),
            Values::Float(v) => v.push(row.try_get(column)?),
            Values::Text(v) => v.push(row.try_get(column)?),
            Values::Bytes(v) => v.push(row.try_get(column)?),
        }
        Ok(())
    }

    fn nulls(&mut self) {
        if let Values::Big(v) = self {
            v.iter_mut().for_each(|x| *x = None);
        }
    }
}

fn bind_values<'q>(
    query: sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>,
    values: &'q Values,
) -> sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments> {
    match values {
        Values::Big(v) => query.bind(v),
        Values::Int(v) => query.bind(v),
        Values::Float(v) => query.bind(v),
        Values::Text(v) => query.bind(v),
        Values::Bytes(v) => query.bind(v),
    }
}

async fn columns(tx: &mut Transaction<'static, Postgres>, table: &str) -> Result<Vec<Column>> {
    let rows = sqlx::query(
        "SELECT column_name::TEXT AS name, data_type::TEXT AS type FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            let data_type: String = r.try_get("type")?;
            let kind = Kind::of(&data_type).ok_or_else(|| StoreError::Corrupt {
                what: "copy",
                detail: format!("{table}.{name} has type {data_type}, which copy does not know"),
            })?;
            Ok(Column { name, kind })
        })
        .collect()
}

/// Copies every row of `from` into `to`, which must have no rows in any table (migrations
/// applied, nothing else). Both schemas must be at the same version. One transaction: a copy
/// that fails leaves `to` empty.
pub async fn copy_sqlite_to_postgres(
    from: &SqliteStore,
    to: &PgStore,
    progress: &mut (dyn FnMut(&str, i64) + Send),
) -> Result<CopyReport> {
    let (source_version, target_version) =
        (from.schema_version().await?, to.schema_version().await?);
    if source_version != target_version {
        return Err(StoreError::Corrupt {
            what: "copy",
            detail: format!(
                "the SQLite schema is at version {source_version} and the PostgreSQL one at {target_version}"
            ),
        });
    }
    let mut tx = to.pool.begin().await?;
    for table in TABLES {
        // Audited: table names come from the constant list above.
        let n: i64 = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM {table}"
        )))
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
        if n > 0 {
            return Err(StoreError::Corrupt {
                what: "copy",
                detail: format!(
                    "the target already has {n} rows in {table}: copy only into an empty database"
                ),
            });
        }
    }
    let mut report = CopyReport::default();
    for table in TABLES {
        let cols = columns(&mut tx, table).await?;
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        let list = names.join(", ");
        let select = format!(
            "SELECT rowid AS copy_rowid, {list} FROM {table} WHERE rowid > $1 ORDER BY rowid LIMIT $2"
        );
        let unnest: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!("${}::{}", i + 1, c.kind.array()))
            .collect();
        let insert = format!(
            "INSERT INTO {table} ({list}) SELECT * FROM UNNEST({})",
            unnest.join(", ")
        );
        let forward: Vec<usize> = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| FORWARD.contains(&(table, c.name.as_str())))
            .map(|(i, _)| i)
            .collect();
        let mut after = 0i64;
        let mut copied = 0i64;
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(select.clone()))
                .bind(after)
                .bind(PAGE)
                .fetch_all(&from.pool)
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.try_get("copy_rowid")?;
            let mut values: Vec<Values> = cols.iter().map(|c| c.kind.empty()).collect();
            for row in &rows {
                for (v, c) in values.iter_mut().zip(&cols) {
                    v.push(row, &c.name)?;
                }
            }
            // Forward references are set after the whole table is in.
            let mut later = Vec::new();
            for &i in &forward {
                if let (Values::Big(ids), Values::Big(refs)) = (&values[0], &values[i]) {
                    later.push((i, ids.clone(), refs.clone()));
                }
                values[i].nulls();
            }
            let mut query = sqlx::query(sqlx::AssertSqlSafe(insert.clone()));
            for v in &values {
                query = bind_values(query, v);
            }
            query.execute(&mut *tx).await?;
            for (i, ids, refs) in later {
                pending_forward(&mut tx, table, &cols[i].name, ids, refs).await?;
            }
            copied += rows.len() as i64;
            progress(table, copied);
        }
        apply_forward(&mut tx, table).await?;
        if names.first() == Some(&"id") {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                    COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )))
            .execute(&mut *tx)
            .await?;
        }
        report.tables.push((table, copied));
    }
    tx.commit().await?;
    Ok(report)
}

/// Keeps a page's forward references in a temporary table until its table is complete.
async fn pending_forward(
    tx: &mut Transaction<'static, Postgres>,
    table: &str,
    column: &str,
    ids: Vec<Option<i64>>,
    refs: Vec<Option<i64>>,
) -> Result<()> {
    sqlx::raw_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS copy_forward (
            tbl TEXT NOT NULL, col TEXT NOT NULL, id BIGINT NOT NULL, ref BIGINT NOT NULL)
         ON COMMIT DROP",
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO copy_forward (tbl, col, id, ref)
         SELECT $1, $2, i, r FROM UNNEST($3::BIGINT[], $4::BIGINT[]) AS u(i, r)
         WHERE r IS NOT NULL",
    )
    .bind(table)
    .bind(column)
    .bind(&ids)
    .bind(&refs)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets the forward references kept for `table`.
async fn apply_forward(tx: &mut Transaction<'static, Postgres>, table: &str) -> Result<()> {
    for (t, column) in FORWARD.iter().filter(|(t, _)| t == &table) {
        let exists: bool =
            sqlx::query("SELECT to_regclass('pg_temp.copy_forward') IS NOT NULL AS e")
                .fetch_one(&mut **tx)
                .await?
                .try_get("e")?;
        if !exists {
            return Ok(());
        }
        // Audited: table and column names come from the constant FORWARD list.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {t} SET {column} = f.ref FROM copy_forward f
             WHERE f.tbl = $1 AND f.col = $2 AND {t}.id = f.id"
        )))
        .bind(*t)
        .bind(*column)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
