//! `/shoes` wear end to end through the fake Discord: the one-time warnings, a new
//! retirement distance, and the chart of every pair's wear.

use serde_json::json;

use crate::bot::Bot;
use crate::gateway::{assert_message, is_ephemeral};
use crate::openapi::assert_all_valid;
use crate::shoes::{private_text, shoes};

#[tokio::test]
async fn wear_warnings_come_once_at_70_80_90_and_100_percent() {
    let mut bot = Bot::start().await;
    shoes(&mut bot, "add", &[("name", "Racers"), ("retire_at", "100")]).await;
    let steps = [
        ("69", None),
        ("1", Some("passed 70%")),
        ("4", None),
        ("6", Some("passed 80%")),
        ("12", Some("passed 90%")),
        ("10", Some("reached its retirement distance")),
        // Not 10 again: the same run twice is asked about first.
        ("11", None),
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
    assert_eq!(
        (reader.info().width, reader.info().height),
        (720, 2 * 20 + 36 + 2 * 46 + 24)
    );
    assert_all_valid(&bot.fake.requests());
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
