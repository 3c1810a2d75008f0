//! A fake Discord on 127.0.0.1: the HTTP API routes pacer uses and a websocket gateway. It
//! records every request so tests can assert on what the bot sent and validate each body
//! against Discord's `OpenAPI` description.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::Method;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};

mod api;
mod gateway;

pub use crate::payloads::{guild_payload, APPLICATION_ID, BOT_USER_ID};

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

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    gateway: Option<mpsc::UnboundedSender<Value>>,
    identify: Option<Value>,
    channels: HashMap<String, FakeChannel>,
}

/// A server text channel, and how posting in it goes.
#[derive(Default, Clone)]
struct FakeChannel {
    guild: String,
    /// Permissions the channel denies @everyone (the bot has no roles of its own).
    deny: u64,
    /// Answers for the next posts, then 200.
    script: VecDeque<(u16, Value)>,
}

/// What @everyone may do in a fake server: view, send, embed, read history.
pub const EVERYONE_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16);
pub const DM_CHANNEL_ID: &str = "780000000000000001";
/// A scripted status that answers nothing: the connection drops, as in a network failure.
pub const DROP_CONNECTION: u16 = 0;

#[derive(Clone)]
pub struct FakeDiscord {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    /// Bumped on every recorded request or gateway event, for waiters.
    changed: Arc<watch::Sender<u64>>,
    guilds: Arc<Vec<String>>,
}

impl FakeDiscord {
    /// Starts the fake on an ephemeral loopback port. `guilds` are listed in READY and sent as
    /// `GUILD_CREATE` right after it.
    pub async fn start(guilds: &[&str]) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let fake = FakeDiscord {
            addr: listener.local_addr().expect("local addr"),
            inner: Arc::default(),
            changed: Arc::new(watch::channel(0).0),
            guilds: Arc::new(
                guilds
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
            ),
        };
        let app = Router::new()
            .route("/", get(gateway::gateway))
            .fallback(api::http)
            .with_state(fake.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("serve fake discord");
        });
        fake
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// Adds a text channel of `guild` whose overwrites deny @everyone `deny`.
    pub fn add_channel(&self, channel: &str, guild: &str, deny: u64) {
        let mut inner = self.inner.lock().unwrap();
        let entry = inner.channels.entry(channel.to_owned()).or_default();
        guild.clone_into(&mut entry.guild);
        entry.deny = deny;
    }

    /// The next posts in `channel` get these answers (status, JSON body), then 200.
    pub fn script_posts(&self, channel: &str, answers: Vec<(u16, Value)>) {
        let mut inner = self.inner.lock().unwrap();
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
        self.inner.lock().unwrap().requests.clone()
    }

    pub fn identify(&self) -> Option<Value> {
        self.inner.lock().unwrap().identify.clone()
    }

    /// Waits until `find` returns something from the recorded requests.
    pub async fn wait_for<T>(&self, what: &str, find: impl Fn(&[Recorded]) -> Option<T>) -> T {
        let mut changes = self.changed.subscribe();
        let waiting = async {
            loop {
                if let Some(found) = find(&self.inner.lock().unwrap().requests) {
                    return found;
                }
                changes.changed().await.expect("fake discord alive");
            }
        };
        tokio::time::timeout(Duration::from_secs(20), waiting)
            .await
            .unwrap_or_else(|_elapsed| {
                panic!(
                    "timed out waiting for {what}; requests: {:#?}",
                    self.requests()
                )
            })
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
        let gateway = self.inner.lock().unwrap().gateway.clone();
        let gateway = gateway.expect("the bot is connected to the gateway");
        gateway
            .send({
                let mut frame = json!({"op": 0, "t": event});
                frame["d"] = data;
                frame
            })
            .expect("gateway open");
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
