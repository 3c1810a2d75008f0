//! Tips the scheduler posts by itself through the fake Discord: a due tip goes out and a
//! removed server's schedule goes with it; a refused post tells the admin by direct message.

use serde_json::json;

use crate::bot::{Bot, ADMIN, GUILD_ID};
use crate::fake_discord::DM_CHANNEL_ID;
use crate::openapi::assert_all_valid;
use crate::shoes::pool;
use crate::tips::{is_tip_title, schedules, setup, TIPS_CHANNEL};
use crate::wait::eventually;

#[tokio::test]
async fn the_scheduler_posts_a_due_tip_by_itself_and_server_removal_deletes_the_schedule() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    bot.fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    setup(&mut bot, TIPS_CHANNEL, "daily 07:00").await;
    // Pretend the next run came due twenty minutes ago, while pacer was down.
    let due = chrono::Utc::now().timestamp() - 20 * 60;
    sqlx::query("UPDATE tip_schedules SET next_run_at = $1")
        .bind(due)
        .execute(&pool(&bot).await)
        .await
        .unwrap();
    let bot = bot
        .restart(&[GUILD_ID], |fake| {
            fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
        })
        .await;
    let post = bot
        .fake
        .wait_for("the scheduled tip", |requests| {
            requests
                .iter()
                .find(|r| r.path == format!("/channels/{TIPS_CHANNEL}/messages"))
                .cloned()
        })
        .await;
    assert!(is_tip_title(
        post.body.unwrap()["embeds"][0]["title"].as_str().unwrap()
    ));
    let next: i64 = sqlx::query_scalar("SELECT next_run_at FROM tip_schedules")
        .fetch_one(&pool(&bot).await)
        .await
        .unwrap();
    assert!(
        next > chrono::Utc::now().timestamp(),
        "moved to the next future run"
    );
    assert_all_valid(&bot.fake.requests());

    bot.fake.dispatch(
        "GUILD_DELETE",
        json!({"id": GUILD_ID, "unavailable": false}),
    );
    assert!(
        eventually(async || schedules(&bot).await == 0).await,
        "the schedule outlived the server"
    );
}

#[tokio::test]
async fn a_scheduled_post_that_is_refused_tells_the_admin_by_direct_message() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    bot.fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
    bot.member = ADMIN;
    setup(&mut bot, TIPS_CHANNEL, "daily 07:00").await;
    sqlx::query("UPDATE tip_schedules SET next_run_at = $1")
        .bind(chrono::Utc::now().timestamp() - 60)
        .execute(&pool(&bot).await)
        .await
        .unwrap();
    let bot = bot
        .restart(&[GUILD_ID], |fake| {
            fake.add_channel(TIPS_CHANNEL, GUILD_ID, 0);
            let refusal = json!({"code": 50001, "message": "Missing Access"});
            fake.script_posts(TIPS_CHANNEL, vec![(403, refusal)]);
        })
        .await;
    let dm = bot
        .fake
        .wait_for("the admin's direct message", |requests| {
            requests
                .iter()
                .find(|r| r.path == format!("/channels/{DM_CHANNEL_ID}/messages"))
                .cloned()
        })
        .await;
    let opened = bot
        .fake
        .requests()
        .into_iter()
        .find(|r| r.path == "/users/@me/channels")
        .unwrap();
    assert_eq!(opened.body.unwrap()["recipient_id"], ADMIN.user);
    let text = dm.body.unwrap()["content"].as_str().unwrap().to_owned();
    assert!(
        text.contains(&format!("<#{TIPS_CHANNEL}>")) && text.contains("/tips resume"),
        "{text}"
    );
    assert!(text.contains("50001"), "{text}");
    assert_all_valid(&bot.fake.requests());
}
