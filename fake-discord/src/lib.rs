//! A fake Discord on 127.0.0.1 for pacer's end-to-end tests and its load benchmark: the
//! websocket gateway a serenity client connects to and the REST routes it calls, with what
//! each user of the fake does with the traffic left to an [`Observer`]. The tests record every
//! request; the benchmark stamps callbacks into atomics.
//!
//! serenity finds the fake through its proxy setting (`DISCORD_PROXY_URL` for pacer), which
//! turns `https://discord.com` into the fake's `http://127.0.0.1:PORT`.

mod gateway;
pub mod multipart;
mod observer;
pub mod payloads;
mod rest;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::routing::get;
use axum::Router;
use serde_json::Value;
use tokio::sync::mpsc;

pub use axum::http::Method;
pub use gateway::Frame;
pub use observer::{Call, Observer, Reply};

/// A running fake Discord. Clones share the server, its session and its observer.
pub struct FakeDiscord<O> {
    pub addr: SocketAddr,
    shared: Arc<Shared<O>>,
}

impl<O> Clone for FakeDiscord<O> {
    fn clone(&self) -> Self {
        FakeDiscord {
            addr: self.addr,
            shared: Arc::clone(&self.shared),
        }
    }
}

struct Shared<O> {
    observer: O,
    /// Servers listed in READY and then sent as `GUILD_CREATE`.
    guilds: Vec<String>,
    /// Where frames for the session that identified last go.
    session: Mutex<Option<mpsc::UnboundedSender<Frame>>>,
}

impl<O: Observer> FakeDiscord<O> {
    /// Starts the fake on an ephemeral loopback port. `guilds` are listed in READY and sent
    /// as `GUILD_CREATE` right after it.
    pub async fn start(guilds: Vec<String>, observer: O) -> std::io::Result<FakeDiscord<O>> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let fake = FakeDiscord {
            addr: listener.local_addr()?,
            shared: Arc::new(Shared {
                observer,
                guilds,
                session: Mutex::new(None),
            }),
        };
        let app = Router::new()
            .route("/", get(gateway::upgrade::<O>))
            .fallback(rest::answer::<O>)
            .with_state(fake.clone());
        tokio::spawn(async move {
            // No Nagle delay on the fake's side: a frame goes out when written, as Discord's do.
            if let Err(error) = axum::serve(listener, app).tcp_nodelay(true).await {
                eprintln!("the fake Discord stopped: {error}");
            }
        });
        Ok(fake)
    }
}

impl<O> FakeDiscord<O> {
    pub fn observer(&self) -> &O {
        &self.shared.observer
    }

    /// What the bot is told to use instead of `https://discord.com`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The gateway's address, as `GET /gateway` and READY give it.
    fn websocket_url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// Queues a frame for the session that identified last; false when no bot is connected.
    pub fn send(&self, frame: Frame) -> bool {
        lock(&self.shared.session)
            .as_ref()
            .is_some_and(|session| session.send(frame).is_ok())
    }

    /// Queues a dispatch event (`op` 0) named `event` with `data` as its `d`.
    pub fn dispatch(&self, event: &str, data: Value) -> bool {
        self.send(Frame::Event(event.to_owned(), data))
    }

    /// Forgets the current session, so nothing is sent until the next bot identifies.
    pub fn disconnect(&self) {
        *lock(&self.shared.session) = None;
    }
}

/// Locks a mutex, also one a panicking holder left behind: the fake's state, and its users',
/// stays usable.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
