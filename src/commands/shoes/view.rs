//! How shoes look in replies: wear bars, totals, projections, history.

use chrono::{Days, NaiveDate};

use super::input::{escape, Unit};
use crate::reply::{Embed, EmbedField, COLOUR_INFO};
use crate::store::{Run, Shoe};

/// Projections use the distance logged over this many days.
pub const PROJECTION_DAYS: u64 = 56;
/// Shoes at or past this share of their retirement distance are "near retirement".
pub const NEAR_RETIREMENT_PCT: i64 = 80;

/// `1 run`, `3 runs`.
pub fn runs(n: i64) -> String {
    if n == 1 {
        "1 run".to_owned()
    } else {
        format!("{n} runs")
    }
}

pub fn percent(total_m: i64, retire_at_m: i64) -> i64 {
    total_m * 100 / retire_at_m.max(1)
}

/// `▰▰▰▰▰▰▰▱▱▱` in tenths, full past 100 %.
pub fn wear_bar(pct: i64) -> String {
    let filled = (pct.clamp(0, 100) / 10) as usize;
    format!("{}{}", "▰".repeat(filled), "▱".repeat(10 - filled))
}

/// When the shoe reaches its retirement distance at the pace of the last eight weeks.
pub fn projection(shoe: &Shoe, today: NaiveDate) -> String {
    let remaining = shoe.retire_at_m - shoe.total_m();
    if remaining <= 0 {
        return "retirement distance reached".to_owned();
    }
    if shoe.recent_m <= 0 {
        return "no runs in the last 8 weeks to project from".to_owned();
    }
    let days = (remaining as u128 * PROJECTION_DAYS as u128).div_ceil(shoe.recent_m as u128);
    match u64::try_from(days)
        .ok()
        .and_then(|d| today.checked_add_days(Days::new(d)))
    {
        Some(date) => format!("retires around {}", date.format("%Y-%m-%d")),
        None => "retirement far in the future".to_owned(),
    }
}

/// `Blue racers (Brooks Ghost 16)`, escaped.
pub fn title(shoe: &Shoe) -> String {
    let mut text = format!("**{}**", escape(&shoe.name));
    let detail: Vec<&str> = [shoe.brand.as_deref(), shoe.model.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !detail.is_empty() {
        text.push_str(&format!(" ({})", escape(&detail.join(" "))));
    }
    text
}

fn shoe_field(shoe: &Shoe, unit: Unit, today: NaiveDate) -> EmbedField {
    let pct = percent(shoe.total_m(), shoe.retire_at_m);
    let default = if shoe.is_default { " · default" } else { "" };
    let last = shoe
        .last_run
        .as_deref()
        .map_or("never".to_owned(), str::to_owned);
    EmbedField {
        name: format!("{}{default}", escape(&shoe.name)),
        value: format!(
            "{} {pct}%\n{} of {} · {} · last {last}\n{}",
            wear_bar(pct),
            unit.show(shoe.total_m()),
            unit.show(shoe.retire_at_m),
            runs(shoe.runs),
            projection(shoe, today)
        ),
    }
}

/// `/shoes list`: active shoes as fields, retired ones collapsed into one at the end.
pub fn list(shoes: &[Shoe], unit: Unit, today: NaiveDate) -> Embed {
    let (retired, active): (Vec<&Shoe>, Vec<&Shoe>) = shoes.iter().partition(|s| s.is_retired());
    // 24 fields for active shoes, one for the retired summary.
    let mut fields: Vec<EmbedField> = active
        .iter()
        .take(24)
        .map(|s| shoe_field(s, unit, today))
        .collect();
    let mut description = format!("{} active, {} retired.", active.len(), retired.len());
    if active.len() > 24 {
        description.push_str(" Showing the first 24 active pairs.");
    }
    if !retired.is_empty() {
        let mut value = String::new();
        for shoe in &retired {
            let line = format!("{} · {}\n", escape(&shoe.name), unit.show(shoe.total_m()));
            if value.len() + line.len() > 1_000 {
                value.push('…');
                break;
            }
            value.push_str(&line);
        }
        fields.push(EmbedField {
            name: "Retired".to_owned(),
            value,
        });
    }
    Embed {
        title: "Your shoes".to_owned(),
        description,
        fields,
        footer: Some("Projections use your last 8 weeks of runs.".to_owned()),
        colour: Some(COLOUR_INFO),
        image: None,
    }
}

pub fn history(shoe: &Shoe, logged: &[Run], unit: Unit) -> Embed {
    let mut description = format!(
        "{} · {} of {} · {}\n",
        title(shoe),
        unit.show(shoe.total_m()),
        unit.show(shoe.retire_at_m),
        runs(shoe.runs)
    );
    if shoe.start_m > 0 {
        description.push_str(&format!("Started at {}.\n", unit.show(shoe.start_m)));
    }
    if logged.is_empty() {
        description.push_str("\nNo runs logged yet.");
    }
    for run in logged {
        description.push_str(&format!("\n{} · {}", run.run_on, unit.show(run.distance_m)));
        if let Some(note) = &run.note {
            description.push_str(&format!(" · {}", escape(note)));
        }
    }
    Embed {
        title: "Shoe history".to_owned(),
        description,
        fields: Vec::new(),
        footer: Some(format!("The latest {}.", runs(logged.len() as i64))),
        colour: Some(COLOUR_INFO),
        image: None,
    }
}

/// The warning for a wear level crossed for the first time.
pub fn warning(name: &str, level: i64, retire_at_m: i64, unit: Unit) -> String {
    let name = escape(name);
    if level >= 100 {
        format!(
            "⚠️ **{name}** has reached its retirement distance of {}. Check the tread, midsole and upper, and think about retiring it with `/shoes retire`.",
            unit.show(retire_at_m)
        )
    } else {
        format!(
            "⚠️ **{name}** has passed {level}% of its {}. Keep an eye on how it feels.",
            unit.show(retire_at_m)
        )
    }
}
