//! The store on every backend: `SQLite` always, `PostgreSQL` when `PACER_TEST_POSTGRES_URL`
//! names a server (each test then gets a fresh database of its own).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use pacer::store::{NewShoe, Store, WriteError};

pub use crate::databases::databases;
use crate::scheduler::{app_on, scheduler, set_up, utc, FakeApi, FakeClock};
use crate::shoes_log::new_run;

pub fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[tokio::test]
// One pass over every table, run once per backend.
#[allow(clippy::too_many_lines)]
async fn every_table_behaves_the_same_on_every_backend() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        let backend = format!("{:?}", store.backend());
        let now = Utc::now();
        let shoes = store.shoes();
        let new = |name: &'static str| NewShoe {
            user_id: 7,
            name,
            brand: Some("Brooks"),
            model: None,
            start_m: 1_000,
            retire_at_m: 10_000,
            make_default: false,
            now,
        };
        let first = shoes.add(new("Racers")).await.unwrap();
        assert!(
            matches!(
                shoes.add(new("RACERS")).await,
                Err(WriteError::DuplicateName)
            ),
            "{backend}"
        );
        let second = shoes.add(new("Trail")).await.unwrap();
        assert_eq!(
            shoes.default_shoe(7).await.unwrap(),
            Some(first),
            "{backend}"
        );

        let runs = store.runs();
        let logged = runs
            .log(new_run(
                7,
                first,
                6_000,
                day("2026-11-20"),
                Some("easy"),
                now,
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (logged.total_m, logged.warning),
            (7_000, Some(70)),
            "{backend}"
        );
        assert!(
            runs.log(new_run(8, first, 1, day("2026-11-20"), None, now))
                .await
                .unwrap()
                .is_none(),
            "{backend}: not theirs"
        );
        let listed = shoes.list(7, day("2026-11-01")).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(
            (listed[0].total_m(), listed[0].runs, listed[0].recent_m),
            (7_000, 1, 6_000),
            "{backend}"
        );
        assert!(listed[0].is_default && !listed[1].is_default, "{backend}");

        shoes.retire(7, first, now).await.unwrap();
        assert_eq!(
            shoes.default_shoe(7).await.unwrap(),
            Some(second),
            "{backend}: default moves on"
        );
        let latest = runs.latest(7).await.unwrap().unwrap();
        assert!(
            !runs.delete_if_latest(8, latest.id).await.unwrap(),
            "{backend}"
        );
        assert!(
            runs.delete_if_latest(7, latest.id).await.unwrap(),
            "{backend}"
        );

        store.prefs().set_unit(7, "mi").await.unwrap();
        store.leaderboard().join(99, 7, now).await.unwrap();
        runs.log(new_run(7, second, 5_000, now.date_naive(), None, now))
            .await
            .unwrap();
        let standings = store
            .leaderboard()
            .standings(99, now.date_naive()..=now.date_naive())
            .await
            .unwrap();
        assert_eq!(standings.len(), 1);
        assert_eq!(standings[0].distance_m, 5_000, "{backend}");

        let exported = store.privacy().export(7).await.unwrap();
        assert_eq!(
            exported.rows(),
            5,
            "{backend}: prefs, 2 shoes, 1 run, 1 opt-in"
        );
        assert_eq!(
            store.privacy().delete(7).await.unwrap().deleted,
            5,
            "{backend}"
        );
        assert_eq!(
            store.privacy().export(7).await.unwrap().rows(),
            0,
            "{backend}"
        );

        store.guilds().joined(99, now).await.unwrap();
        store
            .settings()
            .set_emergency_number(99, Some("112"), now)
            .await
            .unwrap();
        assert_eq!(
            store
                .settings()
                .emergency_number(99)
                .await
                .unwrap()
                .as_deref(),
            Some("112")
        );
        store.guilds().left(99).await.unwrap();
        assert_eq!(
            store.settings().emergency_number(99).await.unwrap(),
            None,
            "{backend}"
        );
        store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn two_schedulers_post_each_due_time_once_on_every_backend() {
    for db in databases().await {
        let (first, second) = (app_on(&db.url).await, app_on(&db.url).await);
        for guild in 1..=100 {
            set_up(
                &first,
                guild,
                "daily 07:00",
                "UTC",
                utc("2026-11-24T06:00:00Z"),
            )
            .await;
        }
        let clock = Arc::new(FakeClock(Mutex::new(utc("2026-11-24T07:00:00Z"))));
        let (api_a, api_b) = (Arc::new(FakeApi::default()), Arc::new(FakeApi::default()));
        let (a, b) = (
            scheduler(&first, &api_a, &clock),
            scheduler(&second, &api_b, &clock),
        );
        let (ra, rb) = tokio::join!(a.run_due(), b.run_due());
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(ra.posted + rb.posted, 100, "{}: {ra:?} {rb:?}", db.url);
        let mut channels: Vec<u64> = api_a.posts.lock().unwrap().iter().map(|p| p.0).collect();
        channels.extend(api_b.posts.lock().unwrap().iter().map(|p| p.0));
        assert_eq!(channels.iter().copied().collect::<HashSet<_>>().len(), 100);
        let again = a.run_due().await.unwrap().posted + b.run_due().await.unwrap().posted;
        assert_eq!(again, 0, "nothing is due twice");
        first.store.close().await;
        second.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn the_bot_runs_on_every_backend() {
    for db in databases().await {
        let mut bot = crate::bot::Bot::start_with(&[], &[("DATABASE_URL", &db.url)]).await;
        bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
        let body = bot.subcommand("shoes", "log", &[("distance", "5k")]).await;
        let text = crate::shoes::private_text(&body);
        assert!(
            text.starts_with("Logged 5.0 km on **Racers**"),
            "{}: {text}",
            db.url
        );
        let body = bot.subcommand("shoes", "list", &[]).await;
        let field = &body["data"]["embeds"][0]["fields"][0];
        assert!(
            field["value"]
                .as_str()
                .unwrap()
                .contains("5.0 km of 800.0 km · 1 run"),
            "{field}"
        );
        assert!(bot.stop().await.success());
        db.drop_now().await;
    }
}

#[tokio::test]
async fn concurrent_changes_by_one_member_stay_consistent_on_every_backend() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        let now = Utc::now();
        let names = ["A", "B", "C", "D", "E", "F", "G", "H"];
        let adds = names.map(|name| {
            let store = store.clone();
            async move {
                store
                    .shoes()
                    .add(NewShoe {
                        user_id: 5,
                        name,
                        brand: None,
                        model: None,
                        start_m: 0,
                        retire_at_m: 100_000,
                        make_default: false,
                        now,
                    })
                    .await
                    .unwrap()
            }
        });
        let ids = futures_join_all(adds).await;
        let listed = store.shoes().list(5, now.date_naive()).await.unwrap();
        let defaults = listed.iter().filter(|s| s.is_default).count();
        assert_eq!(
            defaults, 1,
            "{}: exactly one default after concurrent first adds",
            db.url
        );

        let logs = (0..40).map(|_| {
            let store = store.clone();
            let shoe = ids[0];
            async move {
                store
                    .runs()
                    .log(new_run(5, shoe, 2_000, now.date_naive(), None, now))
                    .await
                    .unwrap()
                    .unwrap()
            }
        });
        let outcomes = futures_join_all(logs).await;
        let mut totals: Vec<i64> = outcomes.iter().map(|o| o.total_m).collect();
        totals.sort_unstable();
        let expected: Vec<i64> = (1..=40).map(|n| n * 2_000).collect();
        assert_eq!(
            totals, expected,
            "{}: every run saw the ones before it",
            db.url
        );
        let mut warnings: Vec<i64> = outcomes.iter().filter_map(|o| o.warning).collect();
        warnings.sort_unstable();
        assert_eq!(warnings, [70, 80], "{}: each level crossed once", db.url);
        store.close().await;
        db.drop_now().await;
    }
}

/// Runs futures as concurrent tasks and collects their outputs in order.
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.expect("task"));
    }
    outputs
}
