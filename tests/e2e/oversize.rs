//! Oversized input: a value of thousands of characters in any string option gets a reply that
//! fits Discord's limits, quotes at most a short, escaped piece of the input, pings nobody
//! and stores nothing. End to end for `/shoes log distance`, a shoe name and `/tips setup
//! schedule`; every other string option at the command core.

use pacer::commands::tree::{max_length, resolve, OptionKind, RawInvocation, RawOption, RawValue};
use pacer::commands::{execute, Caller, ADMINISTRATOR, COMMANDS};
use pacer::limits::{check_reply, MAX_CONTENT};
use pacer::text::MAX_QUOTE_CHARS;
use serde_json::json;

use crate::bot::{Bot, ADMIN, GUILD_ID};
use crate::openapi::assert_all_valid;
use crate::scheduler::app_on;
use crate::shoes::{pool, private_text};

/// 6,000 and 100 KB of text, multi-byte letters, emoji (joined sequences) and mentions.
fn oversized() -> Vec<String> {
    vec![
        "5".repeat(6_000),
        "x".repeat(100 * 1024),
        "é".repeat(6_000),
        "🏃‍♀️👟".repeat(1_500),
        "@everyone **bold** `tick` <@123> ".repeat(400),
    ]
}

const TABLES: [&str; 4] = ["shoes", "runs", "tip_schedules", "guild_settings"];

async fn counts(pool: &sqlx::SqlitePool) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in TABLES {
        let n = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await
            .unwrap();
        counts.push(n);
    }
    counts
}

/// The reply text is short, shows at most a short piece of the input, and pings nobody.
fn assert_fits(text: &str, expected: &str, input: &str) {
    assert!(text.contains(expected), "{text:?} should say {expected:?}");
    assert!(text.chars().count() <= MAX_CONTENT, "{} chars", text.len());
    let quoted = input.chars().take(MAX_QUOTE_CHARS + 1).collect::<String>();
    assert!(!text.contains(&quoted), "the whole input was echoed");
    assert!(
        !text.contains("@everyone") && !text.contains("<@1"),
        "{text}"
    );
}

#[tokio::test]
async fn oversized_distances_names_and_schedules_get_a_reply_that_fits() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let pool = pool(&bot).await;
    let before = counts(&pool).await;
    for input in oversized() {
        let body = bot
            .subcommand("shoes", "log", &[("distance", &input)])
            .await;
        assert_fits(&private_text(&body), "is not a distance", &input);
        let options = [("distance", "5"), ("shoe", input.as_str())];
        let body = bot.subcommand("shoes", "log", &options).await;
        assert_fits(&private_text(&body), "no pair called", &input);
        let body = bot.subcommand("shoes", "add", &[("name", &input)]).await;
        assert_fits(&private_text(&body), "at most 40", &input);
    }
    bot.member = ADMIN;
    bot.fake.add_channel("700000000000000005", GUILD_ID, 0);
    for input in oversized() {
        let options = json!([
            {"name": "channel", "type": 7, "value": "700000000000000005"},
            {"name": "schedule", "type": 3, "value": input},
        ]);
        let body = bot.typed("tips", "setup", options).await;
        let text = private_text(&body);
        assert_fits(&text, "is not a schedule", &input);
    }
    assert_eq!(counts(&pool).await, before, "nothing was stored");
    assert_all_valid(&bot.fake.requests());
}

/// A valid value for each option, so that only the oversized one is wrong.
fn valid(name: &str) -> RawValue {
    let text = match name {
        "name" | "shoe" | "to" => "Racers",
        "run" => "1",
        "distance" | "start_distance" | "retire_at" => "5",
        "schedule" => "daily 07:00",
        "timezone" => "UTC",
        "number" => "112",
        "channel" => return RawValue::Channel(700_000_000_000_000_005),
        _ => return RawValue::Unsupported,
    };
    RawValue::String(text.to_owned())
}

#[tokio::test]
async fn every_string_option_answers_oversized_input_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pacer.db").display());
    let app = app_on(&url).await;
    let caller = Caller {
        user_id: 42,
        guild_id: Some(7),
        permissions: Some(ADMINISTRATOR),
    };
    let run = |command: &str, sub: &str, options: Vec<RawOption>| RawInvocation {
        command: command.to_owned(),
        subcommand: Some(sub.to_owned()),
        options,
    };
    let add = run("shoes", "add", vec![option("name", valid("name"))]);
    execute(&app, &caller, resolve(COMMANDS, &add).unwrap()).await;
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let before = counts(&pool).await;
    let mut checked = 0;
    for command in COMMANDS {
        for sub in command.subcommands {
            for target in sub.options.iter().filter(|o| max_length(o).is_some()) {
                for input in oversized() {
                    let mut options = vec![option(target.name, RawValue::String(input.clone()))];
                    for other in sub.options.iter().filter(|o| o.name != target.name) {
                        if other.required || other.kind == OptionKind::Channel {
                            options.push(option(other.name, valid(other.name)));
                        }
                    }
                    let raw = run(command.name, sub.name, options);
                    let label = format!("/{} {} {}", command.name, sub.name, target.name);
                    let action = resolve(COMMANDS, &raw).unwrap_or_else(|e| panic!("{label}: {e}"));
                    let reply = execute(&app, &caller, action).await;
                    assert_eq!(check_reply(&label, &reply), vec![], "{label}");
                    let text = reply.content.clone().unwrap_or_default();
                    assert_fits(&text, "", &input);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 5 * 15, "{checked} cases");
    assert_eq!(counts(&pool).await, before, "nothing was stored");
}

fn option(name: &str, value: RawValue) -> RawOption {
    RawOption {
        name: name.to_owned(),
        value,
    }
}
