//! The tests' handle on the shared fake Discord (the `fake-discord` crate): it records every
//! request so tests can assert on what the bot sent and validate each body against Discord's
//! `OpenAPI` description, and waits for what the bot does.

use std::time::Duration;

use serde_json::Value;

mod recorder;

pub use ::fake_discord::payloads::{guild_payload, APPLICATION_ID, BOT_USER_ID, DM_CHANNEL_ID};
pub use ::fake_discord::Method;
use recorder::Recorder;

/// One HTTP request the bot made.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    /// Path without the `/api/v10` prefix, e.g. `/interactions/1/tok/callback`.
    pub path: String,
    pub authorization: Option<String>,
    /// The JSON body, or the `payload_json` part of a multipart body.
    pub body: Option<Value>,
    /// Files of a multipart body: (filename, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// What @everyone may do in a fake server: view, send, embed, read history.
pub const EVERYONE_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16);
/// A scripted status that answers nothing: the connection drops, as in a network failure.
pub const DROP_CONNECTION: u16 = 0;

#[derive(Clone)]
pub struct FakeDiscord {
    fake: ::fake_discord::FakeDiscord<Recorder>,
}

impl FakeDiscord {
    /// Starts the fake on an ephemeral loopback port. `guilds` are listed in READY and sent as
    /// `GUILD_CREATE` right after it.
    pub async fn start(guilds: &[&str]) -> FakeDiscord {
        let guilds = guilds.iter().map(ToString::to_string).collect();
        let fake = ::fake_discord::FakeDiscord::start(guilds, Recorder::default())
            .await
            .expect("start the fake Discord on loopback");
        FakeDiscord { fake }
    }

    pub fn url(&self) -> String {
        self.fake.url()
    }

    fn recorder(&self) -> &Recorder {
        self.fake.observer()
    }

    /// Adds a text channel of `guild` whose overwrites deny @everyone `deny`.
    pub fn add_channel(&self, channel: &str, guild: &str, deny: u64) {
        let mut inner = self.recorder().inner.lock().unwrap();
        let entry = inner.channels.entry(channel.to_owned()).or_default();
        guild.clone_into(&mut entry.guild);
        entry.deny = deny;
    }

    /// The next posts in `channel` get these answers (status, JSON body), then 200.
    pub fn script_posts(&self, channel: &str, answers: Vec<(u16, Value)>) {
        let mut inner = self.recorder().inner.lock().unwrap();
        inner
            .channels
            .entry(channel.to_owned())
            .or_default()
            .script
            .extend(answers);
    }

    /// Bodies of the messages posted in `channel`.
    pub fn posts(&self, channel: &str) -> Vec<Recorded> {
        let path = format!("/channels/{channel}/messages");
        self.requests()
            .into_iter()
            .filter(|r| r.method == Method::POST && r.path == path)
            .collect()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.recorder().inner.lock().unwrap().requests.clone()
    }

    pub fn identify(&self) -> Option<Value> {
        self.recorder().inner.lock().unwrap().identify.clone()
    }

    /// Waits until `find` returns something from the recorded requests.
    pub async fn wait_for<T>(&self, what: &str, find: impl Fn(&[Recorded]) -> Option<T>) -> T {
        self.within(Duration::from_secs(20), find)
            .await
            .unwrap_or_else(|| {
                panic!(
                    "timed out waiting for {what}; requests: {:#?}",
                    self.requests()
                )
            })
    }

    /// What `find` returns from the recorded requests once it returns something, looking
    /// again at each new request for up to `limit`; `None` if it never did. `find` runs on a
    /// copy, not under the lock the fake's request tasks take to record.
    pub async fn within<T>(
        &self,
        limit: Duration,
        find: impl Fn(&[Recorded]) -> Option<T>,
    ) -> Option<T> {
        let mut changes = self.recorder().changed.subscribe();
        let waiting = async {
            // Requests are only ever appended: each look copies just the new ones.
            let mut seen = Vec::new();
            loop {
                {
                    let inner = self.recorder().inner.lock().unwrap();
                    seen.extend_from_slice(&inner.requests[seen.len()..]);
                }
                if let Some(found) = find(&seen) {
                    return found;
                }
                changes.changed().await.expect("fake discord alive");
            }
        };
        tokio::time::timeout(limit, waiting).await.ok()
    }

    /// Waits for the bulk overwrite of the command tree, which follows READY.
    pub async fn wait_for_registration(&self) -> Recorded {
        self.wait_for("command registration", |requests| {
            requests
                .iter()
                .find(|r| r.method == Method::PUT && r.path.ends_with("/commands"))
                .cloned()
        })
        .await
    }

    /// Sends a dispatch event over the gateway.
    pub fn dispatch(&self, event: &str, data: Value) {
        let sent = self.fake.dispatch(event, data);
        assert!(sent, "the bot is connected to the gateway");
    }

    /// Sends an interaction and waits for the bot's callback body.
    pub async fn interact(&self, interaction: Value) -> Value {
        self.interact_with_files(interaction).await.0
    }

    /// Sends an interaction and waits for the bot's callback: its body and any files.
    pub async fn interact_with_files(&self, interaction: Value) -> (Value, Vec<(String, Vec<u8>)>) {
        let id = interaction["id"]
            .as_str()
            .expect("interaction id")
            .to_owned();
        self.dispatch("INTERACTION_CREATE", interaction);
        let prefix = format!("/interactions/{id}/");
        self.wait_for("an interaction callback", |requests| {
            requests
                .iter()
                .find(|r| r.method == Method::POST && r.path.starts_with(&prefix))
                .and_then(|r| Some((r.body.clone()?, r.files.clone())))
        })
        .await
    }
}
