//! `/shoes`: members log running-shoe mileage, see wear, get retirement alerts, chart their
//! pairs and, per server, opt in to a distance leaderboard. Replies about a member's own
//! shoes are ephemeral; every query is scoped to the member asking.

mod chart;
pub mod input;
mod spec;
mod view;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use self::input::{escape, parse_date, parse_distance, parse_name, parse_text, run_distance, Unit};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::{
    Attachment, Button, ButtonStyle, Embed, EmbedField, Reply, Suggestion, COLOUR_INFO,
};
use crate::store::{NewShoe, Shoe, ShoeEdit, WriteError};
use crate::App;

pub use spec::COMMAND;
pub use view::NEAR_RETIREMENT_PCT;

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
}

fn refuse(message: impl Into<String>) -> CommandError {
    CommandError::User(message.into())
}

fn private(text: impl Into<String>) -> Reply {
    Reply::notice(text)
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
            add(
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
            log(
                &ctx,
                distance,
                shoe.as_deref(),
                date.as_deref(),
                note.as_deref(),
            )
            .await
        }
        Action::List => list(&ctx).await,
        Action::History(shoe) => history(&ctx, shoe).await,
        Action::Retire(shoe) => retire(&ctx, shoe).await,
        Action::Unretire(shoe) => unretire(&ctx, shoe).await,
        Action::Default(shoe) => make_default(&ctx, shoe).await,
        Action::Rename { shoe, name } => rename(&ctx, shoe, name).await,
        Action::Edit {
            shoe,
            brand,
            model,
            retire_at,
        } => {
            edit(
                &ctx,
                shoe,
                brand.as_deref(),
                model.as_deref(),
                retire_at.as_deref(),
            )
            .await
        }
        Action::Undo => undo(&ctx).await,
        Action::UndoConfirm(run_id) => undo_confirm(&ctx, *run_id).await,
        Action::UndoKeep => Ok(private("Kept it. Nothing changed.").updating_source()),
        Action::Chart => chart(&ctx).await,
        Action::Units(unit) => units(&ctx, *unit).await,
        Action::Leaderboard(period) => leaderboard(&ctx, *period).await,
        Action::Join => join(&ctx).await,
        Action::Leave => leave(&ctx).await,
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

fn retire_distance(text: &str, unit: Unit) -> Result<i64, CommandError> {
    match parse_distance(text, unit).map_err(refuse)? {
        0 => Err(refuse("The retirement distance must be above zero.")),
        metres => Ok(metres),
    }
}

#[allow(clippy::too_many_arguments)]
async fn add(
    ctx: &Ctx<'_>,
    name: &str,
    brand: Option<&str>,
    model: Option<&str>,
    start: Option<&str>,
    retire_at: Option<&str>,
    make_default: bool,
) -> Result<Reply, CommandError> {
    let name = parse_name(name).map_err(refuse)?;
    let brand = parse_text("brand", brand, input::MAX_NAME_CHARS).map_err(refuse)?;
    let model = parse_text("model", model, input::MAX_NAME_CHARS).map_err(refuse)?;
    let start_m = start
        .map_or(Ok(0), |t| parse_distance(t, ctx.unit))
        .map_err(refuse)?;
    let retire_at_m = match retire_at {
        Some(text) => retire_distance(text, ctx.unit)?,
        None => ctx.unit.default_retire_at(),
    };
    let id = ctx
        .app
        .store
        .shoes()
        .add(NewShoe {
            user_id: ctx.user,
            name: &name,
            brand: brand.as_deref(),
            model: model.as_deref(),
            start_m,
            retire_at_m,
            make_default,
            now: ctx.now,
        })
        .await
        .map_err(|e| write_refusal(e, &name))?;
    let shoe = find_shoe(ctx, &format!("{ID_PREFIX}{id}")).await?;
    let mut text = format!(
        "Added {}. It retires at {}",
        view::title(&shoe),
        ctx.unit.show(shoe.retire_at_m)
    );
    if shoe.start_m > 0 {
        text.push_str(&format!(", starting from {}", ctx.unit.show(shoe.start_m)));
    }
    text.push('.');
    if shoe.is_default {
        text.push_str(" Runs go to this pair unless you name another.");
    }
    Ok(private(text))
}

async fn log(
    ctx: &Ctx<'_>,
    distance: &str,
    shoe: Option<&str>,
    date: Option<&str>,
    note: Option<&str>,
) -> Result<Reply, CommandError> {
    let distance_m = run_distance(distance, ctx.unit).map_err(refuse)?;
    let date = parse_date(date, ctx.today).map_err(refuse)?;
    let note = parse_text("note", note, input::MAX_NOTE_CHARS).map_err(refuse)?;
    let shoe = match shoe {
        Some(text) => find_shoe(ctx, text).await?,
        None => match ctx.app.store.shoes().default_shoe(ctx.user).await? {
            Some(id) => find_shoe(ctx, &format!("{ID_PREFIX}{id}")).await?,
            None => {
                return Err(refuse(
                    "You have no default pair. Add one with `/shoes add`, or name the pair with `shoe:`.",
                ))
            }
        },
    };
    if shoe.is_retired() {
        return Err(refuse(format!(
            "“{}” is retired. Bring it back with `/shoes unretire` to log runs on it.",
            escape(&shoe.name)
        )));
    }
    let logged = ctx
        .app
        .store
        .runs()
        .log(
            ctx.user,
            shoe.id,
            distance_m,
            date,
            note.as_deref(),
            ctx.now,
        )
        .await?
        .ok_or_else(|| refuse("That pair was just retired or removed. Check `/shoes list`."))?;
    let mut text = format!(
        "Logged {} on {} for {date}. Total {}: {}% of {}.",
        ctx.unit.show(distance_m),
        view::title(&shoe),
        ctx.unit.show(logged.total_m),
        view::percent(logged.total_m, logged.retire_at_m),
        ctx.unit.show(logged.retire_at_m)
    );
    if let Some(level) = logged.warning {
        text.push_str("\n");
        text.push_str(&view::warning(
            &shoe.name,
            level,
            logged.retire_at_m,
            ctx.unit,
        ));
    }
    Ok(private(text))
}

async fn list(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx
        .app
        .store
        .shoes()
        .list(ctx.user, ctx.recent_since())
        .await?;
    if shoes.is_empty() {
        return Ok(private(
            "You have no shoes yet. Add a pair with `/shoes add name:Blue racers`.",
        ));
    }
    Ok(Reply::embed(view::list(&shoes, ctx.unit, ctx.today)).ephemeral())
}

async fn history(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let runs = ctx
        .app
        .store
        .runs()
        .history(ctx.user, shoe.id, HISTORY_RUNS)
        .await?;
    Ok(Reply::embed(view::history(&shoe, &runs, ctx.unit)).ephemeral())
}

async fn retire(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(format!(
            "“{}” is already retired.",
            escape(&shoe.name)
        )));
    }
    let shoes = ctx.app.store.shoes();
    shoes.retire(ctx.user, shoe.id, ctx.now).await?;
    let mut text = format!(
        "Retired {} at {}.",
        view::title(&shoe),
        ctx.unit.show(shoe.total_m())
    );
    if shoe.is_default {
        match shoes.default_shoe(ctx.user).await? {
            Some(id) => {
                let next = find_shoe(ctx, &format!("{ID_PREFIX}{id}")).await?;
                text.push_str(&format!(" Runs now go to {}.", view::title(&next)));
            }
            None => text.push_str(" You have no active pair left; add one with `/shoes add`."),
        }
    }
    Ok(private(text))
}

async fn unretire(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if !shoe.is_retired() {
        return Err(refuse(format!("“{}” is not retired.", escape(&shoe.name))));
    }
    ctx.app
        .store
        .shoes()
        .unretire(ctx.user, shoe.id)
        .await
        .map_err(|e| write_refusal(e, &shoe.name))?;
    Ok(private(format!("{} is back in use.", view::title(&shoe))))
}

async fn make_default(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(
            "A retired pair can't be the default. Unretire it first.",
        ));
    }
    ctx.app.store.shoes().set_default(ctx.user, shoe.id).await?;
    Ok(private(format!(
        "Runs now go to {} unless you name another pair.",
        view::title(&shoe)
    )))
}

async fn rename(ctx: &Ctx<'_>, shoe: &str, name: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let name = parse_name(name).map_err(refuse)?;
    ctx.app
        .store
        .shoes()
        .rename(ctx.user, shoe.id, &name)
        .await
        .map_err(|e| write_refusal(e, &name))?;
    Ok(private(format!(
        "“{}” is now called **{}**.",
        escape(&shoe.name),
        escape(&name)
    )))
}

async fn edit(
    ctx: &Ctx<'_>,
    shoe: &str,
    brand: Option<&str>,
    model: Option<&str>,
    retire_at: Option<&str>,
) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let brand = parse_text("brand", brand, input::MAX_NAME_CHARS).map_err(refuse)?;
    let model = parse_text("model", model, input::MAX_NAME_CHARS).map_err(refuse)?;
    let retire_at_m = retire_at
        .map(|t| retire_distance(t, ctx.unit))
        .transpose()?;
    if brand.is_none() && model.is_none() && retire_at_m.is_none() {
        return Err(refuse(
            "Tell me what to change: `brand`, `model` or `retire_at`.",
        ));
    }
    let change = ShoeEdit {
        brand: brand.as_deref(),
        model: model.as_deref(),
        retire_at_m,
    };
    ctx.app
        .store
        .shoes()
        .edit(ctx.user, shoe.id, change)
        .await?;
    let updated = find_shoe(ctx, &format!("{ID_PREFIX}{}", shoe.id)).await?;
    Ok(private(format!(
        "Updated {}: retires at {}.",
        view::title(&updated),
        ctx.unit.show(updated.retire_at_m)
    )))
}

async fn undo(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let Some(run) = ctx.app.store.runs().latest(ctx.user).await? else {
        return Ok(private("You have no runs to undo."));
    };
    let text = format!(
        "Remove your latest run: {} on **{}** for {}?",
        ctx.unit.show(run.distance_m),
        escape(&run.shoe_name),
        run.run_on
    );
    Ok(private(text).with_buttons(vec![
        Button {
            label: "Remove it".to_owned(),
            custom_id: UNDO_BUTTON.custom_id(&run.id.to_string()),
            style: ButtonStyle::Danger,
        },
        Button {
            label: "Keep it".to_owned(),
            custom_id: UNDO_BUTTON.custom_id("keep"),
            style: ButtonStyle::Secondary,
        },
    ]))
}

async fn undo_confirm(ctx: &Ctx<'_>, run_id: i64) -> Result<Reply, CommandError> {
    let runs = ctx.app.store.runs();
    let latest = runs.latest(ctx.user).await?;
    let removed = match latest {
        Some(run) if run.id == run_id && runs.delete_if_latest(ctx.user, run_id).await? => run,
        _ => return Ok(private(
            "That run is no longer your latest, so nothing was removed. Run `/shoes undo` again.",
        )
        .updating_source()),
    };
    Ok(private(format!(
        "Removed {} on **{}** for {}.",
        ctx.unit.show(removed.distance_m),
        escape(&removed.shoe_name),
        removed.run_on
    ))
    .updating_source())
}

async fn chart(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx
        .app
        .store
        .shoes()
        .list(ctx.user, ctx.recent_since())
        .await?;
    let bars: Vec<chart::Bar> = shoes
        .iter()
        .filter(|s| !s.is_retired())
        .take(20)
        .map(|s| chart::Bar {
            label: s.name.clone(),
            distance: ctx.unit.value(s.total_m()),
            retire_at: ctx.unit.value(s.retire_at_m),
        })
        .collect();
    if bars.is_empty() {
        return Err(refuse(
            "You have no active pairs to chart. Add one with `/shoes add`.",
        ));
    }
    let unit = ctx.unit.code();
    let png = tokio::task::spawn_blocking(move || chart::render(&bars, unit))
        .await
        .map_err(anyhow::Error::from)??;
    let embed = Embed {
        title: "Shoe wear".to_owned(),
        description:
            "Grey: retirement distance. Bar: distance so far (amber from 80%, red from 100%)."
                .to_owned(),
        fields: Vec::new(),
        footer: None,
        colour: Some(COLOUR_INFO),
        image: Some(chart::FILENAME.to_owned()),
    };
    let mut reply = Reply::embed(embed).ephemeral();
    reply.attachments.push(Attachment {
        filename: chart::FILENAME.to_owned(),
        bytes: png,
    });
    Ok(reply)
}

async fn units(ctx: &Ctx<'_>, unit: Unit) -> Result<Reply, CommandError> {
    ctx.app
        .store
        .prefs()
        .set_unit(ctx.user, unit.code())
        .await?;
    let name = match unit {
        Unit::Km => "kilometres",
        Unit::Mi => "miles",
    };
    Ok(private(format!(
        "Distances now show in {name}, and plain numbers you log count as {}. New pairs retire at {} unless you say otherwise.",
        unit.code(),
        unit.show(unit.default_retire_at())
    )))
}

fn server(ctx: &Ctx<'_>) -> Result<u64, CommandError> {
    ctx.guild
        .ok_or_else(|| refuse("Leaderboards belong to a server: use this in your club's server."))
}

fn period_start(period: Period, today: NaiveDate) -> (NaiveDate, &'static str) {
    match period {
        Period::Week => (
            today - Days::new(u64::from(today.weekday().num_days_from_monday())),
            "this week",
        ),
        Period::Month => (today.with_day(1).unwrap_or(today), "this month"),
        Period::Year => (today.with_ordinal(1).unwrap_or(today), "this year"),
    }
}

async fn leaderboard(ctx: &Ctx<'_>, period: Period) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let (since, label) = period_start(period, ctx.today);
    let standings = ctx.app.store.leaderboard().standings(guild, since).await?;
    let description = if standings.is_empty() {
        format!(
            "No runs logged {label} by members who joined. Join with `/shoes leaderboard-join`."
        )
    } else {
        standings
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{}. <@{}> · {}",
                    i + 1,
                    s.user_id,
                    ctx.unit.show(s.distance_m)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Reply::embed(Embed {
        title: format!("Distance leaderboard: {label}"),
        description,
        fields: Vec::new(),
        footer: Some(format!(
            "Since {since}. Only members who joined appear; leave with /shoes leaderboard-leave."
        )),
        colour: Some(COLOUR_INFO),
        image: None,
    }))
}

async fn join(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let joined = ctx
        .app
        .store
        .leaderboard()
        .join(guild, ctx.user, ctx.now)
        .await?;
    Ok(private(if joined {
        "You're on this server's leaderboard. Leave any time with `/shoes leaderboard-leave`."
    } else {
        "You're already on this server's leaderboard."
    }))
}

async fn leave(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let left = ctx.app.store.leaderboard().leave(guild, ctx.user).await?;
    Ok(private(if left {
        "You're off this server's leaderboard."
    } else {
        "You weren't on this server's leaderboard."
    }))
}

/// Autocomplete: the member's own shoes whose nickname contains what they typed.
pub async fn suggest(
    app: &App,
    caller: &Caller,
    which: Which,
    typed: &str,
) -> anyhow::Result<Vec<Suggestion>> {
    let today = Utc::now().date_naive();
    let shoes = app.store.shoes().list(caller.user_id, today).await?;
    let unit = member_unit(app, caller.user_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let typed = typed.trim().to_lowercase();
    Ok(shoes
        .iter()
        .filter(|s| match which {
            Which::Active => !s.is_retired(),
            Which::Retired => s.is_retired(),
            Which::All => true,
        })
        .filter(|s| s.name.to_lowercase().contains(&typed))
        .take(crate::limits::MAX_SUGGESTIONS)
        .map(|s| {
            let label = format!("{} · {}", s.name, unit.show(s.total_m()));
            Suggestion {
                name: label
                    .chars()
                    .take(crate::limits::MAX_SUGGESTION_NAME)
                    .collect(),
                value: format!("{ID_PREFIX}{}", s.id),
            }
        })
        .collect())
}

/// For `/backpain shoes`: the member's active pairs near or past retirement.
pub async fn near_retirement(
    app: &App,
    caller: &Caller,
) -> Result<Option<EmbedField>, CommandError> {
    let today = Utc::now().date_naive();
    let unit = member_unit(app, caller.user_id).await?;
    let shoes = app.store.shoes().list(caller.user_id, today).await?;
    let lines: Vec<String> = shoes
        .iter()
        .filter(|s| !s.is_retired())
        .filter_map(|s| {
            let pct = view::percent(s.total_m(), s.retire_at_m);
            (pct >= NEAR_RETIREMENT_PCT).then(|| {
                let state = if pct >= 100 {
                    "past its retirement distance"
                } else {
                    "near retirement"
                };
                format!(
                    "{} · {} of {} ({pct}%): {state}",
                    escape(&s.name),
                    unit.show(s.total_m()),
                    unit.show(s.retire_at_m)
                )
            })
        })
        .take(10)
        .collect();
    Ok((!lines.is_empty()).then(|| EmbedField {
        name: "Your shoes".to_owned(),
        value: lines.join("\n"),
    }))
}
