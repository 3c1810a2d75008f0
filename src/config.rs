//! Configuration from environment variables (and `.env`, read by `cli`), loaded once at start.
//! Every variable is documented in `.env.example` and the README.

use std::fmt;
use std::path::PathBuf;

mod ops;
mod serve;
/// Re-exported: `PACER_SHARDS` is read here, the range lives in [`crate::shards`].
use crate::shards::ShardRange;
pub use ops::{LogFormat, DEFAULT_MAX_IN_FLIGHT};
pub use serve::{ServeConfig, DEFAULT_LISTEN};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://pacer.db";

/// Settings every subcommand uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub database_url: String,
    /// A folder replacing the content built into the binary (`PACER_CONTENT_DIR`).
    pub content_dir: Option<PathBuf>,
    /// How late a missed tip may still be posted after downtime.
    pub tips_grace: chrono::Duration,
    /// Tip posts a second at most, from this process.
    pub tips_per_second: u32,
    /// How log lines are written: for people, or one JSON object a line.
    pub log_format: LogFormat,
}

/// Tip posts a second by default, leaving room under Discord's 50 for everything else pacer
/// sends.
pub const DEFAULT_POSTS_PER_SECOND: u32 = 20;
pub const DEFAULT_TIPS_GRACE_MINUTES: i64 = 120;

/// Settings only `pacer run` needs.
#[derive(Debug, Clone, PartialEq)]
pub struct BotConfig {
    pub token: Token,
    /// Replaces `https://discord.com` for every API call; serenity's rate limiter is then off.
    pub proxy_url: Option<String>,
    /// Register commands to this one server instead of globally.
    pub guild_id: Option<u64>,
    /// The Discord shards this process runs; `None`: all of them, as Discord recommends.
    pub shards: Option<ShardRange>,
    /// Where `/metrics` and `/healthz` are served; `None`: nowhere.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// Interactions needing the database handled at once; past it members are told pacer is
    /// busy (`PACER_MAX_IN_FLIGHT`).
    pub max_in_flight: usize,
}

/// The bot token. Its `Debug` never shows it, so it cannot end up in a log line.
#[derive(Clone, PartialEq)]
pub struct Token(String);

impl Token {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A configuration problem, naming the variable and what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

/// Reads one variable; an empty value counts as unset.
fn read(lookup: &impl Fn(&str) -> Option<String>, variable: &str) -> Option<String> {
    lookup(variable)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

impl Config {
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let grace = match read(&lookup, "PACER_TIPS_GRACE_MINUTES") {
            None => DEFAULT_TIPS_GRACE_MINUTES,
            Some(text) => text
                .parse::<i64>()
                .ok()
                .filter(|m| (1..=7 * 24 * 60).contains(m))
                .ok_or(ConfigError {
                    variable: "PACER_TIPS_GRACE_MINUTES",
                    problem: format!("{text:?} is not a number of minutes from 1 to 10080"),
                })?,
        };
        let tips_per_second = match read(&lookup, "PACER_TIPS_PER_SECOND") {
            None => DEFAULT_POSTS_PER_SECOND,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=50).contains(n))
                .ok_or(ConfigError {
                    variable: "PACER_TIPS_PER_SECOND",
                    problem: format!(
                        "{text:?} is not a number of posts a second from 1 to 50 (Discord's limit)"
                    ),
                })?,
        };
        Ok(Config {
            database_url: read(&lookup, "DATABASE_URL")
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            content_dir: read(&lookup, "PACER_CONTENT_DIR").map(PathBuf::from),
            tips_grace: chrono::Duration::minutes(grace),
            tips_per_second,
            log_format: ops::log_format(&lookup)?,
        })
    }
}

impl BotConfig {
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<BotConfig, ConfigError> {
        let token = read(&lookup, "DISCORD_TOKEN").ok_or(ConfigError {
            variable: "DISCORD_TOKEN",
            problem:
                "not set. Create an application at https://discord.com/developers/applications, \
                      copy the token from its Bot page and put DISCORD_TOKEN=<token> in .env"
                    .to_owned(),
        })?;
        let proxy_url = read(&lookup, "DISCORD_PROXY_URL")
            .map(|url| {
                let valid = (url.starts_with("http://") || url.starts_with("https://"))
                    && url.len() > "https://".len();
                if valid {
                    Ok(url.trim_end_matches('/').to_owned())
                } else {
                    Err(ConfigError {
                        variable: "DISCORD_PROXY_URL",
                        problem: format!("{url:?} is not an http:// or https:// URL"),
                    })
                }
            })
            .transpose()?;
        let guild_id = read(&lookup, "DISCORD_GUILD_ID")
            .map(|id| {
                id.parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(ConfigError {
                        variable: "DISCORD_GUILD_ID",
                        problem: format!(
                            "{id:?} is not a server id (a number; copy it with Developer Mode on)"
                        ),
                    })
            })
            .transpose()?;
        let shards = read(&lookup, "PACER_SHARDS")
            .map(|text| {
                ShardRange::parse(&text).ok_or(ConfigError {
                    variable: "PACER_SHARDS",
                    problem: format!(
                        "{text:?} is not a shard range: write first-last/total, e.g. 0-1/4"
                    ),
                })
            })
            .transpose()?;
        Ok(BotConfig {
            token: Token(token),
            proxy_url,
            guild_id,
            shards,
            metrics_addr: ops::metrics_addr(&lookup)?,
            max_in_flight: ops::max_in_flight(&lookup)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let config = Config::from_env(env(&[])).unwrap();
        assert_eq!(config.database_url, "sqlite://pacer.db");
        assert_eq!(config.content_dir, None, "the built-in content");
        assert_eq!(config.tips_grace, chrono::Duration::hours(2));
        let grace = Config::from_env(env(&[("PACER_TIPS_GRACE_MINUTES", "30")])).unwrap();
        assert_eq!(grace.tips_grace, chrono::Duration::minutes(30));
        assert_eq!(config.tips_per_second, 20);
        let pace = Config::from_env(env(&[("PACER_TIPS_PER_SECOND", "50")])).unwrap();
        assert_eq!(pace.tips_per_second, 50);
        for bad in ["0", "51", "fast", "-3"] {
            let error = Config::from_env(env(&[("PACER_TIPS_PER_SECOND", bad)])).unwrap_err();
            assert_eq!(error.variable, "PACER_TIPS_PER_SECOND");
        }
        for bad in ["-1", "0", "soon", "99999"] {
            let error = Config::from_env(env(&[("PACER_TIPS_GRACE_MINUTES", bad)])).unwrap_err();
            assert_eq!(error.variable, "PACER_TIPS_GRACE_MINUTES");
        }
    }

    #[test]
    fn missing_or_blank_token_names_the_variable() {
        for pairs in [&[][..], &[("DISCORD_TOKEN", "  ")][..]] {
            let error = BotConfig::from_env(env(pairs)).unwrap_err();
            assert_eq!(error.variable, "DISCORD_TOKEN");
            assert!(error.to_string().contains("developers/applications"));
        }
    }

    #[test]
    fn token_is_redacted_in_debug_output() {
        let config = BotConfig::from_env(env(&[("DISCORD_TOKEN", "secret-value")])).unwrap();
        assert_eq!(config.token.expose(), "secret-value");
        assert!(!format!("{config:?}").contains("secret-value"));
    }

    #[test]
    fn shard_ranges_follow_discord_s_rule() {
        let with =
            |v: &str| BotConfig::from_env(env(&[("DISCORD_TOKEN", "t"), ("PACER_SHARDS", v)]));
        assert_eq!(
            with("0-1/4").unwrap().shards,
            Some(ShardRange {
                first: 0,
                last: 1,
                total: 4
            })
        );
        assert_eq!(with("3/4").unwrap().shards.unwrap().first, 3);
        for bad in ["4/4", "2-1/4", "a-b/c", "0-1", "1-4/4"] {
            assert_eq!(with(bad).unwrap_err().variable, "PACER_SHARDS", "{bad}");
        }
        let range = ShardRange {
            first: 0,
            last: 1,
            total: 4,
        };
        // Shard = (guild id >> 22) % total.
        assert!(range.contains(1 << 22) && !range.contains(2 << 22) && range.contains(4 << 22));
    }

    #[test]
    fn proxy_url_and_guild_id_are_checked() {
        let ok = BotConfig::from_env(env(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_PROXY_URL", "http://127.0.0.1:8080/"),
            ("DISCORD_GUILD_ID", "123"),
        ]))
        .unwrap();
        assert_eq!(ok.proxy_url.as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(ok.guild_id, Some(123));
        assert_eq!(ok.max_in_flight, DEFAULT_MAX_IN_FLIGHT);
        let bound =
            BotConfig::from_env(env(&[("DISCORD_TOKEN", "t"), ("PACER_MAX_IN_FLIGHT", "0")]));
        assert_eq!(bound.unwrap_err().variable, "PACER_MAX_IN_FLIGHT");

        let bad_proxy = BotConfig::from_env(env(&[
            ("DISCORD_TOKEN", "t"),
            ("DISCORD_PROXY_URL", "ftp://x"),
        ]));
        assert_eq!(bad_proxy.unwrap_err().variable, "DISCORD_PROXY_URL");
        let bad_guild =
            BotConfig::from_env(env(&[("DISCORD_TOKEN", "t"), ("DISCORD_GUILD_ID", "club")]));
        assert_eq!(bad_guild.unwrap_err().variable, "DISCORD_GUILD_ID");
    }
}
