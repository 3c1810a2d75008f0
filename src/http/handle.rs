//! One verified interaction: parsed with serenity's model types, routed to the command core
//! exactly as the gateway front end routes it, answered with the same replies.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{CommandInteraction, ComponentInteraction, Http, Interaction};

use super::encode::{self, Body};
use super::respond::{Responder, Target};
use crate::commands::tree::resolve;
use crate::commands::Label;
use crate::commands::{self, Outcome as Counted, COMMANDS};
use crate::discord::gate::Gate;
use crate::discord::{
    answer, caller, convert, spawn, suggestions_in_time, Started, REPLY_DEADLINE,
};
use crate::in_flight::InFlight;
use crate::reply::Reply;
use crate::App;

/// What the HTTP response says.
#[derive(Debug)]
pub enum Outcome {
    /// 200 with this body.
    Answer(Body),
    /// 400: signed by Discord but not an interaction pacer can read.
    Invalid(&'static str),
}

pub struct Handler {
    app: Arc<App>,
    http: Arc<Http>,
    /// Replies still being edited in after their HTTP response went out.
    in_flight: Arc<InFlight>,
    /// The bound on database work in flight.
    gate: Gate,
}

impl Handler {
    pub fn new(app: Arc<App>, http: Arc<Http>, in_flight: Arc<InFlight>, gate: Gate) -> Handler {
        Handler {
            app,
            http,
            in_flight,
            gate,
        }
    }

    /// Answers the interaction in `body`, whose signature has been checked.
    pub async fn interaction(&self, body: &[u8]) -> Outcome {
        let interaction = match serde_json::from_slice::<Interaction>(body) {
            Ok(interaction) => interaction,
            Err(error) => return unreadable(body, &error),
        };
        let answer = match interaction {
            Interaction::Ping(_) => encode::pong(),
            Interaction::Command(command) => self.command(command).await,
            Interaction::Component(button) => self.button(button).await,
            Interaction::Autocomplete(partial) => self.autocomplete(&partial).await,
            other => {
                tracing::info!(kind = ?other.kind(), "ignored interaction");
                return Outcome::Invalid("pacer does not handle this kind of interaction");
            }
        };
        Outcome::Answer(answer)
    }

    async fn command(&self, interaction: CommandInteraction) -> Body {
        let caller = caller(&interaction);
        let raw = convert::raw_invocation(&interaction.data);
        let label = Label::command(&raw);
        match resolve(COMMANDS, &raw) {
            Ok(action) => {
                let target = Target::Command(Box::new(interaction));
                match spawn(&self.app, &self.gate, caller, action, label, "command") {
                    Started::Running(work) => self.respond(work, target).await,
                    Started::Busy(reply) => busy(&reply),
                }
            }
            Err(error) => {
                label.record(Counted::UserError, Duration::ZERO);
                tracing::info!(%error, command = %raw.command, "stale command");
                self.run_reply(
                    commands::stale_command(&error),
                    Target::Command(Box::new(interaction)),
                )
                .await
            }
        }
    }

    async fn button(&self, interaction: ComponentInteraction) -> Body {
        let caller = caller(&interaction);
        let label = Label::button(&interaction.data.custom_id);
        match commands::parse_button(&interaction.data.custom_id) {
            Some(action) => {
                let target = Target::Button(Box::new(interaction));
                match spawn(&self.app, &self.gate, caller, action, label, "button") {
                    Started::Running(work) => self.respond(work, target).await,
                    Started::Busy(reply) => busy(&reply),
                }
            }
            None => {
                label.record(Counted::UserError, Duration::ZERO);
                // The state part of a custom_id may hold triage answers: log the kind only.
                let custom_id = &interaction.data.custom_id;
                let kind = custom_id.split(':').take(2).collect::<Vec<_>>().join(":");
                tracing::info!(%kind, "stale button");
                self.run_reply(
                    commands::stale_button(),
                    Target::Button(Box::new(interaction)),
                )
                .await
            }
        }
    }

    async fn autocomplete(&self, interaction: &CommandInteraction) -> Body {
        encode::suggestions(suggestions_in_time(&self.app, &self.gate, interaction).await)
    }

    /// A reply known at once (stale commands and buttons).
    async fn run_reply(&self, reply: Reply, target: Target) -> Body {
        self.respond(tokio::spawn(async move { reply }), target)
            .await
    }

    /// Answers with the gateway front end's [`answer`] on a task of its own, which outlives
    /// this request when the reply is edited in later; the HTTP response is whatever that
    /// task answers first.
    async fn respond(&self, work: tokio::task::JoinHandle<Reply>, target: Target) -> Body {
        let (responder, body) = Responder::new(Arc::clone(&self.http), target);
        let busy = self.in_flight.enter();
        tokio::spawn(async move {
            let _busy = busy;
            if let Err(error) = answer(&responder, work, REPLY_DEADLINE).await {
                tracing::error!(%error, "cannot finish answering an interaction");
            }
        });
        body.await.unwrap_or_else(|_| {
            tracing::error!("an interaction task ended without answering");
            encode::reply(&Reply::notice(commands::GENERIC_FAILURE)).unwrap_or_else(encode::pong)
        })
    }
}

/// The "busy" notice, in the response body at once: nothing was started, so there is nothing
/// to edit in later.
fn busy(reply: &Reply) -> Body {
    encode::reply(reply).unwrap_or_else(encode::pong)
}

/// A PING that serenity's model does not read is still a PING; anything else unreadable is
/// refused. The body is not logged: it may hold a member's data.
fn unreadable(body: &[u8], error: &serde_json::Error) -> Outcome {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok();
    match value
        .as_ref()
        .and_then(|v| v.get("type"))
        .and_then(serde_json::Value::as_u64)
    {
        Some(1) => Outcome::Answer(encode::pong()),
        Some(_) => {
            tracing::info!(
                line = error.line(),
                column = error.column(),
                "unreadable interaction"
            );
            Outcome::Invalid("not an interaction pacer can read")
        }
        None => Outcome::Invalid("not an interaction"),
    }
}
