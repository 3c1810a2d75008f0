//! Parsing and checking what members type: distances with units, dates, nicknames. Every
//! refusal is a sentence the member can act on.

use chrono::{Datelike, Days, NaiveDate};

/// The member's display unit. Distances are stored as whole metres either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Km,
    Mi,
}

pub const METRES_PER_MILE: f64 = 1_609.344;

impl Unit {
    pub fn code(self) -> &'static str {
        match self {
            Unit::Km => "km",
            Unit::Mi => "mi",
        }
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        match code {
            "km" => Some(Unit::Km),
            "mi" => Some(Unit::Mi),
            _ => None,
        }
    }

    fn metres(self) -> f64 {
        match self {
            Unit::Km => 1_000.0,
            Unit::Mi => METRES_PER_MILE,
        }
    }

    /// A distance in this unit.
    pub fn value(self, metres: i64) -> f64 {
        metres as f64 / self.metres()
    }

    /// `12.3 km`, rounded to one decimal.
    pub fn show(self, metres: i64) -> String {
        format!("{:.1} {}", self.value(metres), self.code())
    }

    /// Where a new shoe is retired unless the member says otherwise: 800 km or 500 mi.
    pub fn default_retire_at(self) -> i64 {
        match self {
            Unit::Km => 800_000,
            Unit::Mi => (500.0 * METRES_PER_MILE).round() as i64,
        }
    }
}

/// The longest single run pacer accepts.
pub const MAX_RUN_M: i64 = 300_000;
/// The furthest a shoe can be set to retire at, or to have run before it was added.
pub const MAX_SHOE_M: i64 = 10_000_000;
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_NOTE_CHARS: usize = 200;

/// Reads `5`, `5.5`, `5,5`, `5k`, `5 km`, `3.1mi`, `3.1 miles`, `10000m` into whole metres.
/// A bare number is in the member's unit. Zero is allowed here; callers set their bounds.
pub fn parse_distance(text: &str, unit: Unit) -> Result<i64, String> {
    let cleaned = text.trim().to_lowercase();
    let split = cleaned
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
        .unwrap_or(cleaned.len());
    let (number, suffix) = cleaned.split_at(split);
    let number = number.replace(',', ".");
    let factor = match suffix.trim() {
        "" => unit.metres(),
        "k" | "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => 1_000.0,
        "mi" | "mile" | "miles" => METRES_PER_MILE,
        "m" | "metre" | "metres" | "meter" | "meters" => 1.0,
        _ => return Err(not_a_distance(text)),
    };
    let value: f64 = number.parse().map_err(|_| not_a_distance(text))?;
    if !value.is_finite() {
        return Err(not_a_distance(text));
    }
    if value < 0.0 {
        return Err("A distance can't be negative.".to_owned());
    }
    let metres = (value * factor).round();
    if metres > MAX_SHOE_M as f64 {
        return Err(format!(
            "That is more than {} km, which no shoe lasts.",
            MAX_SHOE_M / 1_000
        ));
    }
    Ok(metres as i64)
}

fn not_a_distance(text: &str) -> String {
    format!(
        "`{}` is not a distance. Try `5`, `5k`, `3.1mi` or `10000m`.",
        escape(text.trim())
    )
}

/// The distance of one run: above zero and at most 300 km.
pub fn run_distance(text: &str, unit: Unit) -> Result<i64, String> {
    let metres = parse_distance(text, unit)?;
    if metres == 0 {
        return Err("A run needs a distance above zero.".to_owned());
    }
    if metres > MAX_RUN_M {
        return Err(format!(
            "{} is more than the {} a single run can be. Log separate runs one by one.",
            unit.show(metres),
            unit.show(MAX_RUN_M)
        ));
    }
    Ok(metres)
}

/// A run date: `YYYY-MM-DD`, from 2000-01-01 to tomorrow (the day already began for members
/// east of UTC), or `today` when left out.
pub fn parse_date(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate, String> {
    let Some(text) = text.map(str::trim) else {
        return Ok(today);
    };
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    let date = shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            format!(
                "`{}` is not a date. Write it as YYYY-MM-DD, e.g. {}.",
                escape(text),
                today.format("%Y-%m-%d")
            )
        })?;
    if date.year() < 2000 {
        return Err("Dates before 2000 are not accepted.".to_owned());
    }
    if date > today + Days::new(1) {
        return Err(format!(
            "{date} is in the future. Log runs once you have run them."
        ));
    }
    Ok(date)
}

/// A nickname: 1-40 characters on one line, kept as typed (shown escaped).
pub fn parse_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("A shoe needs a nickname, e.g. `Blue racers`.".to_owned());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "Nicknames can be at most {MAX_NAME_CHARS} characters; that one has {}.",
            name.chars().count()
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("Nicknames must fit on one line.".to_owned());
    }
    // Autocomplete names pairs as `id:<number>`; a nickname of that shape would be ambiguous.
    if name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("id:")) {
        return Err("Nicknames can't start with `id:`.".to_owned());
    }
    Ok(name.to_owned())
}

/// Optional free text (brand, model, note): trimmed, one line, at most `max` characters.
pub fn parse_text(what: &str, text: Option<&str>, max: usize) -> Result<Option<String>, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(format!("The {what} can be at most {max} characters."));
    }
    if text.chars().any(char::is_control) {
        return Err(format!("The {what} must fit on one line."));
    }
    Ok(Some(text.to_owned()))
}

/// Shows member text literally in Discord: markdown is escaped and mentions are broken with
/// a zero-width space so they can neither render nor ping.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '#' | '[' | ']' | '(' | ')' | '-'
            | ':' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
    fn the_refusal_never_echoes_a_mention() {
        let error = parse_distance("@everyone", Unit::Km).unwrap_err();
        assert!(!error.contains("@everyone"), "{error}");
    }

    #[test]
    fn dates_between_2000_and_tomorrow() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(parse_date(None, today), Ok(today));
        assert_eq!(
            parse_date(Some("2026-11-20"), today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
        );
        assert!(
            parse_date(Some("2026-11-25"), today).is_ok(),
            "tomorrow, east of UTC"
        );
        assert!(parse_date(Some("2026-11-26"), today)
            .unwrap_err()
            .contains("future"));
        assert!(parse_date(Some("1999-12-31"), today)
            .unwrap_err()
            .contains("before 2000"));
        for bad in [
            "2026-1-5",
            "24/11/2026",
            "2026-02-30",
            "yesterday",
            "2026-11-24T10:00",
            "",
        ] {
            assert!(
                parse_date(Some(bad), today)
                    .unwrap_err()
                    .contains("YYYY-MM-DD"),
                "{bad}"
            );
        }
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
    fn escaping_defuses_markdown_and_mentions() {
        assert_eq!(
            escape("**bold** @everyone <@123>"),
            "\\*\\*bold\\*\\* @\u{200b}everyone \\<@\u{200b}123\\>"
        );
        assert!(!escape("@here").contains("@here"));
        assert_eq!(escape("plain"), "plain");
    }

    #[test]
    fn units_show_one_decimal_and_default_retirement() {
        assert_eq!(Unit::Km.show(412_345), "412.3 km");
        assert_eq!(Unit::Mi.show(1_609), "1.0 mi");
        assert_eq!(Unit::Km.default_retire_at(), 800_000);
        assert_eq!(Unit::Mi.default_retire_at(), 804_672);
    }
}
