//! When a pair will reach its retirement distance, projected from its own pace: the distance
//! logged on it over its logging span within the last 8 weeks. A pair run in for 10 days is
//! projected from those 10 days, not from 8 weeks it did not exist for; below 3 runs or 2
//! weeks of logging there is too little to go on, and the projection says so.

use chrono::{Days, NaiveDate};

use super::input::Unit;
use crate::store::Shoe;

/// The projection looks back this many days, today included.
pub const WINDOW_DAYS: u64 = 56;
/// It needs at least this many runs in the window...
pub const MIN_RUNS: i64 = 3;
/// ...over at least this many days of logging.
pub const MIN_SPAN_DAYS: i64 = 14;
/// Further than this, a date means nothing: it says "more than 10 years".
pub const FAR_YEARS: u64 = 10;

/// The first day of the window that ends `today`.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_days(Days::new(WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN)
}

/// What a pair's logging says about its retirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// It is at or past its retirement distance.
    Reached,
    /// Fewer than 3 runs or 2 weeks of logging, and it has no runs from before the window.
    NotEnough,
    /// Runs from before the window, but fewer than 3 in it.
    FewRecent,
    /// It reaches its retirement distance around `date` at `weekly_m` metres a week.
    Around { date: NaiveDate, weekly_m: i64 },
    /// More than [`FAR_YEARS`] away at `weekly_m` metres a week.
    Far { weekly_m: i64 },
}

/// The logging a projection reads: totals over the window and the pair's first run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logging {
    pub total_m: i64,
    pub retire_at_m: i64,
    /// Distance and runs logged in the window.
    pub recent_m: i64,
    pub recent_runs: i64,
    /// The pair's earliest run, in or before the window.
    pub first_run: Option<NaiveDate>,
}

impl Logging {
    /// A stored pair's logging; `recent_*` must have been read from [`window_start`].
    pub fn of(shoe: &Shoe) -> Logging {
        Logging {
            total_m: shoe.total_m(),
            retire_at_m: shoe.retire_at_m,
            recent_m: shoe.recent_m,
            recent_runs: shoe.recent_runs,
            first_run: shoe
                .first_run
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        }
    }
}

pub fn project(logging: Logging, today: NaiveDate) -> Projection {
    let remaining = i128::from(logging.retire_at_m) - i128::from(logging.total_m);
    if remaining <= 0 {
        return Projection::Reached;
    }
    let start = window_start(today);
    let older = logging.first_run.is_some_and(|first| first < start);
    // The span runs from the pair's first run (or the window's first day) to today.
    let span_days = logging
        .first_run
        .map_or(0, |first| (today - first.max(start)).num_days() + 1);
    if logging.recent_runs < MIN_RUNS || span_days < MIN_SPAN_DAYS || logging.recent_m <= 0 {
        return if older {
            Projection::FewRecent
        } else {
            Projection::NotEnough
        };
    }
    let recent = i128::from(logging.recent_m);
    let span = i128::from(span_days);
    let weekly_m = i64::try_from(recent * 7 / span).unwrap_or(i64::MAX);
    let days = (remaining * span + recent - 1) / recent;
    let far = today
        .checked_add_days(Days::new(FAR_YEARS * 365 + FAR_YEARS / 4))
        .unwrap_or(NaiveDate::MAX);
    match u64::try_from(days)
        .ok()
        .and_then(|d| today.checked_add_days(Days::new(d)))
    {
        Some(date) if date <= far => Projection::Around { date, weekly_m },
        _ => Projection::Far { weekly_m },
    }
}

/// `30 km`, `4.5 mi`: a weekly distance as a runner says it.
pub fn pace(weekly_m: i64, unit: Unit) -> String {
    let value = unit.value(weekly_m);
    if value >= 9.95 {
        format!("{value:.0} {}", unit.code())
    } else {
        format!("{value:.1} {}", unit.code())
    }
}

/// The projection in a sentence, for `/shoes list`.
pub fn sentence(projection: Projection, unit: Unit) -> String {
    match projection {
        Projection::Reached => "retirement distance reached".to_owned(),
        Projection::NotEnough => format!(
            "not enough runs yet to project its retirement (it takes {MIN_RUNS} runs over 2 weeks)"
        ),
        Projection::FewRecent => {
            format!("fewer than {MIN_RUNS} runs in the last 8 weeks: no projection")
        }
        Projection::Around { date, weekly_m } => format!(
            "retires around {} at about {} a week",
            date.format("%Y-%m-%d"),
            pace(weekly_m, unit)
        ),
        Projection::Far { weekly_m } => format!(
            "retirement more than {FAR_YEARS} years away at about {} a week",
            pace(weekly_m, unit)
        ),
    }
}

/// The projection in a few words, for the chart.
pub fn brief(projection: Projection) -> String {
    match projection {
        Projection::Reached => "retire it".to_owned(),
        Projection::NotEnough => "not enough runs yet".to_owned(),
        Projection::FewRecent => "few recent runs".to_owned(),
        Projection::Around { date, .. } => format!("~{}", date.format("%Y-%m-%d")),
        Projection::Far { .. } => format!("{FAR_YEARS}+ years"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const TODAY: &str = "2026-11-24";

    fn logging(total_km: i64, recent_km: i64, runs: i64, first: Option<&str>) -> Logging {
        Logging {
            total_m: total_km * 1_000,
            retire_at_m: 800_000,
            recent_m: recent_km * 1_000,
            recent_runs: runs,
            first_run: first.map(day),
        }
    }

    fn at(l: Logging) -> Projection {
        project(l, day(TODAY))
    }

    #[test]
    fn a_new_pair_with_one_run_has_no_projection_yet() {
        assert_eq!(at(logging(5, 5, 1, Some(TODAY))), Projection::NotEnough);
        assert_eq!(at(logging(0, 0, 0, None)), Projection::NotEnough);
        let text = sentence(Projection::NotEnough, Unit::Km);
        assert!(text.starts_with("not enough runs yet"), "{text}");
        // Three runs, but only over 13 days (first run 12 days ago).
        assert_eq!(
            at(logging(30, 30, 3, Some("2026-11-12"))),
            Projection::NotEnough
        );
    }

    #[test]
    fn a_young_pair_is_projected_from_its_own_span() {
        // 60 km over 14 days (first run 13 days ago): 30 km a week; 740 km to go is
        // 740 * 14 / 60 = 172.7 days, so 173 days from today.
        let p = at(logging(60, 60, 4, Some("2026-11-11")));
        assert_eq!(
            p,
            Projection::Around {
                date: day("2027-05-16"),
                weekly_m: 30_000
            }
        );
        assert_eq!(
            sentence(p, Unit::Km),
            "retires around 2027-05-16 at about 30 km a week"
        );
        assert_eq!(
            sentence(p, Unit::Mi),
            "retires around 2027-05-16 at about 19 mi a week"
        );
        assert_eq!(brief(p), "~2027-05-16");
    }

    #[test]
    fn an_older_pair_uses_the_whole_eight_weeks() {
        // 56 km in the window, runs from long before: 7 km a week.
        let p = at(logging(400, 56, 8, Some("2025-01-01")));
        let Projection::Around { weekly_m, date } = p else {
            panic!("{p:?}")
        };
        assert_eq!(weekly_m, 7_000);
        assert_eq!(date, day(TODAY) + Days::new(400));
        assert_eq!(
            at(logging(400, 10, 2, Some("2025-01-01"))),
            Projection::FewRecent
        );
        assert_eq!(
            at(logging(400, 0, 0, Some("2025-01-01"))),
            Projection::FewRecent
        );
        assert_eq!(pace(4_500, Unit::Km), "4.5 km");
    }

    #[test]
    fn far_and_reached_and_odd_inputs() {
        assert_eq!(
            at(logging(1, 1, 3, Some("2025-01-01"))),
            Projection::Far { weekly_m: 125 }
        );
        assert_eq!(
            at(logging(800, 50, 5, Some("2025-01-01"))),
            Projection::Reached
        );
        assert_eq!(brief(Projection::Reached), "retire it");
        // A run dated tomorrow (east of UTC) and extreme values do not panic.
        let _ = at(logging(5, 5, 3, Some("2026-11-25")));
        let extreme = Logging {
            total_m: 0,
            retire_at_m: i64::MAX,
            recent_m: 1,
            recent_runs: 3,
            first_run: Some(NaiveDate::MIN),
        };
        assert!(matches!(at(extreme), Projection::Far { .. }));
        assert_eq!(
            project(extreme, NaiveDate::MIN),
            Projection::NotEnough,
            "a span of one day"
        );
    }
}
