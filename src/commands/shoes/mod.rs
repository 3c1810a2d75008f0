//! `/shoes`: members log running-shoe mileage, see wear, get retirement alerts, chart their
//! pairs and, per server, opt in to a distance leaderboard. Replies about a member's own
//! shoes are ephemeral; every query is scoped to the member asking.

mod chart;
mod club;
pub mod input;
mod logbook;
mod overview;
mod pairs;
mod spec;
mod view;

use chrono::{DateTime, Days, NaiveDate, Utc};

use self::input::{escape, Unit};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::Reply;
use crate::store::{Shoe, WriteError};
use crate::App;

pub use overview::{near_retirement, suggest};
pub use spec::COMMAND;

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
    History(String),
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
    Units(Unit),
    Leaderboard(Period),
    Join,
    Leave,
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
    today: NaiveDate,
}

impl Ctx<'_> {
    /// The start of the projection window.
    fn recent_since(&self) -> NaiveDate {
        self.today - Days::new(view::PROJECTION_DAYS)
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
    let ctx = Ctx {
        app,
        user: caller.user_id,
        guild: caller.guild_id,
        unit: member_unit(app, caller.user_id).await?,
        now,
        today: now.date_naive(),
    };
    match action {
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
            logbook::log(
                &ctx,
                distance,
                shoe.as_deref(),
                date.as_deref(),
                note.as_deref(),
            )
            .await
        }
        Action::List => overview::list(&ctx).await,
        Action::History(shoe) => logbook::history(&ctx, shoe).await,
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
        Action::Units(unit) => overview::units(&ctx, *unit).await,
        Action::Leaderboard(period) => club::leaderboard(&ctx, *period).await,
        Action::Join => club::join(&ctx).await,
        Action::Leave => club::leave(&ctx).await,
    }
}

/// Finds one of the member's shoes from an autocomplete value or a typed nickname.
async fn find_shoe(ctx: &Ctx<'_>, text: &str) -> Result<Shoe, CommandError> {
    let shoes = ctx.app.store.shoes();
    let id = match text
        .strip_prefix(ID_PREFIX)
        .and_then(|id| id.parse::<i64>().ok())
    {
        Some(id) => Some(id),
        None => shoes.find_by_name(ctx.user, text).await?,
    };
    let shoe = match id {
        Some(id) => shoes.get(ctx.user, id, ctx.recent_since()).await?,
        None => None,
    };
    shoe.ok_or_else(|| {
        refuse(format!(
            "You have no pair called “{}”. `/shoes list` shows yours.",
            escape(text.trim())
        ))
    })
}

fn write_refusal(error: WriteError, name: &str) -> CommandError {
    match error {
        WriteError::DuplicateName => refuse(format!(
            "You already have a pair called “{}”. Pick another nickname.",
            escape(name)
        )),
        WriteError::TooManyActive => refuse(format!(
            "You have {} active pairs, the most pacer keeps. Retire one first with `/shoes retire`.",
            crate::store::MAX_ACTIVE_SHOES
        )),
        WriteError::Internal(error) => CommandError::Internal(error),
    }
}
