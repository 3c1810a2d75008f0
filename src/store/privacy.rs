//! A member's right to see and erase their data. [`MEMBER_COLUMNS`] names every column that
//! holds a member's id; `/privacy export` and `/privacy delete` both work from it alone, in
//! one transaction, and a test fails when the schema has a column naming a member that the
//! list leaves out.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::any::{AnyRow, AnyTypeInfoKind};
use sqlx::{AnyPool, Column as _, Row as _, ValueRef as _};

use super::{db_id, Backend, Conn};

pub struct Privacy<'a> {
    pub(super) pool: &'a AnyPool,
    pub(super) backend: Backend,
}

/// What erasing a member does to a row that names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erase {
    /// The row is the member's own data: it is deleted.
    Row,
    /// The row belongs to a server and only records the member (who set it up): it stays,
    /// and the member's id in it becomes NULL.
    Id,
}

/// A column that holds a member's id, and what export and delete do with its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// The columns the export shows of each row.
    pub export: &'static str,
    pub erase: Erase,
}

/// Every column that holds a member's id. Runs come before shoes: deleting a shoe would
/// take its runs with it (ON DELETE CASCADE) before they were counted.
pub const MEMBER_COLUMNS: [MemberColumn; 7] = [
    MemberColumn {
        table: "member_prefs",
        column: "user_id",
        export: "*",
        erase: Erase::Row,
    },
    MemberColumn {
        table: "runs",
        column: "user_id",
        export: "*",
        erase: Erase::Row,
    },
    MemberColumn {
        table: "shoes",
        column: "user_id",
        export: "*",
        erase: Erase::Row,
    },
    MemberColumn {
        table: "leaderboard_members",
        column: "user_id",
        export: "*",
        erase: Erase::Row,
    },
    MemberColumn {
        table: "shoe_drafts",
        column: "user_id",
        export: "*",
        erase: Erase::Row,
    },
    // The schedule is the server's; what is the member's is that they set it up.
    MemberColumn {
        table: "tip_schedules",
        column: "set_up_by",
        export: "guild_id, channel_id, schedule, timezone, set_up_by",
        erase: Erase::Id,
    },
    MemberColumn {
        table: "digest_schedules",
        column: "set_up_by",
        export: "guild_id, channel_id, schedule, timezone, set_up_by",
        erase: Erase::Id,
    },
];

/// Every row pacer holds about one member: table name to rows, each row column to value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberData(pub BTreeMap<String, Vec<Map<String, Value>>>);

impl MemberData {
    pub fn rows(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    /// The rows of one table; none for a table the export does not have.
    pub fn table(&self, name: &str) -> &[Map<String, Value>] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }
}

/// What `/privacy delete` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// Rows of the member's own data deleted.
    pub deleted: u64,
    /// Rows of servers' data that kept going without the member's id.
    pub cleared: u64,
    /// The rows deleted or cleared in each table, in the order of [`MEMBER_COLUMNS`].
    pub tables: Vec<(&'static str, u64)>,
}

impl Privacy<'_> {
    /// The columns export and delete cover.
    pub fn member_columns(&self) -> &'static [MemberColumn] {
        &MEMBER_COLUMNS
    }

    pub async fn export(&self, user_id: u64) -> anyhow::Result<MemberData> {
        let user = db_id(user_id)?;
        // One read transaction: a consistent snapshot across the tables. PostgreSQL gives
        // each statement its own snapshot unless asked for REPEATABLE READ.
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await
                .context("asking for one snapshot")?;
        }
        let mut data = MemberData::default();
        for c in MEMBER_COLUMNS {
            let rows = export(&mut tx, c, user).await?;
            data.0.entry(c.table.to_owned()).or_default().extend(rows);
        }
        tx.commit().await.context("finishing an export")?;
        Ok(data)
    }

    /// Deletes every row about the member and removes their id from servers' rows.
    pub async fn delete(&self, user_id: u64) -> anyhow::Result<Erased> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        let mut erased = Erased::default();
        for c in MEMBER_COLUMNS {
            let (sql, count) = match c.erase {
                Erase::Row => (
                    format!("DELETE FROM {} WHERE {} = $1", c.table, c.column),
                    &mut erased.deleted,
                ),
                Erase::Id => (
                    format!(
                        "UPDATE {} SET {col} = NULL WHERE {col} = $1",
                        c.table,
                        col = c.column
                    ),
                    &mut erased.cleared,
                ),
            };
            let done = sqlx::query(&sql)
                .bind(user)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("erasing a member from {}", c.table))?;
            *count += done.rows_affected();
            erased.tables.push((c.table, done.rows_affected()));
        }
        tx.commit().await.context("committing a deletion")?;
        Ok(erased)
    }
}

async fn export(
    conn: &mut Conn,
    c: MemberColumn,
    user: i64,
) -> anyhow::Result<Vec<Map<String, Value>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} = $1 ORDER BY 1",
        c.export, c.table, c.column
    );
    let rows = sqlx::query(&sql)
        .bind(user)
        .fetch_all(conn)
        .await
        .with_context(|| format!("exporting {}", c.table))?;
    rows.iter().map(to_json).collect()
}

/// A row as JSON, whatever its columns: numbers, text, true/false (0/1 on `SQLite`), null.
fn to_json(row: &AnyRow) -> anyhow::Result<Map<String, Value>> {
    let mut object = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            Value::Null
        } else {
            match raw.type_info().kind() {
                AnyTypeInfoKind::Null => Value::Null,
                AnyTypeInfoKind::Bool => Value::from(row.try_get::<bool, _>(i)?),
                AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                    Value::from(row.try_get::<i64, _>(i)?)
                }
                AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => {
                    Value::from(row.try_get::<f64, _>(i)?)
                }
                AnyTypeInfoKind::Text => Value::from(row.try_get::<String, _>(i)?),
                AnyTypeInfoKind::Blob => {
                    Value::from(format!("{} bytes", row.try_get::<Vec<u8>, _>(i)?.len()))
                }
            }
        };
        object.insert(column.name().to_owned(), value);
    }
    Ok(object)
}
