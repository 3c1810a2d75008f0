//! `/shoes log` under load through the fake Discord: concurrent logs add up exactly.

use serde_json::{json, Value};

use crate::bot::{Bot, MEMBER_ID};
use crate::shoes::{private_text, rows, shoes, total_m};

#[tokio::test]
async fn a_hundred_concurrent_logs_add_up_exactly() {
    // Room for all hundred at once: none is answered "busy".
    let mut bot = Bot::start_with(&[], &[("PACER_MAX_IN_FLIGHT", "1000")]).await;
    shoes(&mut bot, "add", &[("name", "Racers"), ("retire_at", "150")]).await;
    let mut ids = Vec::new();
    for i in 0..100 {
        // A date of its own for each: the same run twice would be asked about first.
        let date = (chrono::Utc::now().date_naive() - chrono::Days::new(i))
            .format("%Y-%m-%d")
            .to_string();
        let command = json!({"id": "910000000000000000", "name": "shoes", "type": 1,
            "options": [{"name": "log", "type": 1, "options": [
                {"name": "distance", "type": 3, "value": "1.234"},
                {"name": "date", "type": 3, "value": date}]}]});
        let payload = crate::bot::interaction(&format!("96{:016}", ids.len()), 2, command);
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
