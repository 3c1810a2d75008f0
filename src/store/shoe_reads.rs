//! Reading the `shoes` table: a member's pairs with their totals, and finding one by name.
//! Every query is scoped to the member who owns the shoe.

use std::sync::LazyLock;

use anyhow::Context as _;
use chrono::NaiveDate;
use sqlx::{FromRow as _, Row as _};

use super::shoes::{name_key, Shoe, Shoes};
use super::{day, db_id, Conn, MemberPrefs};

/// A summary's columns; `$1` is the first day that counts as recent.
const SUMMARY_COLUMNS: &str = "s.shoe_id AS id, s.name, s.brand, s.model, s.start_m, s.retire_at_m, \
        s.is_default, s.retired_at, \
        CAST(COALESCE(SUM(r.distance_m), 0) AS BIGINT) AS logged_m, COUNT(r.run_id) AS runs, \
        MAX(r.run_on) AS last_run, \
        CAST(COALESCE(SUM(CASE WHEN r.run_on >= $1 THEN r.distance_m ELSE 0 END), 0) AS BIGINT) AS recent_m, \
        CAST(COUNT(CASE WHEN r.run_on >= $1 THEN 1 END) AS BIGINT) AS recent_runs, \
        MIN(r.run_on) AS first_run";

/// The pairs a summary reads from: the member's (`$2`).
const SUMMARY_FROM: &str =
    " FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.shoe_id WHERE s.user_id = $2";

const SUMMARY_ORDER: &str =
    " GROUP BY s.shoe_id ORDER BY (s.retired_at IS NOT NULL), s.created_at, s.shoe_id";

/// [`log_start`]'s query, put together once: one row, with the pair's columns empty when
/// the member has no active default pair (one at most, so there is nothing to order).
static LOG_START: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {SUMMARY_COLUMNS}, \
         (SELECT unit FROM member_prefs WHERE user_id = $2) AS unit, \
         (SELECT timezone FROM member_prefs WHERE user_id = $2) AS timezone \
         FROM (SELECT 1 AS one) o \
         LEFT JOIN shoes s ON s.user_id = $2 AND s.is_default AND s.retired_at IS NULL \
         LEFT JOIN runs r ON r.shoe_id = s.shoe_id GROUP BY s.shoe_id"
    )
});

/// What `/shoes log` without `shoe:` reads before it writes, in one query: the member's
/// preferences and their default pair, if it is active, with its totals. `/shoes log` shows
/// no recent totals, and does not know the member's today before this: the pair's `recent_m`
/// and `recent_runs` are 0.
pub(super) async fn log_start(
    conn: &mut Conn,
    user: i64,
) -> anyhow::Result<(MemberPrefs, Option<Shoe>)> {
    let row = sqlx::query(LOG_START.as_str())
        // After every date: no run is recent.
        .bind("9999-12-31")
        .bind(user)
        .fetch_one(conn)
        .await
        .context("reading the default shoe")?;
    let prefs = MemberPrefs {
        unit: row.try_get("unit")?,
        timezone: row.try_get("timezone")?,
    };
    let id: Option<i64> = row.try_get("id")?;
    let pair = match id {
        Some(_) => Some(Shoe::from_row(&row).context("reading the default shoe")?),
        None => None,
    };
    Ok((prefs, pair))
}

impl Shoes<'_> {
    /// Every shoe of the member, active ones first. `recent_since` bounds `Shoe::recent_m`.
    pub async fn list(&self, user_id: u64, recent_since: NaiveDate) -> anyhow::Result<Vec<Shoe>> {
        sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM}{SUMMARY_ORDER}"
        ))
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
        sqlx::query_as(&format!(
            "SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM} AND s.shoe_id = $3{SUMMARY_ORDER}"
        ))
        .bind(day(recent_since))
        .bind(db_id(user_id)?)
        .bind(shoe_id)
        .fetch_optional(self.pool)
        .await
        .context("reading a shoe")
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
