//! The store on every backend: SQLite always, PostgreSQL when `PACER_TEST_POSTGRES_URL`
//! names a server (each test then gets a fresh database of its own).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, Utc};
use pacer::store::{NewShoe, Store, WriteError};
use sqlx::Connection;
use tempfile::TempDir;

use crate::scheduler::{app_on, scheduler, set_up, utc, FakeApi, FakeClock};

/// A database for one test; a PostgreSQL one is dropped at the end.
pub struct TestDb {
    pub url: String,
    _dir: Option<TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub async fn drop_now(self) {
        if let Some((admin, name)) = self.postgres {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

/// SQLite in a temporary folder, plus a fresh PostgreSQL database when configured.
pub async fn databases() -> Vec<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut dbs = vec![TestDb {
        url: format!("sqlite://{}", dir.path().join("pacer.db").display()),
        _dir: Some(dir),
        postgres: None,
    }];
    match std::env::var("PACER_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.trim().is_empty() => {
            let name = format!(
                "pacer_test_{}_{}",
                std::process::id(),
                Utc::now()
                    .timestamp_nanos_opt()
                    .unwrap_or_default()
                    .unsigned_abs()
            );
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PACER_TEST_POSTGRES_URL is set but PostgreSQL is not reachable");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .unwrap();
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(base, _)| base);
            dbs.push(TestDb {
                url: format!("{base}/{name}"),
                _dir: None,
                postgres: Some((admin.clone(), name)),
            });
        }
        _ => {
            eprintln!("notice: PACER_TEST_POSTGRES_URL is not set; store tests run on SQLite only")
        }
    }
    dbs
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[tokio::test]
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
            .log(7, first, 6_000, day("2026-11-20"), Some("easy"), now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (logged.total_m, logged.warning),
            (7_000, Some(70)),
            "{backend}"
        );
        assert!(
            runs.log(8, first, 1, day("2026-11-20"), None, now)
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
        runs.log(7, second, 5_000, now.date_naive(), None, now)
            .await
            .unwrap();
        let standings = store
            .leaderboard()
            .standings(99, now.date_naive())
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
        assert_eq!(store.privacy().delete(7).await.unwrap(), 5, "{backend}");
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
