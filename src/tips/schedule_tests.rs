//! Tests of the schedule grammar and of daylight-saving handling.

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
    assert_eq!(s.describe(), "every Monday at 07:00 London time");
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
    assert_eq!(s.describe(), "every Monday at 07:00 UTC");
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

#[test]
fn schedules_read_the_way_admins_type_them() {
    for (typed, stored, words) in [
        (
            "every monday at 7am",
            "weekly monday 07:00",
            "every Monday at 07:00",
        ),
        (
            "mondays 7:00",
            "weekly monday 07:00",
            "every Monday at 07:00",
        ),
        (
            "weekly monday 7am",
            "weekly monday 07:00",
            "every Monday at 07:00",
        ),
        ("daily 6:30pm", "daily 18:30", "every day at 18:30"),
        ("every day at 6.30 pm", "daily 18:30", "every day at 18:30"),
        (
            "weekly mon,thu 07:00",
            "weekly mon,thu 07:00",
            "every Monday and Thursday at 07:00",
        ),
        (
            "every Tues and Sat at noon",
            "weekly tue,sat 12:00",
            "every Tuesday and Saturday at 12:00",
        ),
        (
            "weekdays 6am",
            "weekly mon,tue,wed,thu,fri 06:00",
            "every weekday at 06:00",
        ),
        (
            "sunday 12am",
            "weekly sunday 00:00",
            "every Sunday at 00:00",
        ),
    ] {
        let s = TipSchedule::parse(typed, "UTC").unwrap_or_else(|e| panic!("{typed}: {e}"));
        assert_eq!(s.text(), stored, "{typed}");
        assert_eq!(s.describe(), format!("{words} UTC"), "{typed}");
        let again = TipSchedule::parse(stored, "UTC").unwrap();
        assert_eq!(again.describe(), s.describe(), "the stored form reads back");
    }
    let thursday = TipSchedule::parse("weekly mon,thu 07:00", "Europe/London").unwrap();
    assert_eq!(
        runs(&thursday, "2026-11-24T00:00:00Z", 2),
        ["2026-11-26T07:00:00+00:00", "2026-11-30T07:00:00+00:00"]
    );
    for bad in [
        "every monday at 13pm",
        "mondays",
        "daily 7am 8am",
        "weekly 07:00",
    ] {
        let refused = TipSchedule::parse(bad, "UTC").unwrap_err();
        assert!(refused.contains("not a schedule"), "{bad}: {refused}");
    }
}

#[test]
fn cron_schedules_are_described_in_words() {
    for (cron, words) in [
        ("0 7 * * 1-5", "every weekday at 07:00"),
        ("30 6 * * 0,6", "every Saturday and Sunday at 06:30"),
        ("0 7,19 * * *", "every day at 07:00 and 19:00"),
        ("0 8 1,15 * *", "on day 1 and 15 of the month at 08:00"),
        (
            "0 8 1 1,7 *",
            "on day 1 of the month in January and July at 08:00",
        ),
        ("0 9 */2 * *", "on the cron schedule `0 9 */2 * *`"),
    ] {
        let s = TipSchedule::parse(cron, "America/New_York").unwrap();
        assert_eq!(s.describe(), format!("{words} New York time"), "{cron}");
    }
}

#[test]
fn a_stored_zone_keeps_its_meaning_while_typed_abbreviations_mean_the_region() {
    let typed = TipSchedule::parse("daily 07:00", "EST").unwrap();
    assert_eq!(typed.timezone().name(), "America/New_York");
    let stored = TipSchedule::load("daily 07:00", "EST").unwrap();
    assert_eq!(stored.timezone().name(), "EST");
    let saved = TipSchedule::load("weekly mon,thu 07:00", "Etc/GMT-1").unwrap();
    assert_eq!(
        saved.describe(),
        "every Monday and Thursday at 07:00 UTC+1 (no summer time)"
    );
}
