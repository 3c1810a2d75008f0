//! The fake's websocket gateway: HELLO, READY with the fake's servers, their
//! `GUILD_CREATE`s, heartbeats and the events tests dispatch.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::{guild_payload, FakeDiscord, APPLICATION_ID, BOT_USER_ID};

pub(super) async fn gateway(
    State(fake): State<FakeDiscord>,
    upgrade: WebSocketUpgrade,
) -> Response {
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
                            Some(Ok(Message::Close(_)) | Err(_)) | None => return,
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
