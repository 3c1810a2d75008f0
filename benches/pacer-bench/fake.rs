//! The benchmark's Discord on 127.0.0.1: the HTTP routes a bot calls, stamping each
//! interaction callback as it arrives, and the gateway of [`crate::gateway`]. It keeps stamps
//! and counters only, so its own cost per interaction stays flat however long a run is.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};

use crate::gateway::{gateway, Outgoing};
use crate::payloads::{bot_user, message, registered_commands};
use crate::probe::Probe;

/// Interaction ids are `ID_BASE + index`, so a callback's path gives its index back.
pub const ID_BASE: u64 = 950_000_000_000_000_000;

pub(crate) struct Shared {
    pub(crate) epoch: Instant,
    pub(crate) guilds: Vec<u64>,
    pub(crate) probe: Mutex<Arc<Probe>>,
    pub(crate) gateway: Mutex<Option<mpsc::UnboundedSender<Outgoing>>>,
    /// When the command tree was registered, in ns since `epoch` (0: not yet).
    pub(crate) registered: watch::Sender<u64>,
    /// Messages posted in channels, and when the last one arrived.
    posts: AtomicUsize,
    last_post: AtomicU64,
}

#[derive(Clone)]
pub struct Fake {
    pub addr: SocketAddr,
    pub(crate) shared: Arc<Shared>,
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

pub(crate) fn stamp(epoch: Instant) -> u64 {
    // Never 0, which means "not yet".
    u64::try_from(epoch.elapsed().as_nanos())
        .unwrap_or(u64::MAX)
        .max(1)
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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
        (&Method::PATCH, ["webhooks", _, token, "messages", "@original"]) => {
            let id = token.strip_prefix("interaction-token-").unwrap_or_default();
            if let Some(index) = index_of(id) {
                lock(&fake.shared.probe).edited(index, &body);
            }
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
    if let Some(index) = index_of(id) {
        probe.answer(index, at, body);
    }
}

/// The index in a run of the interaction with this id.
fn index_of(id: &str) -> Option<usize> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| id.checked_sub(ID_BASE))
        .and_then(|i| usize::try_from(i).ok())
}
