//! `pacer serve` answers as `pacer run` does: the same command tree registered, the same reply
//! bodies (in the HTTP response instead of a callback), slow work deferred and edited in over
//! REST, files attached, and everything it sends valid by Discord's schema.

use chrono::{Days, Utc};
use pacer::store::Store;
use serde_json::{json, Value};

use crate::bot::{Bot, ADMIN, GUILD_ID, MEMBER_ID};
use crate::fake_discord::{FakeDiscord, Method, Recorded, APPLICATION_ID, DROP_CONNECTION};
use crate::openapi::assert_all_valid;
use crate::serve::Replica;
use crate::shoes_log::new_run;

const TIPS_CHANNEL: &str = "700000000000000010";

fn buttons(data: &Value) -> Vec<(String, String)> {
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    rows.iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| {
            let text = |key: &str| b[key].as_str().unwrap_or_default().to_owned();
            (text("label"), text("custom_id"))
        })
        .collect()
}

fn edit_of(requests: &[Recorded]) -> Option<Recorded> {
    requests
        .iter()
        .find(|r| r.method == Method::PATCH && r.path.ends_with("/messages/@original"))
        .cloned()
}

#[tokio::test]
async fn replies_are_those_of_the_gateway_front_end() {
    let mut bot = Bot::start().await;
    let fake = FakeDiscord::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Replica::start(&fake, dir.path(), None, &[], &[]).await;

    let registration = fake.wait_for_registration().await;
    assert_eq!(
        registration.path,
        format!("/applications/{APPLICATION_ID}/commands")
    );
    let gateway_registration = bot.fake.wait_for_registration().await;
    assert_eq!(registration.body, gateway_registration.body, "one tree");
    assert_eq!(serve.ping().await.json(), json!({"type": 1}));

    let tree = registration.body.unwrap();
    let backpain = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "backpain")
        .unwrap();
    for sub in backpain["options"].as_array().unwrap() {
        let sub = sub["name"].as_str().unwrap();
        let via_http = serve.typed("backpain", sub, json!([])).await.json();
        let via_gateway = bot.typed("backpain", sub, json!([])).await;
        assert_eq!(via_http, via_gateway, "/backpain {sub}");
    }
    // An app that still shows an older tree, and a button from an older message.
    let via_http = serve.typed("backpain", "gone", json!([])).await.json();
    assert_eq!(via_http, bot.typed("backpain", "gone", json!([])).await);
    let via_http = serve.press("p0:triage:x").await.json();
    assert_eq!(via_http, bot.press("p0:triage:x").await);

    // The triage, pressed through in step on both front ends to its last screen.
    let mut via_http = serve.typed("backpain", "physio", json!([])).await.json();
    let mut via_gateway = bot.typed("backpain", "physio", json!([])).await;
    let mut presses = 0;
    loop {
        assert_eq!(via_http, via_gateway, "after {presses} presses");
        let choices = buttons(&via_http["data"]);
        let next = ["None of these", "No"]
            .iter()
            .find_map(|label| choices.iter().find(|(l, _)| l == label));
        let Some((_, custom_id)) = next else { break };
        via_http = serve.press(custom_id).await.json();
        via_gateway = bot.press(custom_id).await;
        presses += 1;
        assert!(presses < 40, "the walk ends");
    }
    assert!(presses >= 5, "a walk of {presses} presses");
    assert_eq!(via_http["type"], 7, "each press updates the message");
    assert_all_valid(&fake.requests());
    assert_eq!(serve.stop().await.code(), Some(0));
}

#[tokio::test]
async fn every_command_family_answers_over_http() {
    let fake = FakeDiscord::start(&[]).await;
    fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Replica::start(&fake, dir.path(), None, &[], &[]).await;

    let name = json!([{"name": "name", "type": 3, "value": "Blue racers"}]);
    let added = serve.typed("shoes", "add", name).await.json();
    assert_eq!(added["data"]["flags"], 64, "private: {added}");
    let distance = json!([{"name": "distance", "type": 3, "value": "5k"}]);
    let logged = serve.typed("shoes", "log", distance).await.json();
    assert!(logged.to_string().contains("Blue racers"), "{logged}");

    let typing = json!([{"name": "log", "type": 1, "options": [
        {"name": "distance", "type": 3, "value": "5"},
        {"name": "shoe", "type": 3, "value": "Blu", "focused": true}
    ]}]);
    let suggested = serve.autocomplete("shoes", typing).await.json();
    assert_eq!(suggested["type"], 8);
    let first = suggested["data"]["choices"][0]["name"].as_str().unwrap();
    assert!(first.starts_with("Blue racers"), "{suggested}");

    let (chart, files) = serve
        .typed("shoes", "chart", json!([]))
        .await
        .with_files()
        .await;
    assert_eq!(files.len(), 1, "{chart}");
    assert!(files[0].1.starts_with(b"\x89PNG"), "a PNG");
    assert_eq!(
        chart["data"]["attachments"][0]["filename"],
        files[0].0.as_str()
    );
    let (_, files) = serve
        .typed("privacy", "export", json!([]))
        .await
        .with_files()
        .await;
    let export: Value = serde_json::from_slice(&files[0].1).expect("JSON");
    assert_eq!(export["user_id"].to_string().trim_matches('"'), MEMBER_ID);

    serve.member = ADMIN;
    let number = json!([{"name": "number", "type": 3, "value": "112"}]);
    let club = serve.typed("club", "emergency-number", number).await.json();
    assert!(club.to_string().contains("112"), "{club}");
    let setup = json!([
        {"name": "channel", "type": 7, "value": TIPS_CHANNEL},
        {"name": "schedule", "type": 3, "value": "daily 07:00"}
    ]);
    let set_up = serve.typed("tips", "setup", setup).await.json();
    assert_eq!(set_up["type"], 4, "{set_up}");
    let status = serve.typed("tips", "status", json!([])).await.json();
    assert!(status.to_string().contains(TIPS_CHANNEL), "{status}");

    // Slow work: three dropped connections and their backoff outlast the deadline.
    fake.script_posts(TIPS_CHANNEL, vec![(DROP_CONNECTION, json!(null)); 3]);
    let now = serve.typed("tips", "now", json!([])).await.json();
    assert_eq!(now["type"], 5, "acknowledged: {now}");
    assert_eq!(now["data"]["flags"], 64, "privately");
    let edit = fake.wait_for("the edited reply", edit_of).await;
    assert!(edit
        .path
        .starts_with(&format!("/webhooks/{APPLICATION_ID}/interaction-token-")));
    let text = edit.body.unwrap()["content"].to_string();
    assert!(text.contains("could not be posted"), "{text}");

    // A two-step button: `/privacy delete`, then its confirm button.
    serve.member = crate::bot::MEMBER;
    let asked = serve.typed("privacy", "delete", json!([])).await.json();
    let confirm = buttons(&asked["data"])[0].1.clone();
    let done = serve.press(&confirm).await.json();
    assert_eq!(done["type"], 7, "{done}");
    assert_all_valid(&fake.requests());
    assert_eq!(serve.stop().await.code(), Some(0));
}

#[tokio::test]
async fn files_too_large_for_the_response_body_are_edited_in() {
    let fake = FakeDiscord::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let mut serve = Replica::start(&fake, dir.path(), None, &[], &[]).await;
    let name = json!([{"name": "name", "type": 3, "value": "Trail"}]);
    serve.typed("shoes", "add", name).await.json();

    // Enough runs with long notes for an export of well over 64 KiB.
    let store = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("pacer.db").display()
    ))
    .await
    .unwrap();
    let member: u64 = MEMBER_ID.parse().unwrap();
    let shoe = store
        .shoes()
        .find_by_name(member, "Trail")
        .await
        .unwrap()
        .unwrap();
    let note = "n".repeat(200);
    let today = Utc::now().date_naive();
    for day in 0..400u64 {
        let on = today - Days::new(day % 300);
        let run = new_run(member, shoe, 1_000, on, Some(&note), Utc::now());
        store.runs().log(run).await.unwrap();
    }
    store.close().await;

    let deferred = serve.typed("privacy", "export", json!([])).await.json();
    assert_eq!(deferred["type"], 5, "{deferred}");
    assert_eq!(deferred["data"]["flags"], 64, "the export is private");
    let edit = fake
        .wait_for("the export edited in", |requests| {
            edit_of(requests).filter(|r| !r.files.is_empty())
        })
        .await;
    assert!(edit.files[0].1.len() > 64 * 1024);
    let export: Value = serde_json::from_slice(&edit.files[0].1).expect("JSON");
    assert_eq!(export["tables"]["runs"].as_array().unwrap().len(), 400);
    assert_all_valid(&fake.requests());
    assert_eq!(serve.stop().await.code(), Some(0));
}
