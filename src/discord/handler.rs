//! Gateway events: READY registers the command tree, interactions go to the command core,
//! guild joins and removals update the store.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{
    async_trait, Command, CommandInteraction, ComponentInteraction, Context, EventHandler, Guild,
    GuildId, Interaction, Ready, ResumedEvent, UnavailableGuild,
};

use super::answer::{answer, suggestions_in_time, Respond as _, Via, REPLY_DEADLINE};
use super::caller::caller;
use super::convert;
use super::gate::Gate;
use super::metered::{spawn, Sessions, Started};
use super::server_changes::ServerChanges;
use crate::commands::tree::resolve;
use crate::commands::Label;
use crate::commands::{self, Outcome, COMMANDS};
use crate::in_flight::InFlight;
use crate::telemetry;
use crate::App;

pub struct Handler {
    app: Arc<App>,
    guild_id: Option<u64>,
    started: Instant,
    registered: AtomicBool,
    in_flight: Arc<InFlight>,
    sessions: Sessions,
    gate: Gate,
    servers: ServerChanges,
}

impl Handler {
    pub fn new(
        app: Arc<App>,
        guild_id: Option<u64>,
        started: Instant,
        in_flight: Arc<InFlight>,
        gate: Gate,
        servers: ServerChanges,
    ) -> Handler {
        Handler {
            app,
            guild_id,
            started,
            registered: AtomicBool::new(false),
            in_flight,
            sessions: Sessions::default(),
            gate,
            servers,
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
                    since_start_ms =
                        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
                    "commands registered"
                );
            }
            Err(error) => tracing::error!(%error, scope, "command registration failed"),
        }
    }

    async fn on_command(&self, ctx: &Context, interaction: &CommandInteraction) {
        let caller = caller(interaction);
        let raw = convert::raw_invocation(&interaction.data);
        let responder = Via { ctx, interaction };
        let label = Label::command(&raw);
        let sent = match resolve(COMMANDS, &raw) {
            Ok(action) => match spawn(&self.app, &self.gate, caller, action, label, "command") {
                Started::Running(work) => answer(&responder, work, REPLY_DEADLINE).await,
                Started::Busy(reply) => responder.reply(&reply).await,
            },
            Err(error) => {
                label.record(Outcome::UserError, Duration::ZERO);
                tracing::info!(%error, command = %raw.command, "stale command");
                responder.reply(&commands::stale_command(&error)).await
            }
        };
        if let Err(error) = sent {
            tracing::error!(%error, command = %raw.command, "cannot answer a command");
        }
    }

    async fn on_button(&self, ctx: &Context, interaction: &ComponentInteraction) {
        let caller = caller(interaction);
        let custom_id = &interaction.data.custom_id;
        let responder = Via { ctx, interaction };
        let label = Label::button(custom_id);
        let sent = match commands::parse_button(custom_id) {
            Some(action) => match spawn(&self.app, &self.gate, caller, action, label, "button") {
                Started::Running(work) => answer(&responder, work, REPLY_DEADLINE).await,
                Started::Busy(reply) => responder.reply(&reply).await,
            },
            None => {
                label.record(Outcome::UserError, Duration::ZERO);
                // The state part of a custom_id may hold triage answers: log the kind only.
                let kind = custom_id.split(':').take(2).collect::<Vec<_>>().join(":");
                tracing::info!(%kind, "stale button");
                responder.reply(&commands::stale_button()).await
            }
        };
        if let Err(error) = sent {
            tracing::error!(%error, "cannot answer a button press");
        }
    }

    async fn on_autocomplete(&self, ctx: &Context, interaction: &CommandInteraction) {
        let suggestions = suggestions_in_time(&self.app, &self.gate, interaction).await;
        let response = convert::suggestions(suggestions);
        if let Err(error) = interaction.create_response(&ctx.http, response).await {
            tracing::error!(%error, "cannot answer autocomplete");
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
        self.sessions.ready(ready.shard.map_or(0, |s| s.id.0));
        let first_shard = ready.shard.is_none_or(|s| s.id.0 == 0);
        if first_shard && !self.registered.load(Ordering::Acquire) {
            self.register_commands(&ctx).await;
        }
        // READY lists every server of its shard: any other server of that shard that we
        // know of removed pacer while it was offline.
        let (shard, total) = ready.shard.map_or((0, 1), |s| (s.id.0, s.total));
        let present: Vec<u64> = ready.guilds.iter().map(|g| g.id.get()).collect();
        match self
            .app
            .store
            .guilds()
            .keep_only(&present, shard, total)
            .await
        {
            Ok(gone) if !gone.is_empty() => {
                tracing::info!(
                    ?gone,
                    "forgot servers that removed pacer while it was offline"
                );
            }
            Ok(_) => {}
            Err(error) => {
                telemetry::database_error(&error);
                tracing::error!(error = format!("{error:#}"), "cannot reconcile servers");
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _busy = self.in_flight.enter();
        match interaction {
            Interaction::Command(command) => self.on_command(&ctx, &command).await,
            Interaction::Component(component) => self.on_button(&ctx, &component).await,
            Interaction::Autocomplete(autocomplete) => {
                self.on_autocomplete(&ctx, &autocomplete).await;
            }
            other => tracing::debug!(kind = ?other.kind(), "ignored interaction"),
        }
    }

    /// Only the id is kept: the server itself is freed when this returns, not after a write.
    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        self.servers.joined(guild.id.get());
    }

    async fn guild_delete(
        &self,
        _ctx: Context,
        incomplete: UnavailableGuild,
        _full: Option<Guild>,
    ) {
        // `unavailable` means an outage, not a removal: keep the server's data then. A
        // removal is written after any join of the same server still queued.
        if incomplete.unavailable {
            return;
        }
        self.servers.left(incomplete.id.get());
    }

    /// A session resumed after its connection dropped.
    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        telemetry::gateway_reconnect();
    }
}
