//! What the front ends count: each interaction's outcome and time, refusals at the bound on
//! database work, and reconnects.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::gate::Gate;
use crate::commands::{self, Caller, Label};
use crate::reply::Reply;
use crate::telemetry;
use crate::App;

/// An action started, or refused at the bound on database work.
pub(crate) enum Started {
    /// Runs on its own task; its reply comes from the handle.
    Running(JoinHandle<Reply>),
    /// Not run, so nothing was saved: the reply saying pacer is busy, to send at once.
    Busy(Reply),
}

/// Runs an action on its own task, so that it finishes even if Discord's deadline passes, and
/// counts it under `label`. Database work takes a place under `gate` first and keeps it
/// until it finishes; with none free it is not run (`/backpain` never waits for one).
pub(crate) fn spawn(
    app: &Arc<App>,
    gate: &Gate,
    caller: Caller,
    action: commands::Action,
    label: Label,
    kind: &'static str,
) -> Started {
    let pass = if action.needs_store() {
        let Some(pass) = gate.enter(kind) else {
            label.record(commands::Outcome::Shed, Duration::ZERO);
            return Started::Busy(Reply::notice(commands::BUSY));
        };
        Some(pass)
    } else {
        None
    };
    let app = Arc::clone(app);
    Started::Running(tokio::spawn(async move {
        let _pass = pass;
        let started = Instant::now();
        let (reply, outcome) = commands::execute_measured(&app, &caller, action).await;
        label.record(outcome, started.elapsed());
        reply
    }))
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
