//! The logbook: logging runs, a pair's history, and undoing the latest run.

use super::input::{self, escape, parse_date, parse_text, run_distance};
use super::{find_shoe, refuse, view, Ctx, HISTORY_RUNS, UNDO_BUTTON};
use crate::commands::CommandError;
use crate::reply::{Button, ButtonStyle, Reply};

pub(super) async fn log(
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
        text.push('\n');
        text.push_str(&view::warning(
            &shoe.name,
            level,
            logged.retire_at_m,
            ctx.unit,
        ));
    }
    Ok(Reply::notice(text))
}

pub(super) async fn history(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let runs = ctx
        .app
        .store
        .runs()
        .history(ctx.user, shoe.id, HISTORY_RUNS)
        .await?;
    Ok(Reply::embed(view::history(&shoe, &runs, ctx.unit)).ephemeral())
}

pub(super) async fn undo(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let Some(run) = ctx.app.store.runs().latest(ctx.user).await? else {
        return Ok(Reply::notice("You have no runs to undo."));
    };
    let text = format!(
        "Remove your latest run: {} on **{}** for {}?",
        ctx.unit.show(run.distance_m),
        escape(&run.shoe_name),
        run.run_on
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
        "Removed {} on **{}** for {}.",
        ctx.unit.show(removed.distance_m),
        escape(&removed.shoe_name),
        removed.run_on
    ))
    .updating_source())
}
