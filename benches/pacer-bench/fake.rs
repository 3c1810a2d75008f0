//! The benchmark's Discord on 127.0.0.1: a gateway that writes prepared interaction frames and
//! stamps the moment each one is on the socket, and the HTTP routes a bot calls, stamping each
//! interaction callback as it arrives. It keeps stamps and counters only, so its own cost per
//! interaction stays flat however long a run is.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};

use crate::payloads::{
    bot_user, guild_payload, message, registered_commands, APPLICATION_ID, BOT_USER_ID,
};

/// Interaction ids are `ID_BASE + index`, so a callback's path gives its index back.
pub const ID_BASE: u64 = 950_000_000_000_000_000;

/// Per-interaction stamps of one load run, in nanoseconds since the fake started (0: not yet).
pub struct Probe {
    pub sent: Vec<AtomicU64>,
    pub answered: Vec<AtomicU64>,
    /// Callbacks whose body holds the run's marker (the expected reply), and the others.
    pub ok: AtomicUsize,
    pub unexpected: AtomicUsize,
    marker: &'static str,
    /// The first unexpected callback body, to show what went wrong.
    pub first_unexpected: Mutex<Option<String>>,
}

impl Probe {
    pub fn new(count: usize, marker: &'static str) -> Probe {
        Probe {
            sent: (0..count).map(|_| AtomicU64::new(0)).collect(),
            answered: (0..count).map(|_| AtomicU64::new(0)).collect(),
            ok: AtomicUsize::new(0),
            unexpected: AtomicUsize::new(0),
            marker,
            first_unexpected: Mutex::new(None),
        }
    }
}

enum Outgoing {
    /// An interaction: its index in the probe and its `d` object, already serialised.
    Interaction(usize, Arc<str>),
    Event(&'static str, Value),
}

struct Shared {
    epoch: Instant,
    guilds: Vec<u64>,
    probe: Mutex<Arc<Probe>>,
    gateway: Mutex<Option<mpsc::UnboundedSender<Outgoing>>>,
    /// When the command tree was registered, in ns since `epoch` (0: not yet).
    registered: watch::Sender<u64>,
    /// Messages posted in channels, and when the last one arrived.
    posts: AtomicUsize,
    last_post: AtomicU64,
}

#[derive(Clone)]
pub struct Fake {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Fake {
    /// Starts the fake; READY lists `guilds`, each then sent as `GUILD_CREATE`.
    pub async fn start(guilds: Vec<u64>) -> anyhow::Result<Fake> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let fake = Fake {
            addr: listener.local_addr()?,
            shared: Arc::new(Shared {
                epoch: Instant::now(),
                guilds,
                probe: Mutex::new(Arc::new(Probe::new(0, ""))),
                gateway: Mutex::new(None),
                registered: watch::channel(0).0,
                posts: AtomicUsize::new(0),
                last_post: AtomicU64::new(0),
            }),
        };
        let app = Router::new()
            .route("/", get(gateway))
            .fallback(http)
            .with_state(fake.clone());
        tokio::spawn(async move {
            // No Nagle delay on the fake's side: a frame goes out when written, as Discord's do.
            if let Err(error) = axum::serve(listener, app).tcp_nodelay(true).await {
                eprintln!("the fake Discord stopped: {error}");
            }
        });
        Ok(fake)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn now(&self) -> u64 {
        stamp(self.shared.epoch)
    }

    /// The instant of a stamp.
    pub fn instant(&self, stamp: u64) -> Instant {
        self.shared.epoch + Duration::from_nanos(stamp)
    }

    /// Starts a new run: callbacks from here on are stamped into `probe`.
    pub fn arm(&self, probe: Arc<Probe>) {
        *lock(&self.shared.probe) = probe;
    }

    /// Forgets the gateway session, before the next bot connects.
    pub fn disconnect(&self) {
        *lock(&self.shared.gateway) = None;
        self.shared.registered.send_replace(0);
    }

    /// Waits for the next bot to connect and register its commands; returns when that was.
    pub async fn registered(&self, within: Duration) -> anyhow::Result<Instant> {
        let mut registered = self.shared.registered.subscribe();
        let at = tokio::time::timeout(within, registered.wait_for(|at| *at > 0))
            .await
            .map_err(|_| anyhow::anyhow!("the bot did not register its commands"))??;
        Ok(self.instant(*at))
    }

    /// Queues an interaction frame for the gateway; false when no bot is connected.
    pub fn send(&self, index: usize, data: Arc<str>) -> bool {
        let gateway = lock(&self.shared.gateway);
        gateway
            .as_ref()
            .is_some_and(|g| g.send(Outgoing::Interaction(index, data)).is_ok())
    }

    /// Messages posted so far, and when the last one arrived.
    pub fn posts(&self) -> (usize, Instant) {
        let last = self.shared.last_post.load(Ordering::Acquire);
        (
            self.shared.posts.load(Ordering::Acquire),
            self.instant(last),
        )
    }
}

fn stamp(epoch: Instant) -> u64 {
    // Never 0, which means "not yet".
    u64::try_from(epoch.elapsed().as_nanos())
        .unwrap_or(u64::MAX)
        .max(1)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn http(State(fake): State<Fake>, request: Request) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let body = axum::body::to_bytes(request.into_body(), 32 << 20)
        .await
        .unwrap_or_default();
    let Some(path) = path.strip_prefix("/api/v10") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ws = format!("ws://{}", fake.addr);
    match (&method, segments.as_slice()) {
        (&Method::POST, ["interactions", id, _, "callback"]) => {
            answered(&fake, id, &body);
            StatusCode::NO_CONTENT.into_response()
        }
        (&Method::POST, ["channels", channel, "messages"]) => {
            fake.shared.posts.fetch_add(1, Ordering::AcqRel);
            fake.shared
                .last_post
                .store(stamp(fake.shared.epoch), Ordering::Release);
            Json(message(channel)).into_response()
        }
        (&Method::GET, ["gateway", "bot"]) => Json(json!({
            "url": ws,
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response(),
        (&Method::GET, ["gateway"]) => Json(json!({ "url": ws })).into_response(),
        (&Method::PUT, ["applications", app, "commands"]) => {
            let sent: Option<Value> = serde_json::from_slice(&body).ok();
            let answer = registered_commands(app, sent.as_ref());
            fake.shared
                .registered
                .send_replace(stamp(fake.shared.epoch));
            Json(answer).into_response()
        }
        (&Method::GET, ["users", "@me"]) => Json(bot_user()).into_response(),
        (&Method::PATCH, ["webhooks", _, _, "messages", "@original"]) => {
            Json(message("700000000000000002")).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"code": 0, "message": "404: Not Found"})),
        )
            .into_response(),
    }
}

fn answered(fake: &Fake, id: &str, body: &Bytes) {
    let at = stamp(fake.shared.epoch);
    let probe = Arc::clone(&lock(&fake.shared.probe));
    let index = id
        .parse::<u64>()
        .ok()
        .and_then(|id| id.checked_sub(ID_BASE))
        .and_then(|i| usize::try_from(i).ok());
    let Some(slot) = index.and_then(|i| probe.answered.get(i)) else {
        return;
    };
    slot.store(at, Ordering::Release);
    let text = String::from_utf8_lossy(body);
    if text.contains(probe.marker) {
        probe.ok.fetch_add(1, Ordering::AcqRel);
    } else {
        probe.unexpected.fetch_add(1, Ordering::AcqRel);
        lock(&probe.first_unexpected).get_or_insert_with(|| text.into_owned());
    }
}

async fn gateway(State(fake): State<Fake>, upgrade: WebSocketUpgrade) -> Response {
    upgrade
        .max_message_size(64 << 20)
        .on_upgrade(move |socket| session(fake, socket))
}

async fn session(fake: Fake, mut socket: WebSocket) {
    let (events, mut outbox) = mpsc::unbounded_channel::<Outgoing>();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}});
    if socket.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    let mut seq = 0u64;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(Message::Text(text))) = incoming else {
                    match incoming {
                        Some(Ok(_)) => continue,
                        _ => return,
                    }
                };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                match frame["op"].as_u64() {
                    Some(1) => {
                        let ack = json!({"op": 11}).to_string();
                        if socket.send(Message::Text(ack)).await.is_err() {
                            return;
                        }
                    }
                    Some(2) => identified(&fake, &frame, &events),
                    _ => {}
                }
            }
            Some(outgoing) = outbox.recv() => {
                seq += 1;
                let (text, index) = match outgoing {
                    Outgoing::Interaction(index, data) => (
                        format!(r#"{{"op":0,"t":"INTERACTION_CREATE","s":{seq},"d":{data}}}"#),
                        Some(index),
                    ),
                    Outgoing::Event(name, data) => {
                        (json!({"op": 0, "t": name, "s": seq, "d": data}).to_string(), None)
                    }
                };
                if socket.send(Message::Text(text)).await.is_err() {
                    return;
                }
                if let Some(index) = index {
                    let probe = Arc::clone(&lock(&fake.shared.probe));
                    if let Some(slot) = probe.sent.get(index) {
                        slot.store(stamp(fake.shared.epoch), Ordering::Release);
                    }
                }
            }
        }
    }
}

/// Answers IDENTIFY with READY and a `GUILD_CREATE` per server.
fn identified(fake: &Fake, frame: &Value, events: &mpsc::UnboundedSender<Outgoing>) {
    *lock(&fake.shared.gateway) = Some(events.clone());
    let guilds: Vec<Value> = fake
        .shared
        .guilds
        .iter()
        .map(|g| json!({"id": g.to_string(), "unavailable": true}))
        .collect();
    let ready = json!({
        "v": 10,
        "user": {"id": BOT_USER_ID, "username": "pacer", "discriminator": "0000", "bot": true},
        "guilds": guilds,
        "session_id": "bench-session",
        "resume_gateway_url": format!("ws://{}", fake.addr),
        "shard": frame["d"]["shard"].as_array().map_or(json!([0, 1]), |s| json!(s)),
        "application": {"id": APPLICATION_ID, "flags": 0}
    });
    let _ = events.send(Outgoing::Event("READY", ready));
    for guild in &fake.shared.guilds {
        let payload = guild_payload(&guild.to_string());
        let _ = events.send(Outgoing::Event("GUILD_CREATE", payload));
    }
}
