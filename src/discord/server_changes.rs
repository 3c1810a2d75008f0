//! Servers joined and left, written in order by one task. After READY Discord sends one
//! `GUILD_CREATE` per server, thousands at once for a big bot; each handler hands over just
//! the server's id and returns, so the full server it was given is freed at once instead of
//! waiting for its own write, and the joins that have arrived are written in one transaction.
//! A removal goes through the same queue, so that it can never be overtaken by a join of the
//! same server still waiting to be written.

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::telemetry;
use crate::App;

/// Changes taken from the queue at once; the joins among them go in one transaction.
const BATCH: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Joined(u64),
    Left(u64),
}

/// Where the gateway handlers send the servers pacer joins and leaves.
pub(crate) struct ServerChanges(mpsc::UnboundedSender<Change>);

impl ServerChanges {
    /// The sender and the writer's task, which ends once pacer is stopping and everything
    /// sent before then is written.
    pub(crate) fn start(app: Arc<App>) -> (ServerChanges, JoinHandle<()>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        (ServerChanges(sender), tokio::spawn(write(app, receiver)))
    }

    pub(crate) fn joined(&self, guild_id: u64) {
        self.send(Change::Joined(guild_id));
    }

    /// pacer was removed from the server: its data is deleted.
    pub(crate) fn left(&self, guild_id: u64) {
        self.send(Change::Left(guild_id));
    }

    fn send(&self, change: Change) {
        if self.0.send(change).is_err() {
            // Only while shutting down; the next READY tells the servers pacer is in.
            tracing::debug!(?change, "stopping: server change not recorded");
        }
    }
}

async fn write(app: Arc<App>, mut changes: mpsc::UnboundedReceiver<Change>) {
    let mut stopping = app.stopping.subscribe();
    let mut closed = false;
    let mut received = Vec::with_capacity(BATCH);
    loop {
        let count = if closed {
            changes.recv_many(&mut received, BATCH).await
        } else {
            tokio::select! {
                count = changes.recv_many(&mut received, BATCH) => count,
                _ = stopping.wait_for(|stopping| *stopping) => {
                    // No more sends; what is queued is still written below.
                    changes.close();
                    closed = true;
                    continue;
                }
            }
        };
        if count == 0 {
            return;
        }
        let mut joins = Vec::with_capacity(received.len());
        for change in received.drain(..) {
            match change {
                Change::Joined(guild_id) => joins.push(guild_id),
                Change::Left(guild_id) => {
                    record_joins(&app, &mut joins).await;
                    forget(&app, guild_id).await;
                }
            }
        }
        record_joins(&app, &mut joins).await;
    }
}

async fn record_joins(app: &App, joins: &mut Vec<u64>) {
    if joins.is_empty() {
        return;
    }
    if let Err(error) = app.store.guilds().joined_many(joins, Utc::now()).await {
        telemetry::database_error(&error);
        tracing::error!(
            error = format!("{error:#}"),
            guilds = joins.len(),
            first_guild_id = joins.first().copied(),
            "cannot record guilds"
        );
    }
    joins.clear();
}

async fn forget(app: &App, guild_id: u64) {
    match app.store.guilds().left(guild_id).await {
        Ok(()) => tracing::info!(guild_id, "removed from a server; its data is deleted"),
        Err(error) => {
            telemetry::database_error(&error);
            tracing::error!(
                error = format!("{error:#}"),
                guild_id,
                "cannot forget guild"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_join_received_before_stopping_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("pacer.db").display());
        let app = Arc::new(super::super::replay::offline_app(&url).await.unwrap());
        let (changes, writer) = ServerChanges::start(Arc::clone(&app));
        // More than one batch, with a repeat.
        for guild_id in (1..=2_500).chain([7]) {
            changes.joined(guild_id);
        }
        app.stopping.send_replace(true);
        writer.await.unwrap();
        let guilds = app.store.guilds();
        assert_eq!(guilds.count().await.unwrap(), 2_500);
        changes.joined(9_999);
        assert!(
            !guilds.contains(9_999).await.unwrap(),
            "the writer has stopped"
        );
    }

    #[tokio::test]
    async fn a_removal_is_never_overtaken_by_an_earlier_join() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("pacer.db").display());
        let app = Arc::new(super::super::replay::offline_app(&url).await.unwrap());
        let (changes, writer) = ServerChanges::start(Arc::clone(&app));
        // Queued together, so that the joins and the removal reach the writer in one batch.
        changes.joined(1);
        changes.joined(2);
        changes.left(1);
        changes.joined(3);
        app.stopping.send_replace(true);
        writer.await.unwrap();
        let guilds = app.store.guilds();
        assert!(!guilds.contains(1).await.unwrap(), "joined, then removed");
        assert!(guilds.contains(2).await.unwrap());
        assert!(guilds.contains(3).await.unwrap());
    }
}
