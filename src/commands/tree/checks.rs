//! The command tree against Discord's limits (`crate::limits`): names, descriptions, counts,
//! choices and the characters of the whole tree. Run by `pacer check`, at startup and in
//! tests.

use super::{max_length, CommandSpec, MAX_LENGTH_RANGE};
use crate::limits::{
    chars, Checker, Violation, MAX_COMMANDS, MAX_DESCRIPTION, MAX_OPTIONS, MAX_TREE_CHARS,
};

/// Characters that count towards the 8,000-character limit of the whole tree.
pub fn tree_chars(commands: &[&CommandSpec]) -> usize {
    let mut total = 0;
    for command in commands {
        total += chars(command.name) + chars(command.description);
        for sub in command.subcommands {
            total += chars(sub.name) + chars(sub.description);
            for option in sub.options {
                total += chars(option.name) + chars(option.description);
                for choice in option.choices {
                    total += chars(choice.label) + chars(choice.value);
                }
            }
        }
    }
    total
}

pub fn check_tree(commands: &[&CommandSpec]) -> Vec<Violation> {
    let mut c = Checker { found: Vec::new() };
    c.count("command tree", "commands", commands.len(), MAX_COMMANDS);
    c.unique("command tree", commands.iter().map(|cmd| cmd.name));
    let total = tree_chars(commands);
    if total > MAX_TREE_CHARS {
        c.fail(
            "command tree",
            format!(
                "{total} characters of names, descriptions and choices (limit {MAX_TREE_CHARS})"
            ),
        );
    }
    for command in commands {
        let item = format!("/{}", command.name);
        c.name(&item, command.name);
        c.length(
            &item,
            "description",
            command.description,
            1,
            MAX_DESCRIPTION,
        );
        c.count(&item, "subcommands", command.subcommands.len(), MAX_OPTIONS);
        c.unique(&item, command.subcommands.iter().map(|s| s.name));
        for sub in command.subcommands {
            let item = format!("/{} {}", command.name, sub.name);
            c.name(&item, sub.name);
            c.length(&item, "description", sub.description, 1, MAX_DESCRIPTION);
            c.count(&item, "options", sub.options.len(), MAX_OPTIONS);
            c.unique(&item, sub.options.iter().map(|o| o.name));
            for option in sub.options {
                let item = format!("/{} {} {}", command.name, sub.name, option.name);
                c.name(&item, option.name);
                c.length(&item, "description", option.description, 1, MAX_DESCRIPTION);
                c.count(&item, "choices", option.choices.len(), MAX_OPTIONS);
                if let Some(max) = max_length(option) {
                    if !MAX_LENGTH_RANGE.contains(&max) {
                        c.fail(&item, format!("max_length {max} (limit 1-6000)"));
                    }
                }
                if !option.choices.is_empty() && option.autocomplete.is_some() {
                    c.fail(&item, "choices and autocomplete cannot be used together");
                }
                for choice in option.choices {
                    c.length(&item, "a choice label", choice.label, 1, MAX_DESCRIPTION);
                    c.length(&item, "a choice value", choice.value, 1, MAX_DESCRIPTION);
                }
            }
        }
    }
    c.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tree::{Choice, OptionKind, OptionSpec, SubcommandSpec};
    use crate::commands::{Action, COMMANDS};

    #[test]
    fn the_real_tree_is_within_limits() {
        assert_eq!(check_tree(COMMANDS), vec![]);
        assert!(tree_chars(COMMANDS) < MAX_TREE_CHARS);
    }

    fn noop(_: &crate::commands::tree::Args) -> Action {
        Action::Backpain(crate::commands::backpain::Action::Plan)
    }

    #[test]
    fn bad_names_descriptions_and_counts_are_named() {
        const LONG: &str = "This description runs on for longer than the one hundred characters that Discord allows, by just one.";
        static BAD: CommandSpec = CommandSpec {
            name: "Back Pain",
            description: LONG,
            subcommands: &[SubcommandSpec {
                name: "x",
                description: "",
                options: &[OptionSpec {
                    name: "when",
                    description: "ok",
                    kind: OptionKind::String,
                    required: false,
                    choices: &[Choice {
                        label: "",
                        value: "v",
                    }],
                    autocomplete: None,
                }],
                action: noop,
            }],
            admin: false,
        };
        let found = check_tree(&[&BAD]);
        let text: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t.starts_with("/Back Pain: name")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("description has 101 characters (limit 1-100)")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("/Back Pain x: description has 0")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("a choice label has 0")),
            "{text:?}"
        );
    }
}
