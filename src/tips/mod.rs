//! Weekly warm-up tips: the schedule grammar (`schedule`), each server's shuffled rotation,
//! and the scheduler: a loop around one step, [`Scheduler::run_due`], with an injectable
//! clock and Discord.
//!
//! Exactly once: a due post is claimed with a compare-and-set on the schedule's next-run
//! column before anything is sent, so two pacer processes on one database never post the
//! same due time twice. After downtime a missed post within the grace window goes out once,
//! late; an older one is skipped; either way the schedule moves to its next future run, so
//! there is never a backlog.
//!
//! The weekly club digest (`digest`) is a second [`Kind`] of scheduled post: its own table
//! with the same columns, the same claim, delivery and failure handling.

mod deliver;
pub mod digest;
mod failure;
mod kind;
mod pace;
mod phrases;
mod rotation;
pub mod schedule;
pub mod zones;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;

use crate::reply::Reply;
use crate::shards::ShardRange;
use crate::store::TipScheduleRow;
use crate::App;
pub use deliver::{deliver, Delivery};
pub use failure::{PostError, CHANNEL_GONE, TRY_AGAIN};
pub use kind::{Kind, Post};
pub use pace::Pace;
pub use rotation::{shuffled, tip_at};
use schedule::TipSchedule;

/// The time, injectable so tests can move it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// What the tips feature needs from Discord.
#[async_trait::async_trait]
pub trait TipsApi: Send + Sync {
    /// Posts a message in a channel.
    async fn post(&self, channel_id: u64, reply: &Reply) -> Result<(), PostError>;
    /// Sends a direct message to a member.
    async fn tell(&self, user_id: u64, text: &str) -> anyhow::Result<()>;
    /// Permissions the bot lacks in a channel, by name; empty when it has them all.
    async fn missing_permissions(
        &self,
        guild_id: u64,
        channel_id: u64,
    ) -> anyhow::Result<Vec<&'static str>>;
}

/// What one step did, for logs, tests and benchmarks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StepReport {
    pub due: usize,
    pub posted: usize,
    /// Claimed but too late: skipped, schedule moved on.
    pub skipped: usize,
    /// Claimed by another process first.
    pub lost: usize,
    pub failed: usize,
}

/// Schedules read per step; the rest are read by the next step, right after.
const BATCH: i64 = 500;
/// Schedules handled at once within a step: enough to keep the pace while some posts wait on
/// Discord, few enough to leave the database to interactions.
pub const IN_FLIGHT: usize = 8;
/// The scheduler sleeps at least and at most this long between steps: never a tight loop,
/// and a schedule changed by another process is seen within half a minute.
const MIN_SLEEP: Duration = Duration::from_secs(1);
const MAX_SLEEP: Duration = Duration::from_secs(30);
/// A post this late is never "missed": steps run a little after the due second.
const ON_TIME: chrono::Duration = chrono::Duration::seconds(60);

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

/// How one due schedule was handled.
enum Handled {
    Posted,
    /// Claimed but too late: skipped, schedule moved on.
    Skipped,
    /// Claimed by another process first.
    Lost,
    Failed,
    /// Left for after the restart: pacer is shutting down.
    Stopping,
}

/// 1 s, 2 s, 4 s...
pub fn exponential_backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.saturating_sub(1).min(6))
}

impl Scheduler {
    /// Posts every due tip once, skips the ones too late, and moves each schedule on. Up to
    /// [`IN_FLIGHT`] schedules are handled at once, their posts spaced by the pace.
    pub async fn run_due(&self) -> anyhow::Result<StepReport> {
        let now = self.clock.now();
        let mut due = Vec::new();
        for kind in Kind::ALL {
            let rows = kind.schedules(&self.app.store);
            due.extend(
                rows.due(now, BATCH, self.shards)
                    .await?
                    .into_iter()
                    .map(|r| (kind, r)),
            );
        }
        let mut report = StepReport {
            due: due.len(),
            ..StepReport::default()
        };
        let mut handled = futures_util::stream::iter(due)
            .map(|(kind, row)| self.handle(kind, row, now))
            .buffer_unordered(IN_FLIGHT);
        while let Some(outcome) = handled.next().await {
            match outcome? {
                Handled::Posted => report.posted += 1,
                Handled::Skipped => report.skipped += 1,
                Handled::Lost => report.lost += 1,
                Handled::Failed => report.failed += 1,
                Handled::Stopping => {}
            }
        }
        Ok(report)
    }

    /// Claims one due schedule and posts its tip or digest, unless it is too late.
    async fn handle(
        &self,
        kind: Kind,
        row: TipScheduleRow,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Handled> {
        let Some(due_at) = row.next_run_at else {
            return Ok(Handled::Lost);
        };
        if self.app.is_stopping() {
            return Ok(Handled::Stopping);
        }
        let guild = row.guild_id.get();
        let next = match TipSchedule::load(&row.schedule, &row.timezone) {
            Ok(schedule) => schedule.next_after(now).map(|t| t.timestamp()),
            Err(error) => {
                kind.schedules(&self.app.store)
                    .failed(guild, &error, true)
                    .await?;
                return Ok(Handled::Failed);
            }
        };
        let late = now.timestamp() - due_at;
        let schedules = kind.schedules(&self.app.store);
        let Some(pos) = schedules.claim(guild, due_at, next).await? else {
            return Ok(Handled::Lost);
        };
        if late > self.grace.max(ON_TIME).num_seconds() {
            tracing::info!(
                guild_id = guild,
                late_s = late,
                "missed tip skipped: past the grace window"
            );
            return Ok(Handled::Skipped);
        }
        let post = kind.compose(&self.app, &row, pos, now).await?;
        let mut stopping = self.app.stopping.subscribe();
        tokio::select! {
            () = self.pace.turn() => {}
            // Claimed but not posted: like a crash between the two, the post is lost, never doubled.
            _ = stopping.wait_for(|stop| *stop) => return Ok(Handled::Stopping),
        }
        let api = self.api.as_ref();
        let delivery = deliver(&self.app, api, &row, &post, now, self.backoff, true).await?;
        crate::telemetry::tip(delivery.outcome());
        Ok(match delivery {
            Delivery::Posted => Handled::Posted,
            Delivery::Disabled(_) | Delivery::Failed(_) => Handled::Failed,
        })
    }

    /// Steps until the app stops, sleeping until the next due post (1 to 30 s, or until a
    /// schedule changes). A step in progress finishes first; a panic in one is logged and
    /// the loop goes on.
    pub async fn run(self) {
        let mut stopping = self.app.stopping.subscribe();
        while !self.app.is_stopping() {
            let started = std::time::Instant::now();
            let step = tokio::spawn({
                let scheduler = self.clone();
                async move { scheduler.run_due().await }
            });
            let full = match step.await {
                Ok(Ok(report)) if report.due > 0 => {
                    let elapsed_ms =
                        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                    tracing::info!(?report, elapsed_ms, "tip step");
                    usize::try_from(BATCH).is_ok_and(|batch| report.due >= batch)
                }
                Ok(Ok(_)) => false,
                Ok(Err(error)) => {
                    crate::telemetry::database_error(&error);
                    tracing::error!(error = format!("{error:#}"), "tip step failed");
                    false
                }
                Err(error) => {
                    tracing::error!(%error, "tip step panicked");
                    false
                }
            };
            // A full batch means more may be due right now: no sleep before the next step.
            if full {
                continue;
            }
            let wait = match self.next_due().await {
                Ok(Some(at)) => {
                    let seconds = at - self.clock.now().timestamp();
                    Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
                        .min(MAX_SLEEP)
                        .max(MIN_SLEEP)
                }
                _ => MAX_SLEEP,
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.app.tips_changed.notified() => {}
                _ = stopping.wait_for(|stop| *stop) => {}
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
