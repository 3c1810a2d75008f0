//! The `runs` table: distances logged on a member's shoes.

use std::ops::RangeInclusive;

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyPool;

use super::{db_id, Backend};

pub struct Runs<'a> {
    pub(super) pool: &'a AnyPool,
    pub(super) backend: Backend,
}

/// A logged run with its shoe's nickname and its number.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Run {
    pub id: i64,
    pub shoe_id: i64,
    pub shoe_name: String,
    pub distance_m: i64,
    pub run_on: String,
    pub note: Option<String>,
    /// Its place among all the member's runs, newest first by date (1 is the latest): the
    /// number `/shoes history` shows and `/shoes run-remove` takes.
    pub number: i64,
}

/// The member's runs (`$1`) with their numbers, for queries to pick from.
const NUMBERED: &str = "SELECT r.run_id AS id, r.shoe_id, s.name AS shoe_name, r.distance_m, \
     r.run_on, r.note, \
     CAST(ROW_NUMBER() OVER (ORDER BY r.run_on DESC, r.run_id DESC) AS BIGINT) AS number \
     FROM runs r JOIN shoes s ON s.shoe_id = r.shoe_id WHERE r.user_id = $1";

/// A run to log on one of the member's shoes.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub user_id: u64,
    pub shoe_id: i64,
    pub distance_m: i64,
    pub run_on: NaiveDate,
    pub note: Option<&'a str>,
    pub now: DateTime<Utc>,
    /// The days whose runs, on any of the member's pairs, [`LogOutcome::before`] describes.
    pub compare: RangeInclusive<NaiveDate>,
}

/// What logging a run changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOutcome {
    pub total_m: i64,
    pub retire_at_m: i64,
    /// The wear level (70, 80, 90 or 100 percent) this run crossed for the first time.
    pub warning: Option<i64>,
    /// The member's runs on the days of [`NewRun::compare`], read from the stored runs.
    pub before: RunsBefore,
}

/// The member's runs over some days, on all their pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunsBefore {
    /// The longest of them; 0 when there were none.
    pub longest_m: i64,
    pub runs: i64,
}

impl Runs<'_> {
    /// The member's most recently logged run.
    pub async fn latest(&self, user_id: u64) -> anyhow::Result<Option<Run>> {
        sqlx::query_as(&format!("{NUMBERED} ORDER BY r.run_id DESC LIMIT 1"))
            .bind(db_id(user_id)?)
            .fetch_optional(self.pool)
            .await
            .context("reading the latest run")
    }

    /// Deletes run `run_id` if it belongs to the member and is still their latest; the wear
    /// warnings of its pair then match what is left (see [`Runs::remove`]).
    pub async fn delete_if_latest(&self, user_id: u64, run_id: i64) -> anyhow::Result<bool> {
        let user = db_id(user_id)?;
        let latest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(run_id) FROM runs WHERE user_id = $1")
                .bind(user)
                .fetch_one(self.pool)
                .await
                .context("reading the latest run")?;
        if latest != Some(run_id) {
            return Ok(false);
        }
        Ok(self.remove(user_id, run_id).await?.is_some())
    }

    /// The latest `limit` runs on one of the member's shoes, newest first.
    pub async fn history(
        &self,
        user_id: u64,
        shoe_id: i64,
        limit: i64,
    ) -> anyhow::Result<Vec<Run>> {
        sqlx::query_as(&format!(
            "SELECT * FROM ({NUMBERED}) n WHERE n.shoe_id = $2 ORDER BY n.number LIMIT $3"
        ))
        .bind(db_id(user_id)?)
        .bind(shoe_id)
        .bind(limit)
        .fetch_all(self.pool)
        .await
        .context("reading a shoe's history")
    }

    /// The member's latest `limit` runs on any pair, newest first.
    pub async fn recent(&self, user_id: u64, limit: i64) -> anyhow::Result<Vec<Run>> {
        sqlx::query_as(&format!("{NUMBERED} ORDER BY number LIMIT $2"))
            .bind(db_id(user_id)?)
            .bind(limit)
            .fetch_all(self.pool)
            .await
            .context("reading the latest runs")
    }

    /// The member's run with this number (1 is the latest by date).
    pub async fn numbered(&self, user_id: u64, number: i64) -> anyhow::Result<Option<Run>> {
        sqlx::query_as(&format!("SELECT * FROM ({NUMBERED}) n WHERE n.number = $2"))
            .bind(db_id(user_id)?)
            .bind(number)
            .fetch_optional(self.pool)
            .await
            .context("reading a run by number")
    }

    /// One of the member's runs by id; `None` if it is not theirs.
    pub async fn get(&self, user_id: u64, run_id: i64) -> anyhow::Result<Option<Run>> {
        sqlx::query_as(&format!("SELECT * FROM ({NUMBERED}) n WHERE n.id = $2"))
            .bind(db_id(user_id)?)
            .bind(run_id)
            .fetch_optional(self.pool)
            .await
            .context("reading a run")
    }
}
