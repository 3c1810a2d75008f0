//! Answering one interaction over HTTP with the gateway front end's deadline logic
//! ([`crate::discord::answer`]): the reply or the acknowledgement becomes the HTTP response
//! body; a reply to slow work is edited in over REST, as the gateway front end does.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serenity::all::{CommandInteraction, ComponentInteraction, Http, HttpError};
use tokio::sync::oneshot;

use super::encode::{self, Body};
use crate::discord::{convert, Respond};
use crate::reply::Reply;

/// The interaction being answered: its token and id are needed for the edit.
pub enum Target {
    Command(Box<CommandInteraction>),
    Button(Box<ComponentInteraction>),
}

/// An edit can reach Discord before Discord has taken the deferral from the HTTP response it
/// answers; Discord then does not know the message yet. Such an edit is tried again.
const EDIT_ATTEMPTS: u32 = 3;
const EDIT_RETRY: Duration = Duration::from_millis(500);

pub struct Responder {
    http: Arc<Http>,
    target: Target,
    /// Where the HTTP response body goes; taken by the first answer.
    body: Mutex<Option<oneshot::Sender<Body>>>,
}

impl Responder {
    /// A responder, and the receiver that the HTTP response waits on.
    pub fn new(http: Arc<Http>, target: Target) -> (Responder, oneshot::Receiver<Body>) {
        let (sender, receiver) = oneshot::channel();
        let responder = Responder {
            http,
            target,
            body: Mutex::new(Some(sender)),
        };
        (responder, receiver)
    }

    fn is_button(&self) -> bool {
        matches!(self.target, Target::Button(_))
    }

    fn send(&self, body: Body) {
        let sender = self.body.lock().ok().and_then(|mut slot| slot.take());
        match sender {
            // An error means the HTTP request is gone (the client hung up): nothing to do.
            Some(sender) => drop(sender.send(body)),
            None => tracing::error!("an interaction was answered twice"),
        }
    }

    async fn edit_once(&self, reply: &Reply) -> serenity::Result<()> {
        let edit = convert::edit(reply);
        match &self.target {
            Target::Command(i) => i.edit_response(&*self.http, edit).await.map(drop),
            Target::Button(i) => i.edit_response(&*self.http, edit).await.map(drop),
        }
    }
}

/// Not found yet (the deferral is still on its way), a server error or no answer at all.
fn worth_retrying(error: &serenity::Error) -> bool {
    match error {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            status == 404 || status >= 500
        }
        serenity::Error::Http(HttpError::Request(_)) => true,
        _ => false,
    }
}

#[async_trait]
impl Respond for Responder {
    async fn reply(&self, reply: &Reply) -> serenity::Result<()> {
        match encode::reply(reply) {
            Some(body) => {
                self.send(body);
                Ok(())
            }
            None => {
                tracing::info!("files too large for the response body: deferred, then edited in");
                self.send(encode::deferred(self.is_button(), Some(reply)));
                self.edit(reply).await
            }
        }
    }

    async fn acknowledge(&self) -> serenity::Result<()> {
        self.send(encode::deferred(self.is_button(), None));
        Ok(())
    }

    async fn edit(&self, reply: &Reply) -> serenity::Result<()> {
        let mut attempt = 1;
        loop {
            match self.edit_once(reply).await {
                Err(error) if attempt < EDIT_ATTEMPTS && worth_retrying(&error) => {
                    tracing::warn!(%error, attempt, "editing in a reply failed; trying again");
                    tokio::time::sleep(EDIT_RETRY * attempt).await;
                    attempt += 1;
                }
                result => return result,
            }
        }
    }
}
