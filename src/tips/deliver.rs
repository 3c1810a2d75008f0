//! Posting one tip: rate limits waited out, transient errors retried, a refused channel
//! stopping the schedule, and every failure recorded in words for the server's admins.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::kind::Post;
use super::{PostError, TipsApi, TRY_AGAIN};
use crate::ids::Snowflake;
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

/// Posts a tip or a digest to the schedule's channel: waits out rate limits and retries transient
/// errors a few times; when Discord refuses the channel, disables the schedule and, if
/// `tell_admin`, tells the admin who set it up (nobody, if they erased their data). Waits
/// end early when the app stops.
pub async fn deliver(
    app: &App,
    api: &dyn TipsApi,
    row: &TipScheduleRow,
    post: &Post,
    now: DateTime<Utc>,
    backoff: fn(u32) -> Duration,
    tell_admin: bool,
) -> anyhow::Result<Delivery> {
    let guild = row.guild_id.get();
    let channel = row.channel_id.get();
    let (reply, schedules) = (&post.reply, post.kind.schedules(&app.store));
    let mut stopping = app.stopping.subscribe();
    let mut attempt = 1;
    let error = loop {
        let error = match api.post(channel, reply).await {
            Ok(()) => {
                schedules.posted(guild, now).await?;
                tracing::info!(guild_id = guild, post = %post.label, "tip posted");
                return Ok(Delivery::Posted);
            }
            Err(error) => error,
        };
        let reason = error.reason(channel);
        if let PostError::Refused { code } = error {
            schedules.failed(guild, &reason, true).await?;
            tracing::warn!(
                guild_id = guild,
                channel_id = channel,
                code,
                "tip refused: schedule disabled"
            );
            if tell_admin {
                tell(api, row, post, channel, &reason).await;
            }
            return Ok(Delivery::Disabled(reason));
        }
        let wait = match error {
            PostError::RateLimited(after) if after <= MAX_RETRY_AFTER => after,
            ref retried if retried.retry() => backoff(attempt),
            _ => break format!("{reason}; {TRY_AGAIN}"),
        };
        if attempt >= ATTEMPTS {
            break format!("{reason} after {ATTEMPTS} tries; {TRY_AGAIN}");
        }
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
                break format!("{reason}, and pacer was shutting down; {TRY_AGAIN}");
            }
        }
        attempt += 1;
    };
    schedules.failed(guild, &error, false).await?;
    tracing::warn!(guild_id = guild, %error, "tip not posted");
    Ok(Delivery::Failed(error))
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
        "pacer could not post the {} in <#{channel}> and has stopped the schedule: {reason}. \
         Give pacer View Channel, Send Messages and Embed Links there (or choose another channel) \
         and {}.",
        post.kind.noun(),
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
