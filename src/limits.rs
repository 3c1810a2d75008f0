//! Discord's hard limits, checked for the command tree and for every reply. Used by
//! `pacer check`, at startup, and by tests.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

use crate::commands::tree::CommandSpec;
use crate::reply::Reply;

pub const MAX_COMMANDS: usize = 100;
pub const MAX_OPTIONS: usize = 25;
pub const MAX_TREE_CHARS: usize = 8_000;
pub const MAX_DESCRIPTION: usize = 100;
pub const MAX_CONTENT: usize = 2_000;
pub const MAX_EMBEDS: usize = 10;
pub const MAX_EMBED_TITLE: usize = 256;
pub const MAX_EMBED_DESCRIPTION: usize = 4_096;
pub const MAX_EMBED_FIELDS: usize = 25;
pub const MAX_FIELD_NAME: usize = 256;
pub const MAX_FIELD_VALUE: usize = 1_024;
pub const MAX_FOOTER: usize = 2_048;
pub const MAX_EMBEDS_TOTAL: usize = 6_000;
pub const MAX_ROWS: usize = 5;
pub const MAX_BUTTONS_PER_ROW: usize = 5;
pub const MAX_CUSTOM_ID: usize = 100;
pub const MAX_BUTTON_LABEL: usize = 80;
pub const MAX_ATTACHMENTS: usize = 10;
/// Discord's smallest upload limit (servers without boosts).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_SUGGESTIONS: usize = 25;
pub const MAX_SUGGESTION_NAME: usize = 100;

/// One broken limit: what broke it and which limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub item: String,
    pub limit: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.limit)
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

struct Checker {
    found: Vec<Violation>,
}

impl Checker {
    fn fail(&mut self, item: impl Into<String>, limit: impl Into<String>) {
        self.found.push(Violation {
            item: item.into(),
            limit: limit.into(),
        });
    }

    /// `what` must have between `min` and `max` characters.
    fn length(&mut self, item: &str, what: &str, text: &str, min: usize, max: usize) {
        let n = chars(text);
        if n < min || n > max {
            self.fail(
                item,
                format!("{what} has {n} characters (limit {min}-{max})"),
            );
        }
    }

    fn count(&mut self, item: &str, what: &str, n: usize, max: usize) {
        if n > max {
            self.fail(item, format!("{n} {what} (limit {max})"));
        }
    }

    fn name(&mut self, item: &str, name: &str) {
        static NAME: OnceLock<Regex> = OnceLock::new();
        let pattern = NAME.get_or_init(|| {
            Regex::new(r"^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$").expect("valid regex")
        });
        if !pattern.is_match(name) || name.to_lowercase() != name {
            self.fail(
                item,
                format!("name {name:?} must be 1-32 lowercase letters, digits, '-', '_' or '''"),
            );
        }
    }

    fn unique<'a>(&mut self, item: &str, names: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for name in names {
            if !seen.insert(name) {
                self.fail(item, format!("the name {name:?} is used twice"));
            }
        }
    }
}

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

pub fn check_reply(label: &str, reply: &Reply) -> Vec<Violation> {
    let mut c = Checker { found: Vec::new() };
    let content = reply.content.as_deref().unwrap_or("");
    c.length(label, "the message content", content, 0, MAX_CONTENT);
    if content.trim().is_empty() && reply.embeds.is_empty() {
        c.fail(label, "the reply is empty (needs content or an embed)");
    }
    c.count(label, "embeds", reply.embeds.len(), MAX_EMBEDS);
    let mut total = 0;
    for embed in &reply.embeds {
        let item = format!("{label}, embed {:?}", embed.title);
        c.length(&item, "the title", &embed.title, 1, MAX_EMBED_TITLE);
        c.length(
            &item,
            "the description",
            &embed.description,
            0,
            MAX_EMBED_DESCRIPTION,
        );
        c.count(&item, "fields", embed.fields.len(), MAX_EMBED_FIELDS);
        total += chars(&embed.title) + chars(&embed.description);
        for field in &embed.fields {
            let item = format!("{item}, field {:?}", field.name);
            c.length(&item, "the field name", &field.name, 1, MAX_FIELD_NAME);
            c.length(&item, "the field value", &field.value, 1, MAX_FIELD_VALUE);
            total += chars(&field.name) + chars(&field.value);
        }
        if let Some(footer) = &embed.footer {
            c.length(&item, "the footer", footer, 1, MAX_FOOTER);
            total += chars(footer);
        }
        if let Some(image) = &embed.image {
            if !reply.attachments.iter().any(|a| &a.filename == image) {
                c.fail(&item, format!("the image {image:?} is not attached"));
            }
        }
    }
    c.count(
        label,
        "attachments",
        reply.attachments.len(),
        MAX_ATTACHMENTS,
    );
    for attachment in &reply.attachments {
        if attachment.bytes.len() > MAX_ATTACHMENT_BYTES {
            c.fail(
                label,
                format!(
                    "attachment {:?} has {} bytes (limit {MAX_ATTACHMENT_BYTES})",
                    attachment.filename,
                    attachment.bytes.len()
                ),
            );
        }
    }
    if total > MAX_EMBEDS_TOTAL {
        c.fail(
            label,
            format!("all embeds together have {total} characters (limit {MAX_EMBEDS_TOTAL})"),
        );
    }
    c.count(label, "rows of buttons", reply.buttons.len(), MAX_ROWS);
    for row in &reply.buttons {
        if row.is_empty() {
            c.fail(label, "a row of buttons is empty");
        }
        c.count(label, "buttons in a row", row.len(), MAX_BUTTONS_PER_ROW);
        for button in row {
            let item = format!("{label}, button {:?}", button.label);
            c.length(&item, "the label", &button.label, 1, MAX_BUTTON_LABEL);
            c.length(&item, "the custom_id", &button.custom_id, 1, MAX_CUSTOM_ID);
        }
    }
    c.unique(label, reply.custom_ids());
    c.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tree::{Choice, OptionKind, OptionSpec, SubcommandSpec};
    use crate::commands::{Action, COMMANDS};
    use crate::reply::{Button, ButtonStyle, Embed, EmbedField};

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

    #[test]
    fn oversized_replies_are_named() {
        let field = |n: usize| EmbedField {
            name: format!("f{n}"),
            value: "v".repeat(1_000),
        };
        let reply = Reply {
            content: Some("c".repeat(2_001)),
            embeds: vec![Embed {
                title: "t".into(),
                description: "d".into(),
                fields: (0..7).map(field).collect(),
                footer: None,
                colour: None,
                image: None,
            }],
            buttons: vec![vec![
                Button {
                    label: "Yes".into(),
                    custom_id: "x".repeat(101),
                    style: ButtonStyle::Primary,
                };
                2
            ]],
            ..Reply::default()
        };
        let text: Vec<String> = check_reply("/demo", &reply)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            text.contains(
                &"/demo: the message content has 2001 characters (limit 0-2000)".to_owned()
            ),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("all embeds together have 7")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("custom_id has 101 characters")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("is used twice")), "{text:?}");
    }

    #[test]
    fn an_empty_reply_is_refused() {
        assert_eq!(check_reply("/x", &Reply::default()).len(), 1);
    }
}
