//! Log lines on stderr: for people by default, one JSON object a line with
//! `PACER_LOG_FORMAT=json`.

use std::io::IsTerminal;

use tracing_subscriber::filter::{FilterExt, LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;

/// Libraries that log raw gateway frames or request bodies at debug and trace level; those
/// hold members' data (nicknames, notes, triage answers in button ids). Whatever `RUST_LOG`
/// says, they are held to these levels.
const LIBRARY_CAPS: [(&str, LevelFilter); 4] = [
    ("tungstenite", LevelFilter::INFO),
    ("tokio_tungstenite", LevelFilter::INFO),
    ("serenity::http", LevelFilter::WARN),
    ("serenity::gateway", LevelFilter::INFO),
];

/// Installs the global subscriber: `RUST_LOG`, or `default_level` without it, within the
/// library caps.
pub fn init(default_level: &str, format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let caps = Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(LIBRARY_CAPS);
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let layer = match format {
        LogFormat::Text => layer
            .with_ansi(std::io::stderr().is_terminal())
            .with_filter(filter.and(caps))
            .boxed(),
        LogFormat::Json => layer
            .json()
            .with_current_span(false)
            .with_ansi(false)
            .with_filter(filter.and(caps))
            .boxed(),
    };
    tracing_subscriber::registry().with(layer).init();
}
