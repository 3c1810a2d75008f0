//! `/club digest`, `/club digest-off`, `/club digest-status`: the weekly club digest, posted
//! by the tip scheduler (same schedule grammar, claim and failure handling as `/tips`).

use chrono::{DateTime, Utc};

use super::channel::{self, plan, Posts};
use super::tips::refuse;
use super::tree::{Args, OptionKind, OptionSpec, SubcommandSpec};
use super::{club, Action as AnyAction, CommandError, Completer};
use crate::reply::mention::{self, when};
use crate::reply::Reply;
use crate::tips::digest::TOP;
use crate::App;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Setup {
        channel: u64,
        schedule: String,
        timezone: String,
    },
    Off,
    Status,
}

fn action(action: Action) -> AnyAction {
    AnyAction::Club(club::Action::Digest(action))
}

pub const SETUP: SubcommandSpec = SubcommandSpec {
    name: "digest",
    description: "Post a summary of the club's week (leaderboard members only) on a schedule",
    options: &[
        OptionSpec {
            name: "channel",
            description: "Where the digest goes",
            kind: OptionKind::Channel,
            required: true,
            choices: &[],
            autocomplete: None,
        },
        OptionSpec::text(
            "schedule",
            "weekly monday 07:00, sundays 6pm, or cron such as 0 7 * * MON",
            true,
        ),
        OptionSpec {
            name: "timezone",
            description: "IANA time zone, e.g. Europe/London (default UTC)",
            kind: OptionKind::String,
            required: false,
            choices: &[],
            autocomplete: Some(Completer::Timezone),
        },
    ],
    action: |args: &Args| {
        action(Action::Setup {
            channel: args.channel("channel").unwrap_or_default(),
            schedule: args.owned("schedule").unwrap_or_default(),
            timezone: args.owned("timezone").unwrap_or_else(|| "UTC".to_owned()),
        })
    },
};

pub const OFF: SubcommandSpec = SubcommandSpec {
    name: "digest-off",
    description: "Stop the weekly digest and delete its schedule",
    options: &[],
    action: |_| action(Action::Off),
};

pub const STATUS: SubcommandSpec = SubcommandSpec {
    name: "digest-status",
    description: "The digest's channel, schedule, next and last post, last error",
    options: &[],
    action: |_| action(Action::Status),
};

const NO_DIGEST: &str = "No weekly digest is set up here. Start one with `/club digest`.";

pub async fn run(
    app: &App,
    user_id: u64,
    guild: u64,
    action: &Action,
) -> Result<Reply, CommandError> {
    match action {
        Action::Setup {
            channel,
            schedule,
            timezone,
        } => {
            setup(
                app,
                user_id,
                guild,
                *channel,
                schedule,
                timezone,
                Utc::now(),
            )
            .await
        }
        Action::Off => {
            if !app.store.digests().remove(guild).await? {
                return Err(refuse(NO_DIGEST));
            }
            Ok(Reply::notice(
                "The weekly digest is off and its schedule is deleted.",
            ))
        }
        Action::Status => status(app, guild).await,
    }
}

async fn setup(
    app: &App,
    user_id: u64,
    guild: u64,
    channel: u64,
    text: &str,
    timezone: &str,
    now: DateTime<Utc>,
) -> Result<Reply, CommandError> {
    let posts = Posts {
        what: "the digest",
        command: "/club digest",
    };
    let planned = match plan(app, guild, channel, (text, timezone), now, &posts).await? {
        Ok(planned) => planned,
        Err(missing) => return Ok(missing),
    };
    // Its own rotation: the digest's tip never makes the tips channel skip one.
    let rotation_seed =
        (guild.rotate_left(17) ^ now.timestamp_micros().cast_unsigned()).cast_signed();
    let row = planned.row((guild, channel), rotation_seed, user_id, now);
    app.store.digests().set_up(row).await?;
    app.tips_changed.notify_one();
    Ok(Reply::notice(format!(
        "The weekly club digest will go to {} {}: the distance and runs of the 7 days \
         before each post by members who joined the leaderboard (`/shoes leaderboard-join`), \
         the top {TOP} and a warm-up tip.\n{}\nNext digest: {}.",
        mention::channel(channel),
        planned.schedule.describe(),
        planned.checklist,
        when(planned.next.timestamp())
    )))
}

async fn status(app: &App, guild: u64) -> Result<Reply, CommandError> {
    let row = app
        .store
        .digests()
        .get(guild)
        .await?
        .ok_or_else(|| refuse(NO_DIGEST))?;
    let described = channel::described(&row.schedule, &row.timezone);
    let next = match (row.disabled, row.next_run_at) {
        (true, _) => {
            "stopped after Discord refused a post: fix the channel, then `/club digest`".to_owned()
        }
        (false, Some(at)) => when(at),
        (false, None) => "none".to_owned(),
    };
    Ok(Reply::notice(format!(
        "Weekly digest in {} {described}. Next: {next}. Last: {}. Last error: {}.",
        mention::channel(row.channel_id.get()),
        row.last_post_at.map_or("none yet".to_owned(), when),
        row.last_error.as_deref().unwrap_or("none")
    )))
}
