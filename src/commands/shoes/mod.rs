//! `/shoes`: members log running-shoe mileage, see wear, get retirement alerts, chart their
//! pairs and, per server, opt in to a distance leaderboard. Replies about a member's own
//! shoes are ephemeral; every query is scoped to the member asking.

mod again;
mod chart;
mod club;
mod confirm;
mod dates;
mod fixes;
pub mod input;
mod logbook;
mod lookup;
mod names;
mod overview;
mod pairs;
mod png_out;
pub mod projection;
mod raster;
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
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::Reply;
use crate::store::{Shoe, WriteError};
use crate::App;

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

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Add {
        name: String,
        brand: Option<String>,
        model: Option<String>,
        start: Option<String>,
        retire_at: Option<String>,
        default: bool,
    },
    Log {
        distance: String,
        shoe: Option<String>,
        date: Option<String>,
        note: Option<String>,
    },
    List,
    /// A pair's runs, or the member's latest on every pair.
    History(Option<String>),
    Retire(String),
    Unretire(String),
    Default(String),
    Rename {
        shoe: String,
        name: String,
    },
    Edit {
        shoe: String,
        brand: Option<String>,
        model: Option<String>,
        retire_at: Option<String>,
    },
    Undo,
    /// The confirm button of `/shoes undo`, naming the run it offered to remove.
    UndoConfirm(i64),
    UndoKeep,
    Chart,
    /// The member's distance per week over the last 12 weeks, as a chart.
    Weekly,
    Units(Unit),
    Leaderboard(Period),
    Join,
    Leave,
    /// Fixing runs and the other questions asked with buttons.
    Fix(Fix),
    /// Set the member's time zone, or say which it is.
    Timezone(Option<String>),
    /// An answer to "this pair is already past its retirement distance: save it anyway?"
    Confirm(Answer),
}

pub const UNDO_BUTTON: ButtonSpec = ButtonSpec {
    kind: "undo",
    action: |state| match state {
        "keep" => Some(AnyAction::Shoes(Action::UndoKeep)),
        id => id
            .parse()
            .ok()
            .map(|id| AnyAction::Shoes(Action::UndoConfirm(id))),
    },
};

/// Autocomplete values name a shoe by id, so a nickname that looks like another never
/// confuses them. The id is checked against the member on every use.
const ID_PREFIX: &str = "id:";
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
    if let Action::Log {
        distance,
        shoe: None,
        date,
        note,
    } = action
    {
        let (date, note) = (date.as_deref(), note.as_deref());
        return logbook::log_default(app, caller.user_id, now, distance, date, note).await;
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
        Action::Add {
            name,
            brand,
            model,
            start,
            retire_at,
            default,
        } => {
            pairs::add(
                &ctx,
                name,
                brand.as_deref(),
                model.as_deref(),
                start.as_deref(),
                retire_at.as_deref(),
                *default,
            )
            .await
        }
        Action::Log {
            distance,
            shoe,
            date,
            note,
        } => {
            let shoe = shoe.as_deref().unwrap_or_default();
            logbook::log(&ctx, distance, shoe, date.as_deref(), note.as_deref()).await
        }
        Action::List => overview::list(&ctx).await,
        Action::History(shoe) => logbook::history(&ctx, shoe.as_deref()).await,
        Action::Retire(shoe) => pairs::retire(&ctx, shoe).await,
        Action::Unretire(shoe) => pairs::unretire(&ctx, shoe).await,
        Action::Default(shoe) => pairs::make_default(&ctx, shoe).await,
        Action::Rename { shoe, name } => pairs::rename(&ctx, shoe, name).await,
        Action::Edit {
            shoe,
            brand,
            model,
            retire_at,
        } => {
            pairs::edit(
                &ctx,
                shoe,
                brand.as_deref(),
                model.as_deref(),
                retire_at.as_deref(),
            )
            .await
        }
        Action::Undo => logbook::undo(&ctx).await,
        Action::UndoConfirm(run_id) => logbook::undo_confirm(&ctx, *run_id).await,
        Action::UndoKeep => Ok(Reply::notice("Kept it. Nothing changed.").updating_source()),
        Action::Chart => overview::chart(&ctx).await,
        Action::Weekly => weekly::weekly(&ctx).await,
        Action::Units(unit) => units::units(&ctx, *unit).await,
        Action::Leaderboard(period) => club::leaderboard(&ctx, *period).await,
        Action::Join => club::join(&ctx).await,
        Action::Leave => club::leave(&ctx).await,
        Action::Fix(fix) => fixes::run(&ctx, fix).await,
        Action::Timezone(zone) => zone::timezone(&ctx, zone.as_deref()).await,
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
