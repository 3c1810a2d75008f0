//! Logging runs on every backend: `SQLite` always, `PostgreSQL` too when
//! `PACER_TEST_POSTGRES_URL` names a server (a fresh database, dropped at the end).

use chrono::{Days, NaiveDate, Utc};
use sqlx::Connection as _;

use super::*;
use crate::store::{MemberPrefs, NewShoe, Shoe, Store};

struct Db {
    store: Store,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Db {
    async fn drop_now(self) {
        self.store.close().await;
        if let Some((admin, name)) = self.postgres {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(&drop).execute(&mut conn).await;
            }
        }
    }
}

async fn databases() -> Vec<Db> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pacer.db").display());
    let mut dbs = vec![Db {
        store: Store::open(&url).await.unwrap(),
        _dir: Some(dir),
        postgres: None,
    }];
    let admin = std::env::var("PACER_TEST_POSTGRES_URL").unwrap_or_default();
    if !admin.trim().is_empty() {
        // Named as the end-to-end tests name theirs, so that their sweep drops it if a run
        // is killed before the end.
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        let name = format!("pacer_test_{}_{}", std::process::id(), nanos.unsigned_abs());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let create = format!("CREATE DATABASE {name}");
        sqlx::query(&create).execute(&mut conn).await.unwrap();
        let (address, options) = admin.split_once('?').unwrap_or((&admin, ""));
        let base = address.rsplit_once('/').map_or(address, |(base, _)| base);
        let url = format!("{base}/{name}?{options}");
        dbs.push(Db {
            store: Store::open(url.trim_end_matches('?')).await.unwrap(),
            _dir: None,
            postgres: Some((admin, name)),
        });
    }
    dbs
}

const MEMBER: u64 = 7;

async fn pair(store: &Store, user_id: u64, name: &str, retire_at_m: i64) -> i64 {
    let shoe = NewShoe {
        user_id,
        name,
        brand: None,
        model: None,
        start_m: 0,
        retire_at_m,
        make_default: false,
        now: Utc::now(),
    };
    store.shoes().add(shoe).await.unwrap()
}

fn run(shoe_id: i64, distance_m: i64, run_on: NaiveDate) -> NewRun<'static> {
    NewRun {
        user_id: MEMBER,
        shoe_id,
        distance_m,
        run_on,
        note: None,
        now: Utc::now(),
        compare: run_on - Days::new(30)..=run_on - Days::new(1),
    }
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

async fn stored(store: &Store) -> usize {
    store.runs().recent(MEMBER, 1_000).await.unwrap().len()
}

#[tokio::test]
async fn the_same_run_is_stored_only_as_often_as_allowed() {
    for db in databases().await {
        let (store, runs) = (&db.store, db.store.runs());
        let shoe = pair(store, MEMBER, "Road", 800_000).await;
        let on = day("2026-05-02");
        let first = runs.log_unless_repeated(run(shoe, 5_000, on), 0).await;
        assert!(matches!(first.unwrap(), Logged::Done(o) if o.total_m == 5_000));
        let again = runs.log_unless_repeated(run(shoe, 5_000, on), 0).await;
        assert_eq!(again.unwrap(), Logged::Repeated(1));
        assert_eq!(stored(store).await, 1, "a repeat asked about is not stored");
        // Another day or distance is another run.
        let other = runs.log_unless_repeated(run(shoe, 5_000, day("2026-05-03")), 0);
        assert!(matches!(other.await.unwrap(), Logged::Done(o) if o.total_m == 10_000));
        // Keep both, pressed after one repeat was seen.
        let kept = runs.log_unless_repeated(run(shoe, 5_000, on), 1).await;
        assert!(matches!(kept.unwrap(), Logged::Done(o) if o.total_m == 15_000));
        let pressed_twice = runs.log_unless_repeated(run(shoe, 5_000, on), 1).await;
        assert_eq!(pressed_twice.unwrap(), Logged::Repeated(2));
        // `log` stores repeats without asking.
        let plain = runs.log(run(shoe, 5_000, on)).await.unwrap();
        assert_eq!(plain.map(|o| o.total_m), Some(20_000));
        assert_eq!(stored(store).await, 4);
        db.drop_now().await;
    }
}

#[tokio::test]
async fn retired_and_others_pairs_take_no_runs() {
    for db in databases().await {
        let (store, runs) = (&db.store, db.store.runs());
        let retired = pair(store, MEMBER, "Old", 800_000).await;
        store
            .shoes()
            .retire(MEMBER, retired, Utc::now())
            .await
            .unwrap();
        let theirs = pair(store, MEMBER + 1, "Theirs", 800_000).await;
        for shoe in [retired, theirs, 999_999] {
            for allowed in [0, i64::MAX] {
                let logged = runs.log_unless_repeated(run(shoe, 3_000, day("2026-05-02")), allowed);
                assert_eq!(logged.await.unwrap(), Logged::Unavailable, "pair {shoe}");
            }
        }
        assert_eq!(stored(store).await, 0);
        db.drop_now().await;
    }
}

/// Forty runs of 1 km at once on a 50 km pair: each sees the ones before it, so the totals
/// are 1 to 40 km, and the 70 % and 80 % warnings go to the runs that reached them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_runs_on_one_pair_are_totalled_one_after_another() {
    for db in databases().await {
        let shoe = pair(&db.store, MEMBER, "Racers", 50_000).await;
        let start = day("2026-01-01");
        let mut tasks = Vec::new();
        for i in 0..40 {
            let store = db.store.clone();
            tasks.push(tokio::spawn(async move {
                let on = start + Days::new(i);
                store
                    .runs()
                    .log(run(shoe, 1_000, on))
                    .await
                    .unwrap()
                    .unwrap()
            }));
        }
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        outcomes.sort_by_key(|o| o.total_m);
        let totals: Vec<i64> = outcomes.iter().map(|o| o.total_m).collect();
        assert_eq!(totals, (1..=40).map(|km| km * 1_000).collect::<Vec<_>>());
        for outcome in &outcomes {
            let expected = match outcome.total_m {
                35_000 => Some(70),
                40_000 => Some(80),
                _ => None,
            };
            assert_eq!(outcome.warning, expected, "at {} m", outcome.total_m);
        }
        db.drop_now().await;
    }
}

/// What [`Runs::log_default`] gives its plan, and what it logs: the plan's run, on the
/// connection it read the preferences and the default pair with.
async fn log_default(store: &Store, distance_m: i64) -> DefaultLog<&'static str> {
    let plan = |_: &MemberPrefs, pair: Option<&Shoe>| {
        let shoe_id = pair.ok_or("no default pair")?.id;
        let run_on = day("2026-05-02");
        Ok(Planned {
            same: SameRun {
                shoe_id,
                distance_m,
                run_on,
            },
            note: Some("easy".to_owned()),
            now: Utc::now(),
            compare: run_on - Days::new(30)..=run_on - Days::new(1),
            allowed: 0,
        })
    };
    store.runs().log_default(MEMBER, plan).await.unwrap()
}

#[tokio::test]
async fn a_log_on_the_default_pair_reads_the_preferences_with_it() {
    for db in databases().await {
        let store = &db.store;
        let none = log_default(store, 4_000).await;
        assert_eq!((none.prefs, none.pair), (MemberPrefs::default(), None));
        assert_eq!(none.logged.unwrap_err(), "no default pair");
        store.prefs().set_unit(MEMBER, "mi").await.unwrap();
        store
            .prefs()
            .set_timezone(MEMBER, "Europe/Oslo")
            .await
            .unwrap();
        let shoe = pair(store, MEMBER, "Road", 800_000).await;
        let first = log_default(store, 4_000).await;
        assert_eq!(first.prefs.unit.as_deref(), Some("mi"));
        assert_eq!(first.prefs.timezone.as_deref(), Some("Europe/Oslo"));
        let read = first.pair.unwrap();
        assert_eq!((read.id, read.logged_m, read.runs), (shoe, 0, 0));
        let (planned, logged) = first.logged.unwrap();
        assert!(matches!(logged, Logged::Done(o) if o.total_m == 4_000));
        assert_eq!(planned.note.as_deref(), Some("easy"));
        // The pair's totals are read before the run; the same run again is asked about.
        let second = log_default(store, 4_000).await;
        let read = second.pair.unwrap();
        assert_eq!((read.logged_m, read.runs, read.recent_m), (4_000, 1, 0));
        assert_eq!(second.logged.unwrap().1, Logged::Repeated(1));
        let runs = store.runs().recent(MEMBER, 10).await.unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].note.as_deref(), Some("easy"));
        store
            .shoes()
            .retire(MEMBER, shoe, Utc::now())
            .await
            .unwrap();
        let retired = log_default(store, 5_000).await;
        assert_eq!(retired.pair, None);
        assert_eq!(retired.prefs.unit.as_deref(), Some("mi"));
        db.drop_now().await;
    }
}
