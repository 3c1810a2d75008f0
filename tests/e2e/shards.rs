//! Two pacer processes on one database and one fake Discord, each running its own shard
//! range: every due tip is posted exactly once, by the process that owns the server's shard;
//! and still exactly once when both are given the same range.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use chrono::Utc;
use pacer::shards::ShardRange;
use pacer::store::{NewTipSchedule, Store};
use tokio::process::Child;

use crate::bot::pacer;
use crate::fake_discord::FakeDiscord;
use crate::store::databases;

const SERVERS: u64 = 100;

/// Server `i`: ids spread over four shards by Discord's rule.
fn server(i: u64) -> u64 {
    ((1_000_000 + i) << 22) | i
}

fn channel(i: u64) -> u64 {
    5_000 + i
}

fn spawn(
    fake: &FakeDiscord,
    dir: &tempfile::TempDir,
    database: &str,
    token: &str,
    shards: &str,
) -> Child {
    pacer(dir.path())
        .arg("run")
        .env("DATABASE_URL", database)
        .env("DISCORD_TOKEN", token)
        .env("DISCORD_PROXY_URL", fake.url())
        .env("PACER_SHARDS", shards)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pacer")
}

async fn make_all_due(store: &Store) {
    let now = Utc::now();
    for i in 0..SERVERS {
        store
            .tips()
            .set_up(NewTipSchedule {
                guild_id: server(i),
                channel_id: channel(i),
                schedule: "daily 07:00",
                timezone: "UTC",
                next_run_at: now.timestamp() - 60,
                rotation_seed: i.cast_signed(),
                set_up_by: 1,
                now,
            })
            .await
            .unwrap();
    }
}

/// Waits for `SERVERS` tip posts, then a moment more to catch any extra, and returns who
/// posted in which channel.
async fn posts(fake: &FakeDiscord) -> HashMap<u64, Vec<String>> {
    let count = |fake: &FakeDiscord| {
        fake.requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/channels/") && r.path.ends_with("/messages"))
            .collect::<Vec<_>>()
    };
    fake.wait_for("every due tip", |requests| {
        let n = requests
            .iter()
            .filter(|r| r.path.ends_with("/messages"))
            .count();
        (n >= usize::try_from(SERVERS).unwrap()).then_some(())
    })
    .await;
    // A window for a second post of any tip: proves there is none.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let mut by_channel: HashMap<u64, Vec<String>> = HashMap::new();
    for post in count(fake) {
        let id = post.path.split('/').nth(2).unwrap().parse().unwrap();
        by_channel
            .entry(id)
            .or_default()
            .push(post.authorization.unwrap_or_default());
    }
    by_channel
}

async fn stop(mut child: Child) {
    let pid = child.id().expect("running").to_string();
    let _ = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await;
    let exit = tokio::time::timeout(Duration::from_secs(20), child.wait()).await;
    let code = exit
        .ok()
        .and_then(Result::ok)
        .and_then(|status| status.code());
    assert_eq!(code, Some(0), "pacer exits cleanly on SIGTERM");
}

#[tokio::test]
async fn each_process_posts_for_its_own_shards_and_never_twice() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        make_all_due(&store).await;
        let dir = tempfile::tempdir().unwrap();

        let fake = FakeDiscord::start(&[]).await;
        let a = spawn(&fake, &dir, &db.url, "token-a", "0-1/4");
        let b = spawn(&fake, &dir, &db.url, "token-b", "2-3/4");
        let by_channel = posts(&fake).await;
        stop(a).await;
        stop(b).await;
        assert_eq!(
            by_channel.len(),
            usize::try_from(SERVERS).unwrap(),
            "{}",
            db.url
        );
        let owners = ShardRange {
            first: 0,
            last: 1,
            total: 4,
        };
        for i in 0..SERVERS {
            let posters = &by_channel[&channel(i)];
            assert_eq!(posters.len(), 1, "server {i} got {} posts", posters.len());
            let expected = if owners.contains(server(i)) {
                "Bot token-a"
            } else {
                "Bot token-b"
            };
            assert_eq!(
                posters[0], expected,
                "server {i} was posted by the wrong process"
            );
        }
        assert!(by_channel.values().any(|p| p[0] == "Bot token-a"));
        assert!(by_channel.values().any(|p| p[0] == "Bot token-b"));

        // Misconfigured: both run every shard. The claim still lets each post go out once.
        make_all_due(&store).await;
        let fake = FakeDiscord::start(&[]).await;
        let a = spawn(&fake, &dir, &db.url, "token-a", "0-3/4");
        let b = spawn(&fake, &dir, &db.url, "token-b", "0-3/4");
        let by_channel = posts(&fake).await;
        stop(a).await;
        stop(b).await;
        assert_eq!(by_channel.len(), usize::try_from(SERVERS).unwrap());
        assert!(
            by_channel.values().all(|p| p.len() == 1),
            "a tip was posted twice"
        );
        store.close().await;
        db.drop_now().await;
    }
}
