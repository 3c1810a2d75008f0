use super::*;

#[test]
fn distances_in_every_accepted_form() {
    let km = |t| parse_distance(t, Unit::Km);
    assert_eq!(km("5"), Ok(5_000));
    assert_eq!(km(" 5.5 "), Ok(5_500));
    assert_eq!(km("5,5"), Ok(5_500));
    assert_eq!(km("5k"), Ok(5_000));
    assert_eq!(km("5 km"), Ok(5_000));
    assert_eq!(km("5 KM"), Ok(5_000));
    assert_eq!(km("3.1mi"), Ok(4_989));
    assert_eq!(km("3.1 miles"), Ok(4_989));
    assert_eq!(km("10000m"), Ok(10_000));
    assert_eq!(parse_distance("5", Unit::Mi), Ok(8_047));
    assert_eq!(km("0"), Ok(0));
}

#[test]
fn a_comma_before_groups_of_three_digits_separates_thousands() {
    let km = |t| parse_distance(t, Unit::Km);
    assert_eq!(km("10,000m"), Ok(10_000));
    assert_eq!(km("1,000 m"), Ok(1_000));
    assert_eq!(km("1,000m"), Ok(1_000));
    assert_eq!(km("21,097.5m"), Ok(21_098));
    assert_eq!(km("1,234,567m"), Ok(1_234_567));
    // Anything else with one comma is a decimal comma.
    assert_eq!(km("5,5"), Ok(5_500));
    assert_eq!(km("5,55 km"), Ok(5_550));
    assert_eq!(km("0,500"), Ok(500));
    assert_eq!(km("10,5k"), Ok(10_500));
    for bad in ["1,00,000m", "1,5.5", "5,,5", ",", "1,000,5"] {
        assert!(km(bad).unwrap_err().contains("is not a distance"), "{bad}");
    }
}

#[test]
fn runs_under_100_m_are_refused_with_what_was_meant() {
    let run = |t| run_distance(t, Unit::Km);
    assert_eq!(
        run("0.01").unwrap_err(),
        "10 m is shorter than any run pacer logs (at least 100 m). Did you mean 10 km?"
    );
    assert!(run("10m").unwrap_err().ends_with("Did you mean 10 km?"));
    assert!(run("10.000m").unwrap_err().ends_with("Did you mean 10 km?"));
    assert!(run("5.5 m").unwrap_err().ends_with("Did you mean 5.5 km?"));
    assert!(run_distance("0.005", Unit::Mi)
        .unwrap_err()
        .ends_with("Did you mean 5 mi?"));
    assert_eq!(
        run("0.0009").unwrap_err(),
        "1 m is shorter than any run pacer logs (at least 100 m). Did you mean 0.9 km?"
    );
    assert_eq!(run("100m"), Ok(100));
    assert_eq!(run("0.1"), Ok(100));
}

#[test]
fn a_bare_number_too_long_for_a_run_suggests_metres() {
    let error = run_distance("5000", Unit::Km).unwrap_err();
    assert!(error.contains("300.0 km a single run"), "{error}");
    assert!(
        error.ends_with("If you meant 5000 metres, write `5000m`."),
        "{error}"
    );
    let error = run_distance("5,500", Unit::Km).unwrap_err();
    assert!(error.ends_with("write `5500m`."), "{error}");
    assert!(!run_distance("301k", Unit::Km)
        .unwrap_err()
        .contains("metres"));
}

#[test]
fn bad_distances_are_refused_with_a_reason() {
    for bad in [
        "",
        "abc",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "infinity",
        "5 furlongs",
        "1e3",
        "5..5",
        "k",
    ] {
        let error = parse_distance(bad, Unit::Km).unwrap_err();
        assert!(error.contains("is not a distance"), "{bad}: {error}");
        // Discord shows backslashes inside code spans: the echo goes in quotation marks.
        let code = error.split('`').skip(1).step_by(2);
        assert!(code.into_iter().all(|c| !c.contains('\\')), "{error}");
    }
    assert_eq!(
        parse_distance("-5", Unit::Km).unwrap_err(),
        "A distance can't be negative."
    );
    assert!(parse_distance("99999999", Unit::Km)
        .unwrap_err()
        .contains("no shoe lasts"));
    assert!(run_distance("0", Unit::Km)
        .unwrap_err()
        .contains("above zero"));
    assert!(run_distance("0.0001", Unit::Km)
        .unwrap_err()
        .contains("above zero"));
    assert!(run_distance("301k", Unit::Km)
        .unwrap_err()
        .contains("300.0 km"));
    assert_eq!(run_distance("300k", Unit::Km), Ok(300_000));
}

#[test]
fn a_time_is_named_as_one_without_echoing_escapes() {
    for time in ["3:30", "1:05:30", " 45:00 ", "25 min", "1h", "90 minutes"] {
        let error = parse_distance(time, Unit::Km).unwrap_err();
        assert!(
            error.starts_with("That looks like a time."),
            "{time}: {error}"
        );
        assert!(!error.contains('\\'), "{error}");
    }
}

#[test]
fn the_refusal_quotes_outside_code_spans_and_never_pings() {
    let error = parse_distance("@everyone", Unit::Km).unwrap_err();
    assert!(!error.contains("@everyone"), "{error}");
    let error = parse_distance("a-b", Unit::Km).unwrap_err();
    assert!(error.starts_with("“a\\-b” is not a distance"), "{error}");
}

#[test]
fn nicknames_are_one_line_of_1_to_40_characters() {
    assert_eq!(parse_name("  Blue racers "), Ok("Blue racers".to_owned()));
    assert!(parse_name("   ").is_err());
    assert!(parse_name(&"a".repeat(41))
        .unwrap_err()
        .contains("at most 40"));
    assert_eq!(
        parse_name(&"é".repeat(40)).map(|n| n.chars().count()),
        Ok(40)
    );
    assert!(parse_name("two\nlines").is_err());
    assert!(parse_name("id:1")
        .unwrap_err()
        .contains("can't start with `id:`"));
    assert!(parse_name("ID:7 trail").is_err());
    assert!(parse_name("Idaho").is_ok());
}

#[test]
fn units_show_one_decimal_compact_forms_and_default_retirement() {
    assert_eq!(Unit::Km.show(412_345), "412.3 km");
    assert_eq!(Unit::Mi.show(1_609), "1.0 mi");
    assert_eq!(Unit::Km.compact(10_000), "10 km");
    assert_eq!(Unit::Km.compact(5_500), "5.5 km");
    assert_eq!(Unit::Km.default_retire_at(), 800_000);
    assert_eq!(Unit::Mi.default_retire_at(), 804_672);
}
