//! A run much longer than the member's recent longest. In the Garmin-RUNSAFE study (BJSM
//! 2025, 5,205 runners), a single run more than 10 % longer than the longest of the 30 days
//! before went with more overuse injuries. `/shoes log` says so in one line; nothing about
//! it is stored: it is worked out from the stored runs each time.

use std::ops::RangeInclusive;

use chrono::{Days, NaiveDate};

use super::input::Unit;
use crate::store::RunsBefore;

/// A run is compared with the member's runs of this many days before its date.
pub const WINDOW_DAYS: u64 = 30;
/// It is a jump when it is more than this many percent longer than the longest of them...
pub const JUMP_PCT: i64 = 10;
/// ...and there were at least this many of them: fewer say too little about usual running.
pub const MIN_RUNS: i64 = 3;

/// The days a run on `run_on` is compared with: the 30 before it, not its own date.
pub fn window(run_on: NaiveDate) -> RangeInclusive<NaiveDate> {
    let first = run_on
        .checked_sub_days(Days::new(WINDOW_DAYS))
        .unwrap_or(NaiveDate::MIN);
    let last = run_on.pred_opt().unwrap_or(NaiveDate::MIN);
    first..=last
}

/// A run that jumped past the member's recent longest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jump {
    pub distance_m: i64,
    pub longest_m: i64,
}

/// The jump, if a run of `distance_m` is one given the member's runs in its window.
pub fn jump(distance_m: i64, before: RunsBefore) -> Option<Jump> {
    let longest_m = before.longest_m;
    let jumped = before.runs >= MIN_RUNS
        && longest_m > 0
        && i128::from(distance_m) * 100 > i128::from(longest_m) * i128::from(100 + JUMP_PCT);
    jumped.then_some(Jump {
        distance_m,
        longest_m,
    })
}

/// How much longer, in percent: whole numbers, with a decimal just above 10 % so that a
/// jump never reads as "10 %".
fn longer(jump: &Jump) -> String {
    let extra = i128::from(jump.distance_m - jump.longest_m);
    let longest = i128::from(jump.longest_m.max(1));
    let whole = (extra * 100 + longest / 2) / longest;
    if whole > i128::from(JUMP_PCT) {
        return format!("{whole}%");
    }
    let tenths = (extra * 1_000 + longest - 1) / longest;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The line `/shoes log` adds after a jump, distances in the member's unit.
pub fn note(jump: &Jump, unit: Unit) -> String {
    format!(
        "📈 This run is {} longer than your longest of the last {WINDOW_DAYS} days ({}). \
         In a large study, single runs that jumped like this went with more overuse injuries, \
         so it may raise your risk (Garmin-RUNSAFE study, BJSM 2025). \
         `/backpain return` and `/backpain plan` help you build up gradually.",
        longer(jump),
        unit.show(jump.longest_m)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn before(longest_m: i64, runs: i64) -> RunsBefore {
        RunsBefore { longest_m, runs }
    }

    #[test]
    fn the_window_is_the_thirty_days_before_the_run() {
        let run_on = day("2026-03-31");
        let window = window(run_on);
        assert_eq!(window, day("2026-03-01")..=day("2026-03-30"));
        assert!(
            window.contains(&day("2026-03-01")),
            "exactly 30 days before"
        );
        assert!(!window.contains(&day("2026-02-28")), "31 days before");
        assert!(!window.contains(&run_on), "not the run's own day");
        assert_eq!(
            super::window(NaiveDate::MIN),
            NaiveDate::MIN..=NaiveDate::MIN
        );
    }

    #[test]
    fn more_than_ten_percent_longer_is_a_jump() {
        assert_eq!(jump(11_000, before(10_000, 3)), None, "exactly 10 %");
        assert_eq!(jump(10_999, before(10_000, 3)), None);
        assert_eq!(
            jump(11_001, before(10_000, 3)),
            Some(Jump {
                distance_m: 11_001,
                longest_m: 10_000
            })
        );
        assert!(jump(15_000, before(12_000, 5)).is_some());
    }

    #[test]
    fn it_takes_three_runs_before() {
        assert_eq!(jump(20_000, before(10_000, 2)), None);
        assert!(jump(20_000, before(10_000, 3)).is_some());
        assert_eq!(
            jump(20_000, before(0, 0)),
            None,
            "no runs, nothing to compare"
        );
    }

    #[test]
    fn the_note_says_how_much_longer_in_the_members_unit() {
        let twenty_five = Jump {
            distance_m: 15_000,
            longest_m: 12_000,
        };
        let text = note(&twenty_five, Unit::Km);
        assert!(
            text.starts_with(
                "📈 This run is 25% longer than your longest of the last 30 days (12.0 km)."
            ),
            "{text}"
        );
        assert!(text.contains("may raise your risk"), "{text}");
        assert!(!text.contains(" will "), "{text}");
        assert!(text.contains("Garmin-RUNSAFE study, BJSM 2025"), "{text}");
        assert!(text.contains("`/backpain return`") && text.contains("`/backpain plan`"));
        assert!(note(&twenty_five, Unit::Mi).contains("(7.5 mi)"));
        let just = Jump {
            distance_m: 11_001,
            longest_m: 10_000,
        };
        assert!(note(&just, Unit::Km).contains("is 10.1% longer"));
    }
}
