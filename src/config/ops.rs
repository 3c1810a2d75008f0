//! Settings for the host running pacer: the log format, where metrics are served and how much
//! database work may be in flight.

use std::net::SocketAddr;

use super::{read, ConfigError};

/// How log lines are written (`PACER_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// For people reading a terminal or the journal.
    #[default]
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

pub(super) fn log_format(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<LogFormat, ConfigError> {
    match read(lookup, "PACER_LOG_FORMAT") {
        None => Ok(LogFormat::Text),
        Some(text) => match text.to_ascii_lowercase().as_str() {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            _ => Err(ConfigError {
                variable: "PACER_LOG_FORMAT",
                problem: format!("{text:?} is not a log format: write text (the default) or json"),
            }),
        },
    }
}

/// `PACER_METRICS_ADDR`: an address and port such as `127.0.0.1:9184`.
pub(super) fn metrics_addr(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<SocketAddr>, ConfigError> {
    read(lookup, "PACER_METRICS_ADDR")
        .map(|text| {
            text.parse::<SocketAddr>().map_err(|_| ConfigError {
                variable: "PACER_METRICS_ADDR",
                problem: format!(
                    "{text:?} is not an address and port to listen on, e.g. 127.0.0.1:9184"
                ),
            })
        })
        .transpose()
}

/// Database work in flight by default. `SQLite` takes about 0.5 ms of its one connection per
/// mileage log, so 256 waiting is roughly 130 ms of queue, far inside Discord's 3 s, and a
/// pause of the database (a WAL checkpoint, a slow disk) of up to about a quarter of a second
/// at 1,000 logs a second is waited out rather than refused: with 64, pacer-bench saw 4 % of
/// the logs refused at 2,000/s while p99 stayed at 44 ms. `PostgreSQL`'s pool has a few
/// connections and gets through them sooner. Past the bound members are told at once that
/// pacer is busy instead of waiting in a queue that grows with the load.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;
/// A guard against typing mistakes: far more than one process can usefully run at once.
const MAX_MAX_IN_FLIGHT: usize = 100_000;

/// `PACER_MAX_IN_FLIGHT`: interactions needing the database that may be handled at once.
pub(super) fn max_in_flight(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<usize, ConfigError> {
    let Some(text) = read(lookup, "PACER_MAX_IN_FLIGHT") else {
        return Ok(DEFAULT_MAX_IN_FLIGHT);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_MAX_IN_FLIGHT).contains(n))
        .ok_or(ConfigError {
            variable: "PACER_MAX_IN_FLIGHT",
            problem: format!(
                "{text:?} is not a number of interactions from 1 to {MAX_MAX_IN_FLIGHT}"
            ),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &'static str, value: &'static str) -> impl Fn(&str) -> Option<String> {
        move |k| (k == name).then(|| value.to_owned())
    }

    #[test]
    fn log_format_is_text_unless_json_is_asked_for() {
        assert_eq!(log_format(&|_| None), Ok(LogFormat::Text));
        assert_eq!(
            log_format(&one("PACER_LOG_FORMAT", "JSON")),
            Ok(LogFormat::Json)
        );
        assert_eq!(
            log_format(&one("PACER_LOG_FORMAT", "text")),
            Ok(LogFormat::Text)
        );
        let error = log_format(&one("PACER_LOG_FORMAT", "logfmt")).unwrap_err();
        assert_eq!(error.variable, "PACER_LOG_FORMAT");
        assert!(error.to_string().contains("json"), "{error}");
    }

    #[test]
    fn metrics_address_is_off_unless_set_and_must_parse() {
        assert_eq!(metrics_addr(&|_| None), Ok(None));
        let addr = metrics_addr(&one("PACER_METRICS_ADDR", "127.0.0.1:9184")).unwrap();
        assert_eq!(addr, Some("127.0.0.1:9184".parse().unwrap()));
        for bad in ["9184", "localhost", "127.0.0.1"] {
            let error = metrics_addr(&one("PACER_METRICS_ADDR", bad)).unwrap_err();
            assert_eq!(error.variable, "PACER_METRICS_ADDR", "{bad}");
        }
    }

    #[test]
    fn max_in_flight_defaults_to_256_and_must_be_a_positive_number() {
        assert_eq!(max_in_flight(&|_| None), Ok(256));
        assert_eq!(max_in_flight(&one("PACER_MAX_IN_FLIGHT", " 1 ")), Ok(1));
        assert_eq!(max_in_flight(&one("PACER_MAX_IN_FLIGHT", "500")), Ok(500));
        for bad in ["0", "-4", "many", "1.5", "100001"] {
            let error = max_in_flight(&one("PACER_MAX_IN_FLIGHT", bad)).unwrap_err();
            assert_eq!(error.variable, "PACER_MAX_IN_FLIGHT", "{bad}");
            assert!(error.to_string().contains("from 1 to"), "{error}");
        }
    }
}
