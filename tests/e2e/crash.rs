//! pacer killed with SIGKILL in the middle of 1,000 concurrent `/shoes log` interactions:
//! after a restart, every run whose "Logged" reply reached Discord is stored, and none
//! whose reply said it failed.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::bot::Bot;
use crate::fake_discord::Recorded;
use crate::payloads::interaction;
use crate::shoes::pool;

const LOGS: usize = 1_000;

/// The interaction id behind a reply: from the callback's path, or from the token in a
/// deferred reply's edit.
fn replied_id(request: &Recorded) -> Option<(String, &Value)> {
    let segments: Vec<&str> = request.path.trim_matches('/').split('/').collect();
    let body = request.body.as_ref()?;
    match (request.method.as_str(), segments.as_slice()) {
        // Type 4 is a reply; 5 only acknowledges, the edit brings the reply.
        ("POST", ["interactions", id, _, "callback"]) if body["type"] == 4 => {
            Some((id.to_string(), &body["data"]))
        }
        ("PATCH", ["webhooks", _, token, "messages", "@original"]) => {
            Some((token.strip_prefix("interaction-token-")?.to_owned(), body))
        }
        _ => None,
    }
}

/// Notes of the runs whose reply said "Logged", and of those whose reply said otherwise.
fn outcomes(
    requests: &[Recorded],
    notes: &HashMap<String, String>,
) -> (HashSet<String>, HashSet<String>) {
    let (mut logged, mut failed) = (HashSet::new(), HashSet::new());
    for request in requests {
        let Some((id, data)) = replied_id(request) else {
            continue;
        };
        let Some(note) = notes.get(&id) else { continue };
        let text = data["content"].as_str().unwrap_or_default();
        if text.starts_with("Logged") {
            logged.insert(note.clone());
        } else {
            failed.insert(note.clone());
        }
    }
    (logged, failed)
}

#[tokio::test]
async fn runs_acknowledged_before_a_sigkill_are_all_stored() {
    // Every log admitted (none answered "busy"): all are in flight or queued at the kill.
    let mut bot = Bot::start_with(&[], &[("PACER_MAX_IN_FLIGHT", "1000")]).await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let mut notes = HashMap::new();
    for i in 0..LOGS {
        let id = format!("{}", 970_000_000_000_000_000u64 + i as u64);
        let note = format!("crash-{i}");
        let data = json!({"id": "910000000000000000", "name": "shoes", "type": 1, "options": [
            {"name": "log", "type": 1, "options": [
                // A distance of its own: the same run twice would be asked about first.
                {"name": "distance", "type": 3, "value": format!("{}m", 1_000 + i)},
                {"name": "note", "type": 3, "value": note},
            ]}
        ]});
        bot.fake
            .dispatch("INTERACTION_CREATE", interaction(&id, 2, data));
        notes.insert(id, note);
    }
    // Kill it once a third of the runs are acknowledged: the rest are in flight or queued.
    let started = Instant::now();
    let a_third = bot
        .fake
        .within(Duration::from_secs(30), |requests| {
            let (logged, failed) = outcomes(requests, &notes);
            (logged.len() + failed.len() >= LOGS / 3).then_some(())
        })
        .await;
    assert!(
        a_third.is_some(),
        "too slow: {}",
        outcomes(&bot.fake.requests(), &notes).0.len()
    );
    let fake = bot.fake.clone();
    let mut bot = bot.kill_and_restart().await;
    // Everything that reached Discord before the kill.
    let (logged, failed) = outcomes(&fake.requests(), &notes);
    let stored: HashSet<String> = sqlx::query_scalar("SELECT note FROM runs")
        .fetch_all(&pool(&bot).await)
        .await
        .unwrap()
        .into_iter()
        .collect();
    eprintln!(
        "killed after {:?}: {} acknowledged, {} failed, {} stored of {LOGS}",
        started.elapsed(),
        logged.len(),
        failed.len(),
        stored.len()
    );
    assert!(
        logged.len() >= LOGS / 3 && logged.len() < LOGS,
        "the kill came mid-way"
    );
    let lost: Vec<_> = logged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    let phantom: Vec<_> = failed.intersection(&stored).collect();
    assert!(
        phantom.is_empty(),
        "reported failed but stored: {phantom:?}"
    );
    // The restarted process works on the same database.
    let body = bot.subcommand("shoes", "log", &[("distance", "5")]).await;
    assert!(crate::shoes::private_text(&body).starts_with("Logged"));
}
