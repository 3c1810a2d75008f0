//! Issue 12, through the fake Discord on every backend: any run can be removed or moved
//! after a confirm, and a run logged twice is stored only after Keep both.

use chrono::{Days, Utc};
use serde_json::{json, Value};

use crate::bot::{Bot, MEMBER, MEMBER_ID, OTHER};
use crate::gateway::assert_message;
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;
use crate::store::databases;

pub async fn bot_on(url: &str) -> Bot {
    Bot::start_with(&[], &[("DATABASE_URL", url)]).await
}

pub async fn shoes(bot: &mut Bot, sub: &str, options: &[(&str, &str)]) -> String {
    private_text(&bot.subcommand("shoes", sub, options).await)
}

/// The `custom_ids` of a reply's buttons, in order.
pub fn buttons(body: &Value) -> Vec<String> {
    body["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// Presses a button and returns the text of the message it leaves.
pub async fn press(bot: &mut Bot, custom_id: &str) -> String {
    let body = bot.press(custom_id).await;
    assert_message(&body, 7)["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The member's runs stored in the database at `url`: (count, total metres).
pub async fn stored(url: &str) -> (i64, i64) {
    let store = pacer::store::Store::open(url).await.unwrap();
    let shoes = store
        .shoes()
        .list(MEMBER_ID.parse().unwrap(), Utc::now().date_naive())
        .await
        .unwrap();
    store.close().await;
    (
        shoes.iter().map(|s| s.runs).sum(),
        shoes.iter().map(|s| s.logged_m).sum(),
    )
}

pub fn ago(days: u64) -> String {
    (Utc::now().date_naive() - Days::new(days))
        .format("%Y-%m-%d")
        .to_string()
}
#[tokio::test]
async fn any_run_can_be_removed_or_moved_after_a_confirm_on_every_backend() {
    for db in databases().await {
        let mut bot = bot_on(&db.url).await;
        shoes(&mut bot, "add", &[("name", "Road"), ("retire_at", "100")]).await;
        shoes(&mut bot, "add", &[("name", "Trail"), ("retire_at", "100")]).await;
        for (distance, date) in [("20", ago(9)), ("30", ago(5)), ("25", ago(2))] {
            shoes(&mut bot, "log", &[("distance", distance), ("date", &date)]).await;
        }
        // 75 km of 100: the 70 % warning came with the last run.
        let body = bot.subcommand("shoes", "history", &[]).await;
        let listed = body["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            listed.starts_with(&format!(
                "#1 · {} · 25.0 km · **Road**\n#2 · {}",
                ago(2),
                ago(5)
            )),
            "{listed}"
        );
        assert!(listed.contains("`/shoes run-remove`"), "{listed}");

        // Remove run #2 (30 km, not the latest): asked first, nothing gone until pressed.
        let body = bot.subcommand("shoes", "run-remove", &[("run", "2")]).await;
        assert_eq!(
            private_text(&body),
            format!("Remove run #2: 30.0 km on **Road** for {}?", ago(5))
        );
        let [remove, keep] = <[String; 2]>::try_from(buttons(&body)).unwrap();
        assert_eq!(press(&mut bot, &keep).await, "Kept it. Nothing changed.");
        assert_eq!(stored(&db.url).await, (3, 75_000), "{}", db.url);
        bot.member = OTHER;
        assert!(press(&mut bot, &remove)
            .await
            .contains("no longer in your log"));
        bot.member = MEMBER;
        assert_eq!(stored(&db.url).await, (3, 75_000), "{}", db.url);
        assert_eq!(
            press(&mut bot, &remove).await,
            format!(
                "Removed 30.0 km on **Road** for {}. **Road** now has 45.0 km: 45% of 100.0 km.",
                ago(5)
            )
        );
        assert!(press(&mut bot, &remove)
            .await
            .contains("no longer in your log"));
        // Below 70 % again, the warning is due again when the pair crosses it.
        let text = shoes(&mut bot, "log", &[("distance", "26"), ("date", &ago(1))]).await;
        assert!(
            text.contains("passed 70% of its 100.0 km"),
            "{}: {text}",
            db.url
        );

        // Move the latest run by its autocomplete value: Trail crosses 70 % and says so once.
        shoes(
            &mut bot,
            "log",
            &[("distance", "50"), ("shoe", "Trail"), ("date", &ago(3))],
        )
        .await;
        let choices = run_choices(&mut bot, "26").await;
        assert_eq!(choices[0].0, format!("#1 · {} · 26.0 km · Road", ago(1)));
        let body = bot
            .subcommand(
                "shoes",
                "run-move",
                &[("run", &choices[0].1), ("to", "trail")],
            )
            .await;
        assert_eq!(
            private_text(&body),
            format!(
                "Move run #1, 26.0 km for {}, from **Road** to **Trail**?",
                ago(1)
            )
        );
        let moved = press(&mut bot, &buttons(&body)[0]).await;
        assert_eq!(
            moved,
            format!(
                "Moved 26.0 km for {} from **Road** to **Trail**.\n**Road** now has 45.0 km: 45% of 100.0 km.\n**Trail** now has 76.0 km: 76% of 100.0 km.\n⚠️ **Trail** has passed 70% of its 100.0 km. Keep an eye on how it feels.",
                ago(1)
            ),
            "{}",
            db.url
        );
        assert_eq!(stored(&db.url).await, (4, 121_000), "{}", db.url);
        for (options, refusal) in [
            (vec![("run", "seven")], "is not a run number"),
            (vec![("run", "99")], "You have no run #99."),
            (vec![("run", "0")], "is not a run number"),
            (vec![("run", "id:999999")], "no longer in your log"),
        ] {
            let text = shoes(&mut bot, "run-remove", &options).await;
            assert!(text.contains(refusal), "{options:?}: {text}");
        }
        let text = shoes(&mut bot, "run-move", &[("run", "1"), ("to", "Trail")]).await;
        assert!(text.contains("is already on **Trail**"), "{text}");
        assert_eq!(stored(&db.url).await, (4, 121_000), "{}", db.url);
        assert_all_valid(&bot.fake.requests());
        drop(bot);
        db.drop_now().await;
    }
}

/// Autocomplete for `/shoes run-remove run:<typed>`: (label, value).
async fn run_choices(bot: &mut Bot, typed: &str) -> Vec<(String, String)> {
    let body = bot
        .autocomplete(
            "shoes",
            json!([{"name": "run-remove", "type": 1, "options": [
                {"name": "run", "type": 3, "value": typed, "focused": true}]}]),
        )
        .await;
    assert_eq!(body["type"], 8, "{body:#}");
    body["data"]["choices"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (text("name"), text("value"))
        })
        .collect()
}

#[tokio::test]
async fn a_run_logged_twice_is_stored_only_after_keep_both_on_every_backend() {
    for db in databases().await {
        let mut bot = bot_on(&db.url).await;
        shoes(&mut bot, "add", &[("name", "Road")]).await;
        let run = [
            ("distance", "5k"),
            ("date", "2026-01-05"),
            ("note", "parkrun"),
        ];
        assert!(shoes(&mut bot, "log", &run)
            .await
            .starts_with("Logged 5.0 km"));
        let body = bot.subcommand("shoes", "log", &run).await;
        assert_eq!(
            private_text(&body),
            "You already logged 5.0 km on **Road** for 2026-01-05. Log it again as another run?"
        );
        assert_eq!(
            stored(&db.url).await,
            (1, 5_000),
            "nothing stored yet: {}",
            db.url
        );
        let [keep_both, cancel] = <[String; 2]>::try_from(buttons(&body)).unwrap();
        assert_eq!(
            press(&mut bot, &cancel).await,
            "Not logged. Nothing changed."
        );
        assert_eq!(stored(&db.url).await, (1, 5_000));
        assert!(press(&mut bot, &keep_both)
            .await
            .starts_with("Logged 5.0 km on **Road** for 2026-01-05. Total 10.0 km"));
        assert!(press(&mut bot, &keep_both)
            .await
            .contains("already logged again"));
        assert_eq!(stored(&db.url).await, (2, 10_000), "{}", db.url);
        let history = bot
            .subcommand("shoes", "history", &[("shoe", "Road")])
            .await;
        let text = history["data"]["embeds"][0]["description"].to_string();
        assert_eq!(text.matches("5.0 km · parkrun").count(), 2, "{text}");
        // Another distance, date or pair is not the same run.
        assert!(shoes(
            &mut bot,
            "log",
            &[("distance", "5.1"), ("date", "2026-01-05")]
        )
        .await
        .starts_with("Logged"));
        let text = shoes(&mut bot, "log", &run).await;
        assert!(text.contains("for 2026-01-05 twice."), "{text}");
        assert_all_valid(&bot.fake.requests());
        drop(bot);
        db.drop_now().await;
    }
}
