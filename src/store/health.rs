//! Whether the database can be reached, so that members learn at once when it can't.
//!
//! The first request that finds the database unreachable (or `SQLite` locked past its busy
//! timeout) fails after the pool's short acquire timeout and marks the database down. While
//! it is down, requests fail at once without touching the pool, except one request every
//! [`PROBE_EVERY`], which tries the database for real: its success marks it up again. So the
//! process keeps running and recovers by itself.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often, while the database is down, one request is let through to try it.
pub const PROBE_EVERY: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct Health {
    started: Instant,
    down: AtomicBool,
    /// When the next probe may go, in milliseconds since `started`.
    next_probe_ms: AtomicU64,
}

impl Default for Health {
    fn default() -> Self {
        Health {
            started: Instant::now(),
            down: AtomicBool::new(false),
            next_probe_ms: AtomicU64::new(0),
        }
    }
}

impl Health {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// Whether a request may use the database now: always while it is up; while it is down,
    /// only the first request after each [`PROBE_EVERY`].
    pub fn admit(&self) -> bool {
        if !self.is_down() {
            return true;
        }
        let now = self.now_ms();
        let due = self.next_probe_ms.load(Ordering::Acquire);
        now >= due
            && self
                .next_probe_ms
                .compare_exchange(
                    due,
                    now + u64::try_from(PROBE_EVERY.as_millis()).unwrap_or(u64::MAX),
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
    }

    /// Records how a request that used the database went.
    pub fn record(&self, unavailable: bool) {
        if unavailable {
            self.next_probe_ms.store(
                self.now_ms() + u64::try_from(PROBE_EVERY.as_millis()).unwrap_or(u64::MAX),
                Ordering::Release,
            );
            if !self.down.swap(true, Ordering::AcqRel) {
                tracing::warn!("the database cannot be reached: requests fail fast until it can");
            }
        } else if self.down.swap(false, Ordering::AcqRel) {
            tracing::info!("the database can be reached again");
        }
    }
}

/// Whether `error` means the database can't be reached or is locked, rather than a bug.
/// `pool_full` tells a pool timeout with every connection busy (load, not an outage).
pub fn unavailable(error: &anyhow::Error, pool_full: bool) -> bool {
    error
        .chain()
        .any(|cause| match cause.downcast_ref::<sqlx::Error>() {
            Some(sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolClosed) => true,
            Some(sqlx::Error::PoolTimedOut) => !pool_full,
            Some(sqlx::Error::Database(db)) => {
                let sqlite = db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
                unavailable_code(sqlite, db.code().as_deref(), db.message())
            }
            _ => false,
        })
}

/// `SQLite`'s BUSY and LOCKED (with their extended codes); `PostgreSQL`'s connection
/// exceptions, shutdowns and "too many connections".
fn unavailable_code(sqlite: bool, code: Option<&str>, message: &str) -> bool {
    if sqlite {
        // Extended result codes keep the primary code in the low byte.
        let busy = code
            .and_then(|c| c.parse::<i64>().ok())
            .is_some_and(|c| matches!(c & 0xff, 5 | 6));
        busy || message.contains("database is locked")
    } else {
        code.is_some_and(|c| c.starts_with("08") || c.starts_with("57P0") || c == "53300")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_admits_one_probe_per_period_and_recovers() {
        let health = Health::default();
        assert!(health.admit() && health.admit());
        health.record(true);
        assert!(health.is_down());
        assert!(!health.admit(), "no probe right after the failure");
        health.next_probe_ms.store(0, Ordering::Release);
        assert!(health.admit(), "the first request after the period probes");
        assert!(!health.admit(), "and only that one");
        health.record(false);
        assert!(!health.is_down() && health.admit());
    }

    #[test]
    fn outages_and_locks_are_told_from_bugs() {
        let io = anyhow::Error::new(sqlx::Error::Io(
            std::io::ErrorKind::ConnectionRefused.into(),
        ))
        .context("loading shoes");
        assert!(unavailable(&io, false));
        let timeout = anyhow::Error::new(sqlx::Error::PoolTimedOut);
        assert!(unavailable(&timeout, false));
        assert!(!unavailable(&timeout, true), "a busy pool is load");
        assert!(!unavailable(
            &anyhow::Error::new(sqlx::Error::RowNotFound),
            false
        ));
        assert!(!unavailable(&anyhow::anyhow!("no such table"), false));
        assert!(unavailable_code(true, Some("5"), "database is locked"));
        assert!(unavailable_code(true, Some("517"), ""));
        assert!(!unavailable_code(
            true,
            Some("2067"),
            "UNIQUE constraint failed"
        ));
        assert!(unavailable_code(false, Some("08006"), ""));
        assert!(unavailable_code(false, Some("57P01"), ""));
        assert!(!unavailable_code(false, Some("23505"), "duplicate key"));
        assert!(!unavailable_code(false, Some("22005"), ""));
    }
}
