//! The leaderboard's opt-in rules, and `/privacy export` and `/privacy delete`.

use std::collections::BTreeMap;

use pacer::store::MemberData;
use serde_json::{json, Value};

use crate::bot::{Bot, Member, MEMBER, MEMBER_ID, OTHER, OTHER_GUILD_ID};
use crate::gateway::{assert_message, is_ephemeral};
use crate::openapi::assert_all_valid;
use crate::schema;
use crate::shoes::{pool, private_text};

/// What [`fill`] gives a member: rows in these columns, and none in any other that names one.
const FILLED: [(&str, i64); 4] = [
    ("member_prefs.user_id", 1),
    ("shoes.user_id", 2),
    ("runs.user_id", 2),
    ("leaderboard_members.user_id", 1),
];

async fn board(bot: &mut Bot, period: &str) -> String {
    let body = bot
        .subcommand("shoes", "leaderboard", &[("period", period)])
        .await;
    let data = assert_message(&body, 4);
    assert!(
        !is_ephemeral(data),
        "the leaderboard is for the whole server"
    );
    data["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn nobody_appears_on_a_leaderboard_without_joining_it() {
    let mut bot = Bot::start().await;
    for member in [MEMBER, OTHER] {
        bot.member = member;
        bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    }
    bot.member = MEMBER;
    bot.subcommand("shoes", "log", &[("distance", "10")]).await;
    bot.member = OTHER;
    bot.subcommand("shoes", "log", &[("distance", "21.1")])
        .await;

    assert!(board(&mut bot, "week")
        .await
        .starts_with("No runs logged this week"));
    bot.member = MEMBER;
    let joined = bot.subcommand("shoes", "leaderboard-join", &[]).await;
    assert!(private_text(&joined).starts_with("You're on this server's leaderboard"));
    assert_eq!(
        board(&mut bot, "month").await,
        format!("1. <@{MEMBER_ID}> · 10.0 km")
    );

    // Joining in one server does not put the member on another's board.
    bot.member = Member {
        guild: Some(OTHER_GUILD_ID),
        ..OTHER
    };
    bot.subcommand("shoes", "leaderboard-join", &[]).await;
    bot.member = MEMBER;
    assert_eq!(
        board(&mut bot, "year").await,
        format!("1. <@{MEMBER_ID}> · 10.0 km")
    );

    bot.member = OTHER;
    bot.subcommand("shoes", "leaderboard-join", &[]).await;
    let both = board(&mut bot, "week").await;
    assert_eq!(
        both,
        format!(
            "1. <@{}> · 21.1 km\n2. <@{MEMBER_ID}> · 10.0 km",
            OTHER.user
        )
    );

    bot.member = MEMBER;
    let left = bot.subcommand("shoes", "leaderboard-leave", &[]).await;
    assert_eq!(private_text(&left), "You're off this server's leaderboard.");
    assert_eq!(
        board(&mut bot, "week").await,
        format!("1. <@{}> · 21.1 km", OTHER.user)
    );

    bot.member = Member {
        guild: None,
        ..MEMBER
    };
    let dm = bot.subcommand("shoes", "leaderboard", &[]).await;
    assert!(private_text(&dm).contains("belong to a server"));
    assert_all_valid(&bot.fake.requests());
}

/// Rows about `user` in every column of the schema that names a member, as "table.column".
async fn rows_about(bot: &Bot, user: &str) -> BTreeMap<String, i64> {
    let url = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    let pool = pool(bot).await;
    let mut counts = BTreeMap::new();
    for (table, column) in schema::member_columns(&url).await {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1"))
                .bind(user.parse::<i64>().unwrap())
                .fetch_one(&pool)
                .await
                .unwrap();
        counts.insert(format!("{table}.{column}"), n);
    }
    counts
}

/// `user` has the rows in `expected` and none in any other column that names a member.
async fn assert_rows(bot: &Bot, user: &str, expected: &[(&str, i64)]) {
    let found = rows_about(bot, user).await;
    for (column, _) in expected {
        assert!(found.contains_key(*column), "no column {column}: {found:?}");
    }
    for (column, n) in &found {
        let wanted = expected
            .iter()
            .find(|(c, _)| c == column)
            .map_or(0, |(_, n)| *n);
        assert_eq!(*n, wanted, "rows about {user} in {column}: {found:?}");
    }
}

/// Gives the current member a row in every table.
async fn fill(bot: &mut Bot) {
    bot.subcommand("shoes", "units", &[("unit", "mi")]).await;
    bot.subcommand("shoes", "add", &[("name", "Racers"), ("brand", "Brooks")])
        .await;
    bot.subcommand(
        "shoes",
        "add",
        &[("name", "Old pair"), ("start_distance", "300")],
    )
    .await;
    bot.subcommand("shoes", "log", &[("distance", "5"), ("note", "easy")])
        .await;
    bot.subcommand(
        "shoes",
        "log",
        &[("distance", "13.1"), ("shoe", "Old pair")],
    )
    .await;
    bot.subcommand("shoes", "retire", &[("shoe", "Old pair")])
        .await;
    bot.subcommand("shoes", "leaderboard-join", &[]).await;
}

#[tokio::test]
async fn export_holds_every_row_and_delete_leaves_none() {
    let mut bot = Bot::start().await;
    fill(&mut bot).await;
    bot.member = OTHER;
    fill(&mut bot).await;
    bot.member = MEMBER;
    assert_rows(&bot, MEMBER_ID, &FILLED).await;

    let (body, files) = bot.typed_with_files("privacy", "export", json!([])).await;
    assert!(
        private_text(&body).contains(
            "Here is everything pacer holds about you: 2 pairs, 2 runs, 1 leaderboard place and your settings."
        ),
        "{body:#}"
    );
    assert_eq!(files.len(), 2, "the JSON and a CSV of the runs");
    assert_eq!(files[0].0, "pacer-data.json");
    assert_eq!(files[1].0, "pacer-runs.csv");
    let export: Value = serde_json::from_slice(&files[0].1).expect("the export is JSON");
    assert_eq!(export["user_id"], MEMBER_ID);
    let tables: MemberData = serde_json::from_value(export["tables"].clone()).expect("every table");
    let direct = bot
        .store()
        .await
        .privacy()
        .export(MEMBER_ID.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(tables, direct, "the file round-trips every row");
    assert_eq!(tables.rows(), 6);
    assert_eq!(tables.table("member_prefs")[0]["unit"], "mi");
    assert_eq!(tables.table("shoes")[0]["brand"], "Brooks");
    assert_eq!(tables.table("runs")[0]["note"], "easy");
    assert!(tables
        .table("shoes")
        .iter()
        .all(|s| s["user_id"].as_i64() == MEMBER_ID.parse().ok()));
    assert!(tables.table("tip_schedules").is_empty());

    let body = bot.subcommand("privacy", "delete", &[]).await;
    assert!(private_text(&body).contains("can't be undone"));
    let buttons = body["data"]["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    let cancelled = bot.press(buttons[1]["custom_id"].as_str().unwrap()).await;
    assert_eq!(
        assert_message(&cancelled, 7)["content"],
        "Cancelled. Nothing was deleted."
    );
    assert_rows(&bot, MEMBER_ID, &FILLED).await;

    let deleted = bot.press(buttons[0]["custom_id"].as_str().unwrap()).await;
    assert_eq!(
        assert_message(&deleted, 7)["content"],
        "Deleted 2 pairs, 2 runs, 1 leaderboard place and your settings. pacer holds nothing about you now."
    );
    assert_rows(&bot, MEMBER_ID, &[]).await;
    // Other members keep theirs.
    assert_rows(&bot, OTHER.user, &FILLED).await;
    assert_all_valid(&bot.fake.requests());
}

/// A member who installed pacer for themselves can run it in a server that never installed
/// it. Their own shoes work there as anywhere, but that server has no leaderboard to join or
/// read and no settings to change: nothing is stored for it.
#[tokio::test]
async fn a_server_that_did_not_install_pacer_gets_no_leaderboard_or_settings() {
    let mut bot = Bot::start().await;
    let visitor = Member {
        guild: Some(OTHER_GUILD_ID),
        own_install_only: true,
        admin: true,
        ..MEMBER
    };
    bot.member = visitor;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let logged = private_text(&bot.subcommand("shoes", "log", &[("distance", "10")]).await);
    assert!(logged.contains("10.0 km"), "{logged}");
    for sub in ["leaderboard-join", "leaderboard"] {
        let refused = private_text(&bot.subcommand("shoes", sub, &[]).await);
        assert_eq!(
            refused,
            "Leaderboards belong to a server that has pacer: use this in your club's server.",
            "/shoes {sub}"
        );
    }
    let number = bot
        .subcommand("club", "emergency-number", &[("number", "112")])
        .await;
    assert!(!private_text(&number).is_empty(), "refused privately");

    let pool = pool(&bot).await;
    for table in ["leaderboard_members", "guild_settings"] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(
            rows, 0,
            "{table}: nothing stored for a server without pacer"
        );
    }
    assert_all_valid(&bot.fake.requests());
}
