//! Bad input to `/shoes`: each gets a clear private message, stores nothing, pings nobody and
//! never panics. Ownership is checked by the bot, not by autocomplete.

use crate::bot::{Bot, MEMBER, OTHER};
use crate::gateway::assert_message;
use crate::openapi::assert_all_valid;
use crate::shoes::{pool, private_text, suggest};

async fn rows(bot: &Bot) -> (i64, i64) {
    let pool = pool(bot).await;
    let shoes = sqlx::query_scalar("SELECT COUNT(*) FROM shoes")
        .fetch_one(&pool)
        .await
        .unwrap();
    let runs = sqlx::query_scalar("SELECT COUNT(*) FROM runs")
        .fetch_one(&pool)
        .await
        .unwrap();
    (shoes, runs)
}

/// A subcommand, its options and the refusal it must get.
type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

/// Sends `/shoes <sub>` and checks it was refused with `expected` and changed nothing.
async fn refused(bot: &mut Bot, sub: &str, options: &[(&str, &str)], expected: &str) {
    let before = rows(bot).await;
    let body = bot.subcommand("shoes", sub, options).await;
    let text = private_text(&body);
    assert!(
        text.contains(expected),
        "/shoes {sub} {options:?}: {text:?} should contain {expected:?}"
    );
    assert!(
        !text.contains("@everyone") && !text.contains("<@1"),
        "no mention survives: {text}"
    );
    assert_eq!(
        rows(bot).await,
        before,
        "/shoes {sub} {options:?} stored something"
    );
}

#[tokio::test]
async fn bad_distances_and_dates_are_refused_and_nothing_is_stored() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let log = |distance: &'static str| [("distance", distance)];
    for (distance, expected) in [
        ("0", "above zero"),
        ("0k", "above zero"),
        ("-5", "can't be negative"),
        ("NaN", "is not a distance"),
        ("inf", "is not a distance"),
        ("-inf", "is not a distance"),
        ("five", "is not a distance"),
        ("5 parsecs", "is not a distance"),
        ("301k", "more than the 300.0 km"),
        ("@everyone", "is not a distance"),
    ] {
        refused(&mut bot, "log", &log(distance), expected).await;
    }
    let tomorrow_plus = (chrono::Utc::now().date_naive() + chrono::Days::new(3))
        .format("%Y-%m-%d")
        .to_string();
    for (date, expected) in [
        (tomorrow_plus.as_str(), "is in the future"),
        ("1999-12-31", "before 2000"),
        ("2026-13-01", "YYYY-MM-DD"),
        ("24/11/2026", "YYYY-MM-DD"),
        ("soon", "YYYY-MM-DD"),
    ] {
        refused(
            &mut bot,
            "log",
            &[("distance", "5"), ("date", date)],
            expected,
        )
        .await;
    }
    let long_note = "n".repeat(201);
    let more: [Case; 3] = [
        (
            "log",
            &[("distance", "5"), ("note", &long_note)],
            "at most 200",
        ),
        ("add", &[("name", "X"), ("retire_at", "0")], "above zero"),
        (
            "add",
            &[("name", "X"), ("start_distance", "lots")],
            "is not a distance",
        ),
    ];
    for (sub, options, expected) in more {
        refused(&mut bot, sub, options, expected).await;
    }
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn bad_nicknames_are_refused_and_markdown_is_shown_escaped() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let long_name = "x".repeat(41);
    let cases: [Case; 6] = [
        ("add", &[("name", "   ")], "needs a nickname"),
        ("add", &[("name", &long_name)], "at most 40"),
        ("add", &[("name", "RACERS")], "already have a pair called"),
        (
            "rename",
            &[("shoe", "Racers"), ("name", "")],
            "needs a nickname",
        ),
        (
            "log",
            &[("distance", "5"), ("shoe", "Ghost pair")],
            "no pair called “Ghost pair”",
        ),
        ("history", &[("shoe", "<@123> @everyone")], "no pair called"),
    ];
    for (sub, options, expected) in cases {
        refused(&mut bot, sub, options, expected).await;
    }

    let body = bot
        .subcommand("shoes", "add", &[("name", "**Fast** @everyone <@123>")])
        .await;
    let data = assert_message(&body, 4);
    let text = data["content"].as_str().unwrap();
    assert!(
        text.contains("\\*\\*Fast\\*\\* @\u{200b}everyone \\<@\u{200b}123\\>"),
        "{text}"
    );
    let body = bot.subcommand("shoes", "list", &[]).await;
    let names: Vec<String> = body["data"]["embeds"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("@everyone") && !n.contains("<@123>")),
        "{names:?}"
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_member_has_at_most_50_active_pairs() {
    let mut bot = Bot::start().await;
    for n in 0..50 {
        bot.subcommand("shoes", "add", &[("name", &format!("Pair {n}"))])
            .await;
    }
    refused(&mut bot, "add", &[("name", "Pair 50")], "50 active pairs").await;
    bot.subcommand("shoes", "retire", &[("shoe", "Pair 0")])
        .await;
    let body = bot.subcommand("shoes", "add", &[("name", "Pair 50")]).await;
    assert!(private_text(&body).starts_with("Added"));
    refused(
        &mut bot,
        "unretire",
        &[("shoe", "Pair 0")],
        "50 active pairs",
    )
    .await;

    // Autocomplete: at most 25 of the member's own pairs, for any prefix.
    for typed in ["", "pair", "ünïcødé ✓", "🏃"] {
        let choices = suggest(&mut bot, "log", typed).await;
        assert!(choices.len() <= 25, "{typed}: {}", choices.len());
        if typed.is_empty() || typed == "pair" {
            assert_eq!(choices.len(), 25);
        } else {
            assert!(choices.is_empty());
        }
    }
    bot.member = OTHER;
    let theirs = suggest(&mut bot, "log", "").await;
    assert!(theirs.is_empty(), "another member sees none of them");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn naming_another_members_shoe_by_id_is_refused() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Mine")]).await;
    let mine = suggest(&mut bot, "log", "").await.remove(0).1;
    assert!(mine.starts_with("id:"), "{mine}");

    bot.member = OTHER;
    bot.subcommand("shoes", "add", &[("name", "Theirs")]).await;
    for (sub, extra) in [
        ("log", vec![("distance", "5")]),
        ("retire", vec![]),
        ("rename", vec![("name", "Stolen")]),
        ("edit", vec![("retire_at", "1")]),
        ("history", vec![]),
        ("default", vec![]),
    ] {
        let mut options = vec![("shoe", mine.as_str())];
        options.extend(extra);
        refused(&mut bot, sub, &options, "You have no pair called").await;
    }
    bot.member = MEMBER;
    let body = bot.subcommand("shoes", "list", &[]).await;
    let field = &body["data"]["embeds"][0]["fields"][0];
    assert_eq!(field["name"], "Mine · default");
    assert!(
        field["value"]
            .as_str()
            .unwrap()
            .contains("0.0 km of 800.0 km · no runs yet"),
        "{field}"
    );
}
