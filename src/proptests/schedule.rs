//! The tips schedule grammar, cron expressions and time zones.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::{assert_message, member_text};
use crate::tips::schedule::{parse_timezone, TipSchedule};

fn zone() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .collect::<Vec<_>>(),
    )
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2000 to 2090.
    (946_684_800i64..3_786_912_000).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

/// Schedules in the documented shapes, valid or not: presets with any clock, and cron
/// expressions of 5 or 6 fields made of cron-ish tokens.
fn schedule_text() -> impl Strategy<Value = String> {
    let day = "(monday|mon|tue|wednesday|thu|fri|saturday|sun|funday)";
    let clock = "[0-9]{1,2}:[0-9]{1,2}";
    let token = "(\\*|\\?|[0-9]{1,2}|[0-9]{1,2}-[0-9]{1,2}|\\*/[0-9]{1,2}|[0-9],[0-9]{1,2}|MON|SUN-SAT|JAN|L|#)";
    prop_oneof![
        proptest::string::string_regex(&format!("daily {clock}")).unwrap(),
        proptest::string::string_regex(&format!("weekly {day} {clock}")).unwrap(),
        proptest::collection::vec(proptest::string::string_regex(token).unwrap(), 5..=6)
            .prop_map(|fields| fields.join(" ")),
        member_text(),
    ]
}

proptest! {
    #[test]
    fn any_schedule_parses_or_gets_a_short_refusal(text in schedule_text(), zone in prop_oneof![zone().prop_map(str::to_owned), member_text()]) {
        match TipSchedule::parse(&text, &zone) {
            Ok(schedule) => {
                prop_assert!(schedule.describe().chars().count() < 300);
                // What is stored parses back to the same schedule.
                let again = TipSchedule::load(schedule.text(), schedule.timezone().name()).unwrap();
                prop_assert_eq!(again.text(), schedule.text());
                prop_assert_eq!(again.timezone(), schedule.timezone());
            }
            Err(message) => {
                assert_message(&message, &text)?;
                assert_message(&message, &zone)?;
            }
        }
    }

    #[test]
    fn presets_always_parse_and_runs_are_in_order_and_an_hour_apart(
        hour in 0u32..24, minute in 0u32..60, day in 0usize..7, weekly in any::<bool>(),
        zone in zone(), from in instant(),
    ) {
        const DAYS: [&str; 7] = ["mon", "tuesday", "wed", "thursday", "fri", "sat", "sunday"];
        let text = if weekly {
            format!("weekly {} {hour:02}:{minute:02}", DAYS[day])
        } else {
            format!("daily {hour}:{minute:02}")
        };
        let Ok(schedule) = TipSchedule::parse(&text, zone) else {
            // Only the zone can be wrong here.
            prop_assert!(parse_timezone(zone).is_err());
            return Ok(());
        };
        let first = schedule.next_after(from).unwrap();
        prop_assert!(first > from);
        let period = if weekly { 7 } else { 1 };
        // A DST gap may push a run up to the next period's (and by the hour it moved).
        prop_assert!(first - from <= Duration::days(period) + Duration::days(period) + Duration::hours(3));
        let second = schedule.next_after(first).unwrap();
        prop_assert!(second - first >= Duration::hours(1), "{text} {zone}: {first} then {second}");
    }

    #[test]
    fn every_zone_name_round_trips(zone in zone(), padding in "[ ]{0,3}") {
        // Some names are refused as ambiguous (GMT) and some stored as the zone they link to:
        // whatever is stored reads back as itself.
        match parse_timezone(&format!("{padding}{zone}{padding}")) {
            Ok(tz) => prop_assert_eq!(parse_timezone(tz.name()), Ok(tz)),
            Err(message) => assert_message(&message, zone)?,
        }
    }

    #[test]
    fn any_zone_text_is_a_zone_or_a_short_refusal(text in member_text()) {
        if let Err(message) = parse_timezone(&text) {
            assert_message(&message, &text)?;
        }
    }
}
