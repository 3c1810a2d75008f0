//! The `member_prefs` table: each member's preferred distance unit.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::Conn;

use super::db_id;

pub struct Prefs<'a> {
    pub(super) pool: &'a AnyPool,
}

/// One row, as exported to its member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PrefsRow {
    pub user_id: i64,
    pub unit: String,
}

impl Prefs<'_> {
    /// The member's unit code (`km` or `mi`), if they chose one.
    pub async fn unit(&self, user_id: u64) -> anyhow::Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT unit FROM member_prefs WHERE user_id = $1")
                .bind(db_id(user_id)?)
                .fetch_optional(self.pool)
                .await
                .context("reading a member's unit")?;
        Ok(row.map(|(unit,)| unit))
    }

    pub async fn set_unit(&self, user_id: u64, unit: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO member_prefs (user_id, unit) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET unit = excluded.unit",
        )
        .bind(db_id(user_id)?)
        .bind(unit)
        .execute(self.pool)
        .await
        .context("saving a member's unit")?;
        Ok(())
    }
}

pub(super) async fn export(conn: &mut Conn, user: i64) -> anyhow::Result<Vec<PrefsRow>> {
    sqlx::query_as("SELECT user_id, unit FROM member_prefs WHERE user_id = $1")
        .bind(user)
        .fetch_all(conn)
        .await
        .context("exporting preferences")
}

pub(super) async fn delete(conn: &mut Conn, user: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM member_prefs WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await
        .context("deleting preferences")?;
    Ok(done.rows_affected())
}
