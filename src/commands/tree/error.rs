//! What can be wrong with an invocation, in words for the member.

use std::fmt;

use crate::text::quote;

/// Why a raw invocation does not fit the tree. On Discord this means the member's app holds an
/// older version of the tree; in the console it is a typing mistake.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveError {
    UnknownCommand(String),
    MissingSubcommand {
        command: &'static str,
        known: Vec<&'static str>,
    },
    UnknownSubcommand {
        command: &'static str,
        given: String,
        known: Vec<&'static str>,
    },
    UnknownOption {
        usage: String,
        given: String,
    },
    RepeatedOption(&'static str),
    MissingOption {
        usage: String,
        option: &'static str,
    },
    WrongType {
        option: &'static str,
        expected: &'static str,
    },
    NotAChoice {
        option: &'static str,
        given: String,
        choices: Vec<&'static str>,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::UnknownCommand(name) => {
                write!(f, "There is no command `/{}`.", quote(name))
            }
            ResolveError::MissingSubcommand { command, known } => write!(
                f,
                "`/{command}` needs one of these subcommands: {}.",
                known.join(", ")
            ),
            ResolveError::UnknownSubcommand {
                command,
                given,
                known,
            } => write!(
                f,
                "`/{command}` has no subcommand `{}`. It has: {}.",
                quote(given),
                known.join(", ")
            ),
            ResolveError::UnknownOption { usage, given } => {
                write!(
                    f,
                    "There is no option `{}` here. Usage: `{usage}`",
                    quote(given)
                )
            }
            ResolveError::RepeatedOption(option) => {
                write!(f, "The option `{option}` was given more than once.")
            }
            ResolveError::MissingOption { usage, option } => {
                write!(f, "The option `{option}` is required. Usage: `{usage}`")
            }
            ResolveError::WrongType { option, expected } => {
                write!(f, "The option `{option}` needs {expected}.")
            }
            ResolveError::NotAChoice {
                option,
                given,
                choices,
            } => write!(
                f,
                "`{}` is not a choice for `{option}`. Pick one of: {}.",
                quote(given),
                choices.join(", ")
            ),
        }
    }
}
