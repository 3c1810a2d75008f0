//! Parsing and checking what members type: distances with units, nicknames, free text (dates
//! are in [`super::dates`]). Every refusal is a sentence the member can act on, and never
//! puts escaped text inside backticks (Discord shows the backslashes there).

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

    /// `10 km`, `5.5 km`, `3.11 mi`: at most two decimals, none that are zero.
    pub fn compact(self, metres: i64) -> String {
        format!("{} {}", number(self.value(metres)), self.code())
    }

    /// Where a new shoe is retired unless the member says otherwise: 800 km or 500 mi.
    // 804 672 m, well inside i64.
    #[allow(clippy::cast_possible_truncation)]
    pub fn default_retire_at(self) -> i64 {
        match self {
            Unit::Km => 800_000,
            Unit::Mi => (500.0 * METRES_PER_MILE).round() as i64,
        }
    }
}

/// `10`, `5.5`, `0.25`: a number with at most two decimals and no trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The longest single run pacer accepts.
pub const MAX_RUN_M: i64 = 300_000;
/// The shortest: anything less is a slip (`10m` for 10 km, `0.01` for 10 km).
pub const MIN_RUN_M: i64 = 100;
/// The furthest a shoe can be set to retire at, or to have run before it was added.
pub const MAX_SHOE_M: i64 = 10_000_000;
pub const MAX_NAME_CHARS: usize = 40;
pub const MAX_NOTE_CHARS: usize = 200;

/// Which unit the text named.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Given {
    /// A bare number, in the member's unit.
    Implied(Unit),
    Named(Unit),
    Metres,
}

/// A distance as typed: the number, its unit and the whole metres it makes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    number: f64,
    given: Given,
    metres: i64,
}

/// Reads `5`, `5.5`, `5,5`, `5k`, `5 km`, `3.1mi`, `3.1 miles`, `10000m`, `10,000m` into whole
/// metres. A comma followed by groups of three digits separates thousands (`10,000`); any
/// other single comma is a decimal point (`5,5`). A bare number is in the member's unit.
/// Zero is allowed here; callers set their bounds.
pub fn parse_distance(text: &str, unit: Unit) -> Result<i64, String> {
    read(text, unit).map(|r| r.metres)
}

fn read(text: &str, unit: Unit) -> Result<Reading, String> {
    let cleaned = text.trim().to_lowercase();
    let split = cleaned
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
        .unwrap_or(cleaned.len());
    let (digits, suffix) = cleaned.split_at(split);
    let given = match suffix.trim() {
        "" => Given::Implied(unit),
        "k" | "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
            Given::Named(Unit::Km)
        }
        "mi" | "mile" | "miles" => Given::Named(Unit::Mi),
        "m" | "metre" | "metres" | "meter" | "meters" => Given::Metres,
        "s" | "sec" | "secs" | "min" | "mins" | "minute" | "minutes" | "h" | "hr" | "hrs"
        | "hour" | "hours" => return Err(LOOKS_LIKE_A_TIME.to_owned()),
        _ => return Err(not_a_distance(text)),
    };
    let number = decimal(digits).ok_or_else(|| not_a_distance(text))?;
    if !number.is_finite() {
        return Err(not_a_distance(text));
    }
    if number < 0.0 {
        return Err("A distance can't be negative.".to_owned());
    }
    let factor = match given {
        Given::Implied(unit) | Given::Named(unit) => unit.metres(),
        Given::Metres => 1.0,
    };
    let metres = (number * factor).round();
    if metres > MAX_SHOE_M as f64 {
        return Err(format!(
            "That is more than {} km, which no shoe lasts.",
            MAX_SHOE_M / 1_000
        ));
    }
    // Checked above to be at most MAX_SHOE_M.
    #[allow(clippy::cast_possible_truncation)]
    let metres = metres as i64;
    Ok(Reading {
        number,
        given,
        metres,
    })
}

/// The number in `10,000`, `1,000.5`, `5,5`, `5.5`; `None` for anything else.
fn decimal(digits: &str) -> Option<f64> {
    let unsigned = digits.trim_start_matches(['+', '-']);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let thousands = !rest.is_empty()
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let plain = if thousands && !fraction.contains(',') {
        digits.replace(',', "")
    } else if digits.matches(',').count() == 1 && !digits.contains('.') {
        digits.replace(',', ".")
    } else if digits.contains(',') {
        return None;
    } else {
        digits.to_owned()
    };
    plain.parse().ok()
}

const LOOKS_LIKE_A_TIME: &str =
    "That looks like a time. Log how far you ran, e.g. `5k` or `10000m`: pacer counts distance, not time.";

fn not_a_distance(text: &str) -> String {
    let trimmed = text.trim();
    let timeish = trimmed.contains(':')
        && trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.' || c == ' ');
    if timeish && trimmed.chars().any(|c| c.is_ascii_digit()) {
        return LOOKS_LIKE_A_TIME.to_owned();
    }
    format!(
        "“{}” is not a distance. Try `5`, `5k`, `3.1mi` or `10000m`.",
        quote(text)
    )
}

/// The distance of one run: from 100 m to 300 km, with a "did you mean" for the slips that
/// land outside (`10m`, `0.01`, a bare `5000` meant as metres).
pub fn run_distance(text: &str, unit: Unit) -> Result<i64, String> {
    let reading = read(text, unit)?;
    let metres = reading.metres;
    if metres == 0 {
        return Err("A run needs a distance above zero.".to_owned());
    }
    let shown = match reading.given {
        Given::Implied(unit) | Given::Named(unit) => unit,
        Given::Metres => unit,
    };
    if metres < MIN_RUN_M {
        let mut message =
            format!("{metres} m is shorter than any run pacer logs (at least {MIN_RUN_M} m).");
        if let Some(meant) = too_short_meant(reading) {
            message.push_str(&format!(" Did you mean {meant}?"));
        }
        return Err(message);
    }
    if metres > MAX_RUN_M {
        let mut message = format!(
            "{} is more than the {} a single run can be. Log separate runs one by one.",
            shown.show(metres),
            shown.show(MAX_RUN_M)
        );
        let as_metres = reading.number.round();
        if matches!(reading.given, Given::Implied(_))
            && (MIN_RUN_M as f64..=MAX_RUN_M as f64).contains(&as_metres)
        {
            message.push_str(&format!(
                " If you meant {} metres, write `{}m`.",
                number(as_metres),
                number(as_metres)
            ));
        }
        return Err(message);
    }
    Ok(metres)
}

/// What a run too short to be real was probably meant to be: the number in kilometres when
/// it was typed in metres, else a thousand times it in its unit.
fn too_short_meant(reading: Reading) -> Option<String> {
    let (unit, value) = match reading.given {
        Given::Metres => (Unit::Km, reading.number),
        Given::Implied(unit) | Given::Named(unit) => (unit, reading.number * 1_000.0),
    };
    // Saturates on absurd input, which the range check then refuses.
    #[allow(clippy::cast_possible_truncation)]
    let metres = (value * unit.metres()).round() as i64;
    (MIN_RUN_M..=MAX_RUN_M)
        .contains(&metres)
        .then(|| format!("{} {}", number(value), unit.code()))
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

pub use super::dates::{parse_date, Today};
pub use crate::text::{escape, quote};

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
