//! Every command pacer offers, and the one place that routes a checked action to its group.
//! The Discord adapter, the console and the tests all come in through here.

pub mod backpain;
mod channel;
pub mod club;
mod digest;
mod errors;
mod label;
pub mod privacy;
pub mod shoes;
pub mod tips;
pub mod tree;

pub use errors::{CommandError, BUSY, DATABASE_DOWN, GENERIC_FAILURE};
pub use label::Label;
use tree::{CommandSpec, ResolveError};

use crate::content::Content;
use crate::reply::{Reply, Suggestion};
use crate::App;

/// The whole slash-command tree, in the order `/help` lists it.
pub const COMMANDS: &[&CommandSpec] = &[
    &backpain::COMMAND,
    &shoes::COMMAND,
    &privacy::COMMAND,
    &tips::COMMAND,
    &club::COMMAND,
];

/// Every kind of button pacer puts on its messages.
pub const BUTTONS: &[&ButtonSpec] = &[
    &backpain::TRIAGE_BUTTON,
    &shoes::UNDO_BUTTON,
    &shoes::RUN_BUTTON,
    &shoes::AGAIN_BUTTON,
    &shoes::ROUND_BUTTON,
    &shoes::ADD_BUTTON,
    &shoes::RETIRE_AT_BUTTON,
    &privacy::FORGET_BUTTON,
];

/// Bumped when the meaning of existing `custom_ids` changes, so that old buttons are refused
/// with a clear message rather than misread.
const CUSTOM_ID_VERSION: &str = "p1";

/// A command or button press, checked and typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Backpain(backpain::Action),
    Shoes(shoes::Action),
    Privacy(privacy::Action),
    Club(club::Action),
    Tips(tips::Action),
    /// Input a subcommand's options could not be read into (see [`tree::read`]): the
    /// sentence for the member, shown as a handler's refusal is shown. It needs no database,
    /// so it is answered even while the database is down or pacer is at its bound.
    Refused(String),
}

impl Action {
    /// Whether the action is database work, refused when the database is down or pacer is
    /// at its bound (`PACER_MAX_IN_FLIGHT`). `/backpain` is content and is never refused, so
    /// the triage always reaches its emergency advice; its few small reads (a server's own
    /// emergency number, the shoe check's pairs due) go uncounted. Refused input needs nothing
    /// but its sentence.
    pub fn needs_store(&self) -> bool {
        match self {
            Action::Backpain(_) | Action::Refused(_) => false,
            Action::Shoes(_) | Action::Privacy(_) | Action::Club(_) | Action::Tips(_) => true,
        }
    }
}

/// Where an option's autocomplete suggestions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completer {
    Shoes(shoes::Which),
    /// The member's latest runs, for `/shoes run-remove` and `run-move`.
    Runs,
    Timezone,
    /// The member's last seven days, in their time zone, for a run's date.
    RunDate,
}

impl Completer {
    /// Whether its suggestions come from the database (time zones are a built-in list).
    pub fn needs_store(self) -> bool {
        !matches!(self, Completer::Timezone)
    }
}

/// Who is asking: the member and the server, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub user_id: u64,
    /// The server, when pacer is installed there: `None` in a direct message, and in a server
    /// the member reached pacer in only through installing it for themselves.
    pub guild_id: Option<u64>,
    /// The member's permission bits in the server, as Discord computed them; `None` in a
    /// direct message.
    pub permissions: Option<u64>,
}

/// Discord's permission bits that pacer checks.
pub const ADMINISTRATOR: u64 = 1 << 3;
pub const MANAGE_GUILD: u64 = 1 << 5;

impl Caller {
    /// Whether the member may change pacer's settings for this server. Discord hides admin
    /// commands from other members, but a crafted interaction must be refused here too.
    pub fn manages_server(&self) -> bool {
        self.guild_id.is_some()
            && self
                .permissions
                .is_some_and(|p| p & (MANAGE_GUILD | ADMINISTRATOR) != 0)
    }

    /// The server an admin command acts on, or the refusal for anyone else.
    pub fn managed_server(&self) -> Result<u64, CommandError> {
        self.guild_id
            .filter(|_| self.manages_server())
            .ok_or_else(|| CommandError::User(NOT_AN_ADMIN.to_owned()))
    }
}

/// The refusal for members without Manage Server.
pub const NOT_AN_ADMIN: &str =
    "Only members with the Manage Server permission can change pacer's settings for this server.";

/// A family of buttons, named by the `kind` part of their `custom_id`
/// (`<version>:<kind>:<state>`).
#[derive(Debug)]
pub struct ButtonSpec {
    pub kind: &'static str,
    /// Reads the state part; `None` when it is not one this version writes.
    pub action: fn(&str) -> Option<Action>,
}

impl ButtonSpec {
    pub fn custom_id(&self, state: &str) -> String {
        format!("{CUSTOM_ID_VERSION}:{}:{state}", self.kind)
    }
}

/// Finds the action behind a button's `custom_id`; `None` for buttons of another version.
pub fn parse_button(custom_id: &str) -> Option<Action> {
    let rest = custom_id
        .strip_prefix(CUSTOM_ID_VERSION)?
        .strip_prefix(':')?;
    let (kind, state) = rest.split_once(':')?;
    let spec = BUTTONS.iter().find(|b| b.kind == kind)?;
    (spec.action)(state)
}

/// Runs an action and turns any error into the reply the member sees. While the database is
/// known to be down, actions that need it are refused at once (see [`crate::store::Health`]).
pub async fn execute(app: &App, caller: &Caller, action: Action) -> Reply {
    execute_measured(app, caller, action).await.0
}

/// How an action ended, for the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Refused for something the member can fix.
    UserError,
    /// Failed inside pacer, the database being unreachable included.
    InternalError,
    /// Refused without trying: the database is known to be down.
    Shed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::UserError => "user_error",
            Outcome::InternalError => "internal_error",
            Outcome::Shed => "shed",
        }
    }
}

/// [`execute`], also telling how the action ended.
pub async fn execute_measured(app: &App, caller: &Caller, action: Action) -> (Reply, Outcome) {
    let uses_store = action.needs_store();
    let health = app.store.health();
    if uses_store && !health.admit() {
        let reply = CommandError::Unavailable.into_reply(caller, &action);
        return (reply, Outcome::Shed);
    }
    let result = match &action {
        Action::Backpain(a) => backpain::run(app, caller, a).await,
        Action::Shoes(a) => shoes::run(app, caller, a).await,
        Action::Privacy(a) => privacy::run(app, caller, *a).await,
        Action::Club(a) => club::run(app, caller, a).await,
        Action::Tips(a) => tips::run(app, caller, a).await,
        Action::Refused(sentence) => Err(CommandError::User(sentence.clone())),
    }
    .map_err(|error| {
        if let CommandError::Internal(cause) = &error {
            crate::telemetry::database_error(cause);
        }
        error.classify(&app.store)
    });
    if uses_store {
        health.record(matches!(result, Err(CommandError::Unavailable)));
    }
    let outcome = match &result {
        Ok(_) => Outcome::Ok,
        Err(CommandError::User(_)) => Outcome::UserError,
        Err(_) => Outcome::InternalError,
    };
    (
        result.unwrap_or_else(|error| error.into_reply(caller, &action)),
        outcome,
    )
}

/// Suggestions for the option being typed; none for options that do not autocomplete or for
/// a tree the member's app no longer matches.
pub async fn autocomplete(
    app: &App,
    caller: &Caller,
    raw: &tree::RawInvocation,
) -> Vec<Suggestion> {
    let Some((completer, typed)) = tree::focused(COMMANDS, raw) else {
        return Vec::new();
    };
    let result = match completer {
        // Late suggestions are useless: none at once while the database is down.
        _ if completer.needs_store() && app.store.health().is_down() => Ok(Vec::new()),
        Completer::Shoes(which) => shoes::suggest(app, caller, which, typed).await,
        Completer::Runs => shoes::suggest_runs(app, caller, typed).await,
        Completer::Timezone => Ok(crate::tips::zones::suggest(typed)),
        Completer::RunDate => shoes::suggest_dates(app, caller, typed).await,
    };
    result.unwrap_or_else(|error| {
        tracing::error!(
            error = format!("{error:#}"),
            user_id = caller.user_id,
            "autocomplete failed"
        );
        Vec::new()
    })
}

/// The reply to a command that no longer fits the tree: the member's Discord app still shows
/// an older version of the command.
pub fn stale_command(error: &ResolveError) -> Reply {
    Reply::notice(format!(
        "This command has changed since Discord last loaded it. Wait a minute or restart \
         Discord, then try again. ({error})"
    ))
}

/// The reply to a button from an older message or an older version of pacer.
pub fn stale_button() -> Reply {
    Reply::notice(
        "This button belongs to an older message and no longer works. Run the command again \
         to get a fresh one.",
    )
}

/// Every reply that depends only on content, labelled, for `pacer check` and startup
/// validation against Discord's limits.
pub fn every_static_reply(content: &Content) -> Vec<(String, Reply)> {
    let mut replies = backpain::every_reply(content);
    for tip in &content.tips {
        let reply = Reply::embed(crate::content::tip_embed(content, tip));
        replies.push((format!("tip {}", tip.id), reply));
    }
    replies
}
