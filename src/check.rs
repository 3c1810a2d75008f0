//! `pacer check`: content and command tree against our schema and Discord's limits.

use std::fmt;

use chrono::{Months, NaiveDate, Utc};

use crate::commands::tree::{check_tree, tree_chars};
use crate::commands::{every_static_reply, COMMANDS};
use crate::content::Content;
use crate::limits::{check_reply, Violation, MAX_TREE_CHARS};

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
    /// Content whose reviewed date is more than a year old: a warning, or a failure with
    /// `pacer check --strict`.
    pub stale: Vec<String>,
}

/// Content should be reviewed at least this often.
const REVIEW_EVERY: Months = Months::new(12);

/// Checks the tree and renders every content reply against Discord's limits.
pub fn inspect(content: &Content) -> Report {
    inspect_on(content, Utc::now().date_naive())
}

/// [`inspect`] as of `today`.
pub fn inspect_on(content: &Content, today: NaiveDate) -> Report {
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
        stale: stale(content, today),
    }
}

impl Report {
    /// Whether `pacer check` passes: no limit broken, and with `strict` nothing stale either.
    pub fn passes(&self, strict: bool) -> bool {
        self.violations.is_empty() && (!strict || self.stale.is_empty())
    }
}

/// Every item, question and tip last reviewed over a year before `today`.
fn stale(content: &Content, today: NaiveDate) -> Vec<String> {
    let Some(due) = today.checked_sub_months(REVIEW_EVERY) else {
        return Vec::new();
    };
    let mut dated: Vec<(String, NaiveDate)> = Vec::new();
    for (file, page) in content.pages() {
        dated.extend(
            page.items
                .iter()
                .map(|i| (format!("{file}, {}", i.name), i.reviewed)),
        );
    }
    let questions = content.triage.questions.iter();
    dated.extend(questions.map(|q| (format!("backpain/triage.toml, {}", q.id), q.reviewed)));
    let tips = content.tips.iter();
    dated.extend(tips.map(|t| (format!("tips.toml, {}", t.id), t.reviewed)));
    dated
        .into_iter()
        .filter(|(_, reviewed)| *reviewed < due)
        .map(|(item, reviewed)| format!("{item}: last reviewed {reviewed}, over 12 months ago"))
        .collect()
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
        for item in &self.stale {
            writeln!(f, "WARN {item}")?;
        }
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
