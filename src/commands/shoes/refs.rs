//! How a command names one of the member's pairs or runs: by the id an autocomplete value
//! carries, or as the member typed it. Ids are checked against the member on every use.

use std::fmt;

use super::input::quote;

/// Autocomplete values name a pair or a run by id, so a nickname that looks like another
/// never confuses them.
pub(super) const ID_PREFIX: &str = "id:";

/// A logged run's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunId(pub i64);

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which pair an option names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShoeRef {
    /// An autocomplete value, `id:<n>`.
    Id(i64),
    /// A nickname, a part of one or a near miss, as typed.
    Name(String),
}

impl ShoeRef {
    /// `id:<n>` is an id; anything else, `id:` followed by other text included, is a name.
    pub fn parse(text: &str) -> ShoeRef {
        text.strip_prefix(ID_PREFIX)
            .and_then(|id| id.parse().ok())
            .map_or_else(|| ShoeRef::Name(text.to_owned()), ShoeRef::Id)
    }
}

impl fmt::Display for ShoeRef {
    /// What the member typed or picked, for refusals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShoeRef::Id(id) => write!(f, "{ID_PREFIX}{id}"),
            ShoeRef::Name(name) => f.write_str(name),
        }
    }
}

/// Which run an option names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRef {
    /// An autocomplete value, `id:<n>`.
    Id(RunId),
    /// Its number in `/shoes history`: 1 is the latest.
    Number(i64),
}

impl RunRef {
    /// `id:<n>`, or a run number from 1 (`3`, `#3`).
    pub fn parse(text: &str) -> Result<RunRef, String> {
        let text = text.trim();
        if let Some(id) = text.strip_prefix(ID_PREFIX).and_then(|i| i.parse().ok()) {
            return Ok(RunRef::Id(RunId(id)));
        }
        text.strip_prefix('#')
            .unwrap_or(text)
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(RunRef::Number)
            .ok_or_else(|| {
                format!(
                    "“{}” is not a run number. `/shoes history` numbers your runs, 1 for the latest: write e.g. `run:3`.",
                    quote(text)
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_and_run_numbers_are_told_apart() {
        assert_eq!(ShoeRef::parse("id:12"), ShoeRef::Id(12));
        assert_eq!(ShoeRef::parse("id:x"), ShoeRef::Name("id:x".to_owned()));
        assert_eq!(ShoeRef::parse("Racers").to_string(), "Racers");
        assert_eq!(ShoeRef::Id(12).to_string(), "id:12");
        assert_eq!(RunRef::parse(" id:7 "), Ok(RunRef::Id(RunId(7))));
        assert_eq!(RunRef::parse("# 3"), Ok(RunRef::Number(3)));
        for bad in ["0", "-1", "three", ""] {
            assert!(RunRef::parse(bad).is_err(), "{bad}");
        }
    }
}
