//! Parsing and checking what members type: units, nicknames, free text (distances are in
//! [`super::distance`], dates in [`super::dates`], references to pairs and runs in
//! [`super::refs`]). Every refusal is a sentence the member can act on, and never
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

    pub(super) fn metres(self) -> f64 {
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
pub(super) fn number(value: f64) -> String {
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

/// A pair's nickname: 1-40 characters on one line, kept as typed (shown escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nickname(String);

impl Nickname {
    pub fn parse(text: &str) -> Result<Nickname, String> {
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
        // Autocomplete names pairs as `id:<number>`; a nickname of that shape would be
        // ambiguous.
        if name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("id:")) {
            return Err("Nicknames can't start with `id:`.".to_owned());
        }
        Ok(Nickname(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Optional free text on one line (a brand, a model, a note): trimmed, at most a set number
/// of characters, and never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line(String);

impl Line {
    /// `None` when left out or blank; `what` names the option in the refusals.
    pub fn parse(what: &str, text: Option<&str>, max: usize) -> Result<Option<Line>, String> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if text.chars().count() > max {
            return Err(format!("The {what} can be at most {max} characters."));
        }
        if text.chars().any(char::is_control) {
            return Err(format!("The {what} must fit on one line."));
        }
        Ok(Some(Line(text.to_owned())))
    }

    /// A brand or a model.
    pub fn name_part(what: &str, text: Option<&str>) -> Result<Option<Line>, String> {
        Line::parse(what, text, MAX_NAME_CHARS)
    }

    pub fn note(text: Option<&str>) -> Result<Option<Line>, String> {
        Line::parse("note", text, MAX_NOTE_CHARS)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The text of `Option<Line>`, for the store.
pub fn text_of(line: Option<&Line>) -> Option<&str> {
    line.map(Line::as_str)
}

/// The checks of [`Nickname::parse`], giving the nickname as text: for the tests.
#[cfg(test)]
pub fn parse_name(text: &str) -> Result<String, String> {
    Nickname::parse(text).map(|n| n.0)
}

/// The checks of [`Line::parse`], giving the line as text: for the tests.
#[cfg(test)]
pub fn parse_text(what: &str, text: Option<&str>, max: usize) -> Result<Option<String>, String> {
    Ok(Line::parse(what, text, max)?.map(|l| l.0))
}

pub use super::dates::{parse_date, DateInput, Today};
pub use super::distance::DistanceInput;
#[cfg(test)]
pub use super::distance::{parse_distance, run_distance};
pub use crate::text::{escape, quote};

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
