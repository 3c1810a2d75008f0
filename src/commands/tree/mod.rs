//! The command tree, declared once as data. The serenity registration payload
//! (`crate::discord::convert`), the parsing of Discord interactions and of console lines
//! (both through [`resolve`]), `/help` and `pacer check` are all derived from it.

mod error;

pub use error::ResolveError;

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
    /// Builds the typed action from options already checked against `options`.
    pub action: fn(&Args) -> Action,
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

/// A command as it arrives, before it is checked against the tree: from a Discord interaction
/// or from a console line.
#[derive(Debug, Clone, PartialEq)]
pub struct RawInvocation {
    pub command: String,
    pub subcommand: Option<String>,
    pub options: Vec<RawOption>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawOption {
    pub name: String,
    pub value: RawValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// Typed text from the console, converted according to the option's kind.
    Text(String),
    /// The option being typed during autocomplete, as typed so far.
    Focused(String),
    String(String),
    Boolean(bool),
    Channel(u64),
    /// An option type this version of pacer never declares.
    Unsupported,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Boolean(bool),
    Channel(u64),
}

/// Option values that passed the checks of [`resolve`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Args {
    values: Vec<(&'static str, Value)>,
}

impl Args {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn string(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    pub fn owned(&self, name: &str) -> Option<String> {
        self.string(name).map(str::to_owned)
    }

    pub fn channel(&self, name: &str) -> Option<u64> {
        match self.get(name) {
            Some(Value::Channel(id)) => Some(*id),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(Value::Boolean(b)) => Some(*b),
            _ => None,
        }
    }
}

/// Checks a raw invocation against the tree and builds its typed action.
pub fn resolve(commands: &[&CommandSpec], raw: &RawInvocation) -> Result<Action, ResolveError> {
    let (command, sub) = find(commands, raw)?;
    let mut args = Args::default();
    for raw_option in &raw.options {
        let spec = sub
            .options
            .iter()
            .find(|o| o.name == raw_option.name)
            .ok_or_else(|| ResolveError::UnknownOption {
                usage: sub.usage(command),
                given: raw_option.name.clone(),
            })?;
        if args.get(spec.name).is_some() {
            return Err(ResolveError::RepeatedOption(spec.name));
        }
        args.values
            .push((spec.name, convert(spec, &raw_option.value)?));
    }
    if let Some(missing) = sub
        .options
        .iter()
        .find(|o| o.required && args.get(o.name).is_none())
    {
        return Err(ResolveError::MissingOption {
            usage: sub.usage(command),
            option: missing.name,
        });
    }
    Ok((sub.action)(&args))
}

/// During autocomplete: the completer of the option being typed, and the text so far.
pub fn focused<'r>(
    commands: &[&CommandSpec],
    raw: &'r RawInvocation,
) -> Option<(Completer, &'r str)> {
    let (_, sub) = find(commands, raw).ok()?;
    raw.options.iter().find_map(|option| match &option.value {
        RawValue::Focused(typed) => sub
            .options
            .iter()
            .find(|o| o.name == option.name)
            .and_then(|spec| spec.autocomplete)
            .map(|completer| (completer, typed.as_str())),
        _ => None,
    })
}

fn find<'t>(
    commands: &[&'t CommandSpec],
    raw: &RawInvocation,
) -> Result<(&'t CommandSpec, &'t SubcommandSpec), ResolveError> {
    let command = commands
        .iter()
        .find(|c| c.name == raw.command)
        .ok_or_else(|| ResolveError::UnknownCommand(raw.command.clone()))?;
    let known = || command.subcommands.iter().map(|s| s.name).collect();
    let given = raw
        .subcommand
        .as_deref()
        .ok_or_else(|| ResolveError::MissingSubcommand {
            command: command.name,
            known: known(),
        })?;
    let sub = command
        .subcommands
        .iter()
        .find(|s| s.name == given)
        .ok_or_else(|| ResolveError::UnknownSubcommand {
            command: command.name,
            given: given.to_owned(),
            known: known(),
        })?;

    Ok((command, sub))
}

fn convert(spec: &OptionSpec, raw: &RawValue) -> Result<Value, ResolveError> {
    let wrong_type = || ResolveError::WrongType {
        option: spec.name,
        expected: spec.kind.describe(),
    };
    let value = match (spec.kind, raw) {
        (OptionKind::String, RawValue::String(s) | RawValue::Text(s) | RawValue::Focused(s)) => {
            Value::String(s.clone())
        }
        (OptionKind::Boolean, RawValue::Boolean(b)) => Value::Boolean(*b),
        (OptionKind::Boolean, RawValue::Text(t) | RawValue::Focused(t)) => {
            Value::Boolean(match t.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" => true,
                "false" | "no" => false,
                _ => return Err(wrong_type()),
            })
        }
        (OptionKind::Channel, RawValue::Channel(id)) => Value::Channel(*id),
        (OptionKind::Channel, RawValue::Text(t)) => {
            // The console takes `<#123>` or `123`.
            let digits = t.trim().trim_start_matches("<#").trim_end_matches('>');
            Value::Channel(digits.parse().map_err(|_| wrong_type())?)
        }
        _ => return Err(wrong_type()),
    };
    if let (false, Value::String(given)) = (spec.choices.is_empty(), &value) {
        let choice = spec
            .choices
            .iter()
            .find(|c| c.value.eq_ignore_ascii_case(given.trim()))
            .ok_or_else(|| ResolveError::NotAChoice {
                option: spec.name,
                given: given.clone(),
                choices: spec.choices.iter().map(|c| c.value).collect(),
            })?;
        return Ok(Value::String(choice.value.to_owned()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests;
