//! Distances as members type them. The text is read where the command arrives
//! ([`DistanceInput::parse`]); the metres it makes, and whether they fit a run or a shoe, wait
//! for the member's unit, since a bare `5` means 5 of whatever unit they chose.

use super::input::{number, quote, Unit, MAX_RUN_M, MAX_SHOE_M, MIN_RUN_M};

/// Which unit the text named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A bare number, in the member's unit.
    Nothing,
    Unit(Unit),
    Metres,
}

/// A distance as typed: a number that is not negative, and the unit written after it, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceInput {
    number: f64,
    named: Named,
}

impl DistanceInput {
    /// Reads `5`, `5.5`, `5,5`, `5k`, `5 km`, `3.1mi`, `3.1 miles`, `10000m`, `10,000m`. A
    /// comma followed by groups of three digits separates thousands (`10,000`); any other
    /// single comma is a decimal point (`5,5`).
    pub fn parse(text: &str) -> Result<DistanceInput, String> {
        let cleaned = text.trim().to_lowercase();
        let split = cleaned
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
            .unwrap_or(cleaned.len());
        let (digits, suffix) = cleaned.split_at(split);
        let named = match suffix.trim() {
            "" => Named::Nothing,
            "k" | "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
                Named::Unit(Unit::Km)
            }
            "mi" | "mile" | "miles" => Named::Unit(Unit::Mi),
            "m" | "metre" | "metres" | "meter" | "meters" => Named::Metres,
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
        Ok(DistanceInput { number, named })
    }

    /// The unit the number is in: the one named, or the member's.
    fn unit(self, member: Unit) -> Unit {
        match self.named {
            Named::Unit(unit) => unit,
            Named::Nothing | Named::Metres => member,
        }
    }

    /// Whole metres, for a member whose unit is `unit`; zero is allowed, callers set their
    /// bounds. More than any shoe lasts is refused.
    pub fn metres(self, unit: Unit) -> Result<i64, String> {
        let factor = match self.named {
            Named::Metres => 1.0,
            Named::Nothing | Named::Unit(_) => self.unit(unit).metres(),
        };
        let metres = (self.number * factor).round();
        if metres > MAX_SHOE_M as f64 {
            return Err(format!(
                "That is more than {} km, which no shoe lasts.",
                MAX_SHOE_M / 1_000
            ));
        }
        // Checked above to be at most MAX_SHOE_M, and the number is not negative.
        #[allow(clippy::cast_possible_truncation)]
        Ok(metres as i64)
    }

    /// The distance of one run: from 100 m to 300 km, with a "did you mean" for the slips that
    /// land outside (`10m`, `0.01`, a bare `5000` meant as metres).
    pub fn run_metres(self, unit: Unit) -> Result<i64, String> {
        let metres = self.metres(unit)?;
        if metres == 0 {
            return Err("A run needs a distance above zero.".to_owned());
        }
        if metres < MIN_RUN_M {
            let mut message =
                format!("{metres} m is shorter than any run pacer logs (at least {MIN_RUN_M} m).");
            if let Some(meant) = self.too_short_meant(unit) {
                message.push_str(&format!(" Did you mean {meant}?"));
            }
            return Err(message);
        }
        if metres > MAX_RUN_M {
            let shown = self.unit(unit);
            let mut message = format!(
                "{} is more than the {} a single run can be. Log separate runs one by one.",
                shown.show(metres),
                shown.show(MAX_RUN_M)
            );
            let as_metres = self.number.round();
            if self.named == Named::Nothing
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

    /// A retirement distance: above zero, and no more than any shoe lasts.
    pub fn retire_metres(self, unit: Unit) -> Result<i64, String> {
        match self.metres(unit)? {
            0 => Err("The retirement distance must be above zero.".to_owned()),
            metres => Ok(metres),
        }
    }

    /// What a run too short to be real was probably meant to be: the number in kilometres
    /// when it was typed in metres, else a thousand times it in its unit.
    fn too_short_meant(self, member: Unit) -> Option<String> {
        let (unit, value) = match self.named {
            Named::Metres => (Unit::Km, self.number),
            Named::Nothing | Named::Unit(_) => (self.unit(member), self.number * 1_000.0),
        };
        // Saturates on absurd input, which the range check then refuses.
        #[allow(clippy::cast_possible_truncation)]
        let metres = (value * unit.metres()).round() as i64;
        (MIN_RUN_M..=MAX_RUN_M)
            .contains(&metres)
            .then(|| format!("{} {}", number(value), unit.code()))
    }
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

/// A distance of text in whole metres, for a member whose unit is `unit`: for the tests.
#[cfg(test)]
pub fn parse_distance(text: &str, unit: Unit) -> Result<i64, String> {
    DistanceInput::parse(text)?.metres(unit)
}

/// The distance of one run in whole metres, for a member whose unit is `unit`: for the
/// tests.
#[cfg(test)]
pub fn run_distance(text: &str, unit: Unit) -> Result<i64, String> {
    DistanceInput::parse(text)?.run_metres(unit)
}
