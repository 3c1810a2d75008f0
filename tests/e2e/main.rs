//! End-to-end tests: the real `pacer` binary against a fake Discord on 127.0.0.1, the offline
//! console through a pipe, `pacer check`, and the real content files.

mod bot;
mod check;
mod club;
mod console;
mod content;
mod crash;
mod databases;
mod digest;
mod digest_scheduler;
mod direct;
mod fake_discord;
mod fuzz_corpus;
mod gateway;
mod metrics;
mod openapi;
mod outage;
mod overload;
mod oversize;
mod privacy;
mod scheduler;
mod scheduler_failures;
mod schema;
mod serve;
mod serve_commands;
mod serve_replicas;
mod serve_security;
mod serve_wire;
mod servers;
mod shards;
mod shoes;
mod shoes_concurrent;
mod shoes_everyday;
mod shoes_everyday_discord;
mod shoes_fixes;
mod shoes_input;
mod shoes_log;
mod shoes_numbers;
mod shoes_past_retirement;
mod shoes_wear;
mod standalone;
mod store;
mod tips;
mod tips_admin;
mod tips_scheduled;
mod triage;
mod wait;
mod weekly;

// The payload builders live in the shared fake Discord; to the tests they are `crate::payloads`.
use ::fake_discord::payloads;
