//! `/shoes`: members log running-shoe mileage, see wear, get retirement alerts, chart their
//! pairs and, per server, opt in to a distance leaderboard. Replies about a member's own
//! shoes are ephemeral; every query is scoped to the member asking.

mod action;
mod again;
mod chart;
mod confirm;
mod dates;
mod distance;
mod fixes;
pub mod input;
mod leaderboard;
mod logbook;
mod lookup;
mod names;
mod overview;
mod pairs;
mod png_out;
pub mod projection;
mod raster;
pub mod refs;
mod rotation;
mod runs_view;
mod spec;
mod spec_settings;
mod spike;
mod units;
pub(crate) mod view;
pub mod wear;
mod weekly;
mod zone;

use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use self::dates::Today;
use self::input::{quote, Unit};
use self::refs::{RunId, ID_PREFIX};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::Reply;
use crate::store::{Shoe, WriteError};
use crate::App;

pub use action::{Action, Add, Edit, Log, Rename};
pub use again::AGAIN_BUTTON;
pub use confirm::{AddAnswer, Answer, ADD_BUTTON, RETIRE_AT_BUTTON};
pub use fixes::{suggest_runs, Fix, RUN_BUTTON};
use lookup::find_shoe;
pub use overview::{near_retirement, suggest};
pub use spec::COMMAND;
pub use units::ROUND_BUTTON;
pub use zone::suggest_dates;

/// Which of the member's shoes an option suggests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Active,
    Retired,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    Year,
}

pub const UNDO_BUTTON: ButtonSpec = ButtonSpec {
    kind: "undo",
    action: |state| match state {
        "keep" => Some(AnyAction::Shoes(Action::UndoKeep)),
        id => id
            .parse()
            .ok()
            .map(|id| AnyAction::Shoes(Action::UndoConfirm(RunId(id)))),
    },
};

const HISTORY_RUNS: i64 = 15;

struct Ctx<'a> {
    app: &'a App,
    user: u64,
    guild: Option<u64>,
    unit: Unit,
    now: DateTime<Utc>,
    /// The member's today: in their time zone, or UTC without one.
    today: NaiveDate,
    /// Today and the latest date a run may have.
    day: Today,
    zone: Option<Tz>,
    /// Lines put before the reply (e.g. which pair a typed name was taken for).
    notes: Mutex<Vec<String>>,
}

impl Ctx<'_> {
    /// The start of the projection window.
    fn recent_since(&self) -> NaiveDate {
        projection::window_start(self.today)
    }

    fn note(&self, line: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(line);
        }
    }

    /// The reply with the notes gathered on the way in front.
    fn with_notes(&self, mut reply: Reply) -> Reply {
        let notes = self.notes.lock().map(|n| n.join("\n")).unwrap_or_default();
        if !notes.is_empty() {
            reply.content = Some(match reply.content.take() {
                Some(text) => format!("{notes}\n{text}"),
                None => notes,
            });
        }
        reply
    }

    /// All the member's pairs, active first, with their totals.
    async fn pairs(&self) -> Result<Vec<Shoe>, CommandError> {
        Ok(self
            .app
            .store
            .shoes()
            .list(self.user, self.recent_since())
            .await?)
    }
}

fn refuse(message: impl Into<String>) -> CommandError {
    CommandError::User(message.into())
}

async fn member_unit(app: &App, user: u64) -> Result<Unit, CommandError> {
    let code = app.store.prefs().unit(user).await?;
    Ok(code
        .as_deref()
        .and_then(Unit::from_code)
        .unwrap_or(Unit::Km))
}

pub async fn run(app: &App, caller: &Caller, action: &Action) -> Result<Reply, CommandError> {
    let now = Utc::now();
    if let Action::Log(log @ Log { shoe: None, .. }) = action {
        return logbook::log_default(app, caller.user_id, now, log).await;
    }
    let member = zone::member(app, caller.user_id).await?;
    let day = zone::today(member.zone, now);
    let ctx = Ctx {
        app,
        user: caller.user_id,
        guild: caller.guild_id,
        unit: member.unit,
        now,
        today: day.date,
        day,
        zone: member.zone,
        notes: Mutex::default(),
    };
    let reply = match action {
        Action::Add(add) => pairs::add(&ctx, add).await,
        Action::Log(log) => logbook::log(&ctx, log).await,
        Action::List => overview::list(&ctx).await,
        Action::History(shoe) => logbook::history(&ctx, shoe.as_ref()).await,
        Action::Retire(shoe) => pairs::retire(&ctx, shoe).await,
        Action::Unretire(shoe) => pairs::unretire(&ctx, shoe).await,
        Action::Default(shoe) => pairs::make_default(&ctx, shoe).await,
        Action::Rename(rename) => pairs::rename(&ctx, rename).await,
        Action::Edit(edit) => pairs::edit(&ctx, edit).await,
        Action::Undo => logbook::undo(&ctx).await,
        Action::UndoConfirm(run) => logbook::undo_confirm(&ctx, *run).await,
        Action::UndoKeep => Ok(Reply::notice("Kept it. Nothing changed.").updating_source()),
        Action::Chart => overview::chart(&ctx).await,
        Action::Weekly => weekly::weekly(&ctx).await,
        Action::Units(unit) => units::units(&ctx, *unit).await,
        Action::Leaderboard(period) => leaderboard::leaderboard(&ctx, *period).await,
        Action::Join => leaderboard::join(&ctx).await,
        Action::Leave => leaderboard::leave(&ctx).await,
        Action::Fix(fix) => fixes::run(&ctx, fix).await,
        Action::Timezone(zone) => zone::timezone(&ctx, *zone).await,
        Action::Confirm(answer) => confirm::answered(&ctx, *answer).await,
    }?;
    Ok(ctx.with_notes(reply))
}

fn write_refusal(error: WriteError, name: &str) -> CommandError {
    match error {
        WriteError::DuplicateName => refuse(format!(
            "You already have a pair called “{}”. Pick another nickname.",
            quote(name)
        )),
        WriteError::TooManyActive => refuse(format!(
            "You have {} active pairs, the most pacer keeps. Retire one first with `/shoes retire`.",
            crate::store::MAX_ACTIVE_SHOES
        )),
        WriteError::Internal(error) => error.into(),
    }
}
