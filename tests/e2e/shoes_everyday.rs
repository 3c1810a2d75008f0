//! The member's half of issue 12, typed into the console on every backend (`SQLite`, and
//! `PostgreSQL` when `PACER_TEST_POSTGRES_URL` is set): distances with thousands separators and
//! slips, dates in words, the member's own time zone, and pair names typed loosely
//! (`shoes_past_retirement.rs` has pairs set up past retirement). `shoes_everyday_discord.rs` has the autocomplete and the buttons as
//! Discord sends them.

use chrono::{Datelike, Days, Duration, NaiveDate, Utc};
use pacer::store::Shoe;
use pacer::App;

use crate::databases::databases;
use crate::scheduler::app_on;

/// The console's member.
const ME: u64 = 0;

/// Types `lines` into the console against `app` and returns what it printed.
pub async fn console(app: &App, lines: &[&str]) -> String {
    let script = lines.join("\n");
    let mut out = Vec::new();
    pacer::console::run(
        app,
        &pacer::console::CONSOLE_CALLER,
        script.as_bytes(),
        &mut out,
        false,
    )
    .await
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_has(out: &str, expected: &[&str]) {
    for line in expected {
        assert!(out.contains(line), "{line:?} missing from:\n{out}");
    }
}

pub async fn pairs(app: &App) -> Vec<Shoe> {
    let since = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    app.store.shoes().list(ME, since).await.unwrap()
}

pub async fn pair(app: &App, name: &str) -> Shoe {
    pairs(app)
        .await
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no pair {name}"))
}

/// The dates and distances of a pair's runs, latest first.
async fn runs(app: &App, name: &str) -> Vec<(String, i64)> {
    let id = pair(app, name).await.id;
    let runs = app.store.runs().history(ME, id, 50).await.unwrap();
    runs.into_iter().map(|r| (r.run_on, r.distance_m)).collect()
}

#[tokio::test]
async fn thousands_separators_slips_and_times_in_distances() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let out = console(
            &app,
            &[
                "/shoes add name:Racers",
                "/shoes log distance:10,000m",
                "/shoes log distance:\"1,000 m\"",
                "/shoes log distance:5,5",
                "/shoes log distance:0.01",
                "/shoes log distance:10m",
                "/shoes log distance:3:30",
                "/shoes log distance:5000",
            ],
        )
        .await;
        assert_has(
            &out,
            &[
                "Logged 10.0 km on **Racers**",
                "Logged 1.0 km on **Racers**",
                "Logged 5.5 km on **Racers**",
                "10 m is shorter than any run pacer logs (at least 100 m). Did you mean 10 km?",
                "That looks like a time. Log how far you ran",
                "If you meant 5000 metres, write `5000m`.",
            ],
        );
        assert!(!out.contains("\\:"), "no escapes: {out}");
        let mut logged: Vec<i64> = runs(&app, "Racers").await.iter().map(|r| r.1).collect();
        logged.sort_unstable();
        assert_eq!(logged, [1_000, 5_500, 10_000], "{}", db.url);
        app.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn dates_in_words_and_the_member_s_time_zone() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let utc_today = Utc::now().date_naive();
        let out = console(
            &app,
            &[
                "/shoes add name:Racers",
                "/shoes log distance:5 date:yesterday",
                "/shoes log distance:6 date:\"Nov 20\"",
                "/shoes log distance:7 date:\"20 Nov 2025\"",
                "/shoes log distance:8 date:2025-1-5",
                "/shoes log distance:9 date:2026-11-31",
                "/shoes log distance:9 date:3:30",
                "/shoes log distance:9 date:soon",
                "/shoes timezone zone:london",
            ],
        )
        .await;
        let yesterday = utc_today - Days::new(1);
        assert_has(
            &out,
            &[
                &format!("Logged 5.0 km on **Racers** for {yesterday}."),
                "for 2025-11-20.",
                "for 2025-01-05.",
                "November has 30 days.",
                "That looks like a time. Give the day you ran instead",
                "“soon” is not a date pacer reads.",
                "Your time zone is now London time (Europe/London)",
            ],
        );
        assert!(!out.contains("\\-"), "no escaped dates: {out}");
        let prefs = app.store.prefs().get(ME).await.unwrap();
        assert_eq!(prefs.timezone.as_deref(), Some("Europe/London"));
        assert_eq!(prefs.unit, None, "{}: setting a zone sets no unit", db.url);

        // Fourteen hours ahead of UTC: its today is never behind the UTC date, and it is
        // the latest date a run may have; a run without a date lands on it.
        let out = console(&app, &["/shoes timezone zone:UTC+14"]).await;
        let zone_today = (Utc::now() + Duration::hours(14)).date_naive();
        assert!(
            out.contains("Your time zone is now UTC+14 (no summer time)"),
            "{out}"
        );
        let tomorrow = zone_today + Days::new(1);
        let week_ago = zone_today - Days::new(7);
        let out = console(
            &app,
            &[
                "/shoes log distance:10",
                &format!("/shoes log distance:11 date:{tomorrow}"),
                &format!("/shoes log distance:12 date:{week_ago}"),
                "/shoes leaderboard-join",
                "/shoes leaderboard",
            ],
        )
        .await;
        assert_has(
            &out,
            &[
                &format!("Logged 10.0 km on **Racers** for {zone_today}."),
                "is in the future.",
                "by your calendar, in UTC+14 (no summer time).",
            ],
        );
        let logged = runs(&app, "Racers").await;
        assert!(
            logged.iter().all(|r| r.0 != tomorrow.to_string()),
            "{logged:?}"
        );
        assert!(logged.iter().any(|r| r.0 == week_ago.to_string()));
        // This week by the member's calendar: from their Monday, a week ago left out.
        let monday = zone_today - Days::new(zone_today.weekday().num_days_from_monday().into());
        let week = monday.to_string()..=(monday + Days::new(6)).to_string();
        let this_week: i64 = logged
            .iter()
            .filter(|r| week.contains(&r.0))
            .map(|r| r.1)
            .sum();
        assert_has(
            &out,
            &[&format!("<@0> · {:.1} km", this_week as f64 / 1_000.0)],
        );
        app.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn pair_names_match_prefixes_and_letters_and_suggest_near_misses() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let out = console(
            &app,
            &[
                "/shoes add name:\"👟 Daily trainers\"",
                "/shoes add name:\"Dirt runners\"",
                "/shoes log distance:5 shoe:daily",
                "/shoes log distance:6 shoe:\"Daily trainers\"",
                "/shoes log distance:7 shoe:dialy",
                "/shoes log distance:8 shoe:d",
                "/shoes log distance:9 shoe:Ghost",
                "/shoes history shoe:dirt",
            ],
        )
        .await;
        assert_has(
            &out,
            &[
                "(Using **👟 Daily trainers** for “daily”.)\nLogged 5.0 km on **👟 Daily trainers**",
                "(Using **👟 Daily trainers** for “Daily trainers”.)\nLogged 6.0 km",
                "You have no pair called “dialy”. Did you mean **👟 Daily trainers**?",
                "“d” could be **👟 Daily trainers** or **Dirt runners**.",
                "You have no pair called “Ghost”. `/shoes list` shows yours.",
                "(Using **Dirt runners** for “dirt”.)",
            ],
        );
        let logged: Vec<i64> = runs(&app, "👟 Daily trainers")
            .await
            .iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(
            logged.len(),
            2,
            "{}: only the two runs found a pair",
            db.url
        );
        app.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn leaderboard_periods_have_both_ends_on_every_backend() {
    for db in databases().await {
        let store = pacer::store::Store::open(&db.url).await.unwrap();
        let now = Utc::now();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        for user in [7, 8] {
            let shoe = pacer::store::NewShoe {
                user_id: user,
                name: "Racers",
                brand: None,
                model: None,
                start_m: 0,
                retire_at_m: 800_000,
                make_default: true,
                now,
            };
            let shoe = store.shoes().add(shoe).await.unwrap();
            store.leaderboard().join(99, user, now).await.unwrap();
            // Member 8 is a day ahead: their Monday run is already logged.
            for (d, m) in [
                (22, 1_000),
                (23, 2_000),
                (29, 3_000),
                (30, 4_000 + user.cast_signed()),
            ] {
                let run = crate::shoes_log::new_run(user, shoe, m, day(d), None, now);
                store.runs().log(run).await.unwrap();
            }
        }
        let board = store.leaderboard();
        let week = board.standings(99, day(23)..=day(29)).await.unwrap();
        let totals: Vec<(u64, i64)> = week.iter().map(|s| (s.user_id, s.distance_m)).collect();
        assert_eq!(totals, [(7, 5_000), (8, 5_000)], "{}", db.url);
        store.close().await;
        db.drop_now().await;
    }
}
