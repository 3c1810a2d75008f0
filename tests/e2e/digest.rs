//! `/club digest` end to end through the fake Discord, on `SQLite` and (when configured)
//! `PostgreSQL`: admin-only setup with the permission checklist, status and off, and the
//! scheduler posting a due digest by itself (body valid against the spec, pinging nobody,
//! counting only members who joined the leaderboard).

use std::time::Duration;

use serde_json::{json, Value};

use crate::bot::{Bot, Member, ADMIN, GUILD_ID, MEMBER, MEMBER_ID, OTHER};
use crate::databases::databases;
use crate::fake_discord::DM_CHANNEL_ID;
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;

const DIGEST_CHANNEL: &str = "700000000000000020";
const SEND_MESSAGES: u64 = 1 << 11;

async fn setup(bot: &mut Bot, schedule: &str) -> Value {
    bot.typed(
        "club",
        "digest",
        json!([
            {"name": "channel", "type": 7, "value": DIGEST_CHANNEL},
            {"name": "schedule", "type": 3, "value": schedule},
            {"name": "timezone", "type": 3, "value": "UTC"}
        ]),
    )
    .await
}

async fn pool(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

/// Makes the digest due a minute ago and wakes the scheduler: setting up the tips wakes it,
/// and it then finds the digest due.
async fn due_now(bot: &mut Bot, url: &str) {
    sqlx::query("UPDATE digest_schedules SET next_run_at = $1")
        .bind(chrono::Utc::now().timestamp() - 60)
        .execute(&pool(url).await)
        .await
        .unwrap();
    bot.typed(
        "tips",
        "setup",
        json!([
            {"name": "channel", "type": 7, "value": DIGEST_CHANNEL},
            {"name": "schedule", "type": 3, "value": "daily 07:00"}
        ]),
    )
    .await;
}

async fn digests(url: &str) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM digest_schedules")
        .fetch_one(&pool(url).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn digest_setup_is_for_admins_and_checks_the_channel_first() {
    for db in databases().await {
        setup_on(&db.url).await;
        db.drop_now().await;
    }
}

async fn setup_on(url: &str) {
    let mut bot = Bot::start_with(&[], &[("DATABASE_URL", url)]).await;
    bot.fake
        .add_channel(DIGEST_CHANNEL, GUILD_ID, SEND_MESSAGES);
    let in_a_dm = Member {
        guild: None,
        ..ADMIN
    };
    for member in [MEMBER, in_a_dm] {
        bot.member = member;
        let text = private_text(&setup(&mut bot, "weekly monday 07:00").await);
        assert!(
            text.contains("Only members with the Manage Server"),
            "{text}"
        );
        for sub in ["digest-off", "digest-status"] {
            let text = private_text(&bot.subcommand("club", sub, &[]).await);
            assert!(
                text.contains("Only members with the Manage Server"),
                "{text}"
            );
        }
    }
    bot.member = ADMIN;
    let text = private_text(&setup(&mut bot, "weekly monday 07:00").await);
    assert!(
        text.contains("✅ View Channel\n❌ Send Messages\n✅ Embed Links"),
        "{text}"
    );
    assert!(text.contains("Nothing was saved") && text.contains("/club digest"));
    assert_eq!(digests(url).await, 0);
    let text = private_text(&setup(&mut bot, "*/5 * * * *").await);
    assert!(text.contains("at most once an hour"), "{text}");

    bot.fake.add_channel(DIGEST_CHANNEL, GUILD_ID, 0);
    let text = private_text(&setup(&mut bot, "sundays 6pm").await);
    assert!(
        text.contains(&format!("<#{DIGEST_CHANNEL}> every Sunday at 18:00")),
        "{text}"
    );
    assert!(text.contains("✅ View Channel  ✅ Send Messages  ✅ Embed Links"));
    assert_eq!(digests(url).await, 1);
    let status = private_text(&bot.subcommand("club", "digest-status", &[]).await);
    assert!(
        status.contains("Next: <t:") && status.contains("Last error: none"),
        "{status}"
    );
    let off = private_text(&bot.subcommand("club", "digest-off", &[]).await);
    assert!(off.contains("off"), "{off}");
    assert_eq!(digests(url).await, 0);
    let again = private_text(&bot.subcommand("club", "digest-status", &[]).await);
    assert!(again.contains("No weekly digest"), "{again}");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_due_digest_is_posted_once_with_the_members_who_joined_and_pings_nobody() {
    for db in databases().await {
        due_digest_on(&db.url).await;
        db.drop_now().await;
    }
}

async fn due_digest_on(url: &str) {
    let mut bot = Bot::start_with(&[GUILD_ID], &[("DATABASE_URL", url)]).await;
    bot.fake.add_channel(DIGEST_CHANNEL, GUILD_ID, 0);
    let two_days_ago = (chrono::Utc::now().date_naive() - chrono::Days::new(2)).to_string();
    // MEMBER joined the leaderboard; OTHER runs too, but never joined.
    for (member, join, runs) in [
        (MEMBER, true, ["10k", "5.5k"]),
        (OTHER, false, ["42k", "3k"]),
    ] {
        bot.member = member;
        bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
        for distance in runs {
            let body = bot
                .subcommand(
                    "shoes",
                    "log",
                    &[("distance", distance), ("date", &two_days_ago)],
                )
                .await;
            assert!(private_text(&body).contains("km"), "{body:#}");
        }
        if join {
            bot.subcommand("shoes", "leaderboard-join", &[]).await;
        }
    }
    bot.member = ADMIN;
    setup(&mut bot, "weekly monday 07:00").await;
    due_now(&mut bot, url).await;
    let post = bot
        .fake
        .wait_for("the digest", |requests| {
            requests
                .iter()
                .find(|r| r.path == format!("/channels/{DIGEST_CHANNEL}/messages"))
                .cloned()
        })
        .await;
    let body = post.body.unwrap();
    println!("digest post: {body:#}");
    let summary = &body["embeds"][0];
    assert!(summary["title"]
        .as_str()
        .unwrap()
        .starts_with("Club week: "));
    let text = summary["description"].as_str().unwrap();
    assert!(
        text.starts_with("**15.5 km** (9.6 mi) in **2 runs** by 1 member"),
        "{text}"
    );
    assert!(
        text.contains(&format!("1. <@{MEMBER_ID}> 15.5 km")),
        "{text}"
    );
    // OTHER ran 45 km but never joined: not named, not in the totals (60.5 km, 4 runs).
    assert!(
        !text.contains(OTHER.user) && !text.contains("45.0"),
        "{text}"
    );
    let tip = body["embeds"][1]["title"].as_str().unwrap();
    assert!(tip.contains("tip: "), "{tip}");
    assert_eq!(body["allowed_mentions"]["parse"], json!([]), "pings nobody");
    assert!(body["allowed_mentions"]["users"]
        .as_array()
        .is_none_or(std::vec::Vec::is_empty));
    // A window for a second post: proves there is none.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.fake.posts(DIGEST_CHANNEL).len(), 1, "posted once");
    let next: i64 = sqlx::query_scalar("SELECT next_run_at FROM digest_schedules")
        .fetch_one(&pool(url).await)
        .await
        .unwrap();
    assert!(next > chrono::Utc::now().timestamp());
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_refused_digest_stops_and_tells_the_admin_once_by_direct_message() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    bot.fake.add_channel(DIGEST_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    setup(&mut bot, "weekly monday 07:00").await;
    let url = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    let refusal = json!({"code": 50013, "message": "Missing Permissions"});
    bot.fake.script_posts(DIGEST_CHANNEL, vec![(403, refusal)]);
    due_now(&mut bot, &url).await;
    let dm = bot
        .fake
        .wait_for("the admin's direct message", |requests| {
            requests
                .iter()
                .find(|r| r.path == format!("/channels/{DM_CHANNEL_ID}/messages"))
                .cloned()
        })
        .await;
    let text = dm.body.unwrap()["content"].as_str().unwrap().to_owned();
    assert!(
        text.contains("weekly club digest")
            && text.contains("50013")
            && text.contains("/club digest"),
        "{text}"
    );
    let status = private_text(&bot.subcommand("club", "digest-status", &[]).await);
    assert!(status.contains("stopped after Discord refused"), "{status}");
    assert!(status.contains("50013"), "{status}");
    // A window for a second message or a retried post: proves there is neither.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(bot.fake.posts(DM_CHANNEL_ID).len(), 1, "told once");
    assert_eq!(bot.fake.posts(DIGEST_CHANNEL).len(), 1, "not retried");
    assert_all_valid(&bot.fake.requests());
}
