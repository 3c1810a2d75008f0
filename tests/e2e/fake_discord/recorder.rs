//! What the tests keep of the fake Discord's traffic: every request, parsed, and the last
//! IDENTIFY, with a counter bumped on each for waiters. Also the answers only the tests need:
//! server channels with their permissions and scripted post failures, roles, members and
//! direct-message channels.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use ::fake_discord::multipart::message_body;
use ::fake_discord::payloads::{bot_user, DM_CHANNEL_ID};
use ::fake_discord::{Call, Method, Observer, Reply};
use serde_json::{json, Value};
use tokio::sync::watch;

use super::{Recorded, DROP_CONNECTION, EVERYONE_PERMISSIONS};

#[derive(Default)]
pub(super) struct Inner {
    pub(super) requests: Vec<Recorded>,
    pub(super) identify: Option<Value>,
    pub(super) channels: HashMap<String, FakeChannel>,
}

/// A server text channel, and how posting in it goes.
#[derive(Default, Clone)]
pub(super) struct FakeChannel {
    pub(super) guild: String,
    /// Permissions the channel denies @everyone (the bot has no roles of its own).
    pub(super) deny: u64,
    /// Answers for the next posts, then 200.
    pub(super) script: VecDeque<(u16, Value)>,
}

pub struct Recorder {
    pub(super) inner: Mutex<Inner>,
    /// Bumped on every recorded request or IDENTIFY, for waiters.
    pub(super) changed: watch::Sender<u64>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            inner: Mutex::default(),
            changed: watch::channel(0).0,
        }
    }
}

impl Recorder {
    fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// The answer for the routes only the tests use; `None` leaves it to the fake.
    fn answer(&self, method: &Method, path: &str, body: Option<&Value>) -> Option<Reply> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let reply = match (method.as_str(), segments.as_slice()) {
            ("POST", ["users", "@me", "channels"]) => Reply::ok(json!({
                "id": DM_CHANNEL_ID, "type": 1, "last_message_id": null,
                "recipients": [body.map_or(json!(null), |b| json!({
                    "id": b["recipient_id"], "username": "admin", "discriminator": "0"
                }))]
            })),
            ("GET", ["channels", channel]) => {
                let found = self.inner.lock().unwrap().channels.get(*channel).cloned();
                match found {
                    Some(c) if c.deny & (1 << 10) != 0 => Reply {
                        status: 403,
                        body: json!({"code": 50001, "message": "Missing Access"}),
                    },
                    Some(c) => Reply::ok(json!({
                        "id": channel, "type": 0, "guild_id": c.guild, "name": "warm-ups", "position": 0,
                        "nsfw": false, "parent_id": null, "topic": null, "last_message_id": null,
                        "rate_limit_per_user": 0,
                        "permission_overwrites": [{"id": c.guild, "type": 0, "allow": "0", "deny": c.deny.to_string()}]
                    })),
                    None => Reply {
                        status: 404,
                        body: json!({"code": 10003, "message": "Unknown Channel"}),
                    },
                }
            }
            ("GET", ["guilds", guild, "roles"]) => Reply::ok(json!([{
                "id": guild, "name": "@everyone", "permissions": EVERYONE_PERMISSIONS.to_string(),
                "position": 0, "color": 0, "hoist": false, "managed": false, "mentionable": false,
                "flags": 0, "icon": null, "unicode_emoji": null,
                "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null}
            }])),
            ("GET", ["guilds", _, "members", _]) => Reply::ok(json!({
                "user": bot_user(), "roles": [], "joined_at": "2026-01-01T00:00:00.000000+00:00",
                "deaf": false, "mute": false, "flags": 0
            })),
            ("POST", ["channels", channel, "messages"]) => {
                let answer = self
                    .inner
                    .lock()
                    .unwrap()
                    .channels
                    .get_mut(*channel)
                    .and_then(|c| c.script.pop_front());
                match answer {
                    // Ends this connection's task without an answer; the fake goes on serving.
                    Some((DROP_CONNECTION, _)) => panic!("scripted: the fake drops the connection"),
                    Some((status, body)) => Reply { status, body },
                    None => return None,
                }
            }
            _ => return None,
        };
        Some(reply)
    }
}

impl Observer for Recorder {
    async fn request(&self, call: &Call) -> Option<Reply> {
        let (body, files) = message_body(call.content_type.as_deref(), call.body.clone()).await;
        self.inner.lock().unwrap().requests.push(Recorded {
            method: call.method.clone(),
            path: call.path.clone(),
            authorization: call.authorization.clone(),
            body: body.clone(),
            files,
        });
        self.bump();
        // Recorded first: a scripted dropped connection is still a request the bot made.
        self.answer(&call.method, &call.path, body.as_ref())
    }

    fn identified(&self, identify: &Value) {
        self.inner.lock().unwrap().identify = Some(identify.clone());
        self.bump();
    }
}
