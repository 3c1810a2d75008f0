//! Operating pacer: Prometheus metrics and the health check (served on `PACER_METRICS_ADDR`,
//! see [`Telemetry`]) and the log format ([`logs`]).
//!
//! Code records with one call at a few central points: the command core's entry, the Discord
//! adapter and the tip scheduler's step. Without `PACER_METRICS_ADDR` no recorder is
//! installed and every call does next to nothing. Labels are names from the static command
//! tree and fixed words only: never a member's id, name or anything they typed.

pub mod logs;
mod serve;

use std::time::Duration;

use metrics::{counter, histogram};

pub use serve::{FrontEndHealth, Probe, Telemetry};

/// Interactions handled, by `kind` (command, button, autocomplete), `command` and `outcome`.
pub const INTERACTIONS: &str = "pacer_interactions_total";
/// Time to work out the reply, by `kind` and `command`.
pub const INTERACTION_SECONDS: &str = "pacer_interaction_duration_seconds";
/// Errors from the database, whatever asked.
pub const DATABASE_ERRORS: &str = "pacer_database_errors_total";
/// Gateway sessions resumed or identified again after the first.
pub const GATEWAY_RECONNECTS: &str = "pacer_gateway_reconnects_total";
/// Scheduled tips by `outcome`: posted, failed, disabled, skipped.
pub const TIPS: &str = "pacer_tips_total";
/// Tip schedules that are on (not paused, not disabled) for this process's shards.
pub const TIP_SCHEDULES: &str = "pacer_tip_schedules";
/// Gateway shards of this process that are connected.
pub const SHARDS_RUNNING: &str = "pacer_shards_running";
/// 1 when the database answered the last health check, else 0.
pub const DATABASE_UP: &str = "pacer_database_up";
/// Interactions answered "busy" at once because the bound on database work was reached, by
/// `kind`.
pub const SHED: &str = "pacer_interactions_shed_total";
/// Interactions doing database work right now (at most `PACER_MAX_IN_FLIGHT`).
pub const IN_FLIGHT: &str = "pacer_interactions_in_flight";

/// Seconds: from well under a millisecond (content) to past Discord's 3 s deadline.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 10.0,
];

/// The `# HELP` lines.
fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        INTERACTIONS,
        "Interactions handled, by kind, command and outcome."
    );
    describe_histogram!(
        INTERACTION_SECONDS,
        Unit::Seconds,
        "Time to work out the reply to an interaction."
    );
    describe_counter!(DATABASE_ERRORS, "Errors from the database.");
    describe_counter!(
        GATEWAY_RECONNECTS,
        "Gateway sessions resumed or identified again."
    );
    describe_counter!(TIPS, "Scheduled tips, by outcome.");
    describe_gauge!(
        TIP_SCHEDULES,
        "Tip schedules that are on, for this process's shards."
    );
    describe_gauge!(
        SHARDS_RUNNING,
        "Gateway shards of this process that are connected."
    );
    describe_gauge!(
        DATABASE_UP,
        "1 when the database answered the last health check."
    );
    describe_counter!(
        SHED,
        "Interactions answered busy at once: the bound on database work was reached."
    );
    describe_gauge!(IN_FLIGHT, "Interactions doing database work right now.");
}

/// Counts one interaction (`kind` and `command` from [`crate::commands::Label`]) and how
/// long its reply took to work out.
pub fn interaction(kind: &'static str, command: &str, outcome: &'static str, elapsed: Duration) {
    counter!(INTERACTIONS, "kind" => kind, "command" => command.to_owned(),
        "outcome" => outcome)
    .increment(1);
    histogram!(INTERACTION_SECONDS, "kind" => kind, "command" => command.to_owned())
        .record(elapsed.as_secs_f64());
}

/// Counts `error` if the database raised it (anywhere in its chain).
pub fn database_error(error: &anyhow::Error) {
    if error
        .chain()
        .any(|cause| cause.downcast_ref::<sqlx::Error>().is_some())
    {
        counter!(DATABASE_ERRORS).increment(1);
    }
}

pub fn gateway_reconnect() {
    counter!(GATEWAY_RECONNECTS).increment(1);
}

/// Counts a scheduled tip by how it ended.
pub fn tip(outcome: &'static str) {
    counter!(TIPS, "outcome" => outcome).increment(1);
}

/// Counts one interaction of `kind` refused at the bound on database work.
pub fn shed(kind: &'static str) {
    counter!(SHED, "kind" => kind).increment(1);
}

/// One more (`1.0`) or one fewer (`-1.0`) interaction doing database work.
pub fn in_flight(change: f64) {
    metrics::gauge!(IN_FLIGHT).increment(change);
}
