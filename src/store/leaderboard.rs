//! The `leaderboard_members` table: who opted in to each server's distance leaderboard.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::Conn;

use super::{day, db_id};

pub struct Leaderboard<'a> {
    pub(super) pool: &'a AnyPool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LeaderboardRow {
    pub guild_id: i64,
    pub user_id: i64,
    pub joined_at: String,
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub user_id: u64,
    pub distance_m: i64,
}

/// How many members a leaderboard shows.
pub const LEADERBOARD_SIZE: i64 = 20;

impl Leaderboard<'_> {
    /// Opts the member in; `false` if they already were.
    pub async fn join(
        &self,
        guild_id: u64,
        user_id: u64,
        at: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let done = sqlx::query(
            "INSERT INTO leaderboard_members (guild_id, user_id, joined_at) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, user_id) DO NOTHING",
        )
        .bind(db_id(guild_id)?)
        .bind(db_id(user_id)?)
        .bind(at.to_rfc3339())
        .execute(self.pool)
        .await
        .context("joining a leaderboard")?;
        Ok(done.rows_affected() == 1)
    }

    /// Opts the member out; `false` if they were not in.
    pub async fn leave(&self, guild_id: u64, user_id: u64) -> anyhow::Result<bool> {
        let done =
            sqlx::query("DELETE FROM leaderboard_members WHERE guild_id = $1 AND user_id = $2")
                .bind(db_id(guild_id)?)
                .bind(db_id(user_id)?)
                .execute(self.pool)
                .await
                .context("leaving a leaderboard")?;
        Ok(done.rows_affected() == 1)
    }

    /// Distance run since `since` by the members of `guild_id` who opted in, longest first.
    pub async fn standings(
        &self,
        guild_id: u64,
        since: NaiveDate,
    ) -> anyhow::Result<Vec<Standing>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.user_id, CAST(SUM(r.distance_m) AS BIGINT) AS total \
             FROM leaderboard_members l JOIN runs r ON r.user_id = l.user_id AND r.run_on >= $1 \
             WHERE l.guild_id = $2 \
             GROUP BY l.user_id ORDER BY total DESC, l.user_id LIMIT $3",
        )
        .bind(day(since))
        .bind(db_id(guild_id)?)
        .bind(LEADERBOARD_SIZE)
        .fetch_all(self.pool)
        .await
        .context("reading a leaderboard")?;
        Ok(rows
            .into_iter()
            .map(|(user_id, distance_m)| Standing {
                user_id: u64::try_from(user_id).unwrap_or_default(),
                distance_m,
            })
            .collect())
    }
}

pub(super) async fn delete_guild(conn: &mut Conn, guild: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM leaderboard_members WHERE guild_id = $1")
        .bind(guild)
        .execute(conn)
        .await
        .context("deleting a server's leaderboard")?;
    Ok(())
}

pub(super) async fn export(conn: &mut Conn, user: i64) -> anyhow::Result<Vec<LeaderboardRow>> {
    sqlx::query_as(
        "SELECT guild_id, user_id, joined_at FROM leaderboard_members WHERE user_id = $1 ORDER BY guild_id",
    )
    .bind(user)
    .fetch_all(conn)
    .await
    .context("exporting leaderboard opt-ins")
}

pub(super) async fn delete(conn: &mut Conn, user: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM leaderboard_members WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await
        .context("deleting leaderboard opt-ins")?;
    Ok(done.rows_affected())
}
