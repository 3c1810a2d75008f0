//! Counts work a front end has started and not finished (interactions being answered,
//! replies being edited in, open connections), so that shutdown can let it finish.
//!
//! Hand-rolled rather than tokio-util's `TaskTracker`: that needs tokio-util's `rt` feature,
//! which turns on futures-util's default features and rebuilds much of the dependency tree
//! for these few lines.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

/// Held while one piece of work runs.
pub struct Busy(Arc<InFlight>);

impl InFlight {
    pub fn enter(self: &Arc<Self>) -> Busy {
        self.count.fetch_add(1, Ordering::SeqCst);
        Busy(Arc::clone(self))
    }

    /// Returns once nothing is running.
    pub async fn idle(&self) {
        loop {
            // Created before the check, so a release in between still wakes it.
            let released = self.idle.notified();
            if self.count.load(Ordering::SeqCst) == 0 {
                return;
            }
            released.await;
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn idle_waits_for_the_last_interaction() {
        let in_flight = Arc::new(InFlight::default());
        in_flight.idle().await;
        let busy = in_flight.enter();
        let second = in_flight.enter();
        let waiter = tokio::spawn({
            let in_flight = Arc::clone(&in_flight);
            async move { in_flight.idle().await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        drop(busy);
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!waiter.is_finished(), "one is still in flight");
        drop(second);
        tokio::time::timeout(Duration::from_secs(1), waiter)
            .await
            .unwrap()
            .unwrap();
    }
}
