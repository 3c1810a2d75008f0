//! All SQL lives under this module: one file per table. Commands and the Discord adapter see
//! only the typed methods of [`Store`], so a second backend can be added here without
//! touching them.

mod guilds;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context as _};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

pub use guilds::Guilds;

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
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

    /// Waits for in-flight queries and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
