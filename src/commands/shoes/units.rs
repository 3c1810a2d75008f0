//! `/shoes units`: the member's unit, and round retirement distances after a switch. A pair
//! set to retire at 800 km reads 497.1 mi once the member switches to miles; pacer offers to
//! round such distances (to 500 mi) with a button, and changes nothing until it is pressed.

use super::fixes::Fix;
use super::input::{escape, Unit};
use super::{view, wear, Ctx};
use crate::commands::{Action as AnyAction, ButtonSpec, CommandError};
use crate::reply::{Button, ButtonStyle, Reply};
use crate::store::Shoe;

pub const ROUND_BUTTON: ButtonSpec = ButtonSpec {
    kind: "round",
    action: |state| {
        let fix = match state {
            "keep" => Fix::RoundKept,
            code => Fix::Round(Unit::from_code(code)?),
        };
        Some(AnyAction::Shoes(super::Action::Fix(fix)))
    },
};

/// Groups of pairs listed in the offer; the rest are counted.
const LISTED_GROUPS: usize = 5;

/// The member's active pairs whose retirement distance is an odd number in `unit`, with the
/// round one they would get.
fn odd_distances(shoes: &[Shoe], unit: Unit) -> Vec<(&Shoe, i64)> {
    shoes
        .iter()
        .filter(|s| !s.is_retired() && wear::needs_rounding(s.retire_at_m, unit))
        .map(|s| (s, wear::round_retire_at(s.retire_at_m, unit)))
        .collect()
}

/// `500 mi`: a round distance without its decimal.
fn round_value(metres: i64, unit: Unit) -> String {
    format!("{:.0} {}", unit.value(metres), unit.code())
}

/// Distinct (now, rounded) pairs of distances, in the order first seen, with their counts.
fn groups(odd: &[(&Shoe, i64)], unit: Unit) -> Vec<(String, String, usize)> {
    let mut groups: Vec<(String, String, usize)> = Vec::new();
    for (shoe, round) in odd {
        let (from, to) = (unit.show(shoe.retire_at_m), round_value(*round, unit));
        match groups.iter_mut().find(|(f, t, _)| *f == from && *t == to) {
            Some(group) => group.2 += 1,
            None => groups.push((from, to, 1)),
        }
    }
    groups
}

fn pairs(n: usize) -> String {
    if n == 1 {
        "1 pair".to_owned()
    } else {
        format!("{n} pairs")
    }
}

pub(super) async fn units(ctx: &Ctx<'_>, unit: Unit) -> Result<Reply, CommandError> {
    ctx.app
        .store
        .prefs()
        .set_unit(ctx.user, unit.code())
        .await?;
    let name = unit.choice().label.to_lowercase();
    let mut text = format!(
        "Distances now show in {name}, and plain numbers you log count as {}. New pairs retire at {} unless you say otherwise.",
        unit.code(),
        unit.show(unit.default_retire_at())
    );
    let shoes = ctx.pairs().await?;
    let odd = odd_distances(&shoes, unit);
    if odd.is_empty() {
        return Ok(Reply::notice(text));
    }
    let groups = groups(&odd, unit);
    if let [(shoe, round)] = odd.as_slice() {
        text.push_str(&format!(
            "\n**{}** now retires at {}. Round it to {}?",
            escape(&shoe.name),
            unit.show(shoe.retire_at_m),
            round_value(*round, unit)
        ));
    } else {
        let mut lines: Vec<String> = groups
            .iter()
            .take(LISTED_GROUPS)
            .map(|(from, to, n)| format!("{} at {from} → {to}", pairs(*n)))
            .collect();
        if groups.len() > LISTED_GROUPS {
            let rest: usize = groups.iter().skip(LISTED_GROUPS).map(|g| g.2).sum();
            lines.push(format!("and {} more", pairs(rest)));
        }
        text.push_str(&format!(
            "\nYour pairs' retirement distances now read: {}. Round them?",
            lines.join(", ")
        ));
    }
    let label = match groups.as_slice() {
        [(_, to, _)] => format!("Round retirement distances to {to}"),
        _ => "Round retirement distances".to_owned(),
    };
    Ok(Reply::notice(text).with_buttons(vec![
        Button {
            label,
            custom_id: ROUND_BUTTON.custom_id(unit.code()),
            style: ButtonStyle::Primary,
        },
        Button {
            label: "Keep them as they are".to_owned(),
            custom_id: ROUND_BUTTON.custom_id("keep"),
            style: ButtonStyle::Secondary,
        },
    ]))
}

/// The round button: rounds, in `unit`, the retirement distances that read as odd numbers.
pub(super) async fn round(ctx: &Ctx<'_>, unit: Unit) -> Result<Reply, CommandError> {
    let shoes = ctx.pairs().await?;
    let odd = odd_distances(&shoes, unit);
    let changes: Vec<(i64, i64)> = odd.iter().map(|(s, round)| (s.id, *round)).collect();
    let rounded = ctx
        .app
        .store
        .shoes()
        .set_retire_distances(ctx.user, &changes)
        .await?;
    if rounded.is_empty() {
        return Ok(
            Reply::notice("Your retirement distances are already round. Nothing rounded.")
                .updating_source(),
        );
    }
    let mut by_value: Vec<(String, usize)> = Vec::new();
    for pair in &rounded {
        let value = unit.show(pair.retire_at_m);
        match by_value.iter_mut().find(|(v, _)| *v == value) {
            Some(entry) => entry.1 += 1,
            None => by_value.push((value, 1)),
        }
    }
    let mut text = match (rounded.as_slice(), by_value.as_slice()) {
        ([pair], _) => format!(
            "Rounded: **{}** now retires at {}.",
            escape(&pair.name),
            unit.show(pair.retire_at_m)
        ),
        (_, [(value, n)]) => format!("Rounded: {} now retire at {value}.", pairs(*n)),
        _ => {
            let parts: Vec<String> = by_value
                .iter()
                .take(LISTED_GROUPS)
                .enumerate()
                .map(|(i, (value, n))| match (i, n) {
                    (0, 1) => format!("1 now retires at {value}"),
                    (0, n) => format!("{n} now retire at {value}"),
                    (_, n) => format!("{n} at {value}"),
                })
                .collect();
            let list = match parts.split_last() {
                Some((last, init)) if !init.is_empty() => {
                    format!("{} and {last}", init.join(", "))
                }
                _ => parts.concat(),
            };
            format!("Rounded {}: {list}.", pairs(rounded.len()))
        }
    };
    // Rounding down can cross a wear level; each such pair is warned once, as when logging.
    for pair in rounded
        .iter()
        .filter(|p| p.warning.is_some())
        .take(LISTED_GROUPS)
    {
        if let Some(level) = pair.warning {
            text.push('\n');
            text.push_str(&view::warning(&pair.name, level, pair.retire_at_m, unit));
        }
    }
    Ok(Reply::notice(text).updating_source())
}
