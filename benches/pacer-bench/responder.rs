//! The floor: a bot that does no work. It connects to the fake's gateway like any bot and
//! answers every interaction with a fixed reply through the same kind of HTTP client pacer
//! uses, so its latency is what the fake, the sockets and the machine cost on their own.

use fake_discord::payloads::APPLICATION_ID;
use futures_util::{SinkExt as _, StreamExt as _};
use serde::Deserialize;
use tokio_tungstenite::tungstenite::Message;

const REPLY: &str = r#"{"type":4,"data":{"content":"ok"}}"#;

#[derive(Deserialize)]
struct Frame {
    t: Option<String>,
    d: Option<Ids>,
}

#[derive(Deserialize)]
struct Ids {
    id: Option<String>,
    token: Option<String>,
}

/// Runs until the fake hangs up or the process is killed.
pub fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve())
}

async fn serve() -> anyhow::Result<()> {
    let base = std::env::var("DISCORD_PROXY_URL")?;
    let http = reqwest::Client::builder().no_proxy().build()?;
    let gateway = base.replacen("http://", "ws://", 1);
    let (mut socket, _) = tokio_tungstenite::connect_async(gateway).await?;
    let identify = r#"{"op":2,"d":{"token":"floor","intents":1,"properties":{}}}"#;
    socket.send(Message::Text(identify.to_owned())).await?;
    while let Some(message) = socket.next().await {
        let Message::Text(text) = message? else {
            continue;
        };
        let Ok(frame) = serde_json::from_str::<Frame>(&text) else {
            continue;
        };
        let url = match (frame.t.as_deref(), frame.d) {
            (Some("READY"), _) => {
                format!("{base}/api/v10/applications/{APPLICATION_ID}/commands")
            }
            (
                Some("INTERACTION_CREATE"),
                Some(Ids {
                    id: Some(id),
                    token: Some(token),
                }),
            ) => {
                format!("{base}/api/v10/interactions/{id}/{token}/callback")
            }
            _ => continue,
        };
        let ready = url.ends_with("/commands");
        let request = if ready {
            http.put(url).body("[]")
        } else {
            http.post(url).body(REPLY)
        };
        tokio::spawn(request.header("content-type", "application/json").send());
    }
    Ok(())
}
