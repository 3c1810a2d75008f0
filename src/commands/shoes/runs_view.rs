//! How logged runs look: `/shoes history` of one pair or of all, numbered so that any run
//! can be named to `/shoes run-remove` and `/shoes run-move`, and the runs offered while the
//! member types that number.

use super::input::{escape, Unit};
use super::view::{runs, title};
use crate::reply::{Embed, COLOUR_INFO};
use crate::store::{Run, Shoe};

/// Characters of a note shown in the history.
const NOTE_PREVIEW: usize = 60;

/// How to fix a run, under every history that has runs.
pub const FIX_HINT: &str =
    "To fix a run, give its number to `/shoes run-remove` or `/shoes run-move`.";

fn note_preview(note: &str) -> String {
    escape(&crate::text::shorten(note, NOTE_PREVIEW))
}

/// `#3 · 2026-11-24 · 5.0 km · parkrun`, with the pair's nickname when `pair` is set.
fn line(run: &Run, unit: Unit, pair: bool) -> String {
    let mut text = format!(
        "#{} · {} · {}",
        run.number,
        run.run_on,
        unit.show(run.distance_m)
    );
    if pair {
        text.push_str(&format!(" · **{}**", escape(&run.shoe_name)));
    }
    if let Some(note) = &run.note {
        text.push_str(&format!(" · {}", note_preview(note)));
    }
    text
}

/// `The latest run.`, `All 3 runs.`, `The latest 15 of 40 runs.`
pub fn shown(shown: usize, total: i64) -> String {
    let shown = i64::try_from(shown).unwrap_or(i64::MAX);
    match (shown, total) {
        (1, 1) => "Its only run.".to_owned(),
        (n, t) if n >= t => format!("All {}.", runs(t)),
        (1, _) => "The latest run.".to_owned(),
        (n, t) => format!("The latest {n} of {t} runs."),
    }
}

/// `/shoes history shoe:…`: one pair's latest runs.
pub fn history(shoe: &Shoe, logged: &[Run], unit: Unit) -> Embed {
    let mut description = format!(
        "{} · {} of {} · {}\n",
        title(shoe),
        unit.show(shoe.total_m()),
        unit.show(shoe.retire_at_m),
        if shoe.runs == 0 {
            "no runs yet".to_owned()
        } else {
            runs(shoe.runs)
        }
    );
    if shoe.start_m > 0 {
        description.push_str(&format!("Started at {}.\n", unit.show(shoe.start_m)));
    }
    for run in logged {
        description.push('\n');
        description.push_str(&line(run, unit, false));
    }
    let footer = if logged.is_empty() {
        description.push_str("\nNo runs logged yet.");
        None
    } else {
        description.push_str(&format!("\n\n{FIX_HINT}"));
        Some(format!(
            "{} Numbers count all your runs, newest first.",
            shown(logged.len(), shoe.runs)
        ))
    };
    Embed {
        title: "Shoe history".to_owned(),
        description,
        fields: Vec::new(),
        footer,
        colour: Some(COLOUR_INFO),
        image: None,
    }
}

/// `/shoes history` without a pair: the member's latest runs on all pairs.
pub fn recent(logged: &[Run], total: i64, unit: Unit) -> Embed {
    let mut description = String::new();
    for run in logged {
        description.push_str(&line(run, unit, true));
        description.push('\n');
    }
    let footer = if logged.is_empty() {
        description.push_str("You have no runs yet. Log one with `/shoes log`.");
        None
    } else {
        description.push_str(&format!("\n{FIX_HINT}"));
        Some(shown(logged.len(), total))
    };
    Embed {
        title: "Your runs".to_owned(),
        description,
        fields: Vec::new(),
        footer,
        colour: Some(COLOUR_INFO),
        image: None,
    }
}

/// The run as the `run` option offers it: `#3 · 2026-11-24 · 5.0 km · Blue racers · parkrun`,
/// as typed (suggestions are not markdown), at most `max` characters.
pub fn suggestion(run: &Run, unit: Unit, max: usize) -> String {
    let mut text = format!(
        "#{} · {} · {} · {}",
        run.number,
        run.run_on,
        unit.show(run.distance_m),
        run.shoe_name
    );
    if let Some(note) = &run.note {
        text.push_str(&format!(" · {note}"));
    }
    crate::text::shorten(&text, max).into_owned()
}

/// `5.0 km on **Blue racers** for 2026-11-24`.
pub fn described(run: &Run, unit: Unit) -> String {
    format!(
        "{} on **{}** for {}",
        unit.show(run.distance_m),
        escape(&run.shoe_name),
        run.run_on
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::check_reply;
    use crate::reply::Reply;

    fn run(number: i64, note: Option<&str>) -> Run {
        Run {
            id: 100 + number,
            shoe_id: 1,
            shoe_name: format!("{number:02}{}", "*".repeat(38)),
            distance_m: 300_000,
            run_on: "2026-11-24".to_owned(),
            note: note.map(str::to_owned),
            number,
        }
    }

    #[test]
    fn the_longest_possible_histories_fit_one_message() {
        let logged: Vec<Run> = (1..=15)
            .map(|n| run(999_990 + n, Some(&"<@1>".repeat(50))))
            .collect();
        let reply = Reply::embed(recent(&logged, 9_999_999, Unit::Mi));
        assert_eq!(check_reply("/shoes history", &reply), vec![]);
    }

    #[test]
    fn summaries_read_as_sentences() {
        assert_eq!(shown(1, 1), "Its only run.");
        assert_eq!(shown(3, 3), "All 3 runs.");
        assert_eq!(shown(15, 40), "The latest 15 of 40 runs.");
        assert_eq!(shown(1, 40), "The latest run.");
        let empty = recent(&[], 0, Unit::Km);
        assert!(empty.description.contains("no runs yet"));
        assert_eq!(empty.footer, None);
    }

    #[test]
    fn runs_are_numbered_and_named() {
        let mut one = run(3, Some("parkrun"));
        one.shoe_name = "Blue racers".to_owned();
        let embed = recent(std::slice::from_ref(&one), 7, Unit::Km);
        assert!(
            embed
                .description
                .starts_with("#3 · 2026-11-24 · 300.0 km · **Blue racers** · parkrun\n"),
            "{}",
            embed.description
        );
        assert_eq!(
            suggestion(&one, Unit::Km, 100),
            "#3 · 2026-11-24 · 300.0 km · Blue racers · parkrun"
        );
        assert_eq!(suggestion(&one, Unit::Km, 10).chars().count(), 10);
    }
}
