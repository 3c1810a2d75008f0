use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Sunday 29 November 2026, for a member without a time zone.
fn sunday() -> Today {
    Today::unzoned(day(2026, 11, 29))
}

fn read(text: &str) -> Result<NaiveDate, String> {
    parse_date(Some(text), sunday())
}

#[test]
fn words_weekdays_and_month_names() {
    assert_eq!(parse_date(None, sunday()), Ok(day(2026, 11, 29)));
    for (text, expected) in [
        ("today", day(2026, 11, 29)),
        (" Today ", day(2026, 11, 29)),
        ("yesterday", day(2026, 11, 28)),
        ("sat", day(2026, 11, 28)),
        ("Saturday", day(2026, 11, 28)),
        ("mon", day(2026, 11, 23)),
        ("thurs", day(2026, 11, 26)),
        // The most recent such day, today included...
        ("sun", day(2026, 11, 29)),
        ("sunday", day(2026, 11, 29)),
        // ...unless it is the last one.
        ("last sun", day(2026, 11, 22)),
        ("last saturday", day(2026, 11, 28)),
        ("Nov 20", day(2026, 11, 20)),
        ("20 Nov", day(2026, 11, 20)),
        ("20th November", day(2026, 11, 20)),
        ("nov. 20, 2025", day(2025, 11, 20)),
        ("Fri 20 Nov 2026", day(2026, 11, 20)),
        ("Sept 3", day(2026, 9, 3)),
        // A date later in the year than today is last year's.
        ("Dec 25", day(2025, 12, 25)),
        ("29 Feb", day(2024, 2, 29)),
        ("2026-1-5", day(2026, 1, 5)),
        ("2026/01/05", day(2026, 1, 5)),
        ("2026-11-20", day(2026, 11, 20)),
    ] {
        assert_eq!(read(text), Ok(expected), "{text}");
    }
}

#[test]
fn the_latest_date_is_tomorrow_without_a_zone_and_today_with_one() {
    assert_eq!(read("2026-11-30"), Ok(day(2026, 11, 30)));
    assert_eq!(read("Nov 30"), Ok(day(2026, 11, 30)));
    let zoned = Today::zoned(day(2026, 11, 29));
    let error = parse_date(Some("2026-11-30"), zoned).unwrap_err();
    assert_eq!(
        error,
        "Mon 30 Nov 2026 is in the future. Log runs once you have run them."
    );
    // Without a year, a date after the latest one is last year's.
    assert_eq!(parse_date(Some("Nov 30"), zoned), Ok(day(2025, 11, 30)));
    assert!(read("2026-12-01").unwrap_err().contains("in the future"));
    assert!(read("1999-12-31").unwrap_err().contains("before 2000"));
}

#[test]
fn wrong_dates_say_what_is_wrong_without_echoing_escapes() {
    for (text, expected) in [
        ("2026-11-31", "November has 30 days."),
        ("Nov 31", "November has 30 days."),
        ("2026-02-29", "February 2026 has 28 days."),
        ("2026-13-01", "There is no month 13"),
        ("2026-11-00", "start at 1"),
        ("3:30", "That looks like a time."),
        ("7am", "That looks like a time."),
        ("2026-11-24T10:00", "That looks like a time."),
        ("24/11/2026", "different orders"),
        ("11/24", "different orders"),
        ("2026-11", "YYYY-MM-DD"),
        ("soon", "“soon” is not a date pacer reads"),
        ("", "Give the day you ran"),
    ] {
        let error = read(text).unwrap_err();
        assert!(error.contains(expected), "{text}: {error}");
        assert!(!error.contains('\\'), "{text}: {error}");
    }
    // Member text is quoted (escaped) outside backticks, and every hint names YYYY-MM-DD.
    assert!(read("a-b").unwrap_err().starts_with("“a\\-b”"));
    for text in ["soon", "2026-13-01", "24/11/2026", "2026-11"] {
        assert!(read(text).unwrap_err().contains("YYYY-MM-DD"), "{text}");
    }
}
