//! Reading the `shoes` table: a member's pairs with their totals, and finding one by name.
//! Every query is scoped to the member who owns the shoe.

use anyhow::Context as _;
use chrono::NaiveDate;

use super::shoes::{name_key, Shoe, Shoes};
use super::{day, db_id};

const SUMMARY: &str =
    "SELECT s.shoe_id AS id, s.name, s.brand, s.model, s.start_m, s.retire_at_m, \
        s.is_default, s.retired_at, \
        CAST(COALESCE(SUM(r.distance_m), 0) AS BIGINT) AS logged_m, COUNT(r.run_id) AS runs, \
        MAX(r.run_on) AS last_run, \
        CAST(COALESCE(SUM(CASE WHEN r.run_on >= $1 THEN r.distance_m ELSE 0 END), 0) AS BIGINT) AS recent_m, \
        CAST(COUNT(CASE WHEN r.run_on >= $1 THEN 1 END) AS BIGINT) AS recent_runs, \
        MIN(r.run_on) AS first_run \
    FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.shoe_id \
    WHERE s.user_id = $2";

const SUMMARY_ORDER: &str =
    " GROUP BY s.shoe_id ORDER BY (s.retired_at IS NOT NULL), s.created_at, s.shoe_id";

impl Shoes<'_> {
    /// Every shoe of the member, active ones first. `recent_since` bounds `Shoe::recent_m`.
    pub async fn list(&self, user_id: u64, recent_since: NaiveDate) -> anyhow::Result<Vec<Shoe>> {
        sqlx::query_as(&format!("{SUMMARY}{SUMMARY_ORDER}"))
            .bind(day(recent_since))
            .bind(db_id(user_id)?)
            .fetch_all(self.pool)
            .await
            .context("listing shoes")
    }

    /// One of the member's shoes by id; `None` if it is not theirs.
    pub async fn get(
        &self,
        user_id: u64,
        shoe_id: i64,
        recent_since: NaiveDate,
    ) -> anyhow::Result<Option<Shoe>> {
        sqlx::query_as(&format!("{SUMMARY} AND s.shoe_id = $3{SUMMARY_ORDER}"))
            .bind(day(recent_since))
            .bind(db_id(user_id)?)
            .bind(shoe_id)
            .fetch_optional(self.pool)
            .await
            .context("reading a shoe")
    }

    /// The member's default shoe with its totals, if it is active: one query for the usual
    /// `/shoes log` without `shoe:`.
    pub async fn default_summary(
        &self,
        user_id: u64,
        recent_since: NaiveDate,
    ) -> anyhow::Result<Option<Shoe>> {
        sqlx::query_as(&format!(
            "{SUMMARY} AND s.is_default AND s.retired_at IS NULL{SUMMARY_ORDER}"
        ))
        .bind(day(recent_since))
        .bind(db_id(user_id)?)
        .fetch_optional(self.pool)
        .await
        .context("reading the default shoe")
    }

    /// The id of the member's shoe with this nickname (any case).
    pub async fn find_by_name(&self, user_id: u64, name: &str) -> anyhow::Result<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT shoe_id FROM shoes WHERE user_id = $1 AND name_key = $2")
                .bind(db_id(user_id)?)
                .bind(name_key(name))
                .fetch_optional(self.pool)
                .await
                .context("finding a shoe by name")?;
        Ok(row.map(|(id,)| id))
    }

    /// Every pair of the member as (id, nickname, retired), oldest first: what a typed name
    /// is matched against.
    pub async fn names(&self, user_id: u64) -> anyhow::Result<Vec<(i64, String, bool)>> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT shoe_id, name, retired_at FROM shoes WHERE user_id = $1 \
             ORDER BY created_at, shoe_id",
        )
        .bind(db_id(user_id)?)
        .fetch_all(self.pool)
        .await
        .context("listing shoe names")?;
        Ok(rows
            .into_iter()
            .map(|(id, name, retired)| (id, name, retired.is_some()))
            .collect())
    }
}
