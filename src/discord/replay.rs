//! One raw interaction payload, as Discord sends it, answered without Discord: parsed by
//! serenity, resolved against the command tree, run by the command core, and its answer
//! checked against Discord's limits. The fuzz target (`fuzz/`) drives it with fuzzed JSON,
//! and `cargo test` replays the corpus the fuzzer kept.

use serenity::all::Interaction;

use super::caller::caller;
use super::convert;
use crate::commands::tree::resolve;
use crate::commands::{self, COMMANDS};
use crate::config::Config;
use crate::limits::{check_reply, MAX_SUGGESTIONS, MAX_SUGGESTION_NAME};
use crate::App;

/// pacer with its built-in content (or `PACER_CONTENT_DIR`'s) on the database at
/// `database_url`, without Discord: what [`check_payload`] runs against.
pub async fn offline_app(database_url: &str) -> anyhow::Result<App> {
    let config = Config::from_env(|key| match key {
        "DATABASE_URL" => Some(database_url.to_owned()),
        _ => std::env::var(key)
            .ok()
            .filter(|_| key == "PACER_CONTENT_DIR"),
    })?;
    App::start(&config).await
}

/// Answers `payload` if it is an interaction pacer handles; `Err` names a broken limit.
/// Anything that is not an interaction, or one pacer ignores, is fine.
pub async fn check_payload(app: &App, payload: &[u8]) -> Result<(), String> {
    let Ok(interaction) = serde_json::from_slice::<Interaction>(payload) else {
        return Ok(());
    };
    let reply = match interaction {
        Interaction::Command(command) => {
            let who = caller(&command);
            let raw = convert::raw_invocation(&command.data);
            match resolve(COMMANDS, &raw) {
                Ok(action) => commands::execute(app, &who, action).await,
                Err(error) => commands::stale_command(&error),
            }
        }
        Interaction::Component(component) => {
            let who = caller(&component);
            match commands::parse_button(&component.data.custom_id) {
                Some(action) => commands::execute(app, &who, action).await,
                None => commands::stale_button(),
            }
        }
        Interaction::Autocomplete(autocomplete) => {
            let who = caller(&autocomplete);
            let raw = convert::raw_invocation(&autocomplete.data);
            let suggestions = commands::autocomplete(app, &who, &raw).await;
            if suggestions.len() > MAX_SUGGESTIONS
                || suggestions.iter().any(|s| {
                    s.name.chars().count() > MAX_SUGGESTION_NAME
                        || s.value.chars().count() > MAX_SUGGESTION_NAME
                })
            {
                return Err(format!("suggestions break a limit: {suggestions:?}"));
            }
            serde_json::to_vec(&convert::suggestions(suggestions)).map_err(|e| e.to_string())?;
            return Ok(());
        }
        _ => return Ok(()),
    };
    // The reply as the core made it must already fit: cutting is the last resort.
    let broken = check_reply("reply", &reply);
    if !broken.is_empty() {
        let shown: Vec<String> = broken.iter().map(ToString::to_string).collect();
        return Err(format!("{shown:?} in {:?}", reply.content));
    }
    serde_json::to_vec(&convert::response(&reply)).map_err(|e| e.to_string())?;
    Ok(())
}
