//! The fake's websocket gateway: HELLO, heartbeats, READY and a `GUILD_CREATE` per server,
//! then the prepared interaction frames, each stamped into the run's probe once it is on the
//! socket.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::fake::{lock, stamp, Fake};
use crate::payloads::{guild_payload, APPLICATION_ID, BOT_USER_ID};

/// What the gateway writes next.
pub enum Outgoing {
    /// An interaction: its index in the probe and its `d` object, already serialised.
    Interaction(usize, Arc<str>),
    Event(&'static str, Value),
}

pub async fn gateway(State(fake): State<Fake>, upgrade: WebSocketUpgrade) -> Response {
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
