//! The member's half of issue 12 as Discord sends it, through the fake: the date option's
//! autocomplete (the member's last seven days, in their zone) and `/shoes timezone`.

use chrono::{Days, Duration, Utc};
use serde_json::json;

use crate::bot::Bot;
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;

/// The autocomplete choices for `/shoes <sub>` with `option` focused: (name, value) pairs.
async fn choices(bot: &mut Bot, sub: &str, option: &str, typed: &str) -> Vec<(String, String)> {
    let body = bot
        .autocomplete(
            "shoes",
            json!([{"name": sub, "type": 1, "options": [
                {"name": option, "type": 3, "value": typed, "focused": true}
            ]}]),
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
async fn the_date_autocomplete_offers_the_member_s_last_seven_days() {
    let mut bot = Bot::start().await;
    let today = Utc::now().date_naive();
    let days = choices(&mut bot, "log", "date", "").await;
    assert_eq!(days.len(), 7, "{days:?}");
    assert!(days[0].0.starts_with("Today ("), "{days:?}");
    assert_eq!(days[0].1, today.to_string());
    assert!(days[1].0.starts_with("Yesterday ("), "{days:?}");
    assert_eq!(days[6].1, (today - Days::new(6)).to_string());
    let typed = choices(&mut bot, "log", "date", "yesterday").await;
    assert_eq!(typed[0].1, (today - Days::new(1)).to_string());

    let zones = choices(&mut bot, "timezone", "zone", "london").await;
    assert_eq!(zones[0].1, "Europe/London");
    let body = bot
        .subcommand("shoes", "timezone", &[("zone", "UTC+14")])
        .await;
    assert!(
        private_text(&body).starts_with("Your time zone is now UTC+14 (no summer time): today is"),
        "{body:#}"
    );
    let zone_today = (Utc::now() + Duration::hours(14)).date_naive();
    let days = choices(&mut bot, "log", "date", "").await;
    assert_eq!(days[0].1, zone_today.to_string());

    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let body = bot
        .subcommand(
            "shoes",
            "log",
            &[("distance", "10,000m"), ("date", &days[1].1)],
        )
        .await;
    assert!(
        private_text(&body)
            .starts_with(&format!("Logged 10.0 km on **Racers** for {}.", days[1].1)),
        "{body:#}"
    );
    assert_all_valid(&bot.fake.requests());
}
