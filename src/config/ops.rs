//! Settings for the host running pacer: the log format and where metrics are served.

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
}
