//! What `/shoes log` says besides the total: the wear percentage as a runner reads it, and
//! the note when a run jumps past the member's longest of the 30 days before.

use chrono::{Days, NaiveDate, Utc};
use pacer::store::{NewRun, NewShoe, RunsBefore, Store};

use crate::bot::Bot;
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;
use crate::store::{databases, day};

/// A run to log, compared with the 30 days before it (as `/shoes log` does).
pub fn new_run(
    user_id: u64,
    shoe_id: i64,
    distance_m: i64,
    run_on: NaiveDate,
    note: Option<&str>,
    now: chrono::DateTime<Utc>,
) -> NewRun<'_> {
    NewRun {
        user_id,
        shoe_id,
        distance_m,
        run_on,
        note,
        now,
        compare: run_on - Days::new(30)..=run_on - Days::new(1),
    }
}

async fn log(bot: &mut Bot, options: &[(&str, &str)]) -> String {
    private_text(&bot.subcommand("shoes", "log", options).await)
}

const NOTE: &str = "📈 This run is";

#[tokio::test]
async fn wear_shows_one_decimal_under_ten_percent() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let text = log(&mut bot, &[("distance", "23")]).await;
    assert!(
        text.contains("Total 23.0 km: 2.9% of 800.0 km."),
        "23 km of 800 km is 2.875 %: {text}"
    );
    let body = bot.subcommand("shoes", "list", &[]).await;
    let field = body["data"]["embeds"][0]["fields"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(field.starts_with("▱▱▱▱▱▱▱▱▱▱ 2.9%\n"), "{field}");
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn a_run_far_past_the_longest_of_the_last_30_days_gets_a_note() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    bot.subcommand("shoes", "add", &[("name", "Trail")]).await;
    let today = Utc::now().date_naive();
    let ago = |days: u64| (today - Days::new(days)).format("%Y-%m-%d").to_string();
    let steps: [(&str, String, Option<&str>, bool); 8] = [
        // 31 days before the runs of today: outside their window.
        ("20", ago(31), None, false),
        ("8", ago(30), None, false),
        // On the other pair: it counts all the same.
        ("10", ago(12), Some("Trail"), false),
        // 20 % past the longest (10 km), but only two runs before it.
        ("12", ago(0), None, false),
        // Three runs before it now (20, 8 and 10 km), the longest 20 km.
        ("9", ago(1), None, false),
        // Exactly 10 % past the longest of 8, 10 and 9 km: not more than 10 %. Today's
        // earlier runs (12 km) are not in the window.
        ("11", ago(0), None, false),
        ("13", ago(0), None, true),
        ("9mi", ago(0), None, true),
    ];
    for (distance, date, shoe, noted) in steps {
        let mut options = vec![("distance", distance), ("date", date.as_str())];
        if let Some(shoe) = shoe {
            options.push(("shoe", shoe));
        }
        let text = log(&mut bot, &options).await;
        assert_eq!(text.contains(NOTE), noted, "{distance} on {date}: {text}");
        if noted {
            assert!(
                text.contains("Garmin-RUNSAFE study, BJSM 2025")
                    && text.contains("may raise your risk")
                    && text.contains("`/backpain return`")
                    && text.contains("`/backpain plan`"),
                "{text}"
            );
        }
    }
    // On the other pair: the same run on the same pair would be asked about first.
    let text = log(
        &mut bot,
        &[("distance", "13"), ("date", &ago(0)), ("shoe", "Trail")],
    )
    .await;
    assert!(
        text.contains("This run is 30% longer than your longest of the last 30 days (10.0 km)."),
        "{text}"
    );
    bot.subcommand("shoes", "units", &[("unit", "mi")]).await;
    let text = log(
        &mut bot,
        &[("distance", "9"), ("date", &ago(0)), ("shoe", "Trail")],
    )
    .await;
    assert!(
        text.contains("30 days (6.2 mi)."),
        "in the member's unit: {text}"
    );
    assert_all_valid(&bot.fake.requests());
}

#[tokio::test]
async fn the_runs_before_cover_30_days_and_every_pair_on_every_backend() {
    for db in databases().await {
        let store = Store::open(&db.url).await.unwrap();
        let now = Utc::now();
        let shoe = |user_id, name| NewShoe {
            user_id,
            name,
            brand: None,
            model: None,
            start_m: 0,
            retire_at_m: 800_000,
            make_default: false,
            now,
        };
        let road = store.shoes().add(shoe(7, "Road")).await.unwrap();
        let trail = store.shoes().add(shoe(7, "Trail")).await.unwrap();
        let theirs = store.shoes().add(shoe(8, "Theirs")).await.unwrap();
        let on = day("2026-03-31");
        let earlier = [
            (7, road, 20_000, "2026-02-28"), // 31 days before
            (7, road, 8_000, "2026-03-01"),  // exactly 30 days before
            (7, trail, 10_000, "2026-03-21"),
            (7, road, 50_000, "2026-03-31"), // the same day
            (8, theirs, 90_000, "2026-03-20"),
        ];
        let mut outcomes = Vec::new();
        for (user, pair, metres, date) in earlier {
            let run = new_run(user, pair, metres, day(date), None, now);
            outcomes.push(store.runs().log(run).await.unwrap().unwrap());
        }
        let run = new_run(7, road, 12_000, on, None, now);
        let logged = store.runs().log(run).await.unwrap().unwrap();
        assert_eq!(
            logged.before,
            RunsBefore {
                longest_m: 10_000,
                runs: 2
            },
            "{}",
            db.url
        );
        assert_eq!(outcomes[0].before, RunsBefore::default(), "{}", db.url);
        let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs")
            .fetch_one(&sqlx::AnyPool::connect(&db.url).await.unwrap())
            .await
            .unwrap();
        assert_eq!(runs, 6, "{}: one row per run, nothing more", db.url);
        store.close().await;
        db.drop_now().await;
    }
}
