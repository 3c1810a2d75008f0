//! Servers through the fake Discord's gateway: recorded on join, forgotten on removal, and
//! forgotten at READY when pacer was removed while offline.

use std::time::Duration;

use pacer::store::Store;
use serde_json::json;

use crate::bot::{Bot, GUILD_ID};
use crate::fake_discord::guild_payload;
use crate::wait::eventually;

/// Polls the bot's database until `check` holds of whether it has the server.
async fn until_guild(store: &Store, what: &str, check: impl Fn(bool) -> bool) {
    let guild = GUILD_ID.parse().unwrap();
    let held = eventually(async || check(store.guilds().contains(guild).await.unwrap())).await;
    assert!(held, "timed out waiting until {what}");
}

#[tokio::test]
async fn servers_are_recorded_on_join_and_forgotten_on_removal_only() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    let store = bot.store().await;
    until_guild(&store, "the guild is recorded", |present| present).await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    bot.subcommand("shoes", "leaderboard-join", &[]).await;
    let pool = crate::shoes::pool(&bot).await;
    let members = || {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM leaderboard_members WHERE guild_id = $1")
            .bind(GUILD_ID.parse::<i64>().unwrap())
            .fetch_one(&pool)
    };
    assert_eq!(members().await.unwrap(), 1);

    bot.fake
        .dispatch("GUILD_DELETE", json!({"id": GUILD_ID, "unavailable": true}));
    // An outage keeps the data; a later event proves the outage event was handled.
    bot.fake
        .dispatch("GUILD_CREATE", guild_payload("700000000000000009"));
    // serenity handles events concurrently: wait for the later event, then a little more.
    let other = 700_000_000_000_000_009;
    let seen = eventually(async || store.guilds().contains(other).await.unwrap()).await;
    assert!(seen, "the later GUILD_CREATE was never handled");
    // A window for a wrongly handled outage to remove the server: proves it does not.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(store
        .guilds()
        .contains(GUILD_ID.parse().unwrap())
        .await
        .unwrap());

    bot.fake.dispatch(
        "GUILD_DELETE",
        json!({"id": GUILD_ID, "unavailable": false}),
    );
    until_guild(&store, "the guild is forgotten", |present| !present).await;
    assert_eq!(store.guilds().count().await.unwrap(), 1);
    assert_eq!(
        members().await.unwrap(),
        0,
        "the server's leaderboard goes with it"
    );
    let member = crate::bot::MEMBER_ID.parse().unwrap();
    let shoes = store
        .shoes()
        .list(member, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    assert_eq!(
        shoes.len(),
        1,
        "a member's shoes are theirs, not the server's"
    );
}

#[tokio::test]
async fn servers_that_removed_pacer_while_it_was_offline_are_forgotten_at_ready() {
    let mut bot = Bot::start_with(&[GUILD_ID], &[]).await;
    let store = bot.store().await;
    until_guild(&store, "the guild is recorded", |present| present).await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    bot.subcommand("shoes", "leaderboard-join", &[]).await;
    store.close().await;

    let bot = bot.restart(&[], |_| {}).await;
    let store = bot.store().await;
    until_guild(&store, "the guild is forgotten", |present| !present).await;
    let pool = crate::shoes::pool(&bot).await;
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM leaderboard_members")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(members, 0);
    let shoes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shoes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(shoes, 1, "members' own data stays");
}
