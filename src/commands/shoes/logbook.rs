//! The logbook: logging runs (asking first about one already logged), the history, and
//! undoing the latest run.

use chrono::{DateTime, Utc};

use super::action::Log;
use super::again::{self, Again};
use super::input::{escape, text_of, DateInput, Unit};
use super::refs::{RunId, ShoeRef};
use super::zone::{self, Member};
use super::{find_shoe, refuse, runs_view, spike, view, wear, Ctx};
use super::{HISTORY_RUNS, UNDO_BUTTON};
use crate::commands::CommandError;
use crate::reply::{Button, ButtonStyle, Reply};
use crate::store::{DefaultLog, Logged, NewRun, Planned, SameRun, Shoe};
use crate::App;

const NO_DEFAULT: &str =
    "You have no default pair. Add one with `/shoes add`, or name the pair with `shoe:`.";

/// `/shoes log` without `shoe:`, the usual log: the member's preferences, their default pair
/// and the run go to the database on one connection ([`crate::store::Runs::log_default`]).
pub(super) async fn log_default(
    app: &App,
    user: u64,
    now: DateTime<Utc>,
    log: &Log,
) -> Result<Reply, CommandError> {
    let done: DefaultLog<CommandError> = app
        .store
        .runs()
        .log_default(user, |prefs, pair| {
            let member = Member::of(prefs);
            let day = zone::today(member.zone, now);
            let distance_m = log.distance.run_metres(member.unit).map_err(refuse)?;
            let run_on = DateInput::or_today(log.date.as_ref(), day).map_err(refuse)?;
            let note = text_of(log.note.as_ref()).map(str::to_owned);
            let pair = pair.ok_or_else(|| refuse(NO_DEFAULT))?;
            Ok(Planned {
                same: SameRun {
                    shoe_id: pair.id,
                    distance_m,
                    run_on,
                },
                note,
                now,
                compare: spike::window(run_on),
                allowed: 0,
            })
        })
        .await?;
    let (planned, logged) = done.logged?;
    let unit = Member::of(&done.prefs).unit;
    let pair = done.pair.ok_or_else(|| refuse(NO_DEFAULT))?;
    Ok(match told(unit, &pair, planned.same, logged)? {
        Stored::Logged(text) => Reply::notice(text),
        Stored::Repeated(seen) => {
            let same = planned.same;
            let note = planned.note;
            again::ask(&pair, &Again { same, seen, note }, unit)
        }
    })
}

/// `/shoes log shoe:`; without `shoe:`, [`log_default`], which `run` calls directly: it reads
/// the member's settings with the run instead of before it.
pub(super) async fn log(ctx: &Ctx<'_>, log: &Log) -> Result<Reply, CommandError> {
    let Some(shoe) = &log.shoe else {
        return log_default(ctx.app, ctx.user, ctx.now, log).await;
    };
    let distance_m = log.distance.run_metres(ctx.unit).map_err(refuse)?;
    let date = DateInput::or_today(log.date.as_ref(), ctx.day).map_err(refuse)?;
    let note = text_of(log.note.as_ref()).map(str::to_owned);
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(format!(
            "“{}” is retired. Bring it back with `/shoes unretire` to log runs on it.",
            escape(&shoe.name)
        )));
    }
    let same = SameRun {
        shoe_id: shoe.id,
        distance_m,
        run_on: date,
    };
    Ok(
        match store_run(ctx, &shoe, same, note.as_deref(), 0).await? {
            Stored::Logged(text) => Reply::notice(text),
            Stored::Repeated(seen) => {
                let again = Again { same, seen, note };
                again::ask(&shoe, &again, ctx.unit)
            }
        },
    )
}

/// What [`store_run`] did.
pub(super) enum Stored {
    /// What the run changed, to tell the member.
    Logged(String),
    /// Not logged: the member has this many of the same run, more than allowed.
    Repeated(i64),
}

/// Stores a run on an active pair unless the member already has more than `allowed` runs
/// the same, and says what it changed.
pub(super) async fn store_run(
    ctx: &Ctx<'_>,
    shoe: &Shoe,
    same: SameRun,
    note: Option<&str>,
    allowed: i64,
) -> Result<Stored, CommandError> {
    let run = NewRun {
        user_id: ctx.user,
        shoe_id: shoe.id,
        distance_m: same.distance_m,
        run_on: same.run_on,
        note,
        now: ctx.now,
        compare: spike::window(same.run_on),
    };
    let logged = ctx
        .app
        .store
        .runs()
        .log_unless_repeated(run, allowed)
        .await?;
    told(ctx.unit, shoe, same, logged)
}

/// What logging a run did, for the member: the total, a wear warning crossed for the first
/// time, a jump past their recent longest.
fn told(unit: Unit, shoe: &Shoe, same: SameRun, logged: Logged) -> Result<Stored, CommandError> {
    let SameRun {
        distance_m,
        run_on: date,
        ..
    } = same;
    let logged = match logged {
        Logged::Done(logged) => logged,
        Logged::Repeated(seen) => return Ok(Stored::Repeated(seen)),
        Logged::Unavailable => {
            return Err(refuse(
                "That pair was just retired or removed. Check `/shoes list`.",
            ))
        }
    };
    let mut text = format!(
        "Logged {} on {} for {date}. Total {}: {} of {}.",
        unit.show(distance_m),
        view::title(shoe),
        unit.show(logged.total_m),
        wear::shown(logged.total_m, logged.retire_at_m),
        unit.show(logged.retire_at_m)
    );
    if let Some(level) = logged.warning {
        text.push('\n');
        text.push_str(&view::warning(&shoe.name, level, logged.retire_at_m, unit));
    }
    if let Some(jump) = spike::jump(distance_m, logged.before) {
        text.push('\n');
        text.push_str(&spike::note(&jump, unit));
    }
    Ok(Stored::Logged(text))
}

/// `/shoes history`: one pair's latest runs, or the member's latest on every pair.
pub(super) async fn history(ctx: &Ctx<'_>, shoe: Option<&ShoeRef>) -> Result<Reply, CommandError> {
    let runs = ctx.app.store.runs();
    let embed = match shoe {
        Some(shoe) => {
            let shoe = find_shoe(ctx, shoe).await?;
            let logged = runs.history(ctx.user, shoe.id, HISTORY_RUNS).await?;
            runs_view::history(&shoe, &logged, ctx.unit)
        }
        None => {
            let logged = runs.recent(ctx.user, HISTORY_RUNS).await?;
            let total = ctx.pairs().await?.iter().map(|s| s.runs).sum();
            runs_view::recent(&logged, total, ctx.unit)
        }
    };
    Ok(Reply::embed(embed).ephemeral())
}

pub(super) async fn undo(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let Some(run) = ctx.app.store.runs().latest(ctx.user).await? else {
        return Ok(Reply::notice("You have no runs to undo."));
    };
    let text = format!(
        "Remove your latest run: {}?",
        runs_view::described(&run, ctx.unit)
    );
    Ok(Reply::notice(text).with_buttons(vec![
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

pub(super) async fn undo_confirm(ctx: &Ctx<'_>, run: RunId) -> Result<Reply, CommandError> {
    let RunId(run_id) = run;
    let runs = ctx.app.store.runs();
    let latest = runs.latest(ctx.user).await?;
    let removed = match latest {
        Some(run) if run.id == run_id && runs.delete_if_latest(ctx.user, run_id).await? => run,
        _ => return Ok(Reply::notice(
            "That run is no longer your latest, so nothing was removed. Run `/shoes undo` again.",
        )
        .updating_source()),
    };
    Ok(Reply::notice(format!(
        "Removed {}.",
        runs_view::described(&removed, ctx.unit)
    ))
    .updating_source())
}
