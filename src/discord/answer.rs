//! Answering an interaction within Discord's deadline: the reply at once when the work is
//! quick, else an acknowledgement first and the reply edited in when the work is done.

use std::time::Duration;

use serenity::all::{async_trait, CommandInteraction, ComponentInteraction, Context};
use tokio::task::{JoinError, JoinHandle};

use super::convert;
use crate::commands;
use crate::reply::Reply;

/// Discord fails an interaction not answered within 3 s. Work still running after this long
/// is acknowledged instead, leaving time for that call to arrive.
pub(crate) const REPLY_DEADLINE: Duration = Duration::from_secs(2);

/// An interaction to answer: a slash command or a button press.
#[async_trait]
pub(crate) trait Respond: Sync {
    /// The response itself, within the deadline.
    async fn reply(&self, reply: &Reply) -> serenity::Result<()>;
    /// "pacer is thinking": buys Discord's 15 minutes for a slow command.
    async fn acknowledge(&self) -> serenity::Result<()>;
    /// Replaces the acknowledgement with the reply.
    async fn edit(&self, reply: &Reply) -> serenity::Result<()>;
}

/// An interaction of type `T` and the context to answer it with.
pub(super) struct Via<'a, T> {
    pub(super) ctx: &'a Context,
    pub(super) interaction: &'a T,
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
pub(crate) async fn answer(
    responder: &impl Respond,
    mut work: JoinHandle<Reply>,
    deadline: Duration,
) -> serenity::Result<()> {
    match tokio::time::timeout(deadline, &mut work).await {
        Ok(done) => responder.reply(&finished(done)).await,
        Err(_) => {
            tracing::warn!(
                deadline_ms = u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX),
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

/// Autocomplete suggestions, or none when they would come after the deadline (late ones are
/// useless), recorded in the metrics. Both front ends answer autocomplete with this.
pub(crate) async fn suggestions_in_time(
    app: &crate::App,
    gate: &super::gate::Gate,
    interaction: &CommandInteraction,
) -> Vec<crate::reply::Suggestion> {
    let caller = super::caller(interaction);
    let raw = convert::raw_invocation(&interaction.data);
    let label = commands::Label::autocomplete(&raw);
    // Suggestions from the database take a place under the bound; none left: no
    // suggestions, at once.
    let needs_store = commands::tree::focused(commands::COMMANDS, &raw)
        .is_some_and(|(completer, _)| completer.needs_store());
    let _pass = if needs_store {
        let Some(pass) = gate.enter("autocomplete") else {
            label.record(commands::Outcome::Shed, Duration::ZERO);
            return Vec::new();
        };
        Some(pass)
    } else {
        None
    };
    let started = std::time::Instant::now();
    let suggestions =
        tokio::time::timeout(REPLY_DEADLINE, commands::autocomplete(app, &caller, &raw)).await;
    let outcome = if suggestions.is_ok() {
        commands::Outcome::Ok
    } else {
        commands::Outcome::InternalError
    };
    label.record(outcome, started.elapsed());
    suggestions.unwrap_or_default()
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
