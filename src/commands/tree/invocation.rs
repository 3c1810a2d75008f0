//! A command as it arrives (from Discord or a console line), checked against the tree
//! into typed [`Args`] and the subcommand's action; and the option being autocompleted.

use super::{CommandSpec, OptionKind, OptionSpec, ResolveError, SubcommandSpec};
use crate::commands::{Action, Completer};

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
    /// Values as [`resolve`] would have checked them, for unit tests.
    #[cfg(test)]
    pub fn checked(values: Vec<(&'static str, Value)>) -> Args {
        Args { values }
    }

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
