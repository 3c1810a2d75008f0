//! The logbook: logging runs (asking first about one already logged), the history, and
//! undoing the latest run.

use chrono::NaiveDate;

use super::again::{self, Again};
use super::input::{self, escape, parse_date, parse_text, run_distance};
use super::{find_shoe, refuse, runs_view, spike, view, wear, Ctx, HISTORY_RUNS, UNDO_BUTTON};
use crate::commands::CommandError;
use crate::reply::{Button, ButtonStyle, Reply};
use crate::store::{NewRun, SameRun, Shoe};

pub(super) async fn log(
    ctx: &Ctx<'_>,
    distance: &str,
    shoe: Option<&str>,
    date: Option<&str>,
    note: Option<&str>,
) -> Result<Reply, CommandError> {
    let distance_m = run_distance(distance, ctx.unit).map_err(refuse)?;
    let date = parse_date(date, ctx.day).map_err(refuse)?;
    let note = parse_text("note", note, input::MAX_NOTE_CHARS).map_err(refuse)?;
    let shoe = match shoe {
        Some(text) => find_shoe(ctx, text).await?,
        None => match ctx
            .app
            .store
            .shoes()
            .default_summary(ctx.user, ctx.recent_since())
            .await?
        {
            Some(shoe) => shoe,
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
    let same = SameRun {
        shoe_id: shoe.id,
        distance_m,
        run_on: date,
    };
    let seen = ctx.app.store.runs().count_same(ctx.user, same).await?;
    if seen > 0 {
        let again = Again {
            same,
            seen,
            note: note.clone(),
        };
        return Ok(again::ask(&shoe, &again, ctx.unit));
    }
    Ok(Reply::notice(
        store_run(ctx, &shoe, distance_m, date, note.as_deref()).await?,
    ))
}

/// Stores a run on an active pair and says what it changed: the total, a wear warning
/// crossed for the first time, a jump past the member's recent longest.
pub(super) async fn store_run(
    ctx: &Ctx<'_>,
    shoe: &Shoe,
    distance_m: i64,
    date: NaiveDate,
    note: Option<&str>,
) -> Result<String, CommandError> {
    let logged = ctx
        .app
        .store
        .runs()
        .log(NewRun {
            user_id: ctx.user,
            shoe_id: shoe.id,
            distance_m,
            run_on: date,
            note,
            now: ctx.now,
            compare: spike::window(date),
        })
        .await?
        .ok_or_else(|| refuse("That pair was just retired or removed. Check `/shoes list`."))?;
    let mut text = format!(
        "Logged {} on {} for {date}. Total {}: {} of {}.",
        ctx.unit.show(distance_m),
        view::title(shoe),
        ctx.unit.show(logged.total_m),
        wear::shown(logged.total_m, logged.retire_at_m),
        ctx.unit.show(logged.retire_at_m)
    );
    if let Some(level) = logged.warning {
        text.push('\n');
        text.push_str(&view::warning(
            &shoe.name,
            level,
            logged.retire_at_m,
            ctx.unit,
        ));
    }
    if let Some(jump) = spike::jump(distance_m, logged.before) {
        text.push('\n');
        text.push_str(&spike::note(&jump, ctx.unit));
    }
    Ok(text)
}

/// `/shoes history`: one pair's latest runs, or the member's latest on every pair.
pub(super) async fn history(ctx: &Ctx<'_>, shoe: Option<&str>) -> Result<Reply, CommandError> {
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

pub(super) async fn undo_confirm(ctx: &Ctx<'_>, run_id: i64) -> Result<Reply, CommandError> {
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
