//! "You already logged this": a run with the same pair, distance and date as one already
//! logged is stored only when the member presses Keep both. The button carries the run, so
//! nothing is stored while pacer waits, and the number of such runs seen when asking, so a
//! second press does not log it a third time.

use chrono::{Datelike, Days, NaiveDate};

use super::fixes::Fix;
use super::input::{self, text_of, Line, Unit};
use super::logbook::{self, Stored};
use super::refs::ShoeRef;
use super::{find_shoe, refuse, view, Ctx};
use crate::commands::{Action as AnyAction, ButtonSpec, CommandError};
use crate::limits::MAX_CUSTOM_ID;
use crate::reply::{Button, ButtonStyle, Reply};
use crate::store::{SameRun, Shoe};

/// A run waiting for Keep both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Again {
    pub same: SameRun,
    /// Runs with the same pair, distance and date when the member was asked.
    pub seen: i64,
    pub note: Option<String>,
}

pub const AGAIN_BUTTON: ButtonSpec = ButtonSpec {
    kind: "again",
    action: |state| {
        let fix = match state {
            "no" => Fix::AgainCancelled,
            state => Fix::Again(Again::parse(state)?),
        };
        Some(AnyAction::Shoes(super::Action::Fix(fix)))
    },
};

impl Again {
    /// `<shoe>:<metres>:<YYYYMMDD>:<seen>:<note>`.
    fn state(&self, note: bool) -> String {
        let note = if note { self.note.as_deref() } else { None };
        format!(
            "{}:{}:{}:{}:{}",
            self.same.shoe_id,
            self.same.distance_m,
            self.same.run_on.format("%Y%m%d"),
            self.seen,
            note.unwrap_or_default()
        )
    }

    fn parse(state: &str) -> Option<Again> {
        let mut parts = state.splitn(5, ':');
        let shoe_id = parts.next()?.parse().ok()?;
        let distance_m = parts.next()?.parse().ok()?;
        let run_on = NaiveDate::parse_from_str(parts.next()?, "%Y%m%d").ok()?;
        let seen = parts.next()?.parse().ok()?;
        let note = parts.next()?;
        Some(Again {
            same: SameRun {
                shoe_id,
                distance_m,
                run_on,
            },
            seen,
            note: (!note.is_empty()).then(|| note.to_owned()),
        })
    }
}

/// The question, with the run on its Keep both button.
pub(super) fn ask(shoe: &Shoe, again: &Again, unit: Unit) -> Reply {
    let times = match again.seen {
        1 => String::new(),
        2 => " twice".to_owned(),
        n => format!(" {n} times"),
    };
    let mut text = format!(
        "You already logged {} on {} for {}{times}. Log it again as another run?",
        unit.show(again.same.distance_m),
        view::title(shoe),
        again.same.run_on
    );
    let mut custom_id = AGAIN_BUTTON.custom_id(&again.state(true));
    // Discord's limit counts characters; bytes are a safe bound for any note.
    if custom_id.len() > MAX_CUSTOM_ID {
        custom_id = AGAIN_BUTTON.custom_id(&again.state(false));
        text.push_str(
            " (The note is too long to keep on the button: Keep both logs the run without it.)",
        );
    }
    Reply::notice(text).with_buttons(vec![
        Button {
            label: "Keep both".to_owned(),
            custom_id,
            style: ButtonStyle::Primary,
        },
        Button {
            label: "Don't log it".to_owned(),
            custom_id: AGAIN_BUTTON.custom_id("no"),
            style: ButtonStyle::Secondary,
        },
    ])
}

/// Keep both: checks the run as `/shoes log` would (the button may be crafted) and logs it.
pub(super) async fn confirm(ctx: &Ctx<'_>, again: &Again) -> Result<Reply, CommandError> {
    let SameRun {
        shoe_id,
        distance_m,
        run_on,
    } = again.same;
    let latest = ctx.today + Days::new(1);
    if !(1..=input::MAX_RUN_M).contains(&distance_m) || run_on.year() < 2000 || run_on > latest {
        return Err(refuse(
            "This button no longer works. Log the run again with `/shoes log`.",
        ));
    }
    let note = Line::note(again.note.as_deref()).map_err(refuse)?;
    let shoe = find_shoe(ctx, &ShoeRef::Id(shoe_id)).await?;
    // Stored only if no other press or log added the same run since the question.
    Ok(
        match logbook::store_run(ctx, &shoe, again.same, text_of(note.as_ref()), again.seen).await? {
            Stored::Logged(text) => Reply::notice(text),
            Stored::Repeated(_) => Reply::notice(
                "That run is already logged again, so nothing was added. `/shoes history` shows it.",
            ),
        }
        .updating_source(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn again(note: Option<&str>) -> Again {
        Again {
            same: SameRun {
                shoe_id: 12,
                distance_m: 5_000,
                run_on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            },
            seen: 1,
            note: note.map(str::to_owned),
        }
    }

    #[test]
    fn the_button_carries_the_run_and_reads_it_back() {
        for note in [None, Some("parkrun: wet, 5:30/km")] {
            let state = again(note).state(true);
            assert_eq!(Again::parse(&state), Some(again(note)), "{state}");
        }
        assert_eq!(Again::parse("12:5000:2026-11-24:1:"), None);
        assert_eq!(Again::parse("x:5000:20261124:1:"), None);
        assert_eq!(Again::parse("12:5000:20261124"), None);
    }

    #[test]
    fn a_long_note_stays_off_the_button() {
        let shoe_name = "Blue racers";
        let long = "n".repeat(200);
        let reply = ask(&test_shoe(shoe_name), &again(Some(&long)), Unit::Km);
        let text = reply.content.clone().unwrap_or_default();
        assert!(
            text.starts_with(
                "You already logged 5.0 km on **Blue racers** for 2026-11-24. Log it again"
            ),
            "{text}"
        );
        assert!(text.contains("without it"), "{text}");
        assert_eq!(crate::limits::check_reply("again", &reply), vec![]);
        let short = ask(&test_shoe(shoe_name), &again(Some("parkrun")), Unit::Km);
        assert!(!short.content.unwrap_or_default().contains("without it"));
        assert!(short.buttons[0][0].custom_id.ends_with(":1:parkrun"));
    }

    fn test_shoe(name: &str) -> Shoe {
        Shoe {
            id: 12,
            name: name.to_owned(),
            brand: None,
            model: None,
            start_m: 0,
            retire_at_m: 800_000,
            is_default: true,
            retired_at: None,
            logged_m: 5_000,
            runs: 1,
            last_run: None,
            recent_m: 0,
            recent_runs: 0,
            first_run: None,
        }
    }
}
