//! The `tip_schedules` and `digest_schedules` tables: each server's warm-up tip schedule and
//! weekly digest schedule, each with its own rotation of tips.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::Conn;

use super::db_id;
use crate::ids::Snowflake;
use crate::shards::ShardRange;

/// The schedules that post: with a next run, neither paused nor disabled.
const ON: &str = "next_run_at IS NOT NULL AND NOT paused AND NOT disabled";

/// A table of schedules: `tip_schedules` for the warm-up tips, `digest_schedules` for the
/// weekly club digest. Both have the same columns and the same claim.
pub struct Tips<'a> {
    pub(super) pool: &'a AnyPool,
    pub(super) table: &'static str,
}

/// A server's schedule as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TipScheduleRow {
    #[sqlx(try_from = "i64")]
    pub guild_id: Snowflake,
    #[sqlx(try_from = "i64")]
    pub channel_id: Snowflake,
    pub schedule: String,
    pub timezone: String,
    pub next_run_at: Option<i64>,
    #[sqlx(try_from = "super::Flag")]
    pub paused: bool,
    #[sqlx(try_from = "super::Flag")]
    pub disabled: bool,
    pub rotation_seed: i64,
    pub rotation_pos: i64,
    pub last_post_at: Option<i64>,
    pub last_error: Option<String>,
    /// The admin who set it up; `None` once they erased their data with `/privacy delete`.
    #[sqlx(try_from = "crate::ids::NullableId")]
    pub set_up_by: Option<Snowflake>,
}

/// A new or replaced schedule.
#[derive(Debug, Clone)]
pub struct NewTipSchedule<'a> {
    pub guild_id: u64,
    pub channel_id: u64,
    pub schedule: &'a str,
    pub timezone: &'a str,
    pub next_run_at: i64,
    pub rotation_seed: i64,
    pub set_up_by: u64,
    pub now: DateTime<Utc>,
}

/// Keeps the servers of a shard range, with parameters numbered from `$n`: the number of
/// shards in all (0: no filter), then the first and last shard of ours. A server's shard is
/// `(guild_id >> 22) % total`, written as a division so both databases read it alike.
fn on_shards(n: usize) -> String {
    format!(
        "AND (${n} = 0 OR ((guild_id / 4194304) % ${n}) BETWEEN ${} AND ${})",
        n + 1,
        n + 2
    )
}

fn shard_bounds(shards: Option<ShardRange>) -> (i64, i64, i64) {
    shards.map_or((0, 0, 0), |s| {
        (i64::from(s.total), i64::from(s.first), i64::from(s.last))
    })
}

/// The two schedule tables.
const TIPS: &str = "tip_schedules";
const DIGESTS: &str = "digest_schedules";

const COLUMNS: &str = "guild_id, channel_id, schedule, timezone, next_run_at, paused, disabled, \
    rotation_seed, rotation_pos, last_post_at, last_error, set_up_by";

impl super::Store {
    pub fn tips(&self) -> Tips<'_> {
        Tips {
            pool: &self.pool,
            table: TIPS,
        }
    }

    /// The weekly club digests' schedules: the same columns and claim as the tips.
    pub fn digests(&self) -> Tips<'_> {
        Tips {
            pool: &self.pool,
            table: DIGESTS,
        }
    }
}

impl Tips<'_> {
    /// Creates or replaces the server's schedule, active from `next_run_at`.
    pub async fn set_up(&self, new: NewTipSchedule<'_>) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO {} (guild_id, channel_id, schedule, timezone, next_run_at, \
             rotation_seed, rotation_pos, set_up_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8) \
             ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, \
             schedule = excluded.schedule, timezone = excluded.timezone, \
             next_run_at = excluded.next_run_at, paused = FALSE, disabled = FALSE, \
             last_error = NULL, set_up_by = excluded.set_up_by, updated_at = excluded.updated_at",
            self.table
        ))
        .bind(db_id(new.guild_id)?)
        .bind(db_id(new.channel_id)?)
        .bind(new.schedule)
        .bind(new.timezone)
        .bind(new.next_run_at)
        .bind(new.rotation_seed)
        .bind(db_id(new.set_up_by)?)
        .bind(new.now.to_rfc3339())
        .execute(self.pool)
        .await
        .context("saving a tip schedule")?;
        Ok(())
    }

    pub async fn get(&self, guild_id: u64) -> anyhow::Result<Option<TipScheduleRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM {} WHERE guild_id = $1",
            self.table
        ))
        .bind(db_id(guild_id)?)
        .fetch_optional(self.pool)
        .await
        .context("reading a tip schedule")
    }

    /// Schedules whose next run is at or before `now`, oldest first, of the servers on
    /// `shards` (all when `None`). Served by the partial index on `next_run_at`.
    pub async fn due(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        shards: Option<ShardRange>,
    ) -> anyhow::Result<Vec<TipScheduleRow>> {
        let (total, first, last) = shard_bounds(shards);
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM {} WHERE {ON} AND next_run_at <= $1 {} \
             ORDER BY next_run_at LIMIT $5",
            self.table,
            on_shards(2)
        ))
        .bind(now.timestamp())
        .bind(total)
        .bind(first)
        .bind(last)
        .bind(limit)
        .fetch_all(self.pool)
        .await
        .context("reading due tip schedules")
    }

    /// The earliest next run of the servers on `shards`, for the scheduler to sleep until.
    pub async fn next_due(&self, shards: Option<ShardRange>) -> anyhow::Result<Option<i64>> {
        let (total, first, last) = shard_bounds(shards);
        sqlx::query_scalar(&format!(
            "SELECT MIN(next_run_at) FROM {} WHERE {ON} {}",
            self.table,
            on_shards(1)
        ))
        .bind(total)
        .bind(first)
        .bind(last)
        .fetch_one(self.pool)
        .await
        .context("reading the next due tip")
    }

    /// How many schedules of the servers on `shards` are on (not paused, not disabled).
    pub async fn active(&self, shards: Option<ShardRange>) -> anyhow::Result<u64> {
        let (total, first, last) = shard_bounds(shards);
        let count: i64 = sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM {} WHERE {ON} {}",
            self.table,
            on_shards(1)
        ))
        .bind(total)
        .bind(first)
        .bind(last)
        .fetch_one(self.pool)
        .await
        .context("counting tip schedules")?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Claims the post due at `due` by moving the schedule to `next`. Only the one caller
    /// whose compare-and-set succeeds gets the place in the rotation to post; everyone else
    /// gets `None`.
    pub async fn claim(
        &self,
        guild_id: u64,
        due: i64,
        next: Option<i64>,
    ) -> anyhow::Result<Option<i64>> {
        sqlx::query_scalar(&format!(
            "UPDATE {} SET next_run_at = $1 \
             WHERE guild_id = $2 AND next_run_at = $3 AND NOT paused AND NOT disabled \
             RETURNING rotation_pos",
            self.table
        ))
        .bind(next)
        .bind(db_id(guild_id)?)
        .bind(due)
        .fetch_optional(self.pool)
        .await
        .context("claiming a due tip")
    }

    /// Records a post; the rotation moves on only now, so a failed post keeps its tip.
    pub async fn posted(&self, guild_id: u64, at: DateTime<Utc>) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "UPDATE {} SET last_post_at = $1, last_error = NULL, \
             rotation_pos = rotation_pos + 1 WHERE guild_id = $2",
            self.table
        ))
        .bind(at.timestamp())
        .bind(db_id(guild_id)?)
        .execute(self.pool)
        .await
        .context("recording a tip post")?;
        Ok(())
    }

    /// Records a failure; `disable` stops the schedule until setup or resume.
    pub async fn failed(&self, guild_id: u64, error: &str, disable: bool) -> anyhow::Result<()> {
        sqlx::query(&format!(
            "UPDATE {} SET last_error = $1, disabled = (disabled OR $2), \
             next_run_at = CASE WHEN $2 THEN NULL ELSE next_run_at END WHERE guild_id = $3",
            self.table
        ))
        .bind(error)
        .bind(disable)
        .bind(db_id(guild_id)?)
        .execute(self.pool)
        .await
        .context("recording a tip failure")?;
        Ok(())
    }

    /// Pauses (`next_run_at` = None) or resumes from `next_run_at`.
    pub async fn set_paused(
        &self,
        guild_id: u64,
        next_run_at: Option<i64>,
    ) -> anyhow::Result<bool> {
        let done = sqlx::query(&format!(
            "UPDATE {} SET paused = ($1 IS NULL), next_run_at = $1, \
             disabled = CASE WHEN $1 IS NULL THEN disabled ELSE FALSE END WHERE guild_id = $2",
            self.table
        ))
        .bind(next_run_at)
        .bind(db_id(guild_id)?)
        .execute(self.pool)
        .await
        .context("pausing or resuming tips")?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes the server's schedule; `false` if it had none.
    pub async fn remove(&self, guild_id: u64) -> anyhow::Result<bool> {
        let mut conn = self.pool.acquire().await.context("getting a connection")?;
        delete_from(&mut conn, self.table, db_id(guild_id)?).await
    }
}

/// Deletes a server's tip schedule and its digest schedule; `true` if it had tips.
pub(super) async fn delete_guild(conn: &mut Conn, guild: i64) -> anyhow::Result<bool> {
    delete_from(conn, DIGESTS, guild).await?;
    delete_from(conn, TIPS, guild).await
}

async fn delete_from(conn: &mut Conn, table: &str, guild: i64) -> anyhow::Result<bool> {
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE guild_id = $1"))
        .bind(guild)
        .execute(conn)
        .await
        .context("deleting a schedule")?;
    Ok(done.rows_affected() == 1)
}
