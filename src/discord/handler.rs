//! Gateway events: READY registers the command tree, interactions go to the command core,
//! guild joins and removals update the store.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serenity::all::{
    async_trait, Command, CommandInteraction, ComponentInteraction, Context, EventHandler, Guild,
    GuildId, Interaction, Ready, UnavailableGuild,
};

use super::convert;
use crate::commands::tree::resolve;
use crate::commands::{self, Caller, COMMANDS};
use crate::reply::Reply;
use crate::App;

/// Discord fails an interaction not answered within 3 s; keep a margin for the HTTP call.
const REPLY_DEADLINE: Duration = Duration::from_millis(2_500);

pub struct Handler {
    app: Arc<App>,
    guild_id: Option<u64>,
    started: Instant,
    registered: AtomicBool,
}

impl Handler {
    pub fn new(app: Arc<App>, guild_id: Option<u64>, started: Instant) -> Handler {
        Handler {
            app,
            guild_id,
            started,
            registered: AtomicBool::new(false),
        }
    }

    async fn register_commands(&self, ctx: &Context) {
        let payload = convert::commands(COMMANDS);
        let (scope, result) = match self.guild_id {
            Some(id) => (
                "guild",
                GuildId::new(id).set_commands(&ctx.http, payload).await,
            ),
            None => (
                "global",
                Command::set_global_commands(&ctx.http, payload).await,
            ),
        };
        match result {
            Ok(registered) => {
                self.registered.store(true, Ordering::Release);
                tracing::info!(
                    count = registered.len(),
                    scope,
                    since_start_ms = self.started.elapsed().as_millis() as u64,
                    "commands registered"
                );
            }
            Err(error) => tracing::error!(%error, scope, "command registration failed"),
        }
    }

    async fn on_command(&self, ctx: &Context, interaction: &CommandInteraction) {
        let caller = Caller {
            user_id: interaction.user.id.get(),
            guild_id: interaction.guild_id.map(GuildId::get),
        };
        let raw = convert::raw_invocation(&interaction.data);
        let reply = match resolve(COMMANDS, &raw) {
            Ok(action) => {
                within_deadline(
                    REPLY_DEADLINE,
                    commands::execute(&self.app, &caller, action),
                )
                .await
            }
            Err(error) => {
                tracing::info!(%error, command = %raw.command, "stale command");
                commands::stale_command(&error)
            }
        };
        let sent = interaction
            .create_response(&ctx.http, convert::response(&reply))
            .await;
        if let Err(error) = sent {
            tracing::error!(%error, command = %raw.command, "cannot answer a command");
        }
    }

    async fn on_button(&self, ctx: &Context, interaction: &ComponentInteraction) {
        let caller = Caller {
            user_id: interaction.user.id.get(),
            guild_id: interaction.guild_id.map(GuildId::get),
        };
        let custom_id = &interaction.data.custom_id;
        let reply = match commands::parse_button(custom_id) {
            Some(action) => {
                within_deadline(
                    REPLY_DEADLINE,
                    commands::execute(&self.app, &caller, action),
                )
                .await
            }
            None => {
                // The state part of a custom_id may hold triage answers: log the kind only.
                let kind = custom_id.split(':').take(2).collect::<Vec<_>>().join(":");
                tracing::info!(%kind, "stale button");
                commands::stale_button()
            }
        };
        let sent = interaction
            .create_response(&ctx.http, convert::response(&reply))
            .await;
        if let Err(error) = sent {
            tracing::error!(%error, "cannot answer a button press");
        }
    }

    async fn on_autocomplete(&self, ctx: &Context, interaction: &CommandInteraction) {
        let caller = Caller {
            user_id: interaction.user.id.get(),
            guild_id: interaction.guild_id.map(GuildId::get),
        };
        let raw = convert::raw_invocation(&interaction.data);
        let work = commands::autocomplete(&self.app, &caller, &raw);
        // Late suggestions are useless: answer with none rather than miss the deadline.
        let suggestions = tokio::time::timeout(REPLY_DEADLINE, work)
            .await
            .unwrap_or_default();
        let response = convert::suggestions(suggestions);
        if let Err(error) = interaction.create_response(&ctx.http, response).await {
            tracing::error!(%error, "cannot answer autocomplete");
        }
    }
}

const BUSY: &str = "pacer is busy right now. Please try again in a moment.";

/// Runs command logic, or answers with a short apology if it would miss Discord's deadline.
async fn within_deadline(deadline: Duration, work: impl Future<Output = Reply>) -> Reply {
    match tokio::time::timeout(deadline, work).await {
        Ok(reply) => reply,
        Err(_) => {
            tracing::warn!(
                deadline_ms = deadline.as_millis() as u64,
                "command too slow"
            );
            Reply::notice(BUSY)
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(
            user = %ready.user.name,
            guilds = ready.guilds.len(),
            shard = ?ready.shard.map(|s| s.id.0),
            "connected to Discord"
        );
        let first_shard = ready.shard.map_or(true, |s| s.id.0 == 0);
        if first_shard && !self.registered.load(Ordering::Acquire) {
            self.register_commands(&ctx).await;
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(command) => self.on_command(&ctx, &command).await,
            Interaction::Component(component) => self.on_button(&ctx, &component).await,
            Interaction::Autocomplete(autocomplete) => {
                self.on_autocomplete(&ctx, &autocomplete).await
            }
            other => tracing::debug!(kind = ?other.kind(), "ignored interaction"),
        }
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        if let Err(error) = self
            .app
            .store
            .guilds()
            .joined(guild.id.get(), Utc::now())
            .await
        {
            tracing::error!(
                error = format!("{error:#}"),
                guild_id = guild.id.get(),
                "cannot record guild"
            );
        }
    }

    async fn guild_delete(
        &self,
        _ctx: Context,
        incomplete: UnavailableGuild,
        _full: Option<Guild>,
    ) {
        // `unavailable` means an outage, not a removal: keep the server's data then.
        if incomplete.unavailable {
            return;
        }
        let guild_id = incomplete.id.get();
        match self.app.store.guilds().left(guild_id).await {
            Ok(()) => tracing::info!(guild_id, "removed from a server; its data is deleted"),
            Err(error) => tracing::error!(
                error = format!("{error:#}"),
                guild_id,
                "cannot forget guild"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn slow_work_is_answered_with_an_apology_before_the_deadline() {
        let slow = async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Reply::notice("late")
        };
        let started = tokio::time::Instant::now();
        let reply = within_deadline(REPLY_DEADLINE, slow).await;
        assert_eq!(reply, Reply::notice(BUSY));
        assert!(started.elapsed() < Duration::from_secs(3));
        let fast = within_deadline(REPLY_DEADLINE, async { Reply::notice("ok") }).await;
        assert_eq!(fast, Reply::notice("ok"));
    }
}
