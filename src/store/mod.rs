//! All SQL lives under this module: one file per table. Commands and the Discord adapter see
//! only the typed methods of [`Store`], so a second backend can be added here without
//! touching them. Queries number their parameters `$1, $2, ...` in order of first use, which
//! both SQLite and PostgreSQL accept.

mod guilds;
mod leaderboard;
mod prefs;
mod privacy;
mod runs;
mod settings;
mod shoes;
mod tips;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context as _};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

pub use guilds::Guilds;
pub use leaderboard::{Leaderboard, Standing};
pub use prefs::Prefs;
pub use privacy::{MemberData, Privacy};
pub use runs::{LogOutcome, Run, Runs};
pub use settings::Settings;
pub use shoes::{wear_percent, NewShoe, Shoe, ShoeEdit, Shoes, MAX_ACTIVE_SHOES};
pub use tips::{NewTipSchedule, TipScheduleRow, Tips};

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// Why a write was refused; anything else is an internal error.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the member already has a shoe with that name")]
    DuplicateName,
    #[error("the member has too many active shoes")]
    TooManyActive,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Store {
    /// Opens (creating it if needed) the database at `url` and applies pending migrations.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        if !url.starts_with("sqlite:") {
            bail!("DATABASE_URL must start with sqlite:// (for example sqlite://pacer.db)");
        }
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("DATABASE_URL {url:?} is not a valid SQLite URL"))?
            .create_if_missing(true)
            .foreign_keys(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(5));
        // An in-memory database exists once per connection: keep a single one.
        let max_connections = if url.contains(":memory:") { 1 } else { 4 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {url}"))?;
        sqlx::migrate!()
            .run(&pool)
            .await
            .context("cannot apply database migrations")?;
        Ok(Store { pool })
    }

    pub fn guilds(&self) -> Guilds<'_> {
        Guilds { pool: &self.pool }
    }

    pub fn shoes(&self) -> Shoes<'_> {
        Shoes { pool: &self.pool }
    }

    pub fn runs(&self) -> Runs<'_> {
        Runs { pool: &self.pool }
    }

    pub fn prefs(&self) -> Prefs<'_> {
        Prefs { pool: &self.pool }
    }

    pub fn leaderboard(&self) -> Leaderboard<'_> {
        Leaderboard { pool: &self.pool }
    }

    pub fn settings(&self) -> Settings<'_> {
        Settings { pool: &self.pool }
    }

    pub fn tips(&self) -> Tips<'_> {
        Tips { pool: &self.pool }
    }

    pub fn privacy(&self) -> Privacy<'_> {
        Privacy { pool: &self.pool }
    }

    /// Waits for in-flight queries and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Dates are stored as `YYYY-MM-DD` text, which sorts and compares correctly.
fn day(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Discord ids are 64-bit unsigned snowflakes below 2^63; databases store signed 64-bit.
fn db_id(id: u64) -> anyhow::Result<i64> {
    i64::try_from(id).with_context(|| format!("id {id} does not fit a signed 64-bit column"))
}

/// Turns a unique-constraint violation into [`WriteError::DuplicateName`].
fn on_unique(error: sqlx::Error, context: &str) -> WriteError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => WriteError::DuplicateName,
        _ => WriteError::Internal(anyhow::Error::new(error).context(context.to_owned())),
    }
}
