//! Gateway events: READY registers the command tree, interactions go to the command core,
//! guild joins and removals update the store.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use serenity::all::{
    async_trait, Command, CommandInteraction, ComponentInteraction, Context, EventHandler, Guild,
    GuildId, Interaction, Member, Ready, UnavailableGuild, User,
};
use tokio::task::{JoinError, JoinHandle};

use super::convert;
use super::in_flight::InFlight;
use crate::commands::tree::resolve;
use crate::commands::{self, Caller, COMMANDS};
use crate::reply::Reply;
use crate::App;

fn caller(user: &User, guild: Option<GuildId>, member: Option<&Member>) -> Caller {
    Caller {
        user_id: user.id.get(),
        guild_id: guild.map(GuildId::get),
        permissions: member.and_then(|m| m.permissions).map(|p| p.bits()),
    }
}

/// Discord fails an interaction not answered within 3 s. Work still running after this long
/// is acknowledged instead, leaving time for that call to arrive.
const REPLY_DEADLINE: Duration = Duration::from_millis(2_000);

pub struct Handler {
    app: Arc<App>,
    guild_id: Option<u64>,
    started: Instant,
    registered: AtomicBool,
    in_flight: Arc<InFlight>,
}

impl Handler {
    pub fn new(
        app: Arc<App>,
        guild_id: Option<u64>,
        started: Instant,
        in_flight: Arc<InFlight>,
    ) -> Handler {
        Handler {
            app,
            guild_id,
            started,
            registered: AtomicBool::new(false),
            in_flight,
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
        let caller = caller(
            &interaction.user,
            interaction.guild_id,
            interaction.member.as_deref(),
        );
        let raw = convert::raw_invocation(&interaction.data);
        let responder = Via { ctx, interaction };
        let sent = match resolve(COMMANDS, &raw) {
            Ok(action) => answer(&responder, self.spawn(caller, action), REPLY_DEADLINE).await,
            Err(error) => {
                tracing::info!(%error, command = %raw.command, "stale command");
                responder.reply(&commands::stale_command(&error)).await
            }
        };
        if let Err(error) = sent {
            tracing::error!(%error, command = %raw.command, "cannot answer a command");
        }
    }

    async fn on_button(&self, ctx: &Context, interaction: &ComponentInteraction) {
        let caller = caller(
            &interaction.user,
            interaction.guild_id,
            interaction.member.as_ref(),
        );
        let custom_id = &interaction.data.custom_id;
        let responder = Via { ctx, interaction };
        let sent = match commands::parse_button(custom_id) {
            Some(action) => answer(&responder, self.spawn(caller, action), REPLY_DEADLINE).await,
            None => {
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

    /// Runs an action on its own task, so that it finishes even if Discord's deadline passes.
    fn spawn(&self, caller: Caller, action: commands::Action) -> JoinHandle<Reply> {
        let app = Arc::clone(&self.app);
        tokio::spawn(async move { commands::execute(&app, &caller, action).await })
    }

    async fn on_autocomplete(&self, ctx: &Context, interaction: &CommandInteraction) {
        let caller = caller(
            &interaction.user,
            interaction.guild_id,
            interaction.member.as_deref(),
        );
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

/// An interaction to answer: a slash command or a button press.
#[async_trait]
trait Respond: Sync {
    /// The response itself, within the deadline.
    async fn reply(&self, reply: &Reply) -> serenity::Result<()>;
    /// "pacer is thinking": buys Discord's 15 minutes for a slow command.
    async fn acknowledge(&self) -> serenity::Result<()>;
    /// Replaces the acknowledgement with the reply.
    async fn edit(&self, reply: &Reply) -> serenity::Result<()>;
}

/// An interaction of type `T` and the context to answer it with.
struct Via<'a, T> {
    ctx: &'a Context,
    interaction: &'a T,
}

/// Slash commands and button presses answer the same way; only the acknowledgement differs:
/// a private "thinking" message for a command, a deferred edit of the pressed message for a
/// button.
macro_rules! respond_via {
    ($interaction:ty, $acknowledge:ident) => {
        #[async_trait]
        impl Respond for Via<'_, $interaction> {
            async fn reply(&self, reply: &Reply) -> serenity::Result<()> {
                let response = convert::response(reply);
                self.interaction
                    .create_response(&self.ctx.http, response)
                    .await
            }

            async fn acknowledge(&self) -> serenity::Result<()> {
                self.interaction.$acknowledge(&self.ctx.http).await
            }

            async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
                let edit = convert::edit(reply);
                self.interaction
                    .edit_response(&self.ctx.http, edit)
                    .await
                    .map(drop)
            }
        }
    };
}

respond_via!(CommandInteraction, defer_ephemeral);
respond_via!(ComponentInteraction, defer);

/// Answers with the reply if the work finishes within `deadline`; otherwise acknowledges
/// first and edits the reply in when the work is done. The work is never cancelled, so a
/// change that was saved is never reported as failed.
async fn answer(
    responder: &impl Respond,
    mut work: JoinHandle<Reply>,
    deadline: Duration,
) -> serenity::Result<()> {
    match tokio::time::timeout(deadline, &mut work).await {
        Ok(done) => responder.reply(&finished(done)).await,
        Err(_) => {
            tracing::warn!(
                deadline_ms = deadline.as_millis() as u64,
                "slow command: acknowledged, reply follows"
            );
            responder.acknowledge().await?;
            let reply = finished(work.await);
            responder.edit(&reply).await
        }
    }
}

fn finished(done: Result<Reply, JoinError>) -> Reply {
    done.unwrap_or_else(|error| {
        tracing::error!(%error, "command task failed");
        Reply::notice(commands::GENERIC_FAILURE)
    })
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
                )
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "cannot reconcile servers")
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let _busy = self.in_flight.enter();
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
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Recorder {
        fn calls(&self) -> Vec<String> {
            self.0.lock().unwrap().clone()
        }
    }

    #[async_trait]
    impl Respond for Recorder {
        async fn reply(&self, reply: &Reply) -> serenity::Result<()> {
            self.0
                .lock()
                .unwrap()
                .push(format!("reply {:?}", reply.content));
            Ok(())
        }

        async fn acknowledge(&self) -> serenity::Result<()> {
            self.0.lock().unwrap().push("acknowledge".to_owned());
            Ok(())
        }

        async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
            self.0
                .lock()
                .unwrap()
                .push(format!("edit {:?}", reply.content));
            Ok(())
        }
    }

    #[tokio::test(start_paused = true)]
    async fn quick_work_is_answered_directly() {
        let recorder = Recorder::default();
        let work = tokio::spawn(async { Reply::notice("done") });
        answer(&recorder, work, REPLY_DEADLINE).await.unwrap();
        assert_eq!(recorder.calls(), ["reply Some(\"done\")"]);
    }

    #[tokio::test(start_paused = true)]
    async fn slow_work_is_acknowledged_in_time_and_finished_later() {
        let recorder = Recorder::default();
        let work = tokio::spawn(async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            Reply::notice("saved")
        });
        let started = tokio::time::Instant::now();
        answer(&recorder, work, REPLY_DEADLINE).await.unwrap();
        assert_eq!(recorder.calls(), ["acknowledge", "edit Some(\"saved\")"]);
        assert!(
            started.elapsed() >= Duration::from_secs(10),
            "the work ran to the end"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_task_gets_the_generic_message() {
        let recorder = Recorder::default();
        let work = tokio::spawn(async { panic!("boom") });
        answer(&recorder, work, REPLY_DEADLINE).await.unwrap();
        assert_eq!(
            recorder.calls(),
            [format!("reply Some({:?})", commands::GENERIC_FAILURE)]
        );
    }
}
