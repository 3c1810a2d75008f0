//! End-to-end tests: the real `pacer` binary against a fake Discord on 127.0.0.1, the offline
//! console through a pipe, `pacer check`, and the real content files.

mod bot;
mod check;
mod club;
mod console;
mod content;
mod fake_discord;
mod gateway;
mod openapi;
mod payloads;
mod privacy;
mod scheduler;
mod shards;
mod shoes;
mod shoes_input;
mod store;
mod tips;
mod triage;
