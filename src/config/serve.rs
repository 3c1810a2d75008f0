//! Settings only `pacer serve` needs: where to listen, the application's public key and id,
//! and everything `pacer run` reads for talking to Discord over REST.

use std::net::SocketAddr;

use base64::Engine as _;
use ed25519_dalek::VerifyingKey;

use super::{read, BotConfig, ConfigError, Token};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

#[derive(Debug, Clone, PartialEq)]
pub struct ServeConfig {
    /// The token, proxy, server for registration and shard range, as `pacer run` reads them.
    pub bot: BotConfig,
    /// Where `POST /interactions` is served.
    pub listen: SocketAddr,
    /// The application's Ed25519 public key (`DISCORD_PUBLIC_KEY`).
    pub public_key: VerifyingKey,
    /// For command registration and editing deferred replies.
    pub application_id: u64,
}

impl ServeConfig {
    /// `listen` is the `--listen` flag, which wins over `PACER_LISTEN`.
    pub fn from_env(
        lookup: impl Fn(&str) -> Option<String>,
        listen: Option<&str>,
    ) -> Result<ServeConfig, ConfigError> {
        let bot = BotConfig::from_env(&lookup)?;
        let public_key = public_key(read(&lookup, "DISCORD_PUBLIC_KEY"))?;
        let application_id = match read(&lookup, "DISCORD_APPLICATION_ID") {
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or(ConfigError {
                    variable: "DISCORD_APPLICATION_ID",
                    problem: format!(
                        "{text:?} is not an application id (a number: General Information > \
                         Application ID in the developer portal)"
                    ),
                })?,
            None => application_id_of(&bot.token).ok_or(ConfigError {
                variable: "DISCORD_APPLICATION_ID",
                problem: "not set, and DISCORD_TOKEN does not start with the application id: \
                          copy it from General Information > Application ID"
                    .to_owned(),
            })?,
        };
        let (variable, text) = match listen.map(str::trim).filter(|l| !l.is_empty()) {
            Some(flag) => ("--listen", flag.to_owned()),
            None => (
                "PACER_LISTEN",
                read(&lookup, "PACER_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.to_owned()),
            ),
        };
        let listen = text.parse::<SocketAddr>().map_err(|_| ConfigError {
            variable,
            problem: format!("{text:?} is not an address to listen on, e.g. 127.0.0.1:8080"),
        })?;
        Ok(ServeConfig {
            bot,
            listen,
            public_key,
            application_id,
        })
    }
}

/// 64 hex characters that are a valid Ed25519 public key.
fn public_key(text: Option<String>) -> Result<VerifyingKey, ConfigError> {
    let problem = |problem: &str| ConfigError {
        variable: "DISCORD_PUBLIC_KEY",
        problem: problem.to_owned(),
    };
    let text = text.ok_or_else(|| {
        problem(
            "not set. Copy the Public Key from your application's General Information page \
             at https://discord.com/developers/applications",
        )
    })?;
    let bytes = crate::hex::decode_hex::<32>(text.as_bytes()).ok_or_else(|| {
        problem("is not 64 hexadecimal characters: copy the Public Key from General Information")
    })?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| problem("is not a valid Ed25519 public key: copy it again"))
}

/// A bot token's first part is the bot's user id in base64, which is the application id.
fn application_id_of(token: &Token) -> Option<u64> {
    let first = token.expose().split('.').next()?;
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(first.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(first))
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The public key of the secret key of 32 bytes of 7 (the tests' key).
    fn key_hex() -> String {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
        key.as_bytes().iter().fold(String::new(), |mut hex, b| {
            use std::fmt::Write;
            let _ = write!(hex, "{b:02x}");
            hex
        })
    }

    fn env(pairs: Vec<(&'static str, String)>) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<&str, String> = pairs.into_iter().collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn reads_the_key_the_id_and_the_address() {
        // base64("900000000000000001")
        let token = "OTAwMDAwMDAwMDAwMDAwMDAx.GxYz.secret".to_owned();
        let lookup = env(vec![
            ("DISCORD_TOKEN", token),
            ("DISCORD_PUBLIC_KEY", key_hex()),
        ]);
        let config = ServeConfig::from_env(&lookup, None).unwrap();
        assert_eq!(config.application_id, 900_000_000_000_000_001);
        assert_eq!(config.listen, DEFAULT_LISTEN.parse().unwrap());
        let flagged = ServeConfig::from_env(&lookup, Some("0.0.0.0:9000")).unwrap();
        assert_eq!(flagged.listen.port(), 9000);
        assert_eq!(
            ServeConfig::from_env(&lookup, Some("nowhere"))
                .unwrap_err()
                .variable,
            "--listen"
        );
    }

    #[test]
    fn a_missing_or_malformed_setting_names_its_variable() {
        let with = |pairs: Vec<(&'static str, String)>| {
            let mut all = vec![("DISCORD_TOKEN", "opaque.token.x".to_owned())];
            all.extend(pairs);
            ServeConfig::from_env(env(all), None).map(|c| c.application_id)
        };
        let id = ("DISCORD_APPLICATION_ID", "42".to_owned());
        assert_eq!(with(vec![]).unwrap_err().variable, "DISCORD_PUBLIC_KEY");
        for bad in ["abc", &"g".repeat(64), &key_hex()[..62]] {
            let error = with(vec![("DISCORD_PUBLIC_KEY", bad.to_owned()), id.clone()]);
            assert_eq!(error.unwrap_err().variable, "DISCORD_PUBLIC_KEY", "{bad}");
        }
        let key = ("DISCORD_PUBLIC_KEY", key_hex());
        assert_eq!(with(vec![key.clone(), id]).unwrap(), 42);
        // Neither set nor in the token.
        let error = with(vec![key.clone()]).unwrap_err();
        assert_eq!(error.variable, "DISCORD_APPLICATION_ID");
        let bad_id = ("DISCORD_APPLICATION_ID", "pacer".to_owned());
        assert_eq!(
            with(vec![key.clone(), bad_id]).unwrap_err().variable,
            "DISCORD_APPLICATION_ID"
        );
        let bad_listen = ("PACER_LISTEN", "8080".to_owned());
        let id = ("DISCORD_APPLICATION_ID", "42".to_owned());
        assert_eq!(
            with(vec![key, id, bad_listen]).unwrap_err().variable,
            "PACER_LISTEN"
        );
    }
}
