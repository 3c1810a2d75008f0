//! The bot against the fake Discord: connection, registration, `/backpain` replies, stale
//! interactions, shutdown and the token staying out of logs (server events: `servers`).

use pacer::commands::COMMANDS;
use pacer::content::Content;
use serde_json::{json, Value};

use crate::bot::{content_dir, Bot, GUILD_ID, TOKEN};
use crate::openapi::assert_all_valid;

pub fn content() -> Content {
    Content::load(&content_dir()).expect("real content loads")
}

/// Asserts the parts every reply shares: a channel message, nothing can ping.
pub fn assert_message(body: &Value, kind: u64) -> &Value {
    assert_eq!(body["type"], kind, "{body:#}");
    let data = &body["data"];
    let mentions = &data["allowed_mentions"];
    for key in ["parse", "users", "roles"] {
        let empty = mentions[key].as_array().is_some_and(Vec::is_empty) || mentions[key].is_null();
        assert!(empty, "allowed_mentions.{key} must be empty: {body:#}");
    }
    assert_eq!(mentions["parse"], json!([]), "{body:#}");
    data
}

pub fn embed_titles(data: &Value) -> Vec<String> {
    data["embeds"]
        .as_array()
        .map(|embeds| {
            embeds
                .iter()
                .map(|e| e["title"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

pub fn is_ephemeral(data: &Value) -> bool {
    data["flags"].as_u64().unwrap_or(0) & 64 == 64
}

#[tokio::test]
async fn connects_identifies_with_guilds_intent_and_registers_the_tree() {
    let bot = Bot::start().await;
    let identify = bot.fake.identify().expect("IDENTIFY sent");
    assert_eq!(identify["token"], format!("Bot {TOKEN}"));
    assert_eq!(identify["intents"], 1, "GUILDS only, nothing privileged");

    let registration = bot.fake.wait_for_registration().await;
    assert_eq!(
        registration.path,
        format!(
            "/applications/{}/commands",
            crate::fake_discord::APPLICATION_ID
        )
    );
    assert_eq!(
        registration.authorization.as_deref(),
        Some(&*format!("Bot {TOKEN}"))
    );
    let body = registration.body.expect("a JSON body");
    let names: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(names, expected);
    let backpain = &body[0];
    let subs: Vec<&str> = backpain["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        [
            "stretches",
            "strength",
            "shoes",
            "physio",
            "causes",
            "plan",
            "return"
        ]
    );
    let shoes = body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "shoes")
        .unwrap();
    let log = shoes["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "log")
        .unwrap();
    let shoe = log["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "shoe")
        .unwrap();
    assert_eq!(
        shoe["autocomplete"], true,
        "members get their pairs suggested"
    );
    let when = &backpain["options"][0]["options"][0];
    assert_eq!(when["name"], "when");
    assert_eq!(when["choices"][0]["value"], "before");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn guild_registration_goes_to_the_configured_server() {
    let bot = Bot::start_with(&[], &[("DISCORD_GUILD_ID", GUILD_ID)]).await;
    let registration = bot.fake.wait_for_registration().await;
    assert_eq!(
        registration.path,
        format!(
            "/applications/{}/guilds/{GUILD_ID}/commands",
            crate::fake_discord::APPLICATION_ID
        )
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn every_backpain_page_is_answered_with_its_content() {
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<&'a str>);
    let content = content();
    let b = &content.backpain;
    let mut bot = Bot::start().await;
    let cases: Vec<Case> = vec![
        (
            "stretches",
            vec![("when", "before")],
            vec![&b.stretches_before.title],
        ),
        (
            "stretches",
            vec![("when", "after")],
            vec![&b.stretches_after.title],
        ),
        (
            "stretches",
            vec![],
            vec![&b.stretches_before.title, &b.stretches_after.title],
        ),
        ("strength", vec![], vec![&b.strength.title]),
        ("shoes", vec![], vec![&b.shoes.title]),
        ("causes", vec![], vec![&b.causes.title]),
        ("plan", vec![], vec![&b.plan.title]),
        ("return", vec![], vec![&b.comeback.title]),
    ];
    for (sub, options, titles) in cases {
        let body = bot.subcommand("backpain", sub, &options).await;
        let data = assert_message(&body, 4);
        assert_eq!(embed_titles(data), titles, "/backpain {sub} {options:?}");
        for embed in data["embeds"].as_array().unwrap() {
            let footer = embed["footer"]["text"].as_str().unwrap();
            assert!(footer.starts_with("Reviewed 20"), "{footer}");
            assert!(
                footer.contains(content.common.disclaimer.trim()),
                "{footer}"
            );
            let fields = embed["fields"].as_array().unwrap();
            let sources = fields.last().unwrap();
            assert_eq!(sources["name"], "Sources");
            assert!(sources["value"].as_str().unwrap().starts_with("[1] "));
            let first_item = &fields[0];
            assert!(first_item["value"]
                .as_str()
                .unwrap()
                .contains("Sources: [1]"));
        }
    }
    bot.member.guild = None;
    let direct = bot.subcommand("backpain", "shoes", &[]).await;
    let data = assert_message(&direct, 4);
    assert_eq!(
        embed_titles(data),
        [b.shoes.title.as_str()],
        "works in a direct message"
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn stale_commands_buttons_and_autocomplete_get_clear_answers() {
    let mut bot = Bot::start().await;
    let stale = [
        bot.subcommand("backpain", "stretch-all", &[]).await,
        bot.subcommand("backpain", "stretches", &[("when", "during")])
            .await,
        bot.subcommand("backpain", "stretches", &[("pace", "fast")])
            .await,
        bot.command("warmup", json!([])).await,
        bot.command("backpain", json!([])).await,
    ];
    for body in &stale {
        let data = assert_message(body, 4);
        assert!(is_ephemeral(data), "{body:#}");
        let text = data["content"].as_str().unwrap();
        assert!(text.starts_with("This command has changed"), "{text}");
    }
    for custom_id in [
        "p0:triage:00000000.n",
        "p1:triage:garbage",
        "p1:unknown:x",
        "",
        "p1:triage:00000000.n",
    ] {
        let body = bot.press(custom_id).await;
        let data = assert_message(&body, 4);
        assert!(is_ephemeral(data));
        assert!(
            data["content"].as_str().unwrap().contains("older message"),
            "{body:#}"
        );
    }
    let body = bot
        .autocomplete(
            "backpain",
            json!([{"name": "stretches", "type": 1, "options": [
                {"name": "when", "type": 3, "value": "be", "focused": true}
            ]}]),
        )
        .await;
    assert_eq!(body, json!({"type": 8, "data": {"choices": []}}));
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn sigterm_stops_the_bot_cleanly() {
    let mut bot = Bot::start().await;
    let exit = bot.stop().await;
    assert!(exit.success(), "{exit:?}");
}

#[tokio::test]
async fn neither_the_token_nor_members_data_reach_the_log_even_at_trace_level() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[("RUST_LOG", "trace")]).await;
    bot.subcommand("backpain", "plan", &[]).await;
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let no = start["data"]["components"][0]["components"][1]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    bot.press(&no).await;
    bot.subcommand("shoes", "add", &[("name", "Zebracorn")])
        .await;
    bot.subcommand(
        "shoes",
        "log",
        &[("distance", "5"), ("note", "sore-left-hip")],
    )
    .await;
    bot.stop().await;
    let log = bot.log();
    assert!(
        log.contains("commands registered") && log.contains("TRACE"),
        "the log was captured at trace level: {log}"
    );
    assert!(!log.contains(TOKEN), "the token appears in the log");
    assert!(
        !log.contains("for-tests"),
        "part of the token appears in the log"
    );
    let state = no.rsplit(':').next().unwrap();
    for secret in [state, "Zebracorn", "sore-left-hip"] {
        assert!(!log.contains(secret), "{secret} appears in the log");
    }
}
