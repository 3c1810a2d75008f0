//! Fixing what was logged: `/shoes run-remove` and `/shoes run-move` for any run, each
//! behind a confirm button, and the buttons of the other second thoughts (a run logged twice,
//! round retirement distances after a change of unit).

use super::again::{self, Again};
use super::input::{escape, Unit};
use super::refs::{RunId, RunRef, ShoeRef, ID_PREFIX};
use super::{find_shoe, refuse, runs_view, units, view, wear, Ctx};
use crate::commands::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::{Button, ButtonStyle, Reply, Suggestion};
use crate::store::{Moved, PairTotals, Run};
use crate::App;

/// The second thoughts `/shoes` asks about and their buttons.
#[derive(Debug, Clone, PartialEq)]
pub enum Fix {
    /// `/shoes run-remove run:<n>`.
    Remove(RunRef),
    /// `/shoes run-move run:<n> to:<pair>`.
    Move {
        run: RunRef,
        to: ShoeRef,
    },
    RemoveConfirmed(RunId),
    MoveConfirmed {
        run: RunId,
        /// The pair's id.
        to: i64,
    },
    Keep,
    /// Keep both: log a run the member had already logged.
    Again(Again),
    AgainCancelled,
    /// Round the active pairs' retirement distances in this unit.
    Round(Unit),
    RoundKept,
}

pub const RUN_BUTTON: ButtonSpec = ButtonSpec {
    kind: "run",
    action: |state| {
        let mut parts = state.split(':');
        let fix = match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("keep"), None, None, None) => Fix::Keep,
            (Some("rm"), Some(run), None, None) => Fix::RemoveConfirmed(RunId(run.parse().ok()?)),
            (Some("mv"), Some(run), Some(to), None) => Fix::MoveConfirmed {
                run: RunId(run.parse().ok()?),
                to: to.parse().ok()?,
            },
            _ => return None,
        };
        Some(AnyAction::Shoes(super::Action::Fix(fix)))
    },
};

pub(super) async fn run(ctx: &Ctx<'_>, what: &Fix) -> Result<Reply, CommandError> {
    match what {
        Fix::Remove(run) => ask_remove(ctx, *run).await,
        Fix::Move { run, to } => ask_move(ctx, *run, to).await,
        Fix::RemoveConfirmed(run) => remove(ctx, *run).await,
        Fix::MoveConfirmed { run, to } => move_run(ctx, *run, *to).await,
        Fix::Keep => Ok(Reply::notice("Kept it. Nothing changed.").updating_source()),
        Fix::Again(run) => again::confirm(ctx, run).await,
        Fix::AgainCancelled => Ok(Reply::notice("Not logged. Nothing changed.").updating_source()),
        Fix::Round(unit) => units::round(ctx, *unit).await,
        Fix::RoundKept => Ok(Reply::notice(
            "Kept your retirement distances as they are. `/shoes edit` changes one.",
        )
        .updating_source()),
    }
}

/// Finds one of the member's runs from its number or an autocomplete value.
async fn find_run(ctx: &Ctx<'_>, run: RunRef) -> Result<Run, CommandError> {
    let runs = ctx.app.store.runs();
    match run {
        RunRef::Id(RunId(id)) => runs.get(ctx.user, id).await?.ok_or_else(|| {
            refuse("That run is no longer in your log. `/shoes history` lists your runs.")
        }),
        RunRef::Number(number) => runs.numbered(ctx.user, number).await?.ok_or_else(|| {
            refuse(format!(
                "You have no run #{number}. `/shoes history` lists your runs."
            ))
        }),
    }
}

fn buttons(yes: &str, state: &str) -> Vec<Button> {
    vec![
        Button {
            label: yes.to_owned(),
            custom_id: RUN_BUTTON.custom_id(state),
            style: ButtonStyle::Danger,
        },
        Button {
            label: "Keep it".to_owned(),
            custom_id: RUN_BUTTON.custom_id("keep"),
            style: ButtonStyle::Secondary,
        },
    ]
}

async fn ask_remove(ctx: &Ctx<'_>, run: RunRef) -> Result<Reply, CommandError> {
    let run = find_run(ctx, run).await?;
    Ok(Reply::notice(format!(
        "Remove run #{}: {}?",
        run.number,
        runs_view::described(&run, ctx.unit)
    ))
    .with_buttons(buttons("Remove it", &format!("rm:{}", run.id))))
}

async fn ask_move(ctx: &Ctx<'_>, run: RunRef, to: &ShoeRef) -> Result<Reply, CommandError> {
    let run = find_run(ctx, run).await?;
    let pair = find_shoe(ctx, to).await?;
    if pair.id == run.shoe_id {
        return Err(refuse(format!(
            "Run #{} is already on {}.",
            run.number,
            view::title(&pair)
        )));
    }
    if pair.is_retired() {
        return Err(refuse(format!(
            "“{}” is retired. Bring it back with `/shoes unretire` to move runs to it.",
            escape(&pair.name)
        )));
    }
    Ok(Reply::notice(format!(
        "Move run #{}, {} for {}, from **{}** to {}?",
        run.number,
        ctx.unit.show(run.distance_m),
        run.run_on,
        escape(&run.shoe_name),
        view::title(&pair)
    ))
    .with_buttons(buttons("Move it", &format!("mv:{}:{}", run.id, pair.id))))
}

/// `**Blue racers** now has 12.0 km: 1.5% of 800.0 km.`, and the warning it earned.
fn totals(pair: &PairTotals, unit: Unit) -> String {
    let mut text = format!(
        "**{}** now has {}: {} of {}.",
        escape(&pair.name),
        unit.show(pair.total_m),
        wear::shown(pair.total_m, pair.retire_at_m),
        unit.show(pair.retire_at_m)
    );
    if let Some(level) = pair.warning {
        text.push('\n');
        text.push_str(&view::warning(&pair.name, level, pair.retire_at_m, unit));
    }
    text
}

async fn remove(ctx: &Ctx<'_>, RunId(run_id): RunId) -> Result<Reply, CommandError> {
    let Some(removed) = ctx.app.store.runs().remove(ctx.user, run_id).await? else {
        return Ok(
            Reply::notice("That run is no longer in your log, so nothing changed.")
                .updating_source(),
        );
    };
    Ok(Reply::notice(format!(
        "Removed {}. {}",
        runs_view::described(&removed.run, ctx.unit),
        totals(&removed.pair, ctx.unit)
    ))
    .updating_source())
}

async fn move_run(ctx: &Ctx<'_>, RunId(run_id): RunId, to: i64) -> Result<Reply, CommandError> {
    let text = match ctx.app.store.runs().move_to(ctx.user, run_id, to).await? {
        Moved::Done(moved) => format!(
            "Moved {} for {} from **{}** to **{}**.\n{}\n{}",
            ctx.unit.show(moved.run.distance_m),
            moved.run.run_on,
            escape(&moved.from.name),
            escape(&moved.to.name),
            totals(&moved.from, ctx.unit),
            totals(&moved.to, ctx.unit)
        ),
        Moved::Gone => "That run is no longer in your log, so nothing changed.".to_owned(),
        Moved::Already => "That run is already on that pair, so nothing changed.".to_owned(),
        Moved::Unavailable => {
            "That pair was retired or removed, so nothing changed. Check `/shoes list`.".to_owned()
        }
    };
    Ok(Reply::notice(text).updating_source())
}

/// Autocomplete for `run`: the member's latest runs, newest first, that match what they
/// typed (a number, a date, a distance, a nickname or a note).
pub async fn suggest_runs(
    app: &App,
    caller: &Caller,
    typed: &str,
) -> anyhow::Result<Vec<Suggestion>> {
    let unit = super::member_unit(app, caller.user_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let typed = typed.trim().trim_start_matches('#').to_lowercase();
    let runs = app.store.runs().recent(caller.user_id, RECENT_RUNS).await?;
    let max = crate::limits::MAX_SUGGESTION_NAME;
    Ok(runs
        .iter()
        .map(|run| (run, runs_view::suggestion(run, unit, max)))
        .filter(|(_, label)| label.to_lowercase().contains(&typed))
        .take(crate::limits::MAX_SUGGESTIONS)
        .map(|(run, name)| Suggestion {
            name,
            value: format!("{ID_PREFIX}{}", run.id),
        })
        .collect())
}

/// Runs the autocomplete looks through.
const RECENT_RUNS: i64 = 100;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::parse_button;

    fn pressed(custom_id: &str) -> Option<Fix> {
        match parse_button(custom_id)? {
            AnyAction::Shoes(super::super::Action::Fix(fix)) => Some(fix),
            _ => None,
        }
    }

    #[test]
    fn buttons_carry_the_run_and_the_pair_and_refuse_anything_else() {
        let id = |state: &str| RUN_BUTTON.custom_id(state);
        assert_eq!(pressed(&id("rm:12")), Some(Fix::RemoveConfirmed(RunId(12))));
        assert_eq!(
            pressed(&id("mv:12:7")),
            Some(Fix::MoveConfirmed {
                run: RunId(12),
                to: 7
            })
        );
        assert_eq!(pressed(&id("keep")), Some(Fix::Keep));
        for bad in ["rm:", "rm:x", "mv:1", "mv:1:2:3", "rm:1:2", "keep:1", ""] {
            assert_eq!(pressed(&id(bad)), None, "{bad}");
        }
        let round = |state: &str| super::units::ROUND_BUTTON.custom_id(state);
        assert_eq!(pressed(&round("mi")), Some(Fix::Round(Unit::Mi)));
        assert_eq!(pressed(&round("keep")), Some(Fix::RoundKept));
        assert_eq!(pressed(&round("furlongs")), None);
    }
}
