//! The fake's HTTP API: records each request, then answers as Discord would for the routes
//! pacer uses.

use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{FakeDiscord, Recorded, DM_CHANNEL_ID, DROP_CONNECTION, EVERYONE_PERMISSIONS};
use crate::payloads::{bot_user, message, registered_commands};

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
    let Ok(mut form) = Multipart::from_request(request, fake).await else {
        return (None, Vec::new());
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

pub(super) async fn http(State(fake): State<FakeDiscord>, request: Request) -> Response {
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
                // Ends this connection's task without an answer; the fake goes on serving.
                Some((DROP_CONNECTION, _)) => panic!("scripted: the fake drops the connection"),
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

fn unknown_channel() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"code": 10003, "message": "Unknown Channel"})),
    )
        .into_response()
}
