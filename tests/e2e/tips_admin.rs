//! The admin behind a tip schedule: `/privacy` covers every column that names a member
//! (checked against the schema on every backend), erasing the admin leaves the schedule
//! running with nobody to tell, and failures read plainly in `/tips status`.

use std::sync::{Arc, Mutex};

use pacer::store::Store;
use serde_json::{json, Value};

use crate::bot::{Bot, ADMIN, GUILD_ID};
use crate::fake_discord::{Method, DROP_CONNECTION};
use crate::openapi::assert_all_valid;
use crate::scheduler::{app_on, scheduler, set_up, utc, FakeApi, FakeClock};
use crate::schema;
use crate::shoes::{pool, private_text};
use crate::store::databases;
use crate::wait::eventually;

const TIPS_CHANNEL: &str = "700000000000000010";

#[tokio::test]
async fn every_column_naming_a_member_is_exported_and_deleted_on_every_backend() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        let covered: Vec<(String, String)> = store
            .privacy()
            .member_columns()
            .iter()
            .map(|c| (c.table.to_owned(), c.column.to_owned()))
            .collect();
        let columns = schema::columns(&db.url).await;
        assert!(
            columns.contains(&("runs".to_owned(), "distance_m".to_owned())),
            "{}: the schema was read: {columns:?}",
            db.url
        );
        let missing: Vec<&(String, String)> = columns
            .iter()
            .filter(|(_, column)| schema::names_a_member(column))
            .filter(|c| !covered.contains(c))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: /privacy export and delete leave out {missing:?}; add them to MEMBER_COLUMNS",
            db.url
        );
        for c in &covered {
            assert!(columns.contains(c), "{}: no column {c:?}", db.url);
        }
        store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn an_erased_admin_leaves_the_schedule_running_and_nobody_to_tell_on_every_backend() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let start = utc("2026-11-24T06:00:00Z");
        let due = set_up(&app, 10, "daily 07:00", "UTC", start).await;
        let privacy = app.store.privacy();
        let exported = privacy.export(42).await.unwrap();
        let schedules = exported.table("tip_schedules");
        assert_eq!(schedules.len(), 1, "{}: {exported:?}", db.url);
        assert_eq!(schedules[0]["guild_id"], 10);
        assert_eq!(schedules[0]["channel_id"], 1_010);
        assert_eq!(schedules[0]["schedule"], "daily 07:00");
        assert_eq!(schedules[0]["set_up_by"], 42);

        let erased = privacy.delete(42).await.unwrap();
        assert_eq!((erased.deleted, erased.cleared), (0, 1), "{}", db.url);
        assert_eq!(privacy.export(42).await.unwrap().rows(), 0, "{}", db.url);
        let row = app.store.tips().get(10).await.unwrap().unwrap();
        assert_eq!(row.set_up_by, None, "{}", db.url);
        assert_eq!(row.next_run_at, Some(due.timestamp()), "still scheduled");

        // Discord refuses the channel: the schedule stops, and nobody is told.
        let api = Arc::new(FakeApi::default());
        api.script
            .lock()
            .unwrap()
            .push_back(crate::scheduler::MISSING_PERMISSIONS);
        let clock = Arc::new(FakeClock(Mutex::new(due)));
        let report = scheduler(&app, &api, &clock).run_due().await.unwrap();
        assert_eq!(report.failed, 1, "{}", db.url);
        assert!(api.told.lock().unwrap().is_empty(), "{}: no DM", db.url);
        let row = app.store.tips().get(10).await.unwrap().unwrap();
        assert!(row.disabled, "{}", db.url);
        assert_eq!(
            row.last_error.as_deref(),
            Some("pacer is missing permission to post in <#1010> (Discord error 50013)")
        );
        app.store.close().await;
        db.drop_now().await;
    }
}

async fn setup(bot: &mut Bot) {
    bot.fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    let options = json!([
        {"name": "channel", "type": 7, "value": TIPS_CHANNEL},
        {"name": "schedule", "type": 3, "value": "daily 07:00"}
    ]);
    bot.typed("tips", "setup", options).await;
}

async fn export(bot: &mut Bot) -> (String, Value) {
    let (body, files) = bot.typed_with_files("privacy", "export", json!([])).await;
    let file: Value = serde_json::from_slice(&files[0].1).unwrap();
    (private_text(&body), file["tables"].clone())
}

#[tokio::test]
async fn export_shows_the_schedules_an_admin_set_up_and_delete_forgets_them() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    setup(&mut bot).await;
    let (text, tables) = export(&mut bot).await;
    assert!(
        text.contains("that you set up the warm-up tips in 1 server."),
        "{text}"
    );
    let schedule = &tables["tip_schedules"][0];
    assert_eq!(schedule["guild_id"].to_string(), GUILD_ID);
    assert_eq!(schedule["channel_id"].to_string(), TIPS_CHANNEL);
    assert_eq!(schedule["schedule"], "daily 07:00");
    assert_eq!(schedule["set_up_by"].to_string(), ADMIN.user);

    let body = bot.subcommand("privacy", "delete", &[]).await;
    let yes = body["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = bot.press(&yes).await;
    assert_eq!(
        done["data"]["content"],
        "Removed your name from the warm-up tips you set up in 1 server. pacer holds nothing about you now."
    );
    let (text, _) = export(&mut bot).await;
    assert!(text.starts_with("pacer holds nothing about you"), "{text}");
    let admins: Vec<Option<i64>> = sqlx::query_scalar("SELECT set_up_by FROM tip_schedules")
        .fetch_all(&pool(&bot).await)
        .await
        .unwrap();
    assert_eq!(admins, vec![None], "the schedule stays, without the admin");

    // A refused post later stops the schedule and tells nobody.
    sqlx::query("UPDATE tip_schedules SET next_run_at = $1")
        .bind(chrono::Utc::now().timestamp() - 60)
        .execute(&pool(&bot).await)
        .await
        .unwrap();
    let mut bot = bot
        .restart(&[GUILD_ID], |fake| {
            fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
            let refusal = json!({"code": 50001, "message": "Missing Access"});
            fake.script_posts(TIPS_CHANNEL, vec![(403, refusal)]);
        })
        .await;
    bot.member = ADMIN;
    let mut last_error = String::new();
    eventually(async || {
        let status = bot.subcommand("tips", "status", &[]).await;
        last_error = status["data"]["embeds"][0]["fields"][2]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        last_error != "none"
    })
    .await;
    assert_eq!(
        last_error,
        format!("pacer can't see <#{TIPS_CHANNEL}> (Discord error 50001)")
    );
    assert!(
        !bot.fake
            .requests()
            .iter()
            .any(|r| r.path == "/users/@me/channels"),
        "no direct message to anybody"
    );
    assert_all_valid(&bot.fake.requests());
}

/// The reply to a command that may take longer than Discord's deadline: the callback, or
/// the edit that follows an acknowledgement.
async fn slow_reply(bot: &mut Bot, command: &str, sub: &str) -> String {
    let body = bot.subcommand(command, sub, &[]).await;
    if body["type"] != 5 {
        return private_text(&body);
    }
    let edit = bot
        .fake
        .wait_for("the edited reply", |requests| {
            requests
                .iter()
                .find(|r| r.method == Method::PATCH && r.path.ends_with("/messages/@original"))
                .cloned()
        })
        .await;
    edit.body.unwrap()["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_network_failure_reads_plainly_and_its_detail_goes_to_the_log() {
    let mut bot = Bot::start().await;
    setup(&mut bot).await;
    bot.fake
        .script_posts(TIPS_CHANNEL, vec![(DROP_CONNECTION, json!(null)); 3]);
    let plain = "couldn't reach Discord after 3 tries; pacer will try again at the next post";
    let text = slow_reply(&mut bot, "tips", "now").await;
    assert_eq!(text, format!("The tip could not be posted: {plain}."));
    let status = bot.subcommand("tips", "status", &[]).await;
    let last_error = status["data"]["embeds"][0]["fields"][2]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(last_error, plain);
    for internal in [
        "reqwest",
        "error sending request",
        "http",
        "127.0.0.1",
        "/api/",
    ] {
        assert!(!last_error.contains(internal), "{internal}: {last_error}");
    }
    assert_eq!(bot.fake.posts(TIPS_CHANNEL).len(), 3, "three attempts");
    let log = bot.log();
    assert!(
        log.contains("cannot reach Discord to post a tip"),
        "the detail is logged: {log}"
    );
}
