//! How shoes look in replies: wear bars, totals, projections, history.

use chrono::NaiveDate;

use super::input::{escape, Unit};
use super::projection::{project, sentence, Logging};
use super::rotation::Rotation;
use crate::reply::{Embed, EmbedField, COLOUR_INFO};
use crate::store::Shoe;

/// `1 run`, `3 runs`.
pub fn runs(n: i64) -> String {
    if n == 1 {
        "1 run".to_owned()
    } else {
        format!("{n} runs")
    }
}

pub use crate::wear::percent;

/// `▰▰▰▰▰▰▰▱▱▱` in tenths, full past 100 %.
pub fn wear_bar(pct: i64) -> String {
    // Clamped to 0..=10.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let filled = (pct.clamp(0, 100) / 10) as usize;
    format!("{}{}", "▰".repeat(filled), "▱".repeat(10 - filled))
}

/// When the shoe reaches its retirement distance, at its own recent pace, in words.
pub fn projection(shoe: &Shoe, unit: Unit, today: NaiveDate) -> String {
    sentence(project(Logging::of(shoe), today), unit)
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
    let logged = match shoe.last_run.as_deref() {
        Some(last) if shoe.runs > 0 => format!("{} · last {last}", runs(shoe.runs)),
        _ => "no runs yet".to_owned(),
    };
    EmbedField {
        name: format!("{}{default}", escape(&shoe.name)),
        value: format!(
            "{} {}\n{} of {} · {logged}\n{}",
            wear_bar(pct),
            super::wear::shown(shoe.total_m(), shoe.retire_at_m),
            unit.show(shoe.total_m()),
            unit.show(shoe.retire_at_m),
            projection(shoe, unit, today)
        ),
    }
}

/// Active pairs shown as fields by `/shoes list`: with the retired summary this stays
/// inside Discord's 6,000 characters per message even with fully escaped nicknames.
pub const LISTED_ACTIVE: usize = 20;

/// `/shoes list`: active shoes as fields, retired ones collapsed into one at the end.
pub fn list(shoes: &[Shoe], rotation: &Rotation, unit: Unit, today: NaiveDate) -> Embed {
    let (retired, active): (Vec<&Shoe>, Vec<&Shoe>) = shoes.iter().partition(|s| s.is_retired());
    let mut fields: Vec<EmbedField> = active
        .iter()
        .take(LISTED_ACTIVE)
        .map(|s| shoe_field(s, unit, today))
        .collect();
    let mut description = format!("{} active, {} retired.", active.len(), retired.len());
    if active.len() > LISTED_ACTIVE {
        description.push_str(&format!(
            " Showing the first {LISTED_ACTIVE} active pairs; `/shoes history` shows any pair."
        ));
    }
    let retired_lines = retired
        .iter()
        .map(|s| format!("{} · {}", escape(&s.name), unit.show(s.total_m())));
    if let Some(field) = lines_field("Retired", retired_lines) {
        fields.push(field);
    }
    fields.push(rotation.field(unit));
    Embed {
        title: "Your shoes".to_owned(),
        description,
        fields,
        footer: Some(
            "Projections use each pair's pace over the last 8 weeks, or since its first run if that is sooner."
                .to_owned(),
        ),
        colour: Some(COLOUR_INFO),
        image: None,
    }
}

/// Lines for one embed field, stopping with `…` before Discord's 1,024 characters.
pub fn lines_field(name: &str, lines: impl Iterator<Item = String>) -> Option<EmbedField> {
    const ROOM: usize = 1_000;
    let mut value = String::new();
    let mut used = 0;
    for line in lines {
        let size = line.chars().count() + 1;
        if used + size > ROOM {
            value.push('…');
            break;
        }
        value.push_str(&line);
        value.push('\n');
        used += size;
    }
    (!value.is_empty()).then(|| EmbedField {
        name: name.to_owned(),
        value: value.trim_end().to_owned(),
    })
}

/// The warning for a wear level crossed for the first time.
pub fn warning(name: &str, level: i64, retire_at_m: i64, unit: Unit) -> String {
    let name = escape(name);
    if crate::wear::is_retirement_level(level) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::check_reply;
    use crate::reply::Reply;

    /// A pair whose every text field is as long as pacer allows and escapes to double length.
    fn worst_shoe(n: usize, retired: bool) -> Shoe {
        Shoe {
            id: i64::try_from(n).unwrap(),
            name: format!("{n:02}{}", "*".repeat(38)),
            brand: Some("_".repeat(40)),
            model: Some("~".repeat(40)),
            start_m: 9_999_999,
            retire_at_m: 10_000_000,
            is_default: n == 0,
            retired_at: retired.then(|| "2026-01-01T00:00:00+00:00".to_owned()),
            logged_m: 0,
            runs: 9_999,
            last_run: Some("2026-11-24".to_owned()),
            recent_m: 1,
            recent_runs: 9_999,
            first_run: Some("2000-01-01".to_owned()),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn the_longest_possible_list_fits_one_message() {
        let shoes: Vec<Shoe> = (0..50)
            .map(|n| worst_shoe(n, false))
            .chain((50..300).map(|n| worst_shoe(n, true)))
            .collect();
        let names: Vec<(String, i64)> = shoes.iter().map(|s| (s.name.clone(), 1)).collect();
        let rotation = Rotation { pairs: names };
        let reply = Reply::embed(list(&shoes, &rotation, Unit::Mi, today()));
        assert_eq!(check_reply("/shoes list", &reply), vec![]);
        assert!(reply.embeds[0].description.contains("Showing the first 20"));
    }

    #[test]
    fn wear_bars_and_projections() {
        assert_eq!(wear_bar(0), "▱▱▱▱▱▱▱▱▱▱");
        assert_eq!(wear_bar(79), "▰▰▰▰▰▰▰▱▱▱");
        assert_eq!(wear_bar(250), "▰▰▰▰▰▰▰▰▰▰");
        let mut shoe = worst_shoe(0, false);
        shoe.start_m = 400_000;
        shoe.retire_at_m = 800_000;
        shoe.recent_m = 56_000; // 1 km a day over 8 weeks: 400 days to go.
        assert_eq!(
            projection(&shoe, Unit::Km, today()),
            "retires around 2027-12-29 at about 7.0 km a week"
        );
        shoe.recent_m = 0;
        assert!(projection(&shoe, Unit::Km, today()).starts_with("fewer than 3 runs"));
        shoe.start_m = 800_000;
        assert_eq!(
            projection(&shoe, Unit::Km, today()),
            "retirement distance reached"
        );
        assert_eq!(runs(1), "1 run");
        assert_eq!(runs(2), "2 runs");
    }

    #[test]
    fn a_pair_without_runs_says_so() {
        let mut shoe = worst_shoe(0, false);
        (shoe.runs, shoe.last_run, shoe.first_run, shoe.recent_m) = (0, None, None, 0);
        shoe.recent_runs = 0;
        shoe.start_m = 0;
        let field = shoe_field(&shoe, Unit::Km, today());
        assert!(
            field
                .value
                .ends_with("0.0 km of 10000.0 km · no runs yet\nnot enough runs yet to project its retirement (it takes 3 runs over 2 weeks)"),
            "{}",
            field.value
        );
    }
}
