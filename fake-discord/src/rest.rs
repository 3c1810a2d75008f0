//! The REST routes: each request goes to the observer first, then gets Discord's answer for
//! the routes every bot on the fake calls (the gateway's address, command registration,
//! interaction callbacks and edits, channel posts, the bot's own user).

use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::payloads::{bot_user, message, registered_commands, DM_CHANNEL_ID};
use crate::{Call, FakeDiscord, Observer, Reply};

/// The largest request body the fake reads: more than any attachment pacer sends.
const BODY_LIMIT: usize = 32 << 20;

pub(crate) async fn answer<O: Observer>(
    State(fake): State<FakeDiscord<O>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (authorization, content_type) =
        (header(header::AUTHORIZATION), header(header::CONTENT_TYPE));
    let body = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .unwrap_or_default();
    let Some(path) = parts.uri.path().strip_prefix("/api/v10") else {
        return (StatusCode::NOT_FOUND, "not an API path").into_response();
    };
    let call = Call {
        method: parts.method,
        path: path.to_owned(),
        authorization,
        content_type,
        body,
    };
    match fake.observer().request(&call).await {
        Some(reply) => reply.into_response(),
        None => route(&fake, &call).into_response(),
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.body)).into_response()
    }
}

fn route<O: Observer>(fake: &FakeDiscord<O>, call: &Call) -> Response {
    let observer = fake.observer();
    let segments: Vec<&str> = call.path.trim_matches('/').split('/').collect();
    match (&call.method, segments.as_slice()) {
        (&Method::POST, ["interactions", id, _, "callback"]) => {
            observer.callback(id, &call.body);
            StatusCode::NO_CONTENT.into_response()
        }
        (&Method::PATCH, ["webhooks", _, token, "messages", "@original"]) => {
            observer.edited(token, &call.body);
            Json(message(DM_CHANNEL_ID)).into_response()
        }
        (&Method::POST, ["channels", channel, "messages"]) => {
            observer.posted(channel);
            Json(message(channel)).into_response()
        }
        (&Method::GET, ["gateway"]) => Json(json!({ "url": fake.websocket_url() })).into_response(),
        (&Method::GET, ["gateway", "bot"]) => Json(json!({
            "url": fake.websocket_url(),
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        }))
        .into_response(),
        (
            &Method::PUT,
            ["applications", app, "commands"] | ["applications", app, "guilds", _, "commands"],
        ) => {
            let sent: Option<Value> = serde_json::from_slice(&call.body).ok();
            let answer = registered_commands(app, sent.as_ref());
            observer.registered();
            Json(answer).into_response()
        }
        (&Method::GET, ["users", "@me"]) => Json(bot_user()).into_response(),
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"code": 0, "message": "404: Not Found"})),
        )
            .into_response(),
    }
}
