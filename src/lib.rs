//! pacer: a Discord bot for running clubs.
//!
//! The command core (`commands`) takes plain typed input and returns a plain [`reply::Reply`];
//! `discord` is the only module that knows serenity, `console` is the offline front end, and
//! `store` holds all SQL.

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod content;
pub mod discord;
// `fit` checks replies against every limit in `limits`; the glob keeps that list in one place.
#[allow(clippy::wildcard_imports)]
pub mod fit;
pub mod hex;
pub mod http;
pub mod ids;
pub mod limits;
#[cfg(test)]
// Property tests still being written: doc wording and test-only casts of small counts.
#[allow(clippy::doc_markdown, clippy::cast_possible_wrap)]
mod proptests;
pub mod reply;
pub mod shards;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod wear;

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use tokio::sync::{watch, Notify};

use crate::config::Config;
use crate::content::Content;
use crate::store::Store;

/// What every front end shares: validated content and the database.
pub struct App {
    pub content: Content,
    pub store: Store,
    /// Discord, for the tips feature; unset in the console, which runs offline.
    pub discord: OnceLock<Arc<dyn tips::TipsApi>>,
    /// Wakes the tip scheduler when a schedule changes.
    pub tips_changed: Notify,
    /// Turns true when pacer shuts down: the scheduler stops and waits end early.
    pub stopping: watch::Sender<bool>,
}

impl App {
    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }
}

impl App {
    /// Loads and validates the content (every reply against Discord's limits too), then opens
    /// the database and applies migrations. Fails fast with a message naming the problem.
    pub async fn start(config: &Config) -> anyhow::Result<App> {
        let dir = config.content_dir.as_deref();
        let content = Content::open(dir).with_context(|| match dir {
            Some(dir) => format!(
                "content in {} is not valid (PACER_CONTENT_DIR)",
                dir.display()
            ),
            None => "the built-in content is not valid".to_owned(),
        })?;
        let report = check::inspect(&content);
        if let Some(first) = report.violations.first() {
            anyhow::bail!(
                "content breaks a Discord limit: {first} ({} problem(s); run `pacer check`)",
                report.violations.len()
            );
        }
        let store = Store::open(&config.database_url).await?;
        Ok(App {
            content,
            store,
            discord: OnceLock::new(),
            tips_changed: Notify::new(),
            stopping: watch::Sender::new(false),
        })
    }
}
pub mod tips;
