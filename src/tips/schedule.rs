//! When a server's tips are due: the schedule grammar and the next run, computed in the
//! schedule's own time zone.
//!
//! Accepted schedules:
//! - words (see [`super::phrases`]): `daily 6:30pm`, `every monday at 7am`, `mondays 7:00`,
//!   `weekly mon,thu 07:00`, `weekdays 6am`;
//! - a 5-field cron expression (`minute hour day-of-month month day-of-week`, e.g.
//!   `0 7 * * MON`) or a 6-field one with seconds first (`0 0 7 * * MON`). Weekdays are
//!   names or classic cron numbers (0 or 7 Sunday, 1 Monday ... 6 Saturday). Restricting both
//!   the day of the month and the day of the week is refused: classic cron reads that as
//!   "either", which surprises people.
//!
//! Posting more than once an hour is refused.
//!
//! Daylight saving time: times are wall-clock times in the schedule's zone, so 07:00 stays
//! 07:00 local across both changes. A time that does not exist because the clocks go forward
//! posts at the first minute that exists after it (01:30 in London on the spring-forward day
//! posts at 02:00 BST), unless the schedule's next regular run comes within the hour: then
//! the skipped time is dropped, so DST never makes two posts less than an hour apart. A time
//! that happens twice because the clocks go back posts once, at its first occurrence.

use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::phrases;

#[derive(Debug, Clone)]
pub struct TipSchedule {
    /// The schedule as the admin gave it, tidied (lowercase presets, single spaces).
    text: String,
    cron: cron::Schedule,
    tz: Tz,
}

/// Shortest allowed time between two posts.
const MIN_GAP: Duration = Duration::hours(1);

/// Rewrites the day-of-week field (the last) from classic cron numbers (0-7, Sunday = 0 or
/// 7) to names, which the `cron` crate reads unambiguously; refuses restricting both days.
fn classic_weekdays(expression: &str) -> Result<String, String> {
    const NAMES: [&str; 8] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
    let mut fields: Vec<String> = expression.split(' ').map(str::to_owned).collect();
    let n = fields.len();
    let (day_of_month, day_of_week) = (&fields[n - 3], &fields[n - 1]);
    if !matches!(day_of_month.as_str(), "*" | "?") && !matches!(day_of_week.as_str(), "*" | "?") {
        return Err(
            "Restrict either the day of the month or the day of the week, not both.".to_owned(),
        );
    }
    let name = |token: &str| -> Result<String, String> {
        match token.parse::<usize>() {
            Ok(number) => NAMES
                .get(number)
                .map(|n| (*n).to_owned())
                .ok_or_else(|| format!("`{number}` is not a weekday: use 0-7 or MON-SUN.")),
            Err(_) => Ok(token.to_owned()),
        }
    };
    let rewritten = day_of_week
        .split(',')
        .map(|part| {
            let (range, step) = match part.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (part, None),
            };
            let range = match range.split_once('-') {
                Some((from, to)) => format!("{}-{}", name(from)?, name(to)?),
                None => name(range)?,
            };
            Ok(match step {
                Some(step) => format!("{range}/{step}"),
                None => range,
            })
        })
        .collect::<Result<Vec<String>, String>>()?
        .join(",");
    fields[n - 1] = rewritten;
    Ok(fields.join(" "))
}

/// Time zones as people type them: see [`super::zones`].
pub use super::zones::resolve as parse_timezone;

impl TipSchedule {
    /// A schedule and time zone as an admin typed them.
    pub fn parse(text: &str, timezone: &str) -> Result<TipSchedule, String> {
        Self::with_zone(text, parse_timezone(timezone)?)
    }

    /// A stored schedule: its zone is the exact name saved at setup, read as the time zone
    /// database reads it (a zone saved before abbreviations were mapped keeps its meaning).
    pub fn load(text: &str, timezone: &str) -> Result<TipSchedule, String> {
        let tz = Tz::from_str(timezone).or_else(|_| parse_timezone(timezone))?;
        Self::with_zone(text, tz)
    }

    fn with_zone(text: &str, tz: Tz) -> Result<TipSchedule, String> {
        let tidy = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = tidy.to_lowercase();
        let words: Vec<&str> = lower.split(' ').collect();
        let (expression, text) = match phrases::parse(&lower) {
            Some(preset) => (preset.cron(), preset.canonical()),
            None if phrases::looks_like_words(&lower) => {
                return Err(format!(
                    "`{}` is not a schedule I can read. Try `daily 6:30pm`, `every monday at 7am` or `weekly mon,thu 07:00`.",
                    crate::text::quote(&tidy)
                ))
            }
            None => match words.len() {
                5 => (format!("0 {}", classic_weekdays(&tidy)?), tidy.clone()),
                6 => (classic_weekdays(&tidy)?, tidy.clone()),
                _ => {
                    return Err(format!(
                        "`{}` is not a schedule. Use words such as `every monday at 7am` or `daily 06:30`, or a cron expression such as `0 7 * * MON`.",
                        crate::text::quote(&tidy)
                    ))
                }
            },
        };
        let cron = cron::Schedule::from_str(&expression).map_err(|e| {
            format!(
                "`{}` is not a valid cron expression ({}).",
                crate::text::quote(&tidy),
                crate::text::escape(&crate::text::shorten(&e.to_string(), 120))
            )
        })?;
        let schedule = TipSchedule { text, cron, tz };
        schedule.check_gaps()?;
        Ok(schedule)
    }

    /// Refuses schedules that never fire or fire more than once an hour, judged on the first
    /// two hundred runs from two starting points a season apart.
    fn check_gaps(&self) -> Result<(), String> {
        for start in [(2026, 1, 1), (2026, 7, 1)] {
            let (y, m, d) = start;
            let from = NaiveDate::from_ymd_opt(y, m, d)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
                .ok_or("bad reference date")?;
            let runs: Vec<DateTime<Utc>> = self.cron.after(&from).take(200).collect();
            if runs.is_empty() {
                return Err("That schedule never comes round. Check the day and month.".to_owned());
            }
            if runs.windows(2).any(|w| w[1] - w[0] < MIN_GAP) {
                return Err(
                    "Tips can be posted at most once an hour. Choose a less frequent schedule."
                        .to_owned(),
                );
            }
        }
        Ok(())
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn timezone(&self) -> Tz {
        self.tz
    }

    /// The schedule in words, e.g. `every Monday at 07:00 London time`.
    pub fn describe(&self) -> String {
        let when = phrases::parse(&self.text).map_or_else(
            || {
                let six = if self.text.split(' ').count() == 5 {
                    format!("0 {}", self.text)
                } else {
                    self.text.clone()
                };
                classic_weekdays(&six)
                    .ok()
                    .and_then(|named| phrases::cron_words(&named))
                    .unwrap_or_else(|| format!("on the cron schedule `{}`", self.text))
            },
            |preset| preset.words(),
        );
        format!("{when} {}", super::zones::in_words(self.tz))
    }

    /// The first run strictly after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // Walk the wall-clock times from a little before `after`, so that times shifted by a
        // DST change are not missed, and map each to the instant it happens.
        let local = after.with_timezone(&self.tz).naive_local() - Duration::hours(3);
        let mut runs = self
            .cron
            .after(&local.and_utc())
            .take(1_000)
            .filter_map(|wall| self.instant(wall.naive_utc()))
            .peekable();
        while let Some((instant, shifted)) = runs.next() {
            // A time moved past a DST gap gives way to a regular run within the hour.
            let crowded = shifted
                && runs
                    .peek()
                    .is_some_and(|(next, _)| *next - instant < MIN_GAP);
            if instant > after && !crowded {
                return Some(instant);
            }
        }
        None
    }

    /// When a wall-clock time happens in this zone, and whether a DST gap moved it.
    fn instant(&self, wall: NaiveDateTime) -> Option<(DateTime<Utc>, bool)> {
        match self.tz.from_local_datetime(&wall) {
            LocalResult::Single(t) => Some((t.with_timezone(&Utc), false)),
            // Clocks went back: the first of the two.
            LocalResult::Ambiguous(first, _) => Some((first.with_timezone(&Utc), false)),
            // Clocks went forward: the first minute that exists.
            LocalResult::None => (1..=180).find_map(|minutes| {
                match self
                    .tz
                    .from_local_datetime(&(wall + Duration::minutes(minutes)))
                {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
                        Some((t.with_timezone(&Utc), true))
                    }
                    LocalResult::None => None,
                }
            }),
        }
    }
}

#[cfg(test)]
#[path = "schedule_tests.rs"]
mod tests;
