//! The most characters a member can type into each free-text option, registered with Discord
//! as the option's `max_length` so the app stops them typing more. The bot still checks
//! every value itself: a crafted interaction can carry anything.

use super::{OptionKind, OptionSpec};
use crate::commands::shoes::input::{MAX_NAME_CHARS, MAX_NOTE_CHARS};

/// Discord's bounds for an option's `max_length`.
pub const MAX_LENGTH_RANGE: std::ops::RangeInclusive<u16> = 1..=6_000;

/// Free-text options without an entry here.
pub const DEFAULT_MAX_LENGTH: u16 = 100;

/// By option name: a name means the same thing wherever it is used.
// The name and note limits are a few hundred characters at most, well inside u16.
#[allow(clippy::cast_possible_truncation)]
const MAX_LENGTHS: &[(&str, u16)] = &[
    ("distance", 20),
    ("start_distance", 20),
    ("retire_at", 20),
    ("date", 20),
    ("name", MAX_NAME_CHARS as u16),
    ("brand", MAX_NAME_CHARS as u16),
    ("model", MAX_NAME_CHARS as u16),
    ("note", MAX_NOTE_CHARS as u16),
    ("schedule", 100),
    ("timezone", 64),
    ("zone", 64),
    ("number", 20),
];

/// The `max_length` to register for an option: for free text (strings without fixed
/// choices) only.
pub fn max_length(option: &OptionSpec) -> Option<u16> {
    (option.kind == OptionKind::String && option.choices.is_empty()).then(|| {
        MAX_LENGTHS
            .iter()
            .find(|(name, _)| *name == option.name)
            .map_or(DEFAULT_MAX_LENGTH, |(_, max)| *max)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::COMMANDS;

    #[test]
    fn every_free_text_option_has_a_length_within_discords_bounds() {
        let mut free_text = 0;
        for command in COMMANDS {
            for sub in command.subcommands {
                for option in sub.options {
                    match max_length(option) {
                        Some(max) => {
                            free_text += 1;
                            assert!(MAX_LENGTH_RANGE.contains(&max), "{}", option.name);
                        }
                        None => {
                            assert!(
                                option.kind != OptionKind::String || !option.choices.is_empty()
                            );
                        }
                    }
                }
            }
        }
        assert!(free_text >= 10, "{free_text}");
        let note = OptionSpec::text("note", "", false);
        assert_eq!(
            max_length(&note),
            Some(u16::try_from(MAX_NOTE_CHARS).unwrap())
        );
    }
}
