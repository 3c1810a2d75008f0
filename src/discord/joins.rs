//! Server joins written in batches. After READY Discord sends one `GUILD_CREATE` per server,
//! thousands at once for a big bot; each handler hands over just the server's id and returns,
//! so the full server it was given is freed at once instead of waiting for its own write.
//! One task writes what has arrived in one transaction at a time.

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::telemetry;
use crate::App;

/// Servers written in one transaction at most.
const BATCH: usize = 1_000;

/// Where `GUILD_CREATE` handlers send the servers pacer is in.
pub(crate) struct Joins(mpsc::UnboundedSender<u64>);

impl Joins {
    /// The sender and the writer's task, which ends once pacer is stopping and everything
    /// sent before then is written.
    pub(crate) fn start(app: Arc<App>) -> (Joins, JoinHandle<()>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        (Joins(sender), tokio::spawn(write(app, receiver)))
    }

    pub(crate) fn record(&self, guild_id: u64) {
        if self.0.send(guild_id).is_err() {
            // Only while shutting down; the next READY lists the server again.
            tracing::debug!(guild_id, "stopping: server join not recorded");
        }
    }
}

async fn write(app: Arc<App>, mut joined: mpsc::UnboundedReceiver<u64>) {
    let mut stopping = app.stopping.subscribe();
    let mut closed = false;
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let count = if closed {
            joined.recv_many(&mut batch, BATCH).await
        } else {
            tokio::select! {
                count = joined.recv_many(&mut batch, BATCH) => count,
                _ = stopping.wait_for(|stopping| *stopping) => {
                    // No more sends; what is queued is still written below.
                    joined.close();
                    closed = true;
                    continue;
                }
            }
        };
        if count == 0 {
            return;
        }
        if let Err(error) = app.store.guilds().joined_many(&batch, Utc::now()).await {
            telemetry::database_error(&error);
            tracing::error!(
                error = format!("{error:#}"),
                guilds = batch.len(),
                first_guild_id = batch.first().copied(),
                "cannot record guilds"
            );
        }
        batch.clear();
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
        let (joins, writer) = Joins::start(Arc::clone(&app));
        // More than one batch, with a repeat.
        for guild_id in (1..=2_500).chain([7]) {
            joins.record(guild_id);
        }
        app.stopping.send_replace(true);
        writer.await.unwrap();
        let guilds = app.store.guilds();
        assert_eq!(guilds.count().await.unwrap(), 2_500);
        joins.record(9_999);
        assert!(
            !guilds.contains(9_999).await.unwrap(),
            "the writer has stopped"
        );
    }
}
