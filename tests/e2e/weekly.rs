//! `/shoes weekly` end to end: the empty state without an image, then the PNG of the last
//! 12 weeks, attached to a private reply.

use serde_json::json;

use crate::bot::{Bot, MEMBER};
use crate::gateway::{assert_message, is_ephemeral};
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;

#[tokio::test]
async fn weekly_shows_how_to_start_then_a_png_of_the_last_12_weeks() {
    let mut bot = Bot::start().await;
    bot.member = MEMBER;
    let (body, files) = bot.typed_with_files("shoes", "weekly", json!([])).await;
    let text = private_text(&body);
    assert!(
        text.contains("no runs in the last 12 weeks") && text.contains("/shoes log"),
        "{text}"
    );
    assert!(files.is_empty(), "no image for the empty state");

    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    bot.subcommand("shoes", "log", &[("distance", "12k")]).await;
    bot.subcommand("shoes", "add", &[("name", "Trail")]).await;
    let week_ago = (chrono::Utc::now().date_naive() - chrono::Days::new(7)).to_string();
    bot.subcommand(
        "shoes",
        "log",
        &[("distance", "8k"), ("shoe", "Trail"), ("date", &week_ago)],
    )
    .await;
    let (body, files) = bot.typed_with_files("shoes", "weekly", json!([])).await;
    let data = assert_message(&body, 4);
    assert!(is_ephemeral(data));
    assert_eq!(data["embeds"][0]["image"]["url"], "attachment://weekly.png");
    assert_eq!(files.len(), 1);
    let (name, png) = &files[0];
    assert_eq!(name, "weekly.png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let reader = png::Decoder::new(png.as_slice())
        .read_info()
        .expect("a valid PNG");
    assert_eq!((reader.info().width, reader.info().height), (800, 450));
    assert_all_valid(&bot.fake.requests());
}
