//! The scheduler loop: one step ([`Scheduler::run_due`], in `step`) after another until the
//! app stops, sleeping in between until the next post is due or a schedule changes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Clock, Kind, Pace, StepReport, TipsApi};
use crate::shards::ShardRange;
use crate::App;

/// The scheduler sleeps at least and at most this long between steps: never a tight loop,
/// and a schedule changed by another process is seen within half a minute.
const MIN_SLEEP: Duration = Duration::from_secs(1);
const MAX_SLEEP: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Scheduler {
    pub app: Arc<App>,
    pub api: Arc<dyn TipsApi>,
    pub clock: Arc<dyn Clock>,
    /// How late a missed post may still go out.
    pub grace: chrono::Duration,
    /// Wait before retry n (1-based) after a failed attempt.
    pub backoff: fn(u32) -> Duration,
    /// The shards whose servers this process posts for; `None`: all.
    pub shards: Option<ShardRange>,
    /// Spacing between posts, shared by every step.
    pub pace: Arc<Pace>,
}

/// How long to sleep before the next step, when the earliest post is due at `next_due`
/// (unix seconds, if any) and it is `now`: until then, within [`MIN_SLEEP`]..=[`MAX_SLEEP`].
fn pause(next_due: Option<i64>, now: i64) -> Duration {
    match next_due {
        Some(at) => Duration::from_secs(u64::try_from(at - now).unwrap_or(0))
            .min(MAX_SLEEP)
            .max(MIN_SLEEP),
        None => MAX_SLEEP,
    }
}

impl Scheduler {
    /// Steps until the app stops, sleeping until the next due post (1 to 30 s, or until a
    /// schedule changes). A step in progress finishes first; a panic in one is logged and
    /// the loop goes on.
    pub async fn run(self) {
        let mut stopping = self.app.stopping.subscribe();
        while !self.app.is_stopping() {
            // A full batch means more may be due right now: no sleep before the next step.
            if self.step_logged().await.is_some_and(|r| r.was_full()) {
                continue;
            }
            let next_due = self.next_due().await.ok().flatten();
            let wait = pause(next_due, self.clock.now().timestamp());
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.app.tips_changed.notified() => {}
                _ = stopping.wait_for(|stop| *stop) => {}
            }
        }
    }

    /// One step in a task of its own, so that a panic stays in it; what it did, or its
    /// error, goes to the log.
    async fn step_logged(&self) -> Option<StepReport> {
        let started = Instant::now();
        let step = tokio::spawn({
            let scheduler = self.clone();
            async move { scheduler.run_due().await }
        });
        match step.await {
            Ok(Ok(report)) => {
                if report.due > 0 {
                    let elapsed_ms =
                        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    tracing::info!(?report, elapsed_ms, "tip step");
                }
                Some(report)
            }
            Ok(Err(error)) => {
                crate::telemetry::database_error(&error);
                tracing::error!(error = format!("{error:#}"), "tip step failed");
                None
            }
            Err(error) => {
                tracing::error!(%error, "tip step panicked");
                None
            }
        }
    }

    /// The earliest next post of either kind, for the loop to sleep until.
    async fn next_due(&self) -> anyhow::Result<Option<i64>> {
        let mut earliest: Option<i64> = None;
        for kind in Kind::ALL {
            let at = kind
                .schedules(&self.app.store)
                .next_due(self.shards)
                .await?;
            earliest = match (earliest, at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(earliest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_sleeps_until_the_next_post_within_bounds() {
        assert_eq!(pause(None, 100), MAX_SLEEP);
        assert_eq!(pause(Some(110), 100), Duration::from_secs(10));
        assert_eq!(pause(Some(100), 100), MIN_SLEEP, "due now: still a breath");
        assert_eq!(pause(Some(50), 100), MIN_SLEEP, "overdue");
        assert_eq!(pause(Some(10_000), 100), MAX_SLEEP);
    }
}
