//! Weekly warm-up tips: the schedule grammar (`schedule`), each server's shuffled rotation,
//! and the scheduler: a loop around one step, [`Scheduler::run_due`], with an injectable
//! clock and Discord.
//!
//! Exactly once: a due post is claimed with a compare-and-set on the schedule's next-run
//! column before anything is sent, so two pacer processes on one database never post the
//! same due time twice. After downtime a missed post within the grace window goes out once,
//! late; an older one is skipped; either way the schedule moves to its next future run, so
//! there is never a backlog.

mod pace;
pub mod schedule;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;

use crate::config::ShardRange;
use crate::content::{tip_embed, Content, Tip};
use crate::reply::Reply;
use crate::store::TipScheduleRow;
use crate::App;
pub use pace::Pace;
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

/// Why Discord did not take a post.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PostError {
    /// 403 Missing Permissions or Missing Access, or 404 Unknown Channel: retrying won't help;
    /// the schedule is disabled until an admin fixes the channel.
    #[error("Discord refused the post: {message} (HTTP {status}, code {code})")]
    Refused {
        status: u16,
        code: i64,
        message: String,
    },
    /// Any other 4xx: not worth retrying, but no reason to stop the schedule.
    #[error("Discord rejected the post: {0}")]
    Rejected(String),
    #[error("rate limited for {0:?}")]
    RateLimited(Duration),
    /// 5xx or a network error: worth a retry.
    #[error("{0}")]
    Failed(String),
}

/// Discord's error codes that mean the channel is out of reach for good.
pub const CHANNEL_GONE: [i64; 3] = [50001, 50013, 10003];

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

/// How a post ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Posted,
    /// Refused by Discord: the schedule is disabled.
    Disabled(String),
    /// Not posted: recorded, schedule kept.
    Failed(String),
}

/// Schedules read per step; the rest are read by the next step, right after.
const BATCH: i64 = 500;
/// Schedules handled at once within a step: enough to keep the pace while some posts wait on
/// Discord, few enough to leave the database to interactions.
pub const IN_FLIGHT: usize = 8;
/// Posts a second by default, leaving room under Discord's 50 for everything else pacer sends.
pub const DEFAULT_POSTS_PER_SECOND: u32 = 20;
/// Attempts per post for errors worth retrying.
const ATTEMPTS: u32 = 3;
/// The longest rate-limit wait pacer honours before giving up on a post.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
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
        let due = self.app.store.tips().due(now, BATCH, self.shards).await?;
        let mut report = StepReport {
            due: due.len(),
            ..StepReport::default()
        };
        let mut handled = futures_util::stream::iter(due)
            .map(|row| self.handle(row, now))
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

    /// Claims one due schedule and posts its tip, unless it is too late.
    async fn handle(&self, row: TipScheduleRow, now: DateTime<Utc>) -> anyhow::Result<Handled> {
        let Some(due_at) = row.next_run_at else {
            return Ok(Handled::Lost);
        };
        if self.app.is_stopping() {
            return Ok(Handled::Stopping);
        }
        let guild = u64::try_from(row.guild_id).unwrap_or_default();
        let next = match TipSchedule::parse(&row.schedule, &row.timezone) {
            Ok(schedule) => schedule.next_after(now).map(|t| t.timestamp()),
            Err(error) => {
                self.app.store.tips().failed(guild, &error, true).await?;
                return Ok(Handled::Failed);
            }
        };
        let late = now.timestamp() - due_at;
        let Some(pos) = self.app.store.tips().claim(guild, due_at, next).await? else {
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
        let tip = tip_at(&self.app.content, row.rotation_seed, pos)?;
        let mut stopping = self.app.stopping.subscribe();
        tokio::select! {
            () = self.pace.turn() => {}
            // Claimed but not posted: like a crash between the two, the post is lost, never doubled.
            _ = stopping.wait_for(|stop| *stop) => return Ok(Handled::Stopping),
        }
        let delivery = deliver(
            &self.app,
            self.api.as_ref(),
            &row,
            tip,
            now,
            self.backoff,
            true,
        )
        .await?;
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
                    let elapsed_ms = started.elapsed().as_millis() as u64;
                    tracing::info!(?report, elapsed_ms, "tip step");
                    report.due >= BATCH as usize
                }
                Ok(Ok(_)) => false,
                Ok(Err(error)) => {
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
            let wait = match self.app.store.tips().next_due(self.shards).await {
                Ok(Some(at)) => {
                    let seconds = at - self.clock.now().timestamp();
                    Duration::from_secs(seconds.clamp(0, MAX_SLEEP.as_secs() as i64) as u64)
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
}

/// The tip at place `pos` of a server's rotation. Every cycle through all tips has its own
/// order, drawn from the seed and the cycle's number, and never starts with the tip that
/// ended the cycle before: so no tip repeats until all were posted, and the order needs no
/// writes to move on.
pub fn tip_at(content: &Content, seed: i64, pos: i64) -> anyhow::Result<&Tip> {
    let n = content.tips.len();
    if n == 0 {
        anyhow::bail!("there are no tips");
    }
    let pos = u64::try_from(pos).unwrap_or(0);
    let (cycle, place) = (pos / n as u64, (pos % n as u64) as usize);
    let order = cycle_order(content, seed, cycle);
    let id = order[place];
    content
        .tips
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| anyhow::anyhow!("tip {id} is missing"))
}

fn cycle_order(content: &Content, seed: i64, cycle: u64) -> Vec<&str> {
    let mut order = shuffled(
        content,
        (seed as u64) ^ cycle.wrapping_mul(0x9e37_79b9_7f4a_7c15),
    );
    if cycle > 0 && order.len() > 1 {
        let before = shuffled(
            content,
            (seed as u64) ^ (cycle - 1).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        if before.last() == order.first() {
            order.swap(0, 1);
        }
    }
    order
}

/// Every tip id in an order drawn from `seed` (Fisher-Yates with SplitMix64).
pub fn shuffled(content: &Content, seed: u64) -> Vec<&str> {
    let mut ids: Vec<&str> = content.tips.iter().map(|t| t.id.as_str()).collect();
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..ids.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        ids.swap(i, j);
    }
    ids
}

/// Posts a tip to the schedule's channel: waits out rate limits and retries transient
/// errors a few times; when Discord refuses the channel, disables the schedule and, if
/// `tell_admin`, tells the admin who set it up. Waits end early when the app stops.
pub async fn deliver(
    app: &App,
    api: &dyn TipsApi,
    row: &TipScheduleRow,
    tip: &Tip,
    now: DateTime<Utc>,
    backoff: fn(u32) -> Duration,
    tell_admin: bool,
) -> anyhow::Result<Delivery> {
    let guild = u64::try_from(row.guild_id).unwrap_or_default();
    let channel = u64::try_from(row.channel_id).unwrap_or_default();
    let reply = Reply::embed(tip_embed(&app.content, tip));
    let mut stopping = app.stopping.subscribe();
    let mut attempt = 1;
    let error = loop {
        let (wait, error) = match api.post(channel, &reply).await {
            Ok(()) => {
                app.store.tips().posted(guild, now).await?;
                tracing::info!(guild_id = guild, tip = %tip.id, "tip posted");
                return Ok(Delivery::Posted);
            }
            Err(refused @ PostError::Refused { .. }) => {
                let error = refused.to_string();
                app.store.tips().failed(guild, &error, true).await?;
                tracing::warn!(guild_id = guild, %error, "tip refused: schedule disabled");
                if tell_admin {
                    let notice = format!(
                        "pacer could not post the warm-up tip in <#{channel}> and has stopped the schedule: {error}. \
                         Give pacer View Channel, Send Messages and Embed Links there (or choose another channel) \
                         and run `/tips setup` or `/tips resume`."
                    );
                    let admin = u64::try_from(row.set_up_by).unwrap_or_default();
                    if let Err(tell) = api.tell(admin, &notice).await {
                        tracing::warn!(
                            guild_id = guild,
                            error = format!("{tell:#}"),
                            "cannot tell the admin"
                        );
                    }
                }
                return Ok(Delivery::Disabled(error));
            }
            Err(PostError::RateLimited(after)) if after <= MAX_RETRY_AFTER => {
                (after, format!("rate limited for {} ms", after.as_millis()))
            }
            Err(PostError::Failed(error)) => (backoff(attempt), error),
            Err(other) => break other.to_string(),
        };
        if attempt >= ATTEMPTS {
            break format!("gave up after {ATTEMPTS} attempts: {error}");
        }
        tracing::info!(guild_id = guild, attempt, wait_ms = wait.as_millis() as u64, %error, "tip post will be retried");
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stopping.wait_for(|stop| *stop) => break format!("interrupted by shutdown: {error}"),
        }
        attempt += 1;
    };
    app.store.tips().failed(guild, &error, false).await?;
    tracing::warn!(guild_id = guild, %error, "tip not posted");
    Ok(Delivery::Failed(error))
}
