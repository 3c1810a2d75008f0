//! Weekly warm-up tips: the schedule grammar (`schedule`), each server's shuffled rotation
//! (`rotation`), delivery with its retry policy (`deliver`, `failure`), and the scheduler: a
//! loop (`scheduler`) around one step (`step`, [`Scheduler::run_due`]), with the clock and
//! Discord injected through the port (`port`). The port speaks in this module's terms: a
//! refused channel comes back as a [`Refusal`], read from Discord's answer by the adapter
//! (`crate::discord`), which alone knows Discord's error codes.
//!
//! Exactly once: a due post is claimed with a compare-and-set on the schedule's next-run
//! column before anything is sent, so two pacer processes on one database never post the
//! same due time twice. After downtime a missed post within the grace window goes out once,
//! late; an older one is skipped; either way the schedule moves to its next future run, so
//! there is never a backlog.
//!
//! The weekly club digest (`digest`) is a second [`Kind`] of scheduled post: its own table
//! with the same columns, the same claim, delivery and failure handling.

mod deliver;
pub mod digest;
mod failure;
mod kind;
mod pace;
mod phrases;
mod port;
mod rotation;
pub mod schedule;
mod scheduler;
mod step;
pub mod zones;

pub use deliver::{deliver, exponential_backoff, Delivery, OnRefusal};
pub use failure::{PostError, Refusal, TRY_AGAIN};
pub use kind::{Kind, Post};
pub use pace::Pace;
pub use port::{Clock, SystemClock, TipsApi};
pub use rotation::{shuffled, tip_at};
pub use scheduler::Scheduler;
pub use step::{StepReport, IN_FLIGHT};
