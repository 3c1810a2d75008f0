//! When a server's tips are due: the schedule grammar and the next run, computed in the
//! schedule's own time zone.
//!
//! Accepted schedules:
//! - `daily HH:MM` and `weekly <day> HH:MM` (day as `monday` or `mon`);
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

#[derive(Debug, Clone)]
pub struct TipSchedule {
    /// The schedule as the admin gave it, tidied (lowercase presets, single spaces).
    text: String,
    cron: cron::Schedule,
    tz: Tz,
}

/// Shortest allowed time between two posts.
const MIN_GAP: Duration = Duration::hours(1);

const DAYS: [(&str, &str, &str); 7] = [
    ("monday", "mon", "MON"),
    ("tuesday", "tue", "TUE"),
    ("wednesday", "wed", "WED"),
    ("thursday", "thu", "THU"),
    ("friday", "fri", "FRI"),
    ("saturday", "sat", "SAT"),
    ("sunday", "sun", "SUN"),
];

fn clock(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() <= 5).then_some((h, m))
}

/// A preset in words, as a 6-field cron expression.
fn preset(words: &[&str]) -> Option<String> {
    match words {
        ["daily", time] => clock(time).map(|(h, m)| format!("0 {m} {h} * * *")),
        ["weekly", day, time] => {
            let (_, _, dow) = DAYS
                .iter()
                .find(|(long, short, _)| day == long || day == short)?;
            clock(time).map(|(h, m)| format!("0 {m} {h} * * {dow}"))
        }
        _ => None,
    }
}

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

pub fn parse_timezone(name: &str) -> Result<Tz, String> {
    Tz::from_str(name.trim()).map_err(|_| {
        format!(
            "`{}` is not a time zone. Use a name such as Europe/London or America/New_York.",
            name.trim().replace('`', "")
        )
    })
}

impl TipSchedule {
    pub fn parse(text: &str, timezone: &str) -> Result<TipSchedule, String> {
        let tz = parse_timezone(timezone)?;
        let tidy = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = tidy.to_lowercase();
        let words: Vec<&str> = lower.split(' ').collect();
        let (expression, text) = match preset(&words) {
            Some(expression) => (expression, lower.clone()),
            None if matches!(words[0], "daily" | "weekly") => {
                return Err(format!(
                    "`{}` is not a schedule. Try `daily 06:30` or `weekly monday 07:00` (24-hour clock).",
                    tidy.replace('`', "")
                ))
            }
            None => match words.len() {
                5 => (format!("0 {}", classic_weekdays(&tidy)?), tidy.clone()),
                6 => (classic_weekdays(&tidy)?, tidy.clone()),
                _ => {
                    return Err(format!(
                        "`{}` is not a schedule. Use `daily 06:30`, `weekly monday 07:00` or a cron expression such as `0 7 * * MON`.",
                        tidy.replace('`', "")
                    ))
                }
            },
        };
        let cron = cron::Schedule::from_str(&expression).map_err(|e| {
            format!(
                "`{}` is not a valid cron expression ({e}).",
                tidy.replace('`', "")
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

    /// The schedule in words, e.g. `every Monday at 07:00 (Europe/London)`.
    pub fn describe(&self) -> String {
        let words: Vec<&str> = self.text.split(' ').collect();
        let when = match words.as_slice() {
            ["daily", time] => format!("every day at {time}"),
            ["weekly", day, time] => {
                let long = DAYS
                    .iter()
                    .find(|(l, s, _)| day == l || day == s)
                    .map_or(*day, |(l, _, _)| *l);
                let mut name = long.to_owned();
                name[..1].make_ascii_uppercase();
                format!("every {name} at {time}")
            }
            _ => format!("cron `{}`", self.text),
        };
        format!("{when} ({})", self.tz.name())
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
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn runs(schedule: &TipSchedule, from: &str, n: usize) -> Vec<String> {
        let mut at = utc(from);
        (0..n)
            .map(|_| {
                at = schedule.next_after(at).unwrap();
                at.to_rfc3339()
            })
            .collect()
    }

    #[test]
    fn weekly_london_stays_at_seven_local_across_both_changes() {
        let s = TipSchedule::parse("weekly monday 07:00", "Europe/London").unwrap();
        // Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
        assert_eq!(
            runs(&s, "2026-03-20T00:00:00Z", 2),
            ["2026-03-23T07:00:00+00:00", "2026-03-30T06:00:00+00:00"]
        );
        assert_eq!(
            runs(&s, "2026-10-17T00:00:00Z", 2),
            ["2026-10-19T06:00:00+00:00", "2026-10-26T07:00:00+00:00"]
        );
        assert_eq!(s.describe(), "every Monday at 07:00 (Europe/London)");
    }

    #[test]
    fn daily_new_york_across_both_changes() {
        let s = TipSchedule::parse("daily 07:00", "America/New_York").unwrap();
        // Forward on Sunday 8 March 2026, back on Sunday 1 November 2026.
        assert_eq!(
            runs(&s, "2026-03-07T00:00:00Z", 2),
            ["2026-03-07T12:00:00+00:00", "2026-03-08T11:00:00+00:00"]
        );
        assert_eq!(
            runs(&s, "2026-10-31T00:00:00Z", 2),
            ["2026-10-31T11:00:00+00:00", "2026-11-01T12:00:00+00:00"]
        );
    }

    #[test]
    fn a_time_the_clocks_skip_posts_when_they_jump() {
        let london = TipSchedule::parse("daily 01:30", "Europe/London").unwrap();
        // 01:30 does not exist on 29 March: 02:00 BST, which is 01:00 UTC.
        assert_eq!(
            runs(&london, "2026-03-28T12:00:00Z", 2),
            ["2026-03-29T01:00:00+00:00", "2026-03-30T00:30:00+00:00"]
        );
        let new_york = TipSchedule::parse("30 2 * * *", "America/New_York").unwrap();
        assert_eq!(
            runs(&new_york, "2026-03-07T12:00:00Z", 1),
            ["2026-03-08T07:00:00+00:00"]
        );
    }

    #[test]
    fn a_time_that_happens_twice_posts_once() {
        let s = TipSchedule::parse("daily 01:30", "Europe/London").unwrap();
        // 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT) on 25 October.
        assert_eq!(
            runs(&s, "2026-10-24T12:00:00Z", 2),
            ["2026-10-25T00:30:00+00:00", "2026-10-26T01:30:00+00:00"]
        );
        // Even asked from between the two, the second is never a run.
        assert_eq!(
            s.next_after(utc("2026-10-25T01:00:00Z"))
                .unwrap()
                .to_rfc3339(),
            "2026-10-26T01:30:00+00:00"
        );
    }

    #[test]
    fn cron_with_five_or_six_fields_and_presets() {
        for (text, zone) in [
            ("0 7 * * MON", "UTC"),
            ("0 0 7 * * MON", "UTC"),
            ("  Weekly  Mon 7:05 ", "Europe/Berlin"),
            ("daily 23:59", "Australia/Sydney"),
            ("0 * * * *", "UTC"),
        ] {
            assert!(TipSchedule::parse(text, zone).is_ok(), "{text}");
        }
        let s = TipSchedule::parse("0 7 * * MON", "UTC").unwrap();
        assert_eq!(
            runs(&s, "2026-11-24T00:00:00Z", 1),
            ["2026-11-30T07:00:00+00:00"]
        );
        assert_eq!(s.describe(), "cron `0 7 * * MON` (UTC)");
    }

    #[test]
    fn weekday_numbers_follow_classic_cron() {
        let on = |text: &str, from: &str| {
            let s = TipSchedule::parse(text, "UTC").unwrap();
            s.next_after(utc(from)).unwrap().format("%a").to_string()
        };
        // 2026-11-24 is a Tuesday.
        assert_eq!(on("0 7 * * 1", "2026-11-24T00:00:00Z"), "Mon");
        assert_eq!(on("0 7 * * 0", "2026-11-24T00:00:00Z"), "Sun");
        assert_eq!(on("0 7 * * 7", "2026-11-24T00:00:00Z"), "Sun");
        assert_eq!(on("0 0 7 * * 6", "2026-11-24T00:00:00Z"), "Sat");
        assert_eq!(
            on("0 7 * * 1-5", "2026-11-28T00:00:00Z"),
            "Mon",
            "weekdays skip the weekend"
        );
        assert_eq!(on("0 7 * * 1-5", "2026-11-24T08:00:00Z"), "Wed");
        assert_eq!(on("0 7 * * 0,6", "2026-11-24T00:00:00Z"), "Sat");
        let refused = TipSchedule::parse("0 7 * * 8", "UTC").unwrap_err();
        assert!(refused.contains("not a weekday"), "{refused}");
        let both = TipSchedule::parse("0 7 1 * MON", "UTC").unwrap_err();
        assert!(both.contains("not both"), "{both}");
    }

    #[test]
    fn daylight_saving_never_squeezes_two_posts_into_an_hour() {
        let hourly = TipSchedule::parse("30 * * * *", "Europe/London").unwrap();
        // 01:30 does not exist on 29 March; moved to 02:00 BST it would sit 30 minutes
        // before 02:30 BST, so it is dropped.
        assert_eq!(
            runs(&hourly, "2026-03-29T00:00:00Z", 3),
            [
                "2026-03-29T00:30:00+00:00",
                "2026-03-29T01:30:00+00:00",
                "2026-03-29T02:30:00+00:00"
            ]
        );
    }

    #[test]
    fn too_frequent_or_malformed_schedules_are_refused() {
        let refused = |text: &str| TipSchedule::parse(text, "UTC").unwrap_err();
        assert!(refused("*/30 * * * *").contains("at most once an hour"));
        assert!(refused("* 0 7 * * *").contains("at most once an hour"));
        assert!(refused("0,30 7 * * *").contains("at most once an hour"));
        assert!(refused("daily 25:00").contains("not a schedule"));
        assert!(refused("weekly someday 07:00").contains("not a schedule"));
        assert!(refused("every morning").contains("not a schedule"));
        assert!(TipSchedule::parse("0 7 * * MON 2026", "UTC").is_err());
        assert!(refused("0 7 31 2 *").contains("never comes round"));
        assert!(refused("x y * * *").contains("not a valid cron"));
        let zone = TipSchedule::parse("daily 07:00", "Mars/Olympus").unwrap_err();
        assert!(zone.contains("is not a time zone"));
    }
}
