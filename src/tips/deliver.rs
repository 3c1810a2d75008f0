//! Posting one tip: rate limits waited out, transient errors retried, a refused channel
//! stopping the schedule, and every failure recorded in words for the server's admins.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::kind::Post;
use super::{PostError, TipsApi, TRY_AGAIN};
use crate::ids::Snowflake;
use crate::reply::mention;
use crate::store::TipScheduleRow;
use crate::App;

/// How a post ended; the text is what the admins read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Posted,
    /// Refused by Discord: the schedule is disabled.
    Disabled(String),
    /// Not posted: recorded, schedule kept.
    Failed(String),
}

impl Delivery {
    /// The `outcome` label of the tips counter.
    pub fn outcome(&self) -> &'static str {
        match self {
            Delivery::Posted => "posted",
            Delivery::Disabled(_) => "disabled",
            Delivery::Failed(_) => "failed",
        }
    }
}

/// Attempts per post for errors worth retrying.
const ATTEMPTS: u32 = 3;
/// The longest rate-limit wait pacer honours before giving up on a post.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// 1 s, 2 s, 4 s... (capped at 64 s): the usual wait before retry `attempt` (1-based).
pub fn exponential_backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.saturating_sub(1).min(6))
}

/// The retry policy, after attempt `attempt` failed with `error` (described as `reason`):
/// how long to wait before the next, or, giving up, what the admins read. Rate limits are
/// waited out when short, transient errors wait `backoff`, and nothing is tried more than
/// [`ATTEMPTS`] times.
fn retry_wait(
    error: &PostError,
    reason: &str,
    attempt: u32,
    backoff: fn(u32) -> Duration,
) -> Result<Duration, String> {
    let wait = match error {
        PostError::RateLimited(after) if *after <= MAX_RETRY_AFTER => *after,
        retried if retried.retry() => backoff(attempt),
        _ => return Err(format!("{reason}; {TRY_AGAIN}")),
    };
    if attempt >= ATTEMPTS {
        return Err(format!("{reason} after {ATTEMPTS} tries; {TRY_AGAIN}"));
    }
    Ok(wait)
}

/// Who hears that Discord refused a post's channel, besides the schedule's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRefusal {
    /// A scheduled post: the admin who set the schedule up gets a direct message (nobody, if
    /// they erased their data).
    TellAdmin,
    /// A post an admin asked for: they read what happened in the reply.
    ReplyOnly,
}

/// Posts a tip or a digest to the schedule's channel: waits out rate limits and retries transient
/// errors a few times; when Discord refuses the channel, disables the schedule and tells
/// whoever `on_refusal` names. Waits end early when the app stops.
pub async fn deliver(
    app: &App,
    api: &dyn TipsApi,
    row: &TipScheduleRow,
    post: &Post,
    now: DateTime<Utc>,
    backoff: fn(u32) -> Duration,
    on_refusal: OnRefusal,
) -> anyhow::Result<Delivery> {
    let guild = row.guild_id.get();
    let channel = row.channel_id.get();
    let schedules = post.kind.schedules(&app.store);
    let delivery = attempts(app, api, guild, channel, post, backoff).await;
    match &delivery {
        Delivery::Posted => {
            schedules.posted(guild, now).await?;
            tracing::info!(guild_id = guild, post = %post.label, "tip posted");
        }
        Delivery::Disabled(reason) => {
            schedules.failed(guild, reason, true).await?;
            if on_refusal == OnRefusal::TellAdmin {
                tell(api, row, post, channel, reason).await;
            }
        }
        Delivery::Failed(error) => {
            schedules.failed(guild, error, false).await?;
            tracing::warn!(guild_id = guild, %error, "tip not posted");
        }
    }
    Ok(delivery)
}

/// Tries to post until it works, Discord refuses the channel, the retry policy gives up or
/// the app stops. Records nothing: [`deliver`] does.
async fn attempts(
    app: &App,
    api: &dyn TipsApi,
    guild: u64,
    channel: u64,
    post: &Post,
    backoff: fn(u32) -> Duration,
) -> Delivery {
    let mut stopping = app.stopping.subscribe();
    let mut attempt = 1;
    loop {
        let error = match api.post(channel, &post.reply).await {
            Ok(()) => return Delivery::Posted,
            Err(error) => error,
        };
        let reason = error.reason(channel);
        if let Some((why, code)) = error.refusal() {
            tracing::warn!(
                guild_id = guild,
                channel_id = channel,
                ?why,
                code,
                "tip refused: schedule disabled"
            );
            return Delivery::Disabled(reason);
        }
        let wait = match retry_wait(&error, &reason, attempt, backoff) {
            Ok(wait) => wait,
            Err(given_up) => return Delivery::Failed(given_up),
        };
        tracing::info!(
            guild_id = guild,
            attempt,
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            ?error,
            "tip post will be retried"
        );
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stopping.wait_for(|stop| *stop) => {
                return Delivery::Failed(format!(
                    "{reason}, and pacer was shutting down; {TRY_AGAIN}"
                ));
            }
        }
        attempt += 1;
    }
}

/// Tells the admin who set the schedule up that it stopped. After they erased their data
/// there is nobody to tell: `/tips status` still shows why, and the next `/tips setup`
/// makes whoever runs it the one told.
async fn tell(api: &dyn TipsApi, row: &TipScheduleRow, post: &Post, channel: u64, reason: &str) {
    let Some(admin) = row.set_up_by.map(Snowflake::get) else {
        tracing::info!(
            guild_id = row.guild_id.get(),
            "no admin to tell: whoever set the tips up erased their data"
        );
        return;
    };
    let notice = format!(
        "pacer could not post the {} in {} and has stopped the schedule: {reason}. \
         Give pacer View Channel, Send Messages and Embed Links there (or choose another channel) \
         and {}.",
        post.kind.noun(),
        mention::channel(channel),
        post.kind.restart()
    );
    if let Err(error) = api.tell(admin, &notice).await {
        tracing::warn!(
            guild_id = row.guild_id.get(),
            error = format!("{error:#}"),
            "cannot tell the admin"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(error: &PostError, attempt: u32) -> Result<Duration, String> {
        retry_wait(error, "why", attempt, exponential_backoff)
    }

    #[test]
    fn transient_errors_are_retried_with_backoff_up_to_the_limit() {
        let down = PostError::ServerError { status: 502 };
        assert_eq!(wait(&down, 1), Ok(Duration::from_secs(1)));
        assert_eq!(wait(&down, 2), Ok(Duration::from_secs(2)));
        assert_eq!(
            wait(&down, ATTEMPTS),
            Err(format!("why after {ATTEMPTS} tries; {TRY_AGAIN}"))
        );
        assert_eq!(exponential_backoff(3), Duration::from_secs(4));
        assert_eq!(exponential_backoff(99), Duration::from_secs(64));
    }

    #[test]
    fn short_rate_limits_are_waited_out_and_other_errors_give_up_at_once() {
        let short = PostError::RateLimited(Duration::from_secs(5));
        assert_eq!(wait(&short, 1), Ok(Duration::from_secs(5)));
        let long = PostError::RateLimited(Duration::from_secs(600));
        assert_eq!(wait(&long, 1), Err(format!("why; {TRY_AGAIN}")));
        let rejected = PostError::Rejected { status: 400 };
        assert_eq!(wait(&rejected, 1), Err(format!("why; {TRY_AGAIN}")));
    }
}
