//! More work than pacer lets in at once (`PACER_MAX_IN_FLIGHT=1` here), with the database
//! held up by a test connection's lock: the work in flight finishes once the lock goes, a
//! member past the bound is told at once that pacer is busy and nothing of theirs is stored,
//! `/backpain` is answered as usual, and pacer takes new work as soon as the load drops.
//! Also the batched recording of server joins.

mod burst;
mod joins;

use std::time::{Duration, Instant};

use pacer::commands::BUSY;
use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::bot::Bot;
use crate::databases::{databases, TestDb};
use crate::fake_discord::{FakeDiscord, Method};
use crate::gateway::{assert_message, embed_titles, is_ephemeral};
use crate::payloads::interaction;
use crate::serve::Replica;
use crate::shoes::{private_text, suggest};
use crate::wait::eventually;

/// A fresh `PostgreSQL` database, or `None` with a notice naming `test` when none is set up.
async fn postgres(test: &str) -> Option<TestDb> {
    let found = databases()
        .await
        .into_iter()
        .find(|db| db.url.starts_with("postgres"));
    if found.is_none() {
        eprintln!("notice: PACER_TEST_POSTGRES_URL is not set; {test} is skipped");
    }
    found
}

/// A connection holding the `runs` table locked, so that a mileage log waits for it.
struct Hold(PgConnection);

impl Hold {
    async fn start(url: &str) -> Hold {
        let mut conn = PgConnection::connect(url).await.unwrap();
        sqlx::query("BEGIN").execute(&mut conn).await.unwrap();
        sqlx::query("LOCK TABLE runs IN ACCESS EXCLUSIVE MODE")
            .execute(&mut conn)
            .await
            .unwrap();
        Hold(conn)
    }

    /// Whether some connection to this database waits for a lock: pacer's log is in flight.
    async fn waited_on(&mut self) -> bool {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
             WHERE NOT l.granted AND d.datname = current_database()",
        )
        .fetch_one(&mut self.0)
        .await
        .unwrap();
        waiting > 0
    }

    async fn release(mut self) -> PgConnection {
        sqlx::query("ROLLBACK").execute(&mut self.0).await.unwrap();
        self.0
    }
}

/// The stored notes, sorted.
async fn notes(conn: &mut PgConnection) -> Vec<String> {
    let mut notes: Vec<String> = sqlx::query_scalar("SELECT note FROM runs")
        .fetch_all(conn)
        .await
        .unwrap();
    notes.sort();
    notes
}

/// `/shoes log distance:<km> note:<note>` as Discord sends it.
fn log_data(km: u32, note: &str) -> Value {
    json!({"id": "910000000000000000", "name": "shoes", "type": 1, "options": [
        {"name": "log", "type": 1, "options": [
            {"name": "distance", "type": 3, "value": km.to_string()},
            {"name": "note", "type": 3, "value": note}
        ]}
    ]})
}

fn stretches_data() -> Value {
    json!({"id": "910000000000000000", "name": "backpain", "type": 1, "options": [
        {"name": "stretches", "type": 1, "options": [{"name": "when", "type": 3, "value": "before"}]}
    ]})
}

/// The text of the reply edited in after a deferral, through the fake Discord.
async fn edited_text(fake: &FakeDiscord, id: &str) -> String {
    let path = format!("/interaction-token-{id}/messages/@original");
    fake.wait_for("the deferred reply", |requests| {
        requests
            .iter()
            .find(|r| r.method == Method::PATCH && r.path.ends_with(&path))
            .and_then(|r| r.body.clone())
    })
    .await["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The final text of the reply to interaction `id` sent over the gateway: the reply itself
/// or, when it was deferred, the edit that followed.
async fn reply_text(fake: &FakeDiscord, id: &str) -> String {
    let prefix = format!("/interactions/{id}/");
    let body = fake
        .wait_for("the reply", |requests| {
            requests
                .iter()
                .find(|r| r.method == Method::POST && r.path.starts_with(&prefix))
                .and_then(|r| r.body.clone())
        })
        .await;
    if body["type"] == 5 {
        edited_text(fake, id).await
    } else {
        private_text(&body)
    }
}

fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// The value of one series on `/metrics`, 0 when absent.
async fn metric(addr: &str, series: &str) -> f64 {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let text = client
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0)
}

/// The "busy" notice: a reply at once, private, pinging nobody.
fn assert_busy(body: &Value) {
    let data = assert_message(body, 4);
    assert!(is_ephemeral(data), "{body:#}");
    assert_eq!(data["content"], BUSY, "{body:#}");
}

#[tokio::test]
// The metrics compared are whole numbers, exact in f64.
#[allow(clippy::float_cmp)]
async fn past_the_bound_members_are_told_at_once_and_nothing_refused_is_stored() {
    let Some(db) = postgres("the gateway overload test").await else {
        return;
    };
    let addr = free_addr();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("PACER_MAX_IN_FLIGHT", "1"),
        ("PACER_METRICS_ADDR", addr.as_str()),
    ];
    let mut bot = Bot::start_with(&[], &env).await;
    assert!(
        eventually(async || bot.log().contains("max_in_flight=1")).await,
        "the bound is logged at start: {}",
        bot.log()
    );
    let added = bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    assert!(private_text(&added).contains("Racers"), "{added:#}");

    let mut hold = Hold::start(&db.url).await;
    let first = "970000000000000001";
    bot.fake.dispatch(
        "INTERACTION_CREATE",
        interaction(first, 2, log_data(5, "first")),
    );
    assert!(eventually(async || hold.waited_on().await).await);
    assert_eq!(metric(&addr, "pacer_interactions_in_flight").await, 1.0);

    let started = Instant::now();
    let second = bot
        .subcommand("shoes", "log", &[("distance", "6"), ("note", "second")])
        .await;
    assert_busy(&second);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered at once"
    );
    let button = bot.press("p1:undo:1").await;
    assert_eq!(assert_message(&button, 4)["content"], BUSY, "{button:#}");

    // Guidance never waits for a place: the triage must always reach emergency advice.
    let stretches = bot
        .subcommand("backpain", "stretches", &[("when", "before")])
        .await;
    assert_eq!(embed_titles(assert_message(&stretches, 4)).len(), 1);
    assert!(
        suggest(&mut bot, "log", "Rac").await.is_empty(),
        "none, at once"
    );
    let shed = r#"pacer_interactions_shed_total{kind="command"}"#;
    assert!(metric(&addr, shed).await >= 1.0);
    for kind in ["button", "autocomplete"] {
        let shed = format!(r#"pacer_interactions_shed_total{{kind="{kind}"}}"#);
        assert!(metric(&addr, &shed).await >= 1.0, "{kind}");
    }
    assert!(
        eventually(async || bot.log().contains("busy: interactions refused")).await,
        "{}",
        bot.log()
    );

    let mut conn = hold.release().await;
    assert!(reply_text(&bot.fake, first).await.starts_with("Logged"));
    assert_eq!(
        notes(&mut conn).await,
        ["first"],
        "the refused log is not stored"
    );

    let after = bot
        .subcommand("shoes", "log", &[("distance", "7"), ("note", "after")])
        .await;
    assert!(
        private_text(&after).starts_with("Logged"),
        "recovered at once"
    );
    assert_eq!(suggest(&mut bot, "log", "Rac").await.len(), 1);
    assert_eq!(notes(&mut conn).await, ["after", "first"]);
    assert_eq!(metric(&addr, "pacer_interactions_in_flight").await, 0.0);
    assert!(bot.stop().await.success());
    conn.close().await.unwrap();
    db.drop_now().await;
}

#[tokio::test]
async fn pacer_serve_says_it_is_busy_in_the_response_body() {
    let Some(db) = postgres("the HTTP overload test").await else {
        return;
    };
    let fake = FakeDiscord::start(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let bound = [("PACER_MAX_IN_FLIGHT", "1")];
    let mut replica = Replica::start(&fake, dir.path(), Some(&db.url), &[], &bound).await;
    let name = json!([{"name": "name", "type": 3, "value": "Racers"}]);
    replica.typed("shoes", "add", name).await;

    let mut hold = Hold::start(&db.url).await;
    let first = replica.payload(2, log_data(5, "first"));
    let second = replica.payload(2, log_data(6, "second"));
    let stretches = replica.payload(2, stretches_data());
    let first_body = first.to_string();
    let (first_answer, mut conn) = tokio::join!(replica.signed(first_body.as_bytes()), async {
        assert!(eventually(async || hold.waited_on().await).await);
        let started = Instant::now();
        let busy = replica.signed(second.to_string().as_bytes()).await;
        assert_busy(&busy.json());
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "answered at once"
        );
        let guidance = replica.signed(stretches.to_string().as_bytes()).await;
        assert_eq!(embed_titles(assert_message(&guidance.json(), 4)).len(), 1);
        hold.release().await
    });
    let first_answer = first_answer.json();
    let text = if first_answer["type"] == 5 {
        let id = first["id"].as_str().unwrap();
        edited_text(&fake, id).await
    } else {
        private_text(&first_answer)
    };
    assert!(text.starts_with("Logged"), "{text}");
    assert_eq!(notes(&mut conn).await, ["first"]);
    assert!(replica.stop().await.success(), "{}", replica.log());
    conn.close().await.unwrap();
    db.drop_now().await;
}
