//! `/club`: admin-only server settings, refused for everyone else even in crafted
//! interactions.

use serde_json::Value;

use crate::bot::{Bot, Member, ADMIN, GUILD_ID, MEMBER};
use crate::gateway::content;
use crate::openapi::assert_all_valid;
use crate::shoes::{pool, private_text};

pub async fn emergency_outcome(bot: &mut Bot) -> String {
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let yes = start["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let outcome: Value = bot.press(&yes).await;
    outcome["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn stored_number(bot: &Bot) -> Option<String> {
    sqlx::query_scalar("SELECT emergency_number FROM guild_settings WHERE guild_id = $1")
        .bind(GUILD_ID.parse::<i64>().unwrap())
        .fetch_optional(&pool(bot).await)
        .await
        .unwrap()
        .flatten()
}

#[tokio::test]
async fn only_server_managers_set_the_emergency_number() {
    let mut bot = Bot::start().await;
    let registration = bot.fake.wait_for_registration().await.body.unwrap();
    let club = registration
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "club")
        .unwrap()
        .clone();
    assert_eq!(club["default_member_permissions"], "32", "Manage Server");
    assert_eq!(club["contexts"], serde_json::json!([0]), "servers only");
    assert_eq!(
        club["integration_types"],
        serde_json::json!([0]),
        "server installs only"
    );
    // A member's own commands follow a member who installed pacer for themselves.
    for command in registration.as_array().unwrap() {
        let (install, contexts) = match command["name"].as_str().unwrap() {
            "club" | "tips" => (serde_json::json!([0]), serde_json::json!([0])),
            _ => (serde_json::json!([0, 1]), serde_json::json!([0, 1, 2])),
        };
        assert_eq!(command["integration_types"], install, "{}", command["name"]);
        assert_eq!(command["contexts"], contexts, "{}", command["name"]);
    }

    // A member without Manage Server, sending the command anyway.
    let refused = bot
        .subcommand("club", "emergency-number", &[("number", "112")])
        .await;
    assert!(private_text(&refused).contains("Only members with the Manage Server permission"));
    bot.member = Member {
        guild: None,
        ..ADMIN
    };
    let refused = bot
        .subcommand("club", "emergency-number", &[("number", "112")])
        .await;
    assert!(private_text(&refused).contains("Only members with the Manage Server permission"));
    assert_eq!(stored_number(&bot).await, None);

    bot.member = ADMIN;
    let refused = bot
        .subcommand("club", "emergency-number", &[("number", "@everyone")])
        .await;
    assert!(private_text(&refused).contains("is not a phone number"));
    assert_eq!(stored_number(&bot).await, None);
    let set = bot
        .subcommand("club", "emergency-number", &[("number", "112")])
        .await;
    assert!(private_text(&set).ends_with("now tells members to call 112."));

    bot.member = MEMBER;
    let outcome = emergency_outcome(&mut bot).await;
    assert!(
        outcome.contains("Call your emergency number now (112)"),
        "{outcome}"
    );
    assert!(!outcome.contains("911"));

    bot.member = ADMIN;
    bot.subcommand("club", "emergency-number", &[("number", "default")])
        .await;
    bot.member = MEMBER;
    let outcome = emergency_outcome(&mut bot).await;
    assert!(
        outcome.contains(content().common.emergency_numbers.trim()),
        "{outcome}"
    );
    assert_all_valid(&bot.fake.requests());
}
