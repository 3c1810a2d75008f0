//! `/shoes` end to end through the fake Discord: the member's view of every subcommand, the
//! refusals for bad input, ownership, concurrency and the chart.

use serde_json::{json, Value};
use sqlx::SqlitePool;

use crate::bot::{Bot, MEMBER, MEMBER_ID, OTHER};
use crate::gateway::{assert_message, is_ephemeral};
use crate::openapi::assert_all_valid;

/// The text of an ephemeral reply, checking it is private and pings nobody.
pub fn private_text(body: &Value) -> String {
    let data = assert_message(body, 4);
    assert!(
        is_ephemeral(data),
        "replies about a member's shoes are private: {body:#}"
    );
    data["content"].as_str().unwrap_or_default().to_owned()
}

pub async fn pool(bot: &Bot) -> SqlitePool {
    let url = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    SqlitePool::connect(&url).await.unwrap()
}

/// Rows about `user` in the shoe tables: (shoes, runs).
async fn rows(bot: &Bot, user: &str) -> (i64, i64) {
    let pool = pool(bot).await;
    let user: i64 = user.parse().unwrap();
    let count = |table: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!(
                "SELECT COUNT(*) FROM {table} WHERE user_id = $1"
            ))
            .bind(user)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    (count("shoes").await, count("runs").await)
}

async fn total_m(bot: &Bot, user: &str, name: &str) -> i64 {
    let pool = pool(bot).await;
    sqlx::query_scalar(
        "SELECT s.start_m + COALESCE(SUM(r.distance_m), 0) FROM shoes s \
         LEFT JOIN runs r ON r.shoe_id = s.shoe_id WHERE s.user_id = $1 AND s.name = $2 GROUP BY s.shoe_id",
    )
    .bind(user.parse::<i64>().unwrap())
    .bind(name)
    .fetch_one(&pool)
    .await
    .unwrap()
}

async fn shoes(bot: &mut Bot, sub: &str, options: &[(&str, &str)]) -> String {
    let body = bot.subcommand("shoes", sub, options).await;
    private_text(&body)
}

/// The autocomplete choices for `/shoes <sub> shoe:<typed>`: (name, value) pairs.
pub async fn suggest(bot: &mut Bot, sub: &str, typed: &str) -> Vec<(String, String)> {
    let body = bot
        .autocomplete(
            "shoes",
            json!([{"name": sub, "type": 1, "options": [{"name": "shoe", "type": 3, "value": typed, "focused": true}]}]),
        )
        .await;
    assert_eq!(body["type"], 8, "{body:#}");
    body["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_owned(),
                c["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn add_log_list_history_retire_and_autocomplete() {
    let mut bot = Bot::start().await;
    let added = shoes(
        &mut bot,
        "add",
        &[
            ("name", "Blue racers"),
            ("brand", "Brooks"),
            ("model", "Ghost 16"),
        ],
    )
    .await;
    assert_eq!(
        added,
        "Added **Blue racers** (Brooks Ghost 16). It retires at 800.0 km. Runs go to this pair unless you name another."
    );
    let body = bot
        .typed(
            "shoes",
            "add",
            json!([
                {"name": "name", "type": 3, "value": "Trail beasts"},
                {"name": "start_distance", "type": 3, "value": "120k"},
                {"name": "retire_at", "type": 3, "value": "600"}
            ]),
        )
        .await;
    assert!(private_text(&body).contains("retires at 600.0 km, starting from 120.0 km."));

    let logged = shoes(&mut bot, "log", &[("distance", "5k")]).await;
    assert!(
        logged.starts_with("Logged 5.0 km on **Blue racers**"),
        "{logged}"
    );
    assert!(logged.contains("Total 5.0 km: 0% of 800.0 km."), "{logged}");

    let choices = suggest(&mut bot, "log", "trail").await;
    assert_eq!(choices.len(), 1);
    assert!(
        choices[0].0.starts_with("Trail beasts · 120.0 km"),
        "{choices:?}"
    );
    let logged = shoes(
        &mut bot,
        "log",
        &[
            ("distance", "3.1mi"),
            ("shoe", &choices[0].1),
            ("date", "2026-01-05"),
            ("note", "parkrun"),
        ],
    )
    .await;
    assert!(
        logged.starts_with(
            "Logged 5.0 km on **Trail beasts** for 2026-01-05. Total 125.0 km: 20% of 600.0 km."
        ),
        "{logged}"
    );
    assert_eq!(
        total_m(&bot, MEMBER_ID, "Trail beasts").await,
        120_000 + 4_989
    );

    let body = bot.subcommand("shoes", "list", &[]).await;
    let data = assert_message(&body, 4);
    assert!(is_ephemeral(data));
    let fields = data["embeds"][0]["fields"].as_array().unwrap();
    assert_eq!(fields[0]["name"], "Blue racers · default");
    assert!(
        fields[0]["value"]
            .as_str()
            .unwrap()
            .contains("5.0 km of 800.0 km · 1 run"),
        "{fields:?}"
    );

    let body = bot
        .subcommand("shoes", "history", &[("shoe", "trail BEASTS")])
        .await;
    let history = body["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        history.contains("2026-01-05 · 5.0 km · parkrun"),
        "{history}"
    );

    let retired = shoes(&mut bot, "retire", &[("shoe", "Blue racers")]).await;
    assert!(
        retired.contains("Runs now go to **Trail beasts**"),
        "{retired}"
    );
    let refused = shoes(
        &mut bot,
        "log",
        &[("distance", "5"), ("shoe", "Blue racers")],
    )
    .await;
    assert!(
        refused.contains("is retired. Bring it back with `/shoes unretire`"),
        "{refused}"
    );
    assert_eq!(
        suggest(&mut bot, "unretire", "").await.len(),
        1,
        "only retired pairs"
    );
    assert_eq!(
        suggest(&mut bot, "log", "").await.len(),
        1,
        "only active pairs"
    );
    assert!(shoes(&mut bot, "unretire", &[("shoe", "blue racers")])
        .await
        .contains("back in use"));

    let renamed = shoes(
        &mut bot,
        "rename",
        &[("shoe", "Blue racers"), ("name", "Old blues")],
    )
    .await;
    assert_eq!(renamed, "“Blue racers” is now called **Old blues**.");
    let edited = shoes(
        &mut bot,
        "edit",
        &[("shoe", "Old blues"), ("retire_at", "500mi")],
    )
    .await;
    assert!(edited.contains("retires at 804.7 km"), "{edited}");
    assert!(shoes(&mut bot, "default", &[("shoe", "Old blues")])
        .await
        .contains("Runs now go to **Old blues**"));
    assert!(shoes(&mut bot, "units", &[("unit", "mi")])
        .await
        .contains("miles"));
    let logged = shoes(&mut bot, "log", &[("distance", "2")]).await;
    assert!(
        logged.starts_with("Logged 2.0 mi on **Old blues**"),
        "{logged}"
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn wear_warnings_come_once_at_70_80_90_and_100_percent() {
    let mut bot = Bot::start().await;
    shoes(&mut bot, "add", &[("name", "Racers"), ("retire_at", "100")]).await;
    let steps = [
        ("69", None),
        ("1", Some("passed 70%")),
        ("5", None),
        ("5", Some("passed 80%")),
        ("12", Some("passed 90%")),
        ("10", Some("reached its retirement distance")),
        ("10", None),
    ];
    for (distance, warning) in steps {
        let text = shoes(&mut bot, "log", &[("distance", distance)]).await;
        match warning {
            Some(expected) => assert!(text.contains(expected), "{distance}: {text}"),
            None => assert!(!text.contains("⚠️"), "{distance}: {text}"),
        }
    }
    // Undo and log again across 100 %: no second warning.
    let body = bot.subcommand("shoes", "undo", &[]).await;
    let remove = body["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    bot.press(&remove).await;
    bot.press(&remove).await;
    let text = shoes(&mut bot, "log", &[("distance", "20")]).await;
    assert!(!text.contains("⚠️"), "{text}");

    // `/backpain shoes` now ends with this pair, privately.
    let body = bot.subcommand("backpain", "shoes", &[]).await;
    let data = assert_message(&body, 4);
    assert!(is_ephemeral(data));
    let last = data["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["name"], "Your shoes");
    assert!(
        last["value"]
            .as_str()
            .unwrap()
            .contains("Racers · 122.0 km of 100.0 km (122%): past its retirement distance"),
        "{last}"
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn undo_asks_first_and_removes_only_the_latest_run() {
    let mut bot = Bot::start().await;
    assert_eq!(
        shoes(&mut bot, "undo", &[]).await,
        "You have no runs to undo."
    );
    shoes(&mut bot, "add", &[("name", "Racers")]).await;
    shoes(&mut bot, "log", &[("distance", "5")]).await;
    shoes(
        &mut bot,
        "log",
        &[("distance", "8"), ("date", "2026-01-02")],
    )
    .await;
    let body = bot.subcommand("shoes", "undo", &[]).await;
    assert_eq!(
        private_text(&body),
        "Remove your latest run: 8.0 km on **Racers** for 2026-01-02?"
    );
    let buttons = body["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    let (remove, keep) = (
        buttons[0]["custom_id"].as_str().unwrap(),
        buttons[1]["custom_id"].as_str().unwrap(),
    );

    let kept = bot.press(keep).await;
    assert_eq!(
        assert_message(&kept, 7)["content"],
        "Kept it. Nothing changed."
    );
    assert_eq!(rows(&bot, MEMBER_ID).await, (1, 2));

    // Another member pressing a crafted copy of the button removes nothing of ours.
    bot.member = OTHER;
    let crafted = bot.press(remove).await;
    assert!(assert_message(&crafted, 7)["content"]
        .as_str()
        .unwrap()
        .contains("nothing was removed"));
    assert_eq!(rows(&bot, MEMBER_ID).await, (1, 2));
    bot.member = MEMBER;

    let removed = bot.press(remove).await;
    assert_eq!(
        assert_message(&removed, 7)["content"],
        "Removed 8.0 km on **Racers** for 2026-01-02."
    );
    assert_eq!(total_m(&bot, MEMBER_ID, "Racers").await, 5_000);
    let again = bot.press(remove).await;
    assert!(assert_message(&again, 7)["content"]
        .as_str()
        .unwrap()
        .contains("no longer your latest"));
    assert_eq!(total_m(&bot, MEMBER_ID, "Racers").await, 5_000);
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn the_chart_is_an_attached_png_of_the_expected_size() {
    let mut bot = Bot::start().await;
    let (body, files) = bot.typed_with_files("shoes", "chart", json!([])).await;
    assert!(private_text(&body).contains("no active pairs"), "{body:#}");
    assert!(files.is_empty());
    shoes(&mut bot, "add", &[("name", "Racers")]).await;
    shoes(&mut bot, "log", &[("distance", "250")]).await;
    shoes(&mut bot, "add", &[("name", "Trail")]).await;
    let (body, files) = bot.typed_with_files("shoes", "chart", json!([])).await;
    let data = assert_message(&body, 4);
    assert!(is_ephemeral(data));
    assert_eq!(data["embeds"][0]["image"]["url"], "attachment://shoes.png");
    assert_eq!(files.len(), 1);
    let (name, png) = &files[0];
    assert_eq!(name, "shoes.png");
    let reader = png::Decoder::new(png.as_slice())
        .read_info()
        .expect("a valid PNG");
    assert_eq!((reader.info().width, reader.info().height), (800, 450));
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_hundred_concurrent_logs_add_up_exactly() {
    let mut bot = Bot::start().await;
    shoes(&mut bot, "add", &[("name", "Racers"), ("retire_at", "150")]).await;
    let mut ids = Vec::new();
    for _ in 0..100 {
        let data = json!({"id": "910000000000000000", "name": "shoes", "type": 1,
            "options": [{"name": "log", "type": 1, "options": [{"name": "distance", "type": 3, "value": "1.234"}]}]});
        let payload = crate::bot::interaction(&format!("96{:016}", ids.len()), 2, data);
        ids.push(payload["id"].as_str().unwrap().to_owned());
        bot.fake.dispatch("INTERACTION_CREATE", payload);
    }
    let answers = bot
        .fake
        .wait_for("100 callbacks", |requests| {
            let done: Vec<Value> = ids
                .iter()
                .filter_map(|id| {
                    requests
                        .iter()
                        .find(|r| r.path.starts_with(&format!("/interactions/{id}/")))
                        .and_then(|r| r.body.clone())
                })
                .collect();
            (done.len() == ids.len()).then_some(done)
        })
        .await;
    for answer in &answers {
        assert!(
            private_text(answer).starts_with("Logged 1.2 km on **Racers**"),
            "{answer:#}"
        );
    }
    assert_eq!(total_m(&bot, MEMBER_ID, "Racers").await, 123_400);
    assert_eq!(rows(&bot, MEMBER_ID).await, (1, 100));
    // 123.4 of 150 km: the runs crossed 70 % (105 km) and 80 % (120 km) once each, and
    // exactly one of the hundred replies carries each warning.
    for level in ["passed 70%", "passed 80%"] {
        let warned = answers
            .iter()
            .filter(|a| private_text(a).contains(level))
            .count();
        assert_eq!(warned, 1, "{level}");
    }
    assert!(!answers
        .iter()
        .any(|a| private_text(a).contains("passed 90%")));
}

#[tokio::test]
async fn a_new_retirement_distance_restarts_warnings_and_unretire_restores_the_default() {
    let mut bot = Bot::start().await;
    shoes(&mut bot, "add", &[("name", "Only"), ("retire_at", "10")]).await;
    let text = shoes(&mut bot, "log", &[("distance", "10")]).await;
    assert!(text.contains("reached its retirement distance"), "{text}");
    shoes(&mut bot, "edit", &[("shoe", "Only"), ("retire_at", "100")]).await;
    let text = shoes(&mut bot, "log", &[("distance", "60")]).await;
    assert!(text.contains("passed 70% of its 100.0 km"), "{text}");

    let retired = shoes(&mut bot, "retire", &[("shoe", "Only")]).await;
    assert!(retired.contains("no active pair left"), "{retired}");
    let refused = shoes(&mut bot, "log", &[("distance", "5")]).await;
    assert!(refused.contains("no default pair"), "{refused}");
    shoes(&mut bot, "unretire", &[("shoe", "Only")]).await;
    let logged = shoes(&mut bot, "log", &[("distance", "5")]).await;
    assert!(logged.starts_with("Logged 5.0 km on **Only**"), "{logged}");
    let refused = shoes(&mut bot, "add", &[("name", "id:1")]).await;
    assert!(refused.contains("can't start with `id:`"), "{refused}");
}
