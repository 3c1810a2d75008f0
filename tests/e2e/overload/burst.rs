//! A burst of mileage logs past the bound on `SQLite`, with the database locked by a test
//! connection: the first to get the place waits, the rest are told at once that pacer is
//! busy, and only the runs whose reply said "Logged" are stored.

use pacer::commands::{BUSY, DATABASE_DOWN};
use sqlx::{Connection, SqliteConnection};

use super::{log_data, reply_text, stretches_data};
use crate::bot::Bot;
use crate::gateway::{assert_message, embed_titles};
use crate::payloads::interaction;
use crate::shoes::private_text;
use crate::wait::eventually;

#[tokio::test]
async fn a_burst_past_the_bound_on_sqlite_stores_only_what_was_accepted() {
    let mut bot = Bot::start_with(&[], &[("PACER_MAX_IN_FLIGHT", "1")]).await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let url = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    let mut holder = SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut holder)
        .await
        .unwrap();
    // All sent before any is answered: the first to get the place waits for the lock.
    let logs: Vec<(String, String)> = (0..8)
        .map(|n| (format!("97100000000000000{n}"), format!("burst-{n}")))
        .collect();
    for (n, (id, note)) in (0u32..).zip(&logs) {
        let payload = interaction(id, 2, log_data(5 + n, note));
        bot.fake.dispatch("INTERACTION_CREATE", payload);
    }
    let guidance = "971000000000000099";
    bot.fake.dispatch(
        "INTERACTION_CREATE",
        interaction(guidance, 2, stretches_data()),
    );

    let mut logged = Vec::new();
    let mut busy = 0;
    for (id, note) in &logs {
        let text = reply_text(&bot.fake, id).await;
        if text.starts_with("Logged") {
            logged.push(note.clone());
        } else if text == BUSY {
            busy += 1;
        } else {
            assert_eq!(text, DATABASE_DOWN, "{}", bot.log());
        }
    }
    assert!(
        busy >= 1,
        "one waits for the lock, the rest are refused at once"
    );
    let prefix = format!("/interactions/{guidance}/");
    let stretches = bot
        .fake
        .wait_for("the stretches", |requests| {
            let found = requests.iter().find(|r| r.path.starts_with(&prefix))?;
            found.body.clone()
        })
        .await;
    assert_eq!(embed_titles(assert_message(&stretches, 4)).len(), 1);

    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    let mut stored: Vec<String> = sqlx::query_scalar("SELECT note FROM runs")
        .fetch_all(&mut holder)
        .await
        .unwrap();
    stored.sort();
    logged.sort();
    assert_eq!(
        stored, logged,
        "stored exactly the runs whose reply said so"
    );

    // Recovery: the bound is free again once the burst is over (the database may still be
    // marked down for a moment after the lock).
    let recovered = eventually(async || {
        let body = bot
            .subcommand("shoes", "log", &[("distance", "20"), ("note", "after")])
            .await;
        private_text(&body).starts_with("Logged")
    })
    .await;
    assert!(recovered, "{}", bot.log());
    assert!(bot.stop().await.success());
}
