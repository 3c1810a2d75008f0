//! `pacer check`: content and command tree against our schema and Discord's limits.

use std::fmt;

use crate::commands::{every_static_reply, COMMANDS};
use crate::content::Content;
use crate::limits::{check_reply, check_tree, tree_chars, Violation, MAX_TREE_CHARS};

#[derive(Debug)]
pub struct Report {
    pub commands: usize,
    pub subcommands: usize,
    pub tree_chars: usize,
    pub pages: usize,
    pub items: usize,
    pub questions: usize,
    pub sources: usize,
    pub replies: usize,
    pub violations: Vec<Violation>,
}

/// Checks the tree and renders every content reply against Discord's limits.
pub fn inspect(content: &Content) -> Report {
    let mut violations = check_tree(COMMANDS);
    let replies = every_static_reply(content);
    for (label, reply) in &replies {
        violations.extend(check_reply(label, reply));
    }
    let pages = content.pages();
    Report {
        commands: COMMANDS.len(),
        subcommands: COMMANDS.iter().map(|c| c.subcommands.len()).sum(),
        tree_chars: tree_chars(COMMANDS),
        pages: pages.len(),
        items: pages.iter().map(|(_, p)| p.items.len()).sum(),
        questions: content.triage.questions.len(),
        sources: content.common.sources.len(),
        replies: replies.len(),
        violations,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "commands: {} with {} subcommands, tree {} of {} characters",
            self.commands, self.subcommands, self.tree_chars, MAX_TREE_CHARS
        )?;
        writeln!(
            f,
            "content:  {} pages, {} items, {} triage questions, {} sources",
            self.pages, self.items, self.questions, self.sources
        )?;
        writeln!(
            f,
            "replies:  {} checked against Discord's limits",
            self.replies
        )?;
        if self.violations.is_empty() {
            write!(f, "OK")
        } else {
            for violation in &self.violations {
                writeln!(f, "FAIL {violation}")?;
            }
            write!(f, "{} problem(s) found", self.violations.len())
        }
    }
}
