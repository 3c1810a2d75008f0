//! Two `pacer serve` replicas on one database, as behind a load balancer: requests spread over
//! both see one state, and each due tip is posted exactly once though both run the scheduler;
//! a replica started with `--no-scheduler` posts nothing. On `SQLite` and `PostgreSQL`.

use std::collections::HashMap;
use std::time::Duration;

use chrono::Utc;
use pacer::store::{NewTipSchedule, Store};
use serde_json::json;

use crate::fake_discord::{FakeDiscord, Method, Recorded};
use crate::serve::Replica;
use crate::store::databases;

const SERVERS: u64 = 20;

fn channel(i: u64) -> u64 {
    6_000 + i
}

async fn make_all_due(store: &Store) {
    let now = Utc::now();
    for i in 0..SERVERS {
        let schedule = NewTipSchedule {
            guild_id: ((2_000_000 + i) << 22) | i,
            channel_id: channel(i),
            schedule: "daily 07:00",
            timezone: "UTC",
            next_run_at: now.timestamp() - 60,
            rotation_seed: i.cast_signed(),
            set_up_by: 1,
            now,
        };
        store.tips().set_up(schedule).await.unwrap();
    }
}

/// Tip posts so far, by channel.
fn posts(requests: &[Recorded]) -> HashMap<String, usize> {
    let mut by_channel = HashMap::new();
    for request in requests {
        let parts: Vec<&str> = request.path.split('/').collect();
        if request.method == Method::POST && matches!(parts[..], ["", "channels", _, "messages"]) {
            *by_channel.entry(parts[2].to_owned()).or_default() += 1;
        }
    }
    by_channel
}

#[tokio::test]
async fn two_replicas_share_one_database_and_post_each_tip_once() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        make_all_due(&store).await;
        let dir = tempfile::tempdir().unwrap();
        let fake = FakeDiscord::start(&[]).await;

        // Without its scheduler a replica only answers interactions.
        let mut quiet =
            Replica::start(&fake, dir.path(), Some(&db.url), &["--no-scheduler"], &[]).await;
        assert_eq!(quiet.ping().await.json(), json!({"type": 1}));
        // A window for a tip to go out: proves none does.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(
            posts(&fake.requests()).is_empty(),
            "--no-scheduler posted a tip"
        );
        assert!(quiet.log().contains("scheduler=false"), "{}", quiet.log());
        assert_eq!(quiet.stop().await.code(), Some(0));

        // The second replica finds its application id in the token.
        let token = ("DISCORD_TOKEN", "OTAwMDAwMDAwMDAwMDAwMDAx.replica.b");
        let mut a = Replica::start(&fake, dir.path(), Some(&db.url), &[], &[]).await;
        let mut b = Replica::start(&fake, dir.path(), Some(&db.url), &[], &[token]).await;
        let registered_by_b = fake.requests().into_iter().any(|r| {
            r.method == Method::PUT
                && r.path == "/applications/900000000000000001/commands"
                && r.authorization.as_deref() == Some(&format!("Bot {}", token.1))
        });
        assert!(registered_by_b, "{}", db.url);

        let name = json!([{"name": "name", "type": 3, "value": "Shared pair"}]);
        a.typed("shoes", "add", name).await.json();
        let distance = json!([{"name": "distance", "type": 3, "value": "7k"}]);
        let logged = b.typed("shoes", "log", distance).await.json();
        assert!(logged.to_string().contains("Shared pair"), "{logged}");
        let list = a.typed("shoes", "list", json!([])).await.json();
        assert!(list.to_string().contains("7.0"), "{list}");

        fake.wait_for("every due tip", |requests| {
            (posts(requests).len() == usize::try_from(SERVERS).unwrap()).then_some(())
        })
        .await;
        // A window for a second post of any tip: proves there is none.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let by_channel = posts(&fake.requests());
        assert_eq!(by_channel.len(), usize::try_from(SERVERS).unwrap());
        for i in 0..SERVERS {
            let count = by_channel[&channel(i).to_string()];
            assert_eq!(count, 1, "server {i} got {count} posts on {}", db.url);
        }
        assert_eq!(a.stop().await.code(), Some(0));
        assert_eq!(b.stop().await.code(), Some(0));
        store.close().await;
        db.drop_now().await;
    }
}
