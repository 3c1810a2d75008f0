//! A fake Discord on 127.0.0.1: the HTTP API routes pacer uses and a websocket gateway. It
//! records every request so tests can assert on what the bot sent and validate each body
//! against Discord's OpenAPI description.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};

use crate::payloads::{bot_user, message, registered_commands};
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
    /// GUILD_CREATE right after it.
    pub async fn start(guilds: &[&str]) -> FakeDiscord {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let fake = FakeDiscord {
            addr: listener.local_addr().expect("local addr"),
            inner: Arc::default(),
            changed: Arc::new(watch::channel(0).0),
            guilds: Arc::new(guilds.iter().map(|g| g.to_string()).collect()),
        };
        let app = Router::new()
            .route("/", get(gateway))
            .fallback(http)
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
        entry.guild = guild.to_owned();
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
        match tokio::time::timeout(Duration::from_secs(20), waiting).await {
            Ok(found) => found,
            Err(_) => panic!(
                "timed out waiting for {what}; requests: {:#?}",
                self.requests()
            ),
        }
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
            .send(json!({"op": 0, "t": event, "d": data}))
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

/// Reads a JSON or multipart body into (JSON, files).
async fn read_body(
    fake: &FakeDiscord,
    request: Request,
) -> (Option<Value>, Vec<(String, Vec<u8>)>) {
    let multipart = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let bytes = axum::body::to_bytes(request.into_body(), 32 << 20)
            .await
            .unwrap_or_default();
        return (serde_json::from_slice(&bytes).ok(), Vec::new());
    }
    let mut form = match Multipart::from_request(request, fake).await {
        Ok(form) => form,
        Err(_) => return (None, Vec::new()),
    };
    let (mut json, mut files) = (None, Vec::new());
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.unwrap_or_default().to_vec();
        match filename {
            Some(filename) => files.push((filename, bytes)),
            None if name == "payload_json" => json = serde_json::from_slice(&bytes).ok(),
            None => {}
        }
    }
    (json, files)
}

async fn http(State(fake): State<FakeDiscord>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (body, files) = read_body(&fake, request).await;
    let Some(path) = path.strip_prefix("/api/v10").map(str::to_owned) else {
        return (StatusCode::NOT_FOUND, "not an API path").into_response();
    };
    fake.inner.lock().unwrap().requests.push(Recorded {
        method: method.clone(),
        path: path.clone(),
        authorization,
        body: body.clone(),
        files,
    });
    fake.bump();
    let ws = format!("ws://{}", fake.addr);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => Json(json!({ "url": ws })).into_response(),
        ("GET", ["gateway", "bot"]) => Json(json!({
            "url": ws,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response(),
        ("PUT", ["applications", app, "commands"] | ["applications", app, "guilds", _, "commands"]) => {
            Json(registered_commands(app, body.as_ref())).into_response()
        }
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => Json(message(DM_CHANNEL_ID)).into_response(),
        ("GET", ["users", "@me"]) => Json(bot_user()).into_response(),
        ("POST", ["users", "@me", "channels"]) => Json(json!({
            "id": DM_CHANNEL_ID, "type": 1, "last_message_id": null,
            "recipients": [body.as_ref().map_or(json!(null), |b| json!({
                "id": b["recipient_id"], "username": "admin", "discriminator": "0"
            }))]
        }))
        .into_response(),
        ("GET", ["channels", channel]) => {
            let found = fake.inner.lock().unwrap().channels.get(*channel).cloned();
            match found {
                Some(c) if c.deny & (1 << 10) != 0 => (
                    StatusCode::FORBIDDEN,
                    Json(json!({"code": 50001, "message": "Missing Access"})),
                )
                    .into_response(),
                Some(c) => Json(json!({
                    "id": channel, "type": 0, "guild_id": c.guild, "name": "warm-ups", "position": 0,
                    "nsfw": false, "parent_id": null, "topic": null, "last_message_id": null,
                    "rate_limit_per_user": 0,
                    "permission_overwrites": [{"id": c.guild, "type": 0, "allow": "0", "deny": c.deny.to_string()}]
                }))
                .into_response(),
                None => unknown_channel(),
            }
        }
        ("GET", ["guilds", guild, "roles"]) => Json(json!([{
            "id": guild, "name": "@everyone", "permissions": EVERYONE_PERMISSIONS.to_string(),
            "position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false,
            "flags": 0, "icon": null, "unicode_emoji": null,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null}
        }]))
        .into_response(),
        ("GET", ["guilds", _, "members", _]) => Json(json!({
            "user": bot_user(), "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00",
            "deaf": false, "mute": false, "flags": 0
        }))
        .into_response(),
        ("POST", ["channels", channel, "messages"]) => {
            let answer = fake
                .inner
                .lock()
                .unwrap()
                .channels
                .get_mut(*channel)
                .and_then(|c| c.script.pop_front());
            match answer {
                Some((status, body)) => {
                    (StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), Json(body))
                        .into_response()
                }
                None => Json(message(channel)).into_response(),
            }
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"code": 0, "message": "404: Not Found"})),
        )
            .into_response(),
    }
}

async fn gateway(State(fake): State<FakeDiscord>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| session(fake, socket))
}

async fn session(fake: FakeDiscord, mut socket: WebSocket) {
    let (events, mut outbox) = mpsc::unbounded_channel::<Value>();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}});
    if socket.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    let mut seq = 0u64;
    loop {
        tokio::select! {
                    incoming = socket.recv() => {
        let message = match incoming {
                            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                            Some(Ok(message)) => message,
                        };
                        let Message::Text(text) = message else { continue };
                        let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                        match frame["op"].as_u64() {
                            Some(1) => {
                                let ack = json!({"op": 11});
                                if socket.send(Message::Text(ack.to_string())).await.is_err() {
                                    return;
                                }
                            }
                            Some(2) => {
                                {
                                    let mut inner = fake.inner.lock().unwrap();
                                    inner.identify = Some(frame["d"].clone());
                                    inner.gateway = Some(events.clone());
                                }
                                let guilds: Vec<Value> = fake
                                    .guilds
                                    .iter()
                                    .map(|g| json!({"id": g, "unavailable": true}))
                                    .collect();
                                let ready = json!({
                                    "v": 10,
                                    "user": {"id": BOT_USER_ID, "username": "pacer", "discriminator": "0000", "bot": true},
                                    "guilds": guilds,
                                    "session_id": "fake-session",
                                    "resume_gateway_url": format!("ws://{}", fake.addr),
                                    "shard": frame["d"]["shard"].as_array().map_or(json!([0, 1]), |s| json!(s)),
                                    "application": {"id": APPLICATION_ID, "flags": 0}
                                });
                                let _ = events.send(json!({"op": 0, "t": "READY", "d": ready}));
                                for guild in fake.guilds.iter() {
                                    let _ = events.send(json!({"op": 0, "t": "GUILD_CREATE", "d": guild_payload(guild)}));
                                }
                                fake.bump();
                            }
                            _ => {}
                        }
                    }
                    Some(mut event) = outbox.recv() => {
                        seq += 1;
                        event["s"] = json!(seq);
                        if socket.send(Message::Text(event.to_string())).await.is_err() {
                            return;
                        }
                    }
                }
    }
}

fn unknown_channel() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"code": 10003, "message": "Unknown Channel"})),
    )
        .into_response()
}
