//! The command tree, declared once as data. The serenity registration payload
//! (`crate::discord::convert`), the parsing of Discord interactions and of console lines
//! (both through [`resolve`]), `/help` and `pacer check` are all derived from it.

mod checks;
mod choices;
mod error;
mod invocation;
mod lengths;

pub use checks::{check_tree, tree_chars};
pub(crate) use choices::choices;
pub use error::ResolveError;
pub use invocation::{focused, resolve, Args, RawInvocation, RawOption, RawValue, Value};
pub use lengths::{max_length, MAX_LENGTH_RANGE};

use super::{Action, Completer};

/// A top-level slash command made of subcommands (`/backpain stretches`).
#[derive(Debug)]
pub struct CommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub subcommands: &'static [SubcommandSpec],
    /// Only for members with Manage Server, and only in servers. Discord hides it from
    /// others; the command's own code checks again.
    pub admin: bool,
}

#[derive(Debug)]
pub struct SubcommandSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub options: &'static [OptionSpec],
    /// Builds the typed action from options already checked against `options`. Input it
    /// cannot read becomes [`Action::Refused`] (see [`read`]).
    pub action: fn(&Args) -> Action,
}

/// The action of a spec closure that reads its options into a typed payload: `wrap`ped when
/// they read, else [`Action::Refused`] with the sentence for the member. The refusal is an
/// action, not a [`ResolveError`] (which tells the member their Discord app shows an older
/// command), so the member reads it as they would a handler's refusal.
pub fn read<T>(payload: Result<T, String>, wrap: impl FnOnce(T) -> Action) -> Action {
    payload.map_or_else(Action::Refused, wrap)
}

#[derive(Debug)]
pub struct OptionSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: OptionKind,
    pub required: bool,
    /// Fixed string choices; empty for free input.
    pub choices: &'static [Choice],
    /// Suggestions while the member types; exclusive with `choices`.
    pub autocomplete: Option<Completer>,
}

impl OptionSpec {
    /// A free-text option with no choices and no suggestions.
    pub const fn text(name: &'static str, description: &'static str, required: bool) -> OptionSpec {
        OptionSpec {
            name,
            description,
            kind: OptionKind::String,
            required,
            choices: &[],
            autocomplete: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    String,
    Boolean,
    /// A text or announcement channel of the server.
    Channel,
}

impl OptionKind {
    /// The placeholder in a usage line, e.g. `name:<text>`.
    fn placeholder(self) -> &'static str {
        match self {
            OptionKind::String => "<text>",
            OptionKind::Boolean => "true|false",
            OptionKind::Channel => "<#channel>",
        }
    }

    /// What a value must be, for error messages.
    fn describe(self) -> &'static str {
        match self {
            OptionKind::String => "some text",
            OptionKind::Boolean => "true or false",
            OptionKind::Channel => "a channel",
        }
    }
}

#[derive(Debug)]
pub struct Choice {
    /// What Discord shows the member.
    pub label: &'static str,
    /// What the bot receives.
    pub value: &'static str,
}

impl SubcommandSpec {
    /// One line of usage, e.g. `/backpain stretches [when:before|after]`.
    pub fn usage(&self, command: &CommandSpec) -> String {
        let mut line = format!("/{} {}", command.name, self.name);
        for option in self.options {
            let shape = if option.choices.is_empty() {
                format!("{}:{}", option.name, option.kind.placeholder())
            } else {
                let values: Vec<_> = option.choices.iter().map(|c| c.value).collect();
                format!("{}:{}", option.name, values.join("|"))
            };
            if option.required {
                line.push_str(&format!(" {shape}"));
            } else {
                line.push_str(&format!(" [{shape}]"));
            }
        }
        line
    }
}

#[cfg(test)]
mod tests;
