//! All SQL lives under this module: one file per table. Commands and the Discord adapter see
//! only the typed methods of [`Store`].
//!
//! Two backends share the SQL: `SQLite` (the embedded default) and `PostgreSQL` (for hosts that
//! run several processes), chosen by `DATABASE_URL`. Queries number their parameters
//! `$1, $2, ...` in order of first use, cast aggregates to `BIGINT`, and keep to syntax both
//! accept; only the migrations differ (`migrations/sqlite`, `migrations/postgres`).

mod drafts;
mod flag;
mod guilds;
mod health;
mod leaderboard;
mod prefs;
mod privacy;
mod run_edits;
mod run_log;
mod run_weeks;
mod runs;
mod settings;
mod shoe_reads;
mod shoes;
mod tips;
mod wear;

use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyConnection;
use sqlx::{AnyPool, Executor};

pub use drafts::{Drafts, ShoeDraft};
use flag::Flag;
pub use guilds::Guilds;
pub use health::Health;
pub use leaderboard::{Leaderboard, Standing};
pub use prefs::{MemberPrefs, Prefs};
pub use privacy::{Erase, MemberData, Privacy, MEMBER_COLUMNS};
pub use run_edits::{Moved, MovedRun, Removed};
pub use run_log::{DefaultLog, Logged, Planned, SameRun};
pub use run_weeks::PairDay;
pub use runs::{LogOutcome, NewRun, Run, Runs, RunsBefore};
pub use settings::Settings;
pub use shoes::{NewShoe, Shoe, ShoeEdit, Shoes, MAX_ACTIVE_SHOES};
pub use tips::{NewTipSchedule, TipScheduleRow, Tips};
pub use wear::PairTotals;

const MAX_POSTGRES_CONNECTIONS: u32 = 8;

/// The connection type every table module's transaction helpers take.
type Conn = AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle to the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    health: Arc<Health>,
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
    /// Opens the database at `url` (creating an `SQLite` file if needed) and applies pending
    /// migrations.
    pub async fn open(url: &str) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            // `mode=rwc` creates the file on first run, unless the URL chose a mode.
            let url = if url.contains("mode=") || url.contains(":memory:") {
                url.to_owned()
            } else if url.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            bail!("DATABASE_URL must start with sqlite:// or postgres://");
        };
        // SQLite takes one writer at a time, and a second one waiting for the lock sleeps in
        // steps of milliseconds: one connection queues the work in order instead (and an
        // in-memory database exists once per connection anyway).
        let max_connections = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => MAX_POSTGRES_CONNECTIONS,
        };
        // An unreachable server must be reported within Discord's 3 s, before the 2 s after
        // which a reply is deferred; SQLite's one connection queues every request, so a
        // burst may wait longer there (it cannot be unreachable, only locked).
        let acquire_timeout = match backend {
            Backend::Sqlite => Duration::from_secs(10),
            Backend::Postgres => Duration::from_millis(1_500),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(acquire_timeout)
            // A connection to a local SQLite file cannot go stale, and the check would cost a
            // round trip to the connection's thread for every query.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 1000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .with_context(|| format!("cannot open the database {}", redact(&url)))?;
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator
            .run(&pool)
            .await
            .context("cannot apply database migrations")?;
        Ok(Store {
            pool,
            backend,
            health: Arc::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database is reachable, as the last requests found it.
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// Whether `error` means the database can't be reached or is locked: something the
    /// member can only wait out, not a bug.
    pub fn unavailable(&self, error: &anyhow::Error) -> bool {
        let max = match self.backend {
            Backend::Sqlite => 1,
            Backend::Postgres => MAX_POSTGRES_CONNECTIONS,
        };
        // A timeout with every connection open and busy is load, not an outage.
        let pool_full = self.pool.size() >= max && self.pool.num_idle() == 0;
        health::unavailable(error, pool_full)
    }

    pub fn guilds(&self) -> Guilds<'_> {
        Guilds { pool: &self.pool }
    }

    pub fn shoes(&self) -> Shoes<'_> {
        Shoes {
            pool: &self.pool,
            backend: self.backend,
        }
    }

    pub fn runs(&self) -> Runs<'_> {
        Runs {
            pool: &self.pool,
            backend: self.backend,
        }
    }

    pub fn prefs(&self) -> Prefs<'_> {
        Prefs { pool: &self.pool }
    }

    pub fn drafts(&self) -> Drafts<'_> {
        Drafts { pool: &self.pool }
    }

    pub fn leaderboard(&self) -> Leaderboard<'_> {
        Leaderboard { pool: &self.pool }
    }

    pub fn settings(&self) -> Settings<'_> {
        Settings { pool: &self.pool }
    }

    pub fn privacy(&self) -> Privacy<'_> {
        Privacy {
            pool: &self.pool,
            backend: self.backend,
        }
    }

    /// Whether the database answers a trivial query, for the health check.
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("pinging the database")?;
        Ok(())
    }

    /// Waits for in-flight queries and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Dates are stored as `YYYY-MM-DD` text, which sorts and compares correctly.
fn day(date: chrono::NaiveDate) -> String {
    use chrono::Datelike as _;
    match date.year() {
        // What `%Y-%m-%d` gives, without parsing the format string on every query.
        year @ 0..=9999 => format!("{year:04}-{:02}-{:02}", date.month(), date.day()),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// Discord ids are 64-bit unsigned snowflakes below 2^63; databases store signed 64-bit.
fn db_id(id: u64) -> anyhow::Result<i64> {
    i64::try_from(id).with_context(|| format!("id {id} does not fit a signed 64-bit column"))
}

/// Serialises a member's shoe changes on `PostgreSQL`, whose READ COMMITTED transactions do not
/// wait for each other's inserts; on `SQLite` the transaction's first write already does. Must
/// be the first statement of the transaction.
async fn lock_member(conn: &mut Conn, backend: Backend, user: i64) -> anyhow::Result<()> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(user)
            .execute(conn)
            .await
            .context("locking the member's shoes")?;
    }
    Ok(())
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Turns a unique-constraint violation into [`WriteError::DuplicateName`].
fn on_unique(error: sqlx::Error, context: &str) -> WriteError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => WriteError::DuplicateName,
        _ => WriteError::Internal(anyhow::Error::new(error).context(context.to_owned())),
    }
}
