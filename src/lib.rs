//! pacer: a Discord bot for running clubs.
//!
//! The command core (`commands`) takes plain typed input and returns a plain [`reply::Reply`];
//! `discord` is the only module that knows serenity, `http` serves interactions over HTTP with
//! it, `console` is the offline front end, `store` holds all SQL, and `startup` ([`run`])
//! wires one front end, the tip scheduler, telemetry and shutdown together.

mod app;
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
mod front_end;
pub mod hex;
pub mod http;
pub mod ids;
pub(crate) mod in_flight;
pub mod limits;
#[cfg(test)]
// Property tests still being written: doc wording and test-only casts of small counts.
#[allow(clippy::doc_markdown, clippy::cast_possible_wrap)]
mod proptests;
pub mod reply;
pub mod shards;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod tips;
pub mod wear;

pub use app::App;
pub use startup::{run, Serving};
