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

/// The button to press on the current screen to say yes to `yes_to`: "Yes" on a screen of its
/// own, or its label on a group screen.
fn answer_for(data: &Value, yes_to: Option<&str>) -> String {
    let content = content();
    let description = data["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    let question = content
        .triage
        .questions
        .iter()
        .find(|q| Some(q.id.as_str()) == yes_to);
    let answer = match question {
        Some(q) if description.contains(q.text.trim()) => match &q.label {
            Some(label) if q.group.is_some() => label.as_str(),
            _ => "Yes",
        },
        _ if buttons(data).iter().any(|(l, _)| l == "None of these") => "None of these",
        _ => "No",
    };
    answer.to_owned()
}

/// Answers until the sign `yes_to` (or "no" to the end when `None`) and returns the final
/// reply's data.
async fn walk(bot: &mut Bot, yes_to: Option<&str>) -> Value {
    let content = content();
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let mut data = assert_message(&start, 4).clone();
    assert!(is_ephemeral(&data), "the triage is private");
    let description = data["embeds"][0]["description"].as_str().unwrap();
    assert!(
        description.contains(content.triage.intro.trim()),
        "{description}"
    );
    for asked in 1.. {
        let title = embed_titles(&data)[0].clone();
        if !title.starts_with(content.triage.title.as_str()) {
            break;
        }
        assert!(title.contains(&format!("question {asked} of ")), "{title}");
        let answer = answer_for(&data, yes_to);
        let body = bot.press(&press_target(&data, &answer)).await;
        data = assert_message(&body, 7).clone();
    }
    let labels: Vec<String> = buttons(&data).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["Back"], "an outcome offers only Back: {data:#}");
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

    let urgent = walk(&mut bot, Some("foot-drop")).await;
    assert_eq!(embed_titles(&urgent), [outcomes.urgent.title.as_str()]);

    let physio = walk(&mut bot, Some("inflammatory")).await;
    assert_eq!(embed_titles(&physio), [outcomes.physio.title.as_str()]);
    assert!(physio.to_string().contains("inflammatory back pain"));

    let selfcare = walk(&mut bot, None).await;
    assert_eq!(embed_titles(&selfcare), [outcomes.selfcare.title.as_str()]);
    let text = selfcare["embeds"][0]["description"].as_str().unwrap();
    assert!(text.starts_with("You answered no to every question."));
    // The safety net: the emergency signs and numbers close the self-care outcome.
    let fields = selfcare["embeds"][0]["fields"].as_array().unwrap();
    let net = fields[fields.len() - 2]["value"].as_str().unwrap();
    assert!(net.contains("999") && net.contains("both legs"), "{net}");

    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn not_sure_on_a_warning_sign_is_treated_as_yes_and_back_changes_the_answer() {
    let content = content();
    let outcomes = &content.triage.outcomes;
    let mut bot = Bot::start().await;
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let first = assert_message(&start, 4).clone();
    let body = bot.press(&press_target(&first, "Not sure")).await;
    let unsure = assert_message(&body, 7).clone();
    assert_eq!(embed_titles(&unsure), [outcomes.emergency.title.as_str()]);
    let text = unsure["embeds"][0]["description"].as_str().unwrap();
    assert!(text.starts_with("You weren't sure about"), "{text}");
    assert!(text.contains(content.triage.unsure.trim()), "{text}");

    // Back returns to the same question; No then moves on to question 2.
    let body = bot.press(&press_target(&unsure, "Back")).await;
    let again = assert_message(&body, 7).clone();
    assert_eq!(again["embeds"][0]["title"], first["embeds"][0]["title"]);
    let body = bot.press(&press_target(&again, "No")).await;
    let second = assert_message(&body, 7).clone();
    let title = embed_titles(&second)[0].clone();
    assert!(title.contains("question 2 of"), "{title}");
    let body = bot.press(&press_target(&second, "Back")).await;
    let back_to_one = assert_message(&body, 7).clone();
    assert_eq!(
        back_to_one["embeds"][0]["title"],
        first["embeds"][0]["title"]
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_crafted_or_outdated_triage_button_is_refused() {
    let mut bot = Bot::start().await;
    let start = bot.subcommand("backpain", "physio", &[]).await;
    let yes = press_target(&start["data"], "Yes");
    // The same state with the answers edited: a "yes" that is not the last answer.
    let crafted = format!("{yes}n");
    let old_style = format!("{}y", yes.trim_end_matches('1'));
    let (prefix, state) = yes.rsplit_once(':').unwrap();
    let (hex, answers) = state.split_once('.').unwrap();
    let flipped = u32::from_str_radix(hex, 16).unwrap() ^ 1;
    let wrong_fingerprint = format!("{prefix}:{flipped:08x}.{answers}");
    for custom_id in [
        crafted,
        old_style,
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
