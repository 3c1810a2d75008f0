//! What the scheduled posts (tips, the club digest) need from the channel they go to, checked
//! before a schedule is saved.

use chrono::{DateTime, Utc};

use super::tips::{refuse, NEEDED};
use super::CommandError;
use crate::reply::{mention, Reply};
use crate::store::NewTipSchedule;
use crate::tips::schedule::TipSchedule;
use crate::tips::TipsApi;
use crate::App;

/// What a kind of scheduled post is called in replies, and the command that sets it up.
pub(super) struct Posts {
    pub what: &'static str,
    pub command: &'static str,
}

/// A schedule an admin typed, read, with its first run and pacer's permissions in the
/// channel checked.
pub(super) struct Planned {
    pub schedule: TipSchedule,
    pub next: DateTime<Utc>,
    /// The permissions, ticked, on one line.
    pub checklist: String,
}

/// Reads `text` in `timezone` and checks `channel`: `Ok(Err(reply))` lists the permissions
/// pacer lacks there, and nothing should be saved then.
pub(super) async fn plan(
    app: &App,
    guild: u64,
    channel: u64,
    (text, timezone): (&str, &str),
    now: DateTime<Utc>,
    posts: &Posts,
) -> Result<Result<Planned, Reply>, CommandError> {
    let schedule = TipSchedule::parse(text, timezone).map_err(refuse)?;
    let next = schedule
        .next_after(now)
        .ok_or_else(|| refuse("That schedule has no future run."))?;
    let checked = checklist(app, guild, channel, posts.what, posts.command).await?;
    Ok(checked.map(|checklist| Planned {
        schedule,
        next,
        checklist,
    }))
}

impl Planned {
    /// The row to save for `guild`'s posts in `channel`.
    pub(super) fn row(
        &self,
        (guild, channel): (u64, u64),
        rotation_seed: i64,
        set_up_by: u64,
        now: DateTime<Utc>,
    ) -> NewTipSchedule<'_> {
        NewTipSchedule {
            guild_id: guild,
            channel_id: channel,
            schedule: self.schedule.text(),
            timezone: self.schedule.timezone().name(),
            next_run_at: self.next.timestamp(),
            rotation_seed,
            set_up_by,
            now,
        }
    }
}

/// A stored schedule in words, as `/tips status` and `/club digest-status` show it; as stored
/// when it no longer reads (a time zone the database has since renamed).
pub(super) fn described(schedule: &str, timezone: &str) -> String {
    TipSchedule::load(schedule, timezone).map_or_else(|_| schedule.to_owned(), |s| s.describe())
}

/// Discord, or the refusal the console shows.
pub(super) fn api(app: &App) -> Result<&dyn TipsApi, CommandError> {
    app.tips_api().ok_or_else(|| refuse("This needs Discord: run it in your server. The console can show `/tips status`, `/tips preview` and `/club digest-status`."))
}

/// Checks that pacer can post in `channel`: `Ok` with the checklist on one line, or `Err`
/// with the reply listing what is missing (nothing is saved then). `what` is posted there
/// and `command` sets it up.
async fn checklist(
    app: &App,
    guild: u64,
    channel: u64,
    what: &str,
    command: &str,
) -> Result<Result<String, Reply>, CommandError> {
    let missing = api(app)?
        .missing_permissions(guild, channel)
        .await
        .map_err(|e| {
            tracing::warn!(
                error = format!("{e:#}"),
                channel,
                "cannot check channel permissions"
            );
            refuse(format!(
                "I can't see {}. Check that it exists and that pacer can view it.",
                mention::channel(channel)
            ))
        })?;
    let checklist: Vec<String> = NEEDED
        .iter()
        .map(|p| format!("{} {p}", if missing.contains(p) { "❌" } else { "✅" }))
        .collect();
    if missing.is_empty() {
        return Ok(Ok(checklist.join("  ")));
    }
    Ok(Err(Reply::notice(format!(
        "Before I can post {what} in {}, I need these permissions there:\n{}\nNothing was saved: fix them (channel settings > Permissions > pacer) and run `{command}` again.",
        mention::channel(channel),
        checklist.join("\n")
    ))))
}
