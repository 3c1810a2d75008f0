//! The physio triage walked by button presses to each of its four outcomes.

use serde_json::Value;

use crate::bot::Bot;
use crate::gateway::{assert_message, content, embed_titles, is_ephemeral};
use crate::openapi::assert_all_valid;

fn buttons(data: &Value) -> Vec<(String, String)> {
    data["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["label"].as_str().unwrap_or_default().to_owned(),
                b["custom_id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn press_target(data: &Value, label: &str) -> String {
    buttons(data)
        .into_iter()
        .find(|(l, _)| l == label)
        .unwrap_or_else(|| panic!("no {label} button in {data:#}"))
        .1
}

/// Answers "no" until the question `yes_to` (or to the end when `None`) and returns the final
/// reply's data.
async fn walk(bot: &mut Bot, yes_to: Option<&str>) -> Value {
    let content = content();
    let questions = &content.triage.questions;
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let mut data = assert_message(&start, 4).clone();
    assert!(is_ephemeral(&data), "the triage is private");
    let description = data["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains(questions[0].text.trim()),
        "{description}"
    );
    for (asked, question) in questions.iter().enumerate() {
        let title = &embed_titles(&data)[0];
        assert!(
            title.ends_with(&format!("question {}", asked + 1)),
            "{title}"
        );
        let answer = if Some(question.id.as_str()) == yes_to {
            "Yes"
        } else {
            "No"
        };
        let body = bot.press(&press_target(&data, answer)).await;
        data = assert_message(&body, 7).clone();
        if answer == "Yes" {
            break;
        }
    }
    assert!(
        buttons(&data).is_empty(),
        "an outcome has no buttons left: {data:#}"
    );
    data
}

#[tokio::test]
async fn each_outcome_is_reached_by_button_presses() {
    let content = content();
    let outcomes = &content.triage.outcomes;
    let mut bot = Bot::start().await;

    let emergency = walk(&mut bot, Some("saddle")).await;
    assert_eq!(
        embed_titles(&emergency),
        [outcomes.emergency.title.as_str()]
    );
    let text = emergency["embeds"][0]["description"].as_str().unwrap();
    for number in ["999", "911", "112", "000"] {
        assert!(text.contains(number), "{number} missing from {text}");
    }
    assert!(!text.contains("{emergency_numbers}"));

    let urgent = walk(&mut bot, Some("fever")).await;
    assert_eq!(embed_titles(&urgent), [outcomes.urgent.title.as_str()]);

    let physio = walk(&mut bot, Some("weeks")).await;
    assert_eq!(embed_titles(&physio), [outcomes.physio.title.as_str()]);

    let selfcare = walk(&mut bot, None).await;
    assert_eq!(embed_titles(&selfcare), [outcomes.selfcare.title.as_str()]);
    let text = selfcare["embeds"][0]["description"].as_str().unwrap();
    assert!(text.starts_with("You answered no to every question."));

    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_crafted_or_outdated_triage_button_is_refused() {
    let mut bot = Bot::start().await;
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let yes = press_target(&start["data"], "Yes");
    // The same state with the answers edited: a "yes" that is not the last answer.
    let crafted = format!("{}n", yes);
    let (prefix, state) = yes.rsplit_once(':').unwrap();
    let (hex, answers) = state.split_once('.').unwrap();
    let flipped = u32::from_str_radix(hex, 16).unwrap() ^ 1;
    let wrong_fingerprint = format!("{prefix}:{flipped:08x}.{answers}");
    for custom_id in [
        crafted,
        wrong_fingerprint,
        format!("{yes}{}", "n".repeat(60)),
    ] {
        let body = bot.press(&custom_id).await;
        let data = assert_message(&body, 4);
        assert!(
            data["content"].as_str().unwrap().contains("older message"),
            "{custom_id}: {body:#}"
        );
    }
    assert_all_valid(&bot.fake.requests());
}
