//! Distances and units, dates, nicknames, notes and quoting.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::{assert_message, member_text};
use crate::commands::shoes::input::*;
use crate::text::{escape, quote, shorten, MAX_QUOTE_CHARS};

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Km), Just(Unit::Mi)]
}

fn today() -> impl Strategy<Value = NaiveDate> {
    (0i64..20_000)
        .prop_map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(d))
}

proptest! {
    #[test]
    fn any_distance_text_is_a_bounded_distance_or_a_short_refusal(text in member_text(), unit in unit()) {
        match parse_distance(&text, unit) {
            Ok(metres) => prop_assert!((0..=MAX_SHOE_M).contains(&metres)),
            Err(message) => assert_message(&message, &text)?,
        }
        match run_distance(&text, unit) {
            Ok(metres) => prop_assert!((1..=MAX_RUN_M).contains(&metres)),
            Err(message) => assert_message(&message, &text)?,
        }
    }

    #[test]
    fn metres_written_out_parse_back_exactly(metres in 0..=MAX_SHOE_M, unit in unit(), spaced in any::<bool>()) {
        let text = format!("{metres}{}m", if spaced { " " } else { "" });
        prop_assert_eq!(parse_distance(&text, unit), Ok(metres));
        // With a comma between thousands, as in 10,000m.
        let digits = metres.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        prop_assert_eq!(parse_distance(&format!("{grouped}m"), unit), Ok(metres));
        let km = format!("{}.{:03} km", metres / 1_000, metres % 1_000);
        prop_assert_eq!(parse_distance(&km, unit), Ok(metres));
    }

    #[test]
    fn a_shown_distance_parses_back_within_its_rounding(metres in 0..=MAX_SHOE_M, unit in unit()) {
        let shown = unit.show(metres);
        let parsed = parse_distance(&shown, Unit::Km).unwrap();
        // One decimal of the unit: at most half a tenth away.
        let step = if unit == Unit::Km { 100.0 } else { METRES_PER_MILE / 10.0 };
        prop_assert!((parsed - metres).abs() as f64 <= step / 2.0 + 1.0, "{shown} -> {parsed}");
        let value = unit.value(metres);
        let bare = parse_distance(&format!("{value}"), unit).unwrap();
        prop_assert!((bare - metres).abs() <= 1, "{value} {unit:?} -> {bare}");
    }

    #[test]
    fn any_date_text_is_in_range_or_a_short_refusal(text in member_text(), today in today(), zoned in any::<bool>()) {
        // Tomorrow is the latest date without a time zone, today with one.
        let (day, latest) = if zoned {
            (Today::zoned(today), today)
        } else {
            (Today::unzoned(today), today + Days::new(1))
        };
        match parse_date(Some(&text), day) {
            Ok(date) => {
                prop_assert!(date <= latest);
                prop_assert!(date >= NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
            }
            Err(message) => {
                assert_message(&message, &text)?;
                // Discord shows backslashes inside code spans: nothing escaped goes there.
                let unescaped = message.replace("\\`", "");
                let mut in_code = unescaped.split('`').skip(1).step_by(2);
                prop_assert!(in_code.all(|code| !code.contains('\\')), "escapes inside backticks: {message}");
            }
        }
    }

    #[test]
    fn a_written_date_parses_back_to_itself(today in today(), back in 0u64..9_000) {
        let Some(date) = today.checked_sub_days(Days::new(back)) else { return Ok(()) };
        let written = date.format("%Y-%m-%d").to_string();
        let parsed = parse_date(Some(&written), today);
        if chrono::Datelike::year(&date) >= 2000 {
            prop_assert_eq!(parsed, Ok(date));
        } else {
            prop_assert!(parsed.is_err());
        }
        prop_assert_eq!(parse_date(Some(&(today + Days::new(2)).to_string()), today).is_err(), true);
    }

    #[test]
    fn nicknames_are_short_single_lines_and_stable(text in member_text()) {
        match parse_name(&text) {
            Ok(name) => {
                prop_assert!((1..=MAX_NAME_CHARS).contains(&name.chars().count()));
                prop_assert!(!name.chars().any(char::is_control));
                prop_assert_eq!(name.trim(), name.as_str());
                prop_assert_eq!(parse_name(&name), Ok(name.clone()));
                // A stored nickname is quoted whole.
                prop_assert_eq!(quote(&name), escape(&name));
            }
            Err(message) => assert_message(&message, &text)?,
        }
    }

    #[test]
    fn notes_are_bounded_single_lines(text in member_text(), max in 1usize..300) {
        match parse_text("note", Some(&text), max) {
            Ok(Some(note)) => {
                prop_assert!(note.chars().count() <= max);
                prop_assert!(!note.chars().any(char::is_control));
            }
            Ok(None) => prop_assert!(text.trim().is_empty()),
            Err(message) => assert_message(&message, &text)?,
        }
    }

    #[test]
    fn quoting_is_short_escaped_and_never_pings(text in member_text()) {
        let quoted = quote(&text);
        prop_assert!(quoted.chars().count() <= 2 * MAX_QUOTE_CHARS);
        prop_assert!(!quoted.contains("@everyone") && !quoted.contains("@here"));
        prop_assert!(!quoted.chars().any(char::is_control));
        // Every markdown character is escaped: removing the escapes gives the shortened text.
        let short = shorten(text.trim(), MAX_QUOTE_CHARS);
        let unescaped: String = {
            let mut out = String::new();
            let mut chars = quoted.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    '\u{200b}' => {}
                    c => out.push(c),
                }
            }
            out
        };
        let expected: String = short.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        prop_assert_eq!(unescaped, expected.replace('\u{200b}', ""));
    }

    #[test]
    fn shortening_keeps_a_prefix_at_a_char_boundary(text in member_text(), max in 0usize..3_000) {
        let short = shorten(&text, max);
        prop_assert!(short.chars().count() <= max);
        if text.chars().count() <= max {
            prop_assert_eq!(short.as_ref(), text.as_str());
        } else if max == 0 {
            prop_assert_eq!(short.as_ref(), "");
        } else {
            let kept = short.strip_suffix('…').expect("an ellipsis marks the cut");
            prop_assert!(text.starts_with(kept));
            prop_assert_eq!(kept.chars().count(), max - 1);
        }
    }
}
