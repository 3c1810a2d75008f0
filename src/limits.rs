//! Discord's hard limits, checked for every reply here and for the command tree in
//! `crate::commands::tree`. Used by
//! `pacer check`, at startup, and by tests.

use std::collections::HashSet;
use std::fmt;

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

pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Collects the violations of one check; shared with the command tree's checks
/// (`crate::commands::tree`).
pub(crate) struct Checker {
    pub(crate) found: Vec<Violation>,
}

impl Checker {
    pub(crate) fn fail(&mut self, item: impl Into<String>, limit: impl Into<String>) {
        self.found.push(Violation {
            item: item.into(),
            limit: limit.into(),
        });
    }

    /// `what` must have between `min` and `max` characters.
    pub(crate) fn length(&mut self, item: &str, what: &str, text: &str, min: usize, max: usize) {
        let n = chars(text);
        if n < min || n > max {
            self.fail(
                item,
                format!("{what} has {n} characters (limit {min}-{max})"),
            );
        }
    }

    pub(crate) fn count(&mut self, item: &str, what: &str, n: usize, max: usize) {
        if n > max {
            self.fail(item, format!("{n} {what} (limit {max})"));
        }
    }

    pub(crate) fn name(&mut self, item: &str, name: &str) {
        let length = name.chars().count();
        let allowed = (1..=MAX_NAME).contains(&length) && name.chars().all(name_char);
        if !allowed || name.to_lowercase() != name {
            self.fail(
                item,
                format!("name {name:?} must be 1-32 lowercase letters, digits, '-', '_' or '''"),
            );
        }
    }

    pub(crate) fn unique<'a>(&mut self, item: &str, names: impl Iterator<Item = &'a str>) {
        let mut seen = HashSet::new();
        for name in names {
            if !seen.insert(name) {
                self.fail(item, format!("the name {name:?} is used twice"));
            }
        }
    }
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

/// The longest command or option name Discord takes.
const MAX_NAME: usize = 32;

/// A character Discord allows in a command or option name: `-`, `_`, `'`, letters and digits
/// of any script, and Devanagari and Thai (whose vowel signs are marks, not letters).
/// `char::is_alphanumeric` also lets through a few letter-like numerals and marks that
/// Discord's pattern does not name; pacer's own names are ASCII. A plain function rather than
/// a Unicode regex: the compiled regex held about 2.5 MB for the life of the process.
fn name_char(c: char) -> bool {
    matches!(c, '-' | '_' | '\'')
        || c.is_alphanumeric()
        || matches!(c, '\u{0900}'..='\u{097F}' | '\u{A8E0}'..='\u{A8FF}' | '\u{0E00}'..='\u{0E7F}')
}

#[cfg(test)]
mod tests;
