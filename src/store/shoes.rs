//! The `shoes` table: adding and changing pairs (reading them is in `shoe_reads.rs`). Every
//! query is scoped to the member who owns the shoe.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::Conn;

use super::{db_id, lock_member, on_unique, Backend, WriteError};

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
    /// Runs logged since the `recent_since` date given to the query.
    pub recent_runs: i64,
    /// Date of the earliest run, `YYYY-MM-DD`.
    pub first_run: Option<String>,
}

impl Shoe {
    pub fn total_m(&self) -> i64 {
        self.start_m + self.logged_m
    }

    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }
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

    /// Retires a shoe; if it was the default, the active shoe run in most recently takes over
    /// (the most recently added one among those never run in).
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
                "SELECT s.shoe_id FROM shoes s WHERE s.user_id = $1 AND s.retired_at IS NULL \
                 ORDER BY COALESCE((SELECT MAX(r.run_on) FROM runs r WHERE r.shoe_id = s.shoe_id), '') DESC, \
                 s.created_at DESC, s.shoe_id DESC LIMIT 1",
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
