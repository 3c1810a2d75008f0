//! The websocket gateway: HELLO, heartbeat acknowledgements, READY with the fake's servers
//! and the shard the client asked for, a `GUILD_CREATE` per server, RESUMED after a RESUME,
//! then whatever frames are queued for the session, numbered in order.

use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::payloads::{guild_payload, APPLICATION_ID, BOT_USER_ID};
use crate::{lock, FakeDiscord, Observer};

/// Milliseconds between the client's heartbeats, as HELLO asks.
const HEARTBEAT_INTERVAL: u64 = 41_250;

/// A dispatch event (`op` 0) for the session to write; it adds the sequence number.
pub enum Frame {
    /// An event whose `d` is already serialised, so a load of them costs no JSON work here.
    /// [`Observer::sent`] hears `tag` once the frame is on the socket.
    Prepared {
        event: &'static str,
        data: Arc<str>,
        tag: usize,
    },
    /// An event named by the first field with the second as its `d`.
    Event(String, Value),
}

pub(crate) async fn upgrade<O: Observer>(
    State(fake): State<FakeDiscord<O>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .max_message_size(64 << 20)
        .on_upgrade(move |socket| session(fake, socket))
}

async fn session<O: Observer>(fake: FakeDiscord<O>, mut socket: WebSocket) {
    let (frames, mut outbox) = mpsc::unbounded_channel::<Frame>();
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL}});
    if socket.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    let mut seq = 0u64;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                    Some(Ok(_)) => continue,
                };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                match frame["op"].as_u64() {
                    Some(1) => {
                        let ack = json!({"op": 11}).to_string();
                        if socket.send(Message::Text(ack)).await.is_err() {
                            return;
                        }
                    }
                    Some(2) => identified(&fake, &frame["d"], &frames),
                    Some(6) => {
                        // Numbering goes on from the last event the client saw.
                        seq = frame["d"]["seq"].as_u64().unwrap_or(seq);
                        *lock(&fake.shared.session) = Some(frames.clone());
                        let _ = frames.send(Frame::Event("RESUMED".to_owned(), json!({})));
                    }
                    _ => {}
                }
            }
            Some(frame) = outbox.recv() => {
                seq += 1;
                let (text, tag) = match frame {
                    Frame::Prepared { event, data, tag } => (
                        format!(r#"{{"op":0,"t":"{event}","s":{seq},"d":{data}}}"#),
                        Some(tag),
                    ),
                    Frame::Event(event, data) => {
                        (json!({"op": 0, "t": event, "s": seq, "d": data}).to_string(), None)
                    }
                };
                if socket.send(Message::Text(text)).await.is_err() {
                    return;
                }
                if let Some(tag) = tag {
                    fake.observer().sent(tag);
                }
            }
        }
    }
}

/// Makes this the session frames go to and queues READY and a `GUILD_CREATE` per server.
fn identified<O: Observer>(
    fake: &FakeDiscord<O>,
    identify: &Value,
    frames: &mpsc::UnboundedSender<Frame>,
) {
    *lock(&fake.shared.session) = Some(frames.clone());
    let guilds: Vec<Value> = fake
        .shared
        .guilds
        .iter()
        .map(|g| json!({"id": g, "unavailable": true}))
        .collect();
    let ready = json!({
        "v": 10,
        "user": {"id": BOT_USER_ID, "username": "pacer", "discriminator": "0000", "bot": true},
        "guilds": guilds,
        "session_id": "fake-session",
        "resume_gateway_url": fake.websocket_url(),
        "shard": identify["shard"].as_array().map_or(json!([0, 1]), |s| json!(s)),
        "application": {"id": APPLICATION_ID, "flags": 0}
    });
    let _ = frames.send(Frame::Event("READY".to_owned(), ready));
    for guild in &fake.shared.guilds {
        let _ = frames.send(Frame::Event(
            "GUILD_CREATE".to_owned(),
            guild_payload(guild),
        ));
    }
    fake.observer().identified(identify);
}
