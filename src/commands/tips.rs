//! `/tips`: server admins set up, inspect and control the scheduled warm-up tips.

use chrono::{DateTime, Utc};

use super::channel::{self, api, plan, Posts};
use super::tree::{Args, CommandSpec, OptionKind, OptionSpec, SubcommandSpec};
use super::{Action as AnyAction, Caller, CommandError, Completer};
use crate::content::tip_embed;
use crate::reply::mention::{self, when};
use crate::reply::{Embed, EmbedField, Reply, COLOUR_INFO};
use crate::tips::schedule::TipSchedule;
use crate::tips::{deliver, exponential_backoff, tip_at, Delivery, OnRefusal, Post};
use crate::App;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Setup {
        channel: u64,
        schedule: String,
        timezone: String,
    },
    Status,
    Pause,
    Resume,
    Off,
    Now,
    Preview,
}

/// A subcommand without options.
const fn plain(
    name: &'static str,
    description: &'static str,
    action: fn(&Args) -> AnyAction,
) -> SubcommandSpec {
    SubcommandSpec {
        name,
        description,
        options: &[],
        action,
    }
}

pub const COMMAND: CommandSpec = CommandSpec {
    name: "tips",
    description: "Scheduled warm-up tips for this server (Manage Server only)",
    subcommands: &[
        SubcommandSpec {
            name: "setup",
            description: "Post a rotating warm-up tip in a channel on a schedule",
            options: &[
                OptionSpec {
                    name: "channel",
                    description: "Where the tips go",
                    kind: OptionKind::Channel,
                    required: true,
                    choices: &[],
                    autocomplete: None,
                },
                OptionSpec::text(
                    "schedule",
                    "weekly monday 07:00, daily 06:30, or cron such as 0 7 * * MON",
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
            action: |args| {
                AnyAction::Tips(Action::Setup {
                    channel: args.channel("channel").unwrap_or_default(),
                    schedule: args.owned("schedule").unwrap_or_default(),
                    timezone: args.owned("timezone").unwrap_or_else(|| "UTC".to_owned()),
                })
            },
        },
        plain(
            "status",
            "Channel, schedule, next and last post, last error",
            |_| AnyAction::Tips(Action::Status),
        ),
        plain("pause", "Stop posting until /tips resume", |_| {
            AnyAction::Tips(Action::Pause)
        }),
        plain(
            "resume",
            "Start posting again from the next scheduled time",
            |_| AnyAction::Tips(Action::Resume),
        ),
        plain("off", "Stop the tips and delete the schedule", |_| {
            AnyAction::Tips(Action::Off)
        }),
        plain(
            "now",
            "Post the next tip now; the schedule stays as it is",
            |_| AnyAction::Tips(Action::Now),
        ),
        plain("preview", "See the next tip (only you)", |_| {
            AnyAction::Tips(Action::Preview)
        }),
    ],
    admin: true,
};

/// What the bot needs in the tips channel.
pub const NEEDED: [&str; 3] = ["View Channel", "Send Messages", "Embed Links"];

pub(super) fn refuse(text: impl Into<String>) -> CommandError {
    CommandError::User(text.into())
}

const NO_SCHEDULE: &str = "No tips are set up here yet. Start them with `/tips setup`.";

pub async fn run(app: &App, caller: &Caller, action: &Action) -> Result<Reply, CommandError> {
    let guild = caller.managed_server()?;
    let now = Utc::now();
    let tips = app.store.tips();
    match action {
        Action::Setup {
            channel,
            schedule,
            timezone,
        } => setup(app, caller, guild, *channel, schedule, timezone, now).await,
        Action::Status => status(app, guild).await,
        Action::Pause => {
            if !tips.set_paused(guild, None).await? {
                return Err(refuse(NO_SCHEDULE));
            }
            Ok(Reply::notice(
                "Tips are paused. `/tips resume` starts them again.",
            ))
        }
        Action::Resume => {
            let row = tips.get(guild).await?.ok_or_else(|| refuse(NO_SCHEDULE))?;
            let schedule = TipSchedule::load(&row.schedule, &row.timezone).map_err(refuse)?;
            let next = schedule
                .next_after(now)
                .ok_or_else(|| refuse("That schedule has no future run."))?;
            tips.set_paused(guild, Some(next.timestamp())).await?;
            app.tips_changed.notify_one();
            Ok(Reply::notice(format!(
                "Tips are back on. Next: {}.",
                when(next.timestamp())
            )))
        }
        Action::Off => {
            if !tips.remove(guild).await? {
                return Err(refuse(NO_SCHEDULE));
            }
            Ok(Reply::notice("Tips are off and the schedule is deleted."))
        }
        Action::Now => post_now(app, guild, now).await,
        Action::Preview => preview(app, guild).await,
    }
}

async fn setup(
    app: &App,
    caller: &Caller,
    guild: u64,
    channel: u64,
    text: &str,
    timezone: &str,
    now: DateTime<Utc>,
) -> Result<Reply, CommandError> {
    let posts = Posts {
        what: "tips",
        command: "/tips setup",
    };
    let planned = match plan(app, guild, channel, (text, timezone), now, &posts).await? {
        Ok(planned) => planned,
        Err(missing) => return Ok(missing),
    };
    let rotation_seed = (guild ^ now.timestamp_micros().cast_unsigned()).cast_signed();
    let row = planned.row((guild, channel), rotation_seed, caller.user_id, now);
    app.store.tips().set_up(row).await?;
    app.tips_changed.notify_one();
    Ok(Reply::notice(format!(
        "Warm-up tips will go to {} {}.\n{}\nNext tip: {}.",
        mention::channel(channel),
        planned.schedule.describe(),
        planned.checklist,
        when(planned.next.timestamp())
    )))
}

async fn status(app: &App, guild: u64) -> Result<Reply, CommandError> {
    let row = app
        .store
        .tips()
        .get(guild)
        .await?
        .ok_or_else(|| refuse(NO_SCHEDULE))?;
    let described = channel::described(&row.schedule, &row.timezone);
    let next = match (row.next_run_at, row.paused, row.disabled) {
        (_, true, _) => "paused: `/tips resume` starts again".to_owned(),
        (_, _, true) => {
            "stopped after Discord refused a post: fix the channel, then `/tips resume`".to_owned()
        }
        (Some(at), _, _) => when(at),
        (None, _, _) => "none".to_owned(),
    };
    let field = |name: &str, value: String| EmbedField {
        name: name.to_owned(),
        value,
    };
    Ok(Reply::embed(Embed {
        title: "Warm-up tips".to_owned(),
        description: format!(
            "Posting in {} {described}.",
            mention::channel(row.channel_id.get())
        ),
        fields: vec![
            field("Next post", next),
            field(
                "Last post",
                row.last_post_at.map_or("none yet".to_owned(), when),
            ),
            field(
                "Last error",
                row.last_error.unwrap_or_else(|| "none".to_owned()),
            ),
            field("Paused", if row.paused { "yes" } else { "no" }.to_owned()),
        ],
        footer: None,
        colour: Some(COLOUR_INFO),
        image: None,
    })
    .ephemeral())
}

async fn post_now(app: &App, guild: u64, now: DateTime<Utc>) -> Result<Reply, CommandError> {
    let api = api(app)?;
    let row = app
        .store
        .tips()
        .get(guild)
        .await?
        .ok_or_else(|| refuse(NO_SCHEDULE))?;
    if row.disabled {
        return Err(refuse(format!(
            "The schedule is stopped because Discord refused a post: {}. Fix the channel, then `/tips resume`.",
            row.last_error.as_deref().unwrap_or("unknown error")
        )));
    }
    let tip = tip_at(&app.content, row.rotation_seed, row.rotation_pos)?;
    let channel = row.channel_id;
    // The admin is right here and reads the outcome: no direct message.
    let post = Post::tip(app, row.rotation_seed, row.rotation_pos)?;
    let delivery = deliver(
        app,
        api,
        &row,
        &post,
        now,
        exponential_backoff,
        OnRefusal::ReplyOnly,
    )
    .await?;
    Ok(Reply::notice(match delivery {
        Delivery::Posted => format!(
            "Posted “{}” in {}. The schedule is unchanged.",
            tip.title,
            mention::channel(channel.get())
        ),
        Delivery::Disabled(reason) => format!(
            "Discord refused the post, so the schedule is stopped: {reason}. Fix the channel, then `/tips resume`."
        ),
        Delivery::Failed(reason) => format!("The tip could not be posted: {reason}."),
    }))
}

async fn preview(app: &App, guild: u64) -> Result<Reply, CommandError> {
    let row = app.store.tips().get(guild).await?;
    let content = &app.content;
    let (seed, pos) = row.as_ref().map_or((guild.cast_signed(), 0), |r| {
        (r.rotation_seed, r.rotation_pos)
    });
    let tip = tip_at(content, seed, pos)?;
    let mut reply = Reply::embed(tip_embed(content, tip)).ephemeral();
    reply.content = Some(match row {
        Some(row) => format!(
            "The next tip for {}:",
            mention::channel(row.channel_id.get())
        ),
        None => "No schedule yet; this is the kind of tip `/tips setup` posts:".to_owned(),
    });
    Ok(reply)
}
