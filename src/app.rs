//! [`App`]: what every front end shares, built once at start.

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use tokio::sync::{watch, Notify};

use crate::config::Config;
use crate::content::Content;
use crate::store::Store;
use crate::tips::TipsApi;

/// What every front end shares: validated content and the database.
pub struct App {
    pub content: Content,
    pub store: Store,
    /// Discord's REST API for the tips commands: see [`App::tips_api`].
    tips_api: OnceLock<Arc<dyn TipsApi>>,
    /// Wakes the tip scheduler when a schedule changes.
    pub tips_changed: Notify,
    /// Turns true when pacer shuts down: the scheduler stops and waits end early.
    pub stopping: watch::Sender<bool>,
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
        let report = crate::check::inspect(&content);
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
            tips_api: OnceLock::new(),
            tips_changed: Notify::new(),
            stopping: watch::Sender::new(false),
        })
    }

    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Discord, for the tips commands; `None` in the console, which runs offline.
    pub fn tips_api(&self) -> Option<&dyn TipsApi> {
        self.tips_api.get().map(AsRef::as_ref)
    }

    /// Called once, by [`crate::startup::run`], before the front end serves anything.
    /// Set-once rather than built in: the gateway's port comes from its serenity client,
    /// which owns the HTTP client and only exists after the handler holding this `App`.
    pub(crate) fn connect_tips_api(&self, api: Arc<dyn TipsApi>) {
        if self.tips_api.set(api).is_err() {
            tracing::error!("the tips API was connected twice; the first is kept");
        }
    }
}
