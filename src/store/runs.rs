//! The `runs` table: distances logged on a member's shoes.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::Conn;

use super::{day, db_id, shoes};

pub struct Runs<'a> {
    pub(super) pool: &'a AnyPool,
}

/// A logged run with its shoe's nickname.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Run {
    pub id: i64,
    pub shoe_name: String,
    pub distance_m: i64,
    pub run_on: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct RunRow {
    pub run_id: i64,
    pub shoe_id: i64,
    pub user_id: i64,
    pub distance_m: i64,
    pub run_on: String,
    pub note: Option<String>,
    pub logged_at: String,
}

/// What logging a run changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOutcome {
    pub total_m: i64,
    pub retire_at_m: i64,
    /// The wear level (70, 80, 90 or 100 percent) this run crossed for the first time.
    pub warning: Option<i64>,
}

/// Wear levels that earn a one-time warning.
pub const WARNING_LEVELS: [i64; 4] = [70, 80, 90, 100];

impl Runs<'_> {
    /// Logs a run on one of the member's active shoes; `None` if the shoe is not theirs or is
    /// retired. The total and the warning are read in the same transaction.
    pub async fn log(
        &self,
        user_id: u64,
        shoe_id: i64,
        distance_m: i64,
        run_on: NaiveDate,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<LogOutcome>> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        // Locks the shoe first (a row lock on PostgreSQL, the write lock on SQLite), so that
        // concurrent runs on it are totalled one after another; refuses others' or retired
        // shoes.
        let shoe = sqlx::query(
            "UPDATE shoes SET alert_pct = alert_pct \
             WHERE shoe_id = $1 AND user_id = $2 AND retired_at IS NULL",
        )
        .bind(shoe_id)
        .bind(user)
        .execute(&mut *tx)
        .await
        .context("locking a shoe")?;
        if shoe.rows_affected() != 1 {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO runs (shoe_id, user_id, distance_m, run_on, note, logged_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(shoe_id)
        .bind(user)
        .bind(distance_m)
        .bind(day(run_on))
        .bind(note)
        .bind(now.to_rfc3339())
        .execute(&mut *tx)
        .await
        .context("logging a run")?;
        let (total_m, retire_at_m): (i64, i64) = sqlx::query_as(
            "SELECT CAST(s.start_m + COALESCE(SUM(r.distance_m), 0) AS BIGINT), s.retire_at_m \
             FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.shoe_id \
             WHERE s.shoe_id = $1 GROUP BY s.shoe_id",
        )
        .bind(shoe_id)
        .fetch_one(&mut *tx)
        .await
        .context("totalling a shoe")?;
        let percent = shoes::wear_percent(total_m, retire_at_m);
        let mut warning = None;
        if let Some(level) = WARNING_LEVELS.iter().rev().find(|l| percent >= **l) {
            if shoes::raise_alert(&mut tx, shoe_id, *level).await? {
                warning = Some(*level);
            }
        }
        tx.commit().await.context("committing a run")?;
        Ok(Some(LogOutcome {
            total_m,
            retire_at_m,
            warning,
        }))
    }

    /// The member's most recently logged run.
    pub async fn latest(&self, user_id: u64) -> anyhow::Result<Option<Run>> {
        sqlx::query_as(
            "SELECT r.run_id AS id, s.name AS shoe_name, r.distance_m, r.run_on, r.note \
             FROM runs r JOIN shoes s ON s.shoe_id = r.shoe_id \
             WHERE r.user_id = $1 ORDER BY r.run_id DESC LIMIT 1",
        )
        .bind(db_id(user_id)?)
        .fetch_optional(self.pool)
        .await
        .context("reading the latest run")
    }

    /// Deletes run `run_id` if it belongs to the member and is still their latest.
    pub async fn delete_if_latest(&self, user_id: u64, run_id: i64) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "DELETE FROM runs WHERE run_id = $1 AND user_id = $2 \
             AND run_id = (SELECT MAX(run_id) FROM runs WHERE user_id = $2)",
        )
        .bind(run_id)
        .bind(db_id(user_id)?)
        .execute(self.pool)
        .await
        .context("undoing a run")?;
        Ok(done.rows_affected() == 1)
    }

    /// The latest `limit` runs on one of the member's shoes, newest first.
    pub async fn history(
        &self,
        user_id: u64,
        shoe_id: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<Run>> {
        sqlx::query_as(
            "SELECT r.run_id AS id, s.name AS shoe_name, r.distance_m, r.run_on, r.note \
             FROM runs r JOIN shoes s ON s.shoe_id = r.shoe_id \
             WHERE r.user_id = $1 AND r.shoe_id = $2 \
             ORDER BY r.run_on DESC, r.run_id DESC LIMIT $3",
        )
        .bind(db_id(user_id)?)
        .bind(shoe_id)
        .bind(limit)
        .fetch_all(self.pool)
        .await
        .context("reading a shoe's history")
    }
}

pub(super) async fn export(conn: &mut Conn, user: i64) -> anyhow::Result<Vec<RunRow>> {
    sqlx::query_as(
        "SELECT run_id, shoe_id, user_id, distance_m, run_on, note, logged_at \
         FROM runs WHERE user_id = $1 ORDER BY run_id",
    )
    .bind(user)
    .fetch_all(conn)
    .await
    .context("exporting runs")
}

pub(super) async fn delete(conn: &mut Conn, user: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM runs WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await
        .context("deleting runs")?;
    Ok(done.rows_affected())
}
