//! Server joins written in batches: the store method on every backend, and every server
//! of a READY recorded through the gateway.

use chrono::Utc;
use pacer::store::Store;

use crate::bot::Bot;
use crate::databases::databases;
use crate::wait::eventually;

#[tokio::test]
async fn server_joins_are_recorded_in_batches_on_every_backend() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        let guilds = store.guilds();
        let now = Utc::now();
        guilds.joined(5, now).await.unwrap();
        // More than one statement's worth, with repeats and a server already known.
        let ids: Vec<u64> = (1..=1_000).chain([5, 7, 7]).collect();
        guilds.joined_many(&ids, now).await.unwrap();
        guilds.joined_many(&[], now).await.unwrap();
        assert_eq!(guilds.count().await.unwrap(), 1_000, "{}", db.url);
        assert!(guilds.contains(1_000).await.unwrap());
        assert!(!guilds.contains(1_001).await.unwrap());
        // An id no column can hold fails the batch as a whole.
        assert!(guilds.joined_many(&[2_000, u64::MAX], now).await.is_err());
        assert!(!guilds.contains(2_000).await.unwrap());
        store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn every_server_in_ready_is_recorded() {
    let ids: Vec<String> = (0..300).map(|n| format!("7200000000000{n:05}")).collect();
    let listed: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut bot = Bot::start_with(&listed, &[]).await;
    let store = bot.store().await;
    let all = eventually(async || store.guilds().count().await.unwrap() == 300).await;
    assert!(all, "{}", bot.log());
    assert!(store
        .guilds()
        .contains(ids[299].parse().unwrap())
        .await
        .unwrap());
    assert!(bot.stop().await.success());
}
