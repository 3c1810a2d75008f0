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
pub async fn rows(bot: &Bot, user: &str) -> (i64, i64) {
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

pub async fn total_m(bot: &Bot, user: &str, name: &str) -> i64 {
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

pub async fn shoes(bot: &mut Bot, sub: &str, options: &[(&str, &str)]) -> String {
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
// One member's session from the first pair to retiring it, told in order.
#[allow(clippy::too_many_lines)]
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
    assert!(logged.contains("5.0 km: 0.6% of 800.0 km."), "{logged}");

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
            "Logged 5.0 km on **Trail beasts** for 2026-01-05. Total 125.0 km: 21% of 600.0 km."
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
