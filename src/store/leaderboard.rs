//! The `leaderboard_members` table: who opted in to each server's distance leaderboard.

use std::ops::RangeInclusive;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyPool;

use super::Conn;

use super::{day, db_id};

pub struct Leaderboard<'a> {
    pub(super) pool: &'a AnyPool,
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// 0 is the offline console's member, so this is no [`crate::ids::Snowflake`].
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

    /// Distance run on the dates `days` (both ends included) by the members of `guild_id` who
    /// opted in, longest first. Each run counts on the date its runner gave it, which is a
    /// date in the runner's own time zone.
    pub async fn standings(
        &self,
        guild_id: u64,
        days: RangeInclusive<NaiveDate>,
    ) -> anyhow::Result<Vec<Standing>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.user_id, CAST(SUM(r.distance_m) AS BIGINT) AS total \
             FROM leaderboard_members l JOIN runs r ON r.user_id = l.user_id \
             AND r.run_on >= $1 AND r.run_on <= $2 \
             WHERE l.guild_id = $3 \
             GROUP BY l.user_id ORDER BY total DESC, l.user_id LIMIT $4",
        )
        .bind(day(*days.start()))
        .bind(day(*days.end()))
        .bind(db_id(guild_id)?)
        .bind(LEADERBOARD_SIZE)
        .fetch_all(self.pool)
        .await
        .context("reading a leaderboard")?;
        rows.into_iter()
            .map(|(user_id, distance_m)| {
                Ok(Standing {
                    user_id: member(user_id)?,
                    distance_m,
                })
            })
            .collect()
    }

    /// Each opted-in member's distance and number of runs on the dates `days` (both ends
    /// included), longest first, every member: the weekly digest. Members who did not join
    /// are not read at all.
    pub async fn week(
        &self,
        guild_id: u64,
        days: RangeInclusive<NaiveDate>,
    ) -> anyhow::Result<Vec<(Standing, i64)>> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT l.user_id, CAST(SUM(r.distance_m) AS BIGINT) AS total, \
             CAST(COUNT(*) AS BIGINT) FROM leaderboard_members l \
             JOIN runs r ON r.user_id = l.user_id AND r.run_on >= $1 AND r.run_on <= $2 \
             WHERE l.guild_id = $3 GROUP BY l.user_id ORDER BY total DESC, l.user_id",
        )
        .bind(day(*days.start()))
        .bind(day(*days.end()))
        .bind(db_id(guild_id)?)
        .fetch_all(self.pool)
        .await
        .context("reading a week of the leaderboard")?;
        rows.into_iter()
            .map(|(user_id, distance_m, runs)| {
                let user_id = member(user_id)?;
                Ok((
                    Standing {
                        user_id,
                        distance_m,
                    },
                    runs,
                ))
            })
            .collect()
    }
}

/// A stored member id, which is never negative.
fn member(stored: i64) -> anyhow::Result<u64> {
    u64::try_from(stored).with_context(|| format!("{stored} is not a member id"))
}

pub(super) async fn delete_guild(conn: &mut Conn, guild: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM leaderboard_members WHERE guild_id = $1")
        .bind(guild)
        .execute(conn)
        .await
        .context("deleting a server's leaderboard")?;
    Ok(())
}
