//! What the gateway adapter counts: each interaction's outcome and time, and reconnects.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use tokio::task::JoinHandle;

use crate::commands::{self, Caller, Label};
use crate::reply::Reply;
use crate::telemetry;
use crate::App;

/// Runs an action on its own task, so that it finishes even if Discord's deadline passes, and
/// counts it under `label`.
pub(crate) fn spawn(
    app: &Arc<App>,
    caller: Caller,
    action: commands::Action,
    label: Label,
) -> JoinHandle<Reply> {
    let app = Arc::clone(app);
    tokio::spawn(async move {
        let started = Instant::now();
        let (reply, outcome) = commands::execute_measured(&app, &caller, action).await;
        label.record(outcome, started.elapsed());
        reply
    })
}

/// The shards that had a READY: another one for a shard means its session was identified
/// again, a reconnect (a resumed session is counted on RESUMED).
#[derive(Debug, Default)]
pub struct Sessions(Mutex<HashSet<u32>>);

impl Sessions {
    pub fn ready(&self, shard: u32) {
        let first = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(shard);
        if !first {
            telemetry::gateway_reconnect();
        }
    }
}
