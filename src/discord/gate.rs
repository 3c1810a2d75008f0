//! The bound on database work in flight (`PACER_MAX_IN_FLIGHT`), shared by both front ends.
//! Past it an interaction is not queued: it is answered at once that pacer is busy, which
//! keeps memory flat and every answer inside Discord's deadline when the load is more than
//! the database can take. Each refusal is counted; the log gets one line per quiet period.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::telemetry;

/// At most one "busy" log line this often; the metric counts every refusal.
const REPORT_EVERY: Duration = Duration::from_secs(10);

pub(crate) struct Gate {
    permits: Arc<Semaphore>,
    max: usize,
    /// Refusals not logged yet.
    unreported: AtomicU64,
    /// When the last "busy" line was logged.
    reported: Mutex<Option<Instant>>,
}

/// Held by one interaction's database work until it finishes, even when its reply is
/// deferred: the work still holds a place under the bound.
pub(crate) struct Pass {
    _permit: OwnedSemaphorePermit,
}

impl Drop for Pass {
    fn drop(&mut self) {
        telemetry::in_flight(-1.0);
    }
}

impl Gate {
    /// A bound of `max` (at least 1), logged once.
    pub(crate) fn new(max: usize) -> Gate {
        let max = max.clamp(1, Semaphore::MAX_PERMITS);
        tracing::info!(max_in_flight = max, "database work in flight is bounded");
        Gate {
            permits: Arc::new(Semaphore::new(max)),
            max,
            unreported: AtomicU64::new(0),
            reported: Mutex::new(None),
        }
    }

    /// A place for database work of an interaction of `kind` (command, button,
    /// autocomplete), or `None` when every place is taken: the refusal is then counted.
    pub(crate) fn enter(&self, kind: &'static str) -> Option<Pass> {
        if let Ok(permit) = Arc::clone(&self.permits).try_acquire_owned() {
            telemetry::in_flight(1.0);
            // Refusals left from the last burst are logged once the quiet period is over.
            if self.unreported.load(Ordering::Relaxed) > 0 {
                self.report();
            }
            return Some(Pass { _permit: permit });
        }
        telemetry::shed(kind);
        self.unreported.fetch_add(1, Ordering::Relaxed);
        self.report();
        None
    }

    /// Logs the refusals since the last line, unless one was logged within
    /// [`REPORT_EVERY`]; returns how many it logged.
    fn report(&self) -> Option<u64> {
        // Another thread is logging right now: its line covers this refusal or the next does.
        let mut reported = match self.reported.try_lock() {
            Ok(reported) => reported,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return None,
        };
        let now = Instant::now();
        if reported.is_some_and(|at| now.duration_since(at) < REPORT_EVERY) {
            return None;
        }
        let shed = self.unreported.swap(0, Ordering::Relaxed);
        if shed == 0 {
            return None;
        }
        *reported = Some(now);
        tracing::warn!(
            shed,
            max_in_flight = self.max,
            "busy: interactions refused at the bound on database work since the last report"
        );
        Some(shed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn past_the_bound_work_is_refused_until_a_place_frees() {
        let gate = Gate::new(2);
        let first = gate.enter("command").expect("a place");
        let second = gate.enter("button").expect("a place");
        assert!(gate.enter("command").is_none(), "full: refused, not queued");
        drop(first);
        let third = gate.enter("command").expect("a freed place is taken again");
        assert!(gate.enter("autocomplete").is_none());
        drop((second, third));
        assert!(
            gate.enter("command").is_some(),
            "recovered once the load drops"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn refusals_are_logged_at_most_once_every_ten_seconds() {
        let gate = Gate::new(1);
        let _held = gate.enter("command").unwrap();
        assert!(gate.enter("command").is_none());
        // The first refusal is logged at once.
        assert_eq!(gate.unreported.load(Ordering::Relaxed), 0);
        for _ in 0..5 {
            assert!(gate.enter("command").is_none());
        }
        assert_eq!(gate.report(), None, "within ten seconds of the last line");
        tokio::time::advance(Duration::from_secs(11)).await;
        assert_eq!(
            gate.report(),
            Some(5),
            "the next line counts all since the last"
        );
        assert_eq!(gate.report(), None, "nothing new to log");
    }

    #[tokio::test(start_paused = true)]
    async fn refusals_left_over_are_logged_when_work_is_admitted_again() {
        let gate = Gate::new(1);
        let held = gate.enter("command").unwrap();
        for _ in 0..3 {
            assert!(gate.enter("button").is_none());
        }
        assert_eq!(
            gate.unreported.load(Ordering::Relaxed),
            2,
            "one line so far"
        );
        drop(held);
        tokio::time::advance(REPORT_EVERY).await;
        let _admitted = gate.enter("command").unwrap();
        assert_eq!(gate.unreported.load(Ordering::Relaxed), 0, "reported");
    }
}
