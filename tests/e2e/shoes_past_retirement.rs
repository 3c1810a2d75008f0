//! Pairs set up already past their retirement distance (issue 12): `/shoes add` with
//! `start_distance` at or past `retire_at`, and `/shoes edit` lowering `retire_at` below what
//! the pair has run, are asked about before anything is saved. In the console on every
//! backend, and through the fake Discord with the buttons pressed by the member and by
//! someone else.

use chrono::Utc;
use serde_json::Value;

use crate::bot::{Bot, OTHER};
use crate::databases::databases;
use crate::gateway::assert_message;
use crate::openapi::assert_all_valid;
use crate::scheduler::app_on;
use crate::shoes::private_text;
use crate::shoes_everyday::{console, pair, pairs};

fn assert_has(out: &str, expected: &[&str]) {
    for line in expected {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
}

fn buttons(body: &Value) -> Vec<String> {
    body["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["custom_id"].as_str().unwrap().to_owned())
        .collect()
}

fn updated_text(body: &Value) -> String {
    assert_message(body, 7)["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn pairs_past_retirement_are_asked_about_before_they_are_saved() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let out = console(
            &app,
            &[
                "/shoes add name:Old start_distance:900 retire_at:500",
                "3",
                "/shoes add name:Old start_distance:900 retire_at:500",
                "2",
                "/shoes add name:Older start_distance:900 retire_at:500",
                "1",
                "/shoes add name:Nearly start_distance:700 retire_at:800",
            ],
        )
        .await;
        assert_has(
            &out,
            &[
                "**Old** would start at 900.0 km, past its retirement distance of 500.0 km (180% worn).",
                "[1] Add it anyway   [2] Start at 500.0 km, retire at 900.0 km   [3] Cancel",
                "Nothing was added.",
                "Added **Old**. It retires at 900.0 km, starting from 500.0 km.",
                "Added **Older**. It retires at 500.0 km, starting from 900.0 km. It is already 180% worn.",
                "Added **Nearly**. It retires at 800.0 km, starting from 700.0 km. It is already 88% worn.",
            ],
        );
        let names: Vec<String> = pairs(&app).await.into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["Old", "Older", "Nearly"], "{}", db.url);
        let old = pair(&app, "Old").await;
        assert_eq!((old.start_m, old.retire_at_m), (500_000, 900_000));

        let out = console(
            &app,
            &[
                "/shoes log distance:100 shoe:Old",
                "/shoes edit shoe:Old retire_at:550 brand:Brooks",
                "2",
                "/shoes edit shoe:Old retire_at:550",
                "1",
                "/shoes edit shoe:Old retire_at:2000",
            ],
        )
        .await;
        assert_has(
            &out,
            &[
                "Saved the brand and model. **Old** (Brooks) has run 600.0 km: retiring it at 550.0 km puts it past its retirement distance (109% worn)",
                "[1] Set 550.0 km   [2] Keep 900.0 km",
                "Kept the retirement distance as it was.",
                "Updated **Old** (Brooks): retires at 550.0 km (109% worn).",
                "Updated **Old** (Brooks): retires at 2000.0 km (30% worn).",
            ],
        );
        assert_eq!(pair(&app, "Old").await.retire_at_m, 2_000_000);
        // An answer to a question already answered changes nothing.
        let stale = pacer::commands::shoes::ADD_BUTTON.custom_id("1:yes");
        let action = pacer::commands::parse_button(&stale).unwrap();
        let reply = pacer::commands::execute(&app, &pacer::console::CONSOLE_CALLER, action).await;
        assert!(
            reply
                .content
                .unwrap_or_default()
                .contains("answered already"),
            "{}",
            db.url
        );
        assert_eq!(pairs(&app).await.len(), 3);
        app.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn buttons_ask_before_a_pair_past_retirement_is_saved() {
    let mut bot = Bot::start().await;
    let body = bot
        .subcommand(
            "shoes",
            "add",
            &[
                ("name", "Old"),
                ("start_distance", "900"),
                ("retire_at", "500"),
            ],
        )
        .await;
    assert!(private_text(&body).contains("past its retirement distance of 500.0 km (180% worn)"));
    let [add, swap, cancel] = <[String; 3]>::try_from(buttons(&body)).unwrap();
    let store = bot.store().await;
    let member: u64 = crate::bot::MEMBER_ID.parse().unwrap();
    let today = Utc::now().date_naive();
    assert!(store.shoes().list(member, today).await.unwrap().is_empty());

    // Someone else pressing a copy adds nothing, for them or for us.
    bot.member = OTHER;
    assert!(updated_text(&bot.press(&add).await).contains("nothing was added"));
    bot.member = crate::bot::MEMBER;
    assert_eq!(
        updated_text(&bot.press(&cancel).await),
        "Nothing was added."
    );
    assert!(updated_text(&bot.press(&swap).await).contains("answered already"));

    let body = bot
        .subcommand(
            "shoes",
            "add",
            &[
                ("name", "Old"),
                ("start_distance", "900"),
                ("retire_at", "500"),
            ],
        )
        .await;
    let swap = buttons(&body)[1].clone();
    assert_eq!(
        updated_text(&bot.press(&swap).await),
        "Added **Old**. It retires at 900.0 km, starting from 500.0 km. Runs go to this pair unless you name another."
    );

    bot.subcommand("shoes", "log", &[("distance", "100")]).await;
    let body = bot
        .subcommand("shoes", "edit", &[("shoe", "old"), ("retire_at", "550")])
        .await;
    let text = private_text(&body);
    assert!(text.starts_with("**Old** has run 600.0 km"), "{text}");
    let [set, keep] = <[String; 2]>::try_from(buttons(&body)).unwrap();
    assert_eq!(
        updated_text(&bot.press(&keep).await),
        "Kept the retirement distance as it was."
    );
    assert_eq!(
        updated_text(&bot.press(&set).await),
        "Updated **Old**: retires at 550.0 km (109% worn)."
    );
    assert_all_valid(&bot.fake.requests());
}
