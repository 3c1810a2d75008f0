//! Registering the command tree over REST at start: the gateway front end does it on READY,
//! `serve` has no READY and does it before it takes requests.

use std::time::Instant;

use anyhow::bail;
use serenity::all::{Command, GuildId, Http, HttpError};

use crate::commands::COMMANDS;
use crate::discord::convert;

/// One bulk overwrite, globally or in one server. A refused token stops the start; any other
/// failure is logged and the commands Discord already has stay in place.
pub async fn commands(http: &Http, guild_id: Option<u64>, started: Instant) -> anyhow::Result<()> {
    let payload = convert::commands(COMMANDS);
    let (scope, result) = match guild_id {
        Some(id) => ("guild", GuildId::new(id).set_commands(http, payload).await),
        None => ("global", Command::set_global_commands(http, payload).await),
    };
    match result {
        Ok(registered) => {
            tracing::info!(
                count = registered.len(),
                scope,
                since_start_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                "commands registered"
            );
            Ok(())
        }
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(error)))
            if error.status_code.as_u16() == 401 =>
        {
            bail!("Discord refused DISCORD_TOKEN (401 Unauthorized) when registering commands")
        }
        Err(error) => {
            tracing::error!(%error, scope, "command registration failed");
            Ok(())
        }
    }
}
