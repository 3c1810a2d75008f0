//! The `shoes` table. Every query is scoped to the member who owns the shoe.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::Conn;

use super::{day, db_id, lock_member, on_unique, Backend, WriteError};

/// At most this many shoes that are not retired, per member.
pub const MAX_ACTIVE_SHOES: i64 = 50;

pub struct Shoes<'a> {
    pub(super) pool: &'a AnyPool,
    pub(super) backend: Backend,
}

/// A shoe with its logged totals.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Shoe {
    pub id: i64,
    pub name: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub start_m: i64,
    pub retire_at_m: i64,
    #[sqlx(try_from = "super::Flag")]
    pub is_default: bool,
    pub retired_at: Option<String>,
    /// Distance of all logged runs.
    pub logged_m: i64,
    pub runs: i64,
    /// Date of the latest run, `YYYY-MM-DD`.
    pub last_run: Option<String>,
    /// Distance logged since the `recent_since` date given to the query.
    pub recent_m: i64,
}

impl Shoe {
    pub fn total_m(&self) -> i64 {
        self.start_m + self.logged_m
    }

    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }
}

/// A row of the table, as exported to its member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ShoeRow {
    pub shoe_id: i64,
    pub user_id: i64,
    pub name: String,
    pub name_key: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub start_m: i64,
    pub retire_at_m: i64,
    #[sqlx(try_from = "super::Flag")]
    pub is_default: bool,
    pub retired_at: Option<String>,
    pub alert_pct: i64,
    pub created_at: String,
}

#[derive(Debug, Clone)]
pub struct NewShoe<'a> {
    pub user_id: u64,
    pub name: &'a str,
    pub brand: Option<&'a str>,
    pub model: Option<&'a str>,
    pub start_m: i64,
    pub retire_at_m: i64,
    pub make_default: bool,
    pub now: DateTime<Utc>,
}

/// Changes to a shoe; `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct ShoeEdit<'a> {
    pub brand: Option<&'a str>,
    pub model: Option<&'a str>,
    pub retire_at_m: Option<i64>,
}

/// Case-insensitive key of a nickname.
pub fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

const SUMMARY: &str =
    "SELECT s.shoe_id AS id, s.name, s.brand, s.model, s.start_m, s.retire_at_m, \
        s.is_default, s.retired_at, \
        CAST(COALESCE(SUM(r.distance_m), 0) AS BIGINT) AS logged_m, COUNT(r.run_id) AS runs, \
        MAX(r.run_on) AS last_run, \
        CAST(COALESCE(SUM(CASE WHEN r.run_on >= $1 THEN r.distance_m ELSE 0 END), 0) AS BIGINT) AS recent_m \
    FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.shoe_id \
    WHERE s.user_id = $2";

const SUMMARY_ORDER: &str =
    " GROUP BY s.shoe_id ORDER BY (s.retired_at IS NOT NULL), s.created_at, s.shoe_id";

/// Share of the retirement distance run so far, in whole percent.
pub fn wear_percent(total_m: i64, retire_at_m: i64) -> i64 {
    total_m * 100 / retire_at_m.max(1)
}

async fn active_count(conn: &mut Conn, user: i64) -> anyhow::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM shoes WHERE user_id = $1 AND retired_at IS NULL")
        .bind(user)
        .fetch_one(conn)
        .await
        .context("counting active shoes")
}

async fn default_id(conn: &mut Conn, user: i64) -> anyhow::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT shoe_id FROM shoes WHERE user_id = $1 AND is_default AND retired_at IS NULL",
    )
    .bind(user)
    .fetch_optional(conn)
    .await
    .context("reading the default shoe")
}

/// Refuses the write in progress when it left the member over the limit of active shoes.
async fn check_active_limit(conn: &mut Conn, user: i64) -> Result<(), WriteError> {
    if active_count(conn, user).await? > MAX_ACTIVE_SHOES {
        return Err(WriteError::TooManyActive);
    }
    Ok(())
}

/// Makes `shoe_id` the default when the member has no active default.
async fn default_if_none(conn: &mut Conn, user: i64, shoe_id: i64) -> anyhow::Result<()> {
    if default_id(&mut *conn, user).await?.is_none() {
        set_default_in(conn, user, shoe_id).await?;
    }
    Ok(())
}

impl Shoes<'_> {
    /// Adds a shoe. The member's first active shoe becomes the default.
    pub async fn add(&self, shoe: NewShoe<'_>) -> Result<i64, WriteError> {
        let user = db_id(shoe.user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        lock_member(&mut tx, self.backend, user).await?;
        // The insert comes first so the transaction holds the write lock before it reads.
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO shoes (user_id, name, name_key, brand, model, start_m, retire_at_m, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING shoe_id",
        )
        .bind(user)
        .bind(shoe.name.trim())
        .bind(name_key(shoe.name))
        .bind(shoe.brand)
        .bind(shoe.model)
        .bind(shoe.start_m)
        .bind(shoe.retire_at_m)
        .bind(shoe.now.to_rfc3339())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "adding a shoe"))?;
        check_active_limit(&mut tx, user).await?;
        if shoe.make_default {
            set_default_in(&mut tx, user, id).await?;
        } else {
            default_if_none(&mut tx, user, id).await?;
        }
        tx.commit().await.context("committing a new shoe")?;
        Ok(id)
    }

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

    /// The member's default shoe, if it is active.
    pub async fn default_shoe(&self, user_id: u64) -> anyhow::Result<Option<i64>> {
        let mut conn = self.pool.acquire().await.context("getting a connection")?;
        default_id(&mut conn, db_id(user_id)?).await
    }

    pub async fn set_default(&self, user_id: u64, shoe_id: i64) -> anyhow::Result<()> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        lock_member(&mut tx, self.backend, user).await?;
        set_default_in(&mut tx, user, shoe_id).await?;
        tx.commit().await.context("committing the default shoe")?;
        Ok(())
    }

    /// Retires a shoe; if it was the default, the most recently added active shoe takes over.
    pub async fn retire(
        &self,
        user_id: u64,
        shoe_id: i64,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        lock_member(&mut tx, self.backend, user).await?;
        sqlx::query(
            "UPDATE shoes SET retired_at = $1, is_default = FALSE \
             WHERE user_id = $2 AND shoe_id = $3 AND retired_at IS NULL",
        )
        .bind(now.to_rfc3339())
        .bind(user)
        .bind(shoe_id)
        .execute(&mut *tx)
        .await
        .context("retiring a shoe")?;
        if default_id(&mut tx, user).await?.is_none() {
            let next: Option<(i64,)> = sqlx::query_as(
                "SELECT shoe_id FROM shoes WHERE user_id = $1 AND retired_at IS NULL \
                 ORDER BY created_at DESC, shoe_id DESC LIMIT 1",
            )
            .bind(user)
            .fetch_optional(&mut *tx)
            .await
            .context("choosing a new default shoe")?;
            if let Some((next,)) = next {
                set_default_in(&mut tx, user, next).await?;
            }
        }
        tx.commit().await.context("committing a retirement")?;
        Ok(())
    }

    /// Brings a shoe back, as the default if the member has none; refused past the limit of
    /// active shoes.
    pub async fn unretire(&self, user_id: u64, shoe_id: i64) -> Result<(), WriteError> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        lock_member(&mut tx, self.backend, user).await?;
        sqlx::query("UPDATE shoes SET retired_at = NULL WHERE user_id = $1 AND shoe_id = $2")
            .bind(user)
            .bind(shoe_id)
            .execute(&mut *tx)
            .await
            .context("unretiring a shoe")?;
        check_active_limit(&mut tx, user).await?;
        default_if_none(&mut tx, user, shoe_id).await?;
        tx.commit().await.context("committing an unretirement")?;
        Ok(())
    }

    pub async fn rename(&self, user_id: u64, shoe_id: i64, name: &str) -> Result<(), WriteError> {
        sqlx::query(
            "UPDATE shoes SET name = $1, name_key = $2 WHERE user_id = $3 AND shoe_id = $4",
        )
        .bind(name.trim())
        .bind(name_key(name))
        .bind(db_id(user_id)?)
        .bind(shoe_id)
        .execute(self.pool)
        .await
        .map_err(|e| on_unique(e, "renaming a shoe"))?;
        Ok(())
    }

    /// Changes brand, model or retirement distance. A new retirement distance starts the
    /// wear warnings afresh.
    pub async fn edit(&self, user_id: u64, shoe_id: i64, edit: ShoeEdit<'_>) -> anyhow::Result<()> {
        sqlx::query(
            "UPDATE shoes SET brand = COALESCE($1, brand), model = COALESCE($2, model), \
             retire_at_m = COALESCE($3, retire_at_m), \
             alert_pct = CASE WHEN $3 IS NULL THEN alert_pct ELSE 0 END \
             WHERE user_id = $4 AND shoe_id = $5",
        )
        .bind(edit.brand)
        .bind(edit.model)
        .bind(edit.retire_at_m)
        .bind(db_id(user_id)?)
        .bind(shoe_id)
        .execute(self.pool)
        .await
        .context("editing a shoe")?;
        Ok(())
    }
}

async fn set_default_in(conn: &mut Conn, user: i64, shoe_id: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE shoes SET is_default = (shoe_id = $1) WHERE user_id = $2")
        .bind(shoe_id)
        .bind(user)
        .execute(conn)
        .await
        .context("setting the default shoe")?;
    Ok(())
}

/// Raises the shoe's wear warning level to `pct` if it was lower. `true` for the one caller
/// that raised it, so a warning is given once even when runs are logged concurrently.
pub(super) async fn raise_alert(conn: &mut Conn, shoe_id: i64, pct: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE shoes SET alert_pct = $1 WHERE shoe_id = $2 AND alert_pct < $1")
        .bind(pct)
        .bind(shoe_id)
        .execute(conn)
        .await
        .context("raising a wear warning")?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn export(conn: &mut Conn, user: i64) -> anyhow::Result<Vec<ShoeRow>> {
    sqlx::query_as(
        "SELECT shoe_id, user_id, name, name_key, brand, model, start_m, retire_at_m, is_default, \
         retired_at, alert_pct, created_at FROM shoes WHERE user_id = $1 ORDER BY shoe_id",
    )
    .bind(user)
    .fetch_all(conn)
    .await
    .context("exporting shoes")
}

pub(super) async fn delete(conn: &mut Conn, user: i64) -> anyhow::Result<u64> {
    let done = sqlx::query("DELETE FROM shoes WHERE user_id = $1")
        .bind(user)
        .execute(conn)
        .await
        .context("deleting shoes")?;
    Ok(done.rows_affected())
}
