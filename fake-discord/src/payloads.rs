//! Discord payloads as the fake sends them: interactions and servers, with only the fields
//! Discord documents as always present, and the objects its REST routes answer with.

use serde_json::{json, Value};

pub const APPLICATION_ID: &str = "900000000000000001";
pub const BOT_USER_ID: &str = "900000000000000002";
pub const GUILD_ID: &str = "700000000000000001";
pub const MEMBER_ID: &str = "800000000000000042";
/// The direct-message channel the fake opens with anyone, and where edited replies live.
pub const DM_CHANNEL_ID: &str = "780000000000000001";

/// An interaction from a member of [`GUILD_ID`], with only the fields Discord documents as
/// always present, so the bot is not tested against more than a real client can count on.
pub fn interaction(id: &str, kind: u8, data: Value) -> Value {
    let mut interaction = json!({
        "id": id,
        "application_id": APPLICATION_ID,
        "type": kind,
        "guild_id": GUILD_ID,
        "channel_id": "700000000000000002",
        "member": {
            "user": {"id": MEMBER_ID, "username": "runner", "discriminator": "0"},
            "roles": [],
            "deaf": false,
            "mute": false,
            "flags": 0,
            "permissions": "2248473465835073"
        },
        "token": format!("interaction-token-{id}"),
        "version": 1,
        "locale": "en-GB",
        "entitlements": [],
        "attachment_size_limit": 10_485_760
    });
    interaction["data"] = data;
    interaction
}

/// The same interaction sent in a direct message: `user` instead of a server and member.
///
/// # Panics
///
/// When `interaction` is not one built by [`interaction`] (an object with a member).
pub fn direct_message(mut interaction: Value) -> Value {
    let object = interaction.as_object_mut().expect("an object");
    object.remove("guild_id");
    let member = object.remove("member").expect("a member");
    object.insert("user".to_owned(), member["user"].clone());
    interaction
}

/// A minimal guild object that serenity accepts in `GUILD_CREATE`.
pub fn guild_payload(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Riverside Runners",
        "icon": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": "800000000000000001",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "preferred_locale": "en-GB",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "joined_at": "2026-01-01T00:00:00.000000+00:00",
        "large": false,
        "member_count": 1,
        "members": [],
        "channels": [],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "stickers": [],
        "unavailable": false
    })
}

pub fn bot_user() -> Value {
    json!({"id": BOT_USER_ID, "username": "pacer", "discriminator": "0000", "bot": true, "avatar": null})
}

/// The message object Discord answers a post with.
pub fn message(channel: &str) -> Value {
    json!({
        "id": "970000000000000001", "channel_id": channel, "author": bot_user(), "content": "",
        "timestamp": "2026-01-01T00:00:00.000000+00:00", "edited_timestamp": null, "tts": false,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0
    })
}

/// Discord's answer to a bulk overwrite of the command tree: only the fields the protocol
/// guarantees, for each command sent.
pub fn registered_commands(application_id: &str, sent: Option<&Value>) -> Value {
    let commands = sent.and_then(Value::as_array).cloned().unwrap_or_default();
    let registered = commands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "id": format!("91000000000000000{i}"),
                "type": 1,
                "application_id": application_id,
                "name": c["name"],
                "description": c["description"],
                "version": "1"
            })
        })
        .collect();
    Value::Array(registered)
}
