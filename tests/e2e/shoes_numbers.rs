//! Issue 12, through the fake Discord and the console on every backend: numbers that no
//! longer mislead (projections, round distances in miles, the next default pair), plain
//! summaries and the CSV export, the chart, and the issue's inputs as a console transcript.

use serde_json::json;

use crate::gateway::assert_message;
use crate::openapi::assert_all_valid;
use crate::shoes::private_text;
use crate::shoes_fixes::{ago, bot_on, buttons, press, shoes};
use crate::store::databases;

#[tokio::test]
async fn projections_miles_and_the_next_default_read_right_on_every_backend() {
    for db in databases().await {
        let mut bot = bot_on(&db.url).await;
        shoes(&mut bot, "add", &[("name", "New")]).await;
        shoes(&mut bot, "log", &[("distance", "5")]).await;
        let list = bot.subcommand("shoes", "list", &[]).await;
        let field = list["data"]["embeds"][0]["fields"][0]["value"].to_string();
        assert!(field.contains("not enough runs yet"), "one run: {field}");
        assert!(!field.contains("retires around"), "{field}");
        // 60 km over the 14 days since its first run: 30 km a week.
        for (distance, days) in [("20", 13), ("20", 6)] {
            shoes(
                &mut bot,
                "log",
                &[("distance", distance), ("date", &ago(days))],
            )
            .await;
        }
        shoes(&mut bot, "log", &[("distance", "15")]).await;
        let list = bot.subcommand("shoes", "list", &[]).await;
        let field = list["data"]["embeds"][0]["fields"][0]["value"].to_string();
        assert!(
            field.contains("at about 30 km a week"),
            "{}: {field}",
            db.url
        );

        shoes(&mut bot, "add", &[("name", "Trail"), ("retire_at", "300")]).await;
        let body = bot.subcommand("shoes", "units", &[("unit", "mi")]).await;
        let text = private_text(&body);
        assert!(
            text.ends_with("Your pairs' retirement distances now read: 1 pair at 497.1 mi → 500 mi, 1 pair at 186.4 mi → 190 mi. Round them?"),
            "{text}"
        );
        let [round, _] = <[String; 2]>::try_from(buttons(&body)).unwrap();
        let list = bot.subcommand("shoes", "list", &[]).await;
        assert!(
            list.to_string().contains("of 497.1 mi"),
            "nothing changed before the press"
        );
        assert_eq!(
            press(&mut bot, &round).await,
            "Rounded 2 pairs: 1 now retires at 500.0 mi and 1 at 190.0 mi."
        );
        let list = bot.subcommand("shoes", "list", &[]).await.to_string();
        assert!(
            list.contains("of 500.0 mi") && list.contains("of 190.0 mi"),
            "{list}"
        );
        let again = shoes(&mut bot, "units", &[("unit", "mi")]).await;
        assert!(!again.contains("Round"), "already round: {again}");

        // "New" was run in most recently; "Trail" is newer but never run.
        shoes(&mut bot, "add", &[("name", "Old")]).await;
        shoes(&mut bot, "default", &[("shoe", "Old")]).await;
        shoes(&mut bot, "log", &[("distance", "3"), ("date", &ago(30))]).await;
        let text = shoes(&mut bot, "retire", &[("shoe", "Old")]).await;
        assert!(
            text.contains("Runs now go to **New**, the pair you ran in most recently"),
            "{}: {text}",
            db.url
        );
        shoes(&mut bot, "retire", &[("shoe", "New")]).await;
        let text = shoes(&mut bot, "retire", &[("shoe", "Trail")]).await;
        assert!(
            text.contains("bring one back with `/shoes unretire`"),
            "{text}"
        );
        assert_all_valid(&bot.fake.requests());
        drop(bot);
        db.drop_now().await;
    }
}
#[tokio::test]
async fn export_adds_a_csv_of_runs_and_both_replies_read_as_sentences_on_every_backend() {
    for db in databases().await {
        let mut bot = bot_on(&db.url).await;
        shoes(&mut bot, "add", &[("name", "Road, \"fast\"")]).await;
        shoes(&mut bot, "add", &[("name", "Spare")]).await;
        shoes(
            &mut bot,
            "log",
            &[("distance", "5"), ("date", "2026-01-05"), ("note", "=1+1")],
        )
        .await;
        shoes(
            &mut bot,
            "log",
            &[("distance", "10"), ("date", "2026-01-02")],
        )
        .await;
        let (body, files) = bot.typed_with_files("privacy", "export", json!([])).await;
        assert_eq!(
            private_text(&body),
            "Here is everything pacer holds about you: 2 pairs and 2 runs. Your runs are in the CSV file too, for a spreadsheet. `/privacy delete` deletes it."
        );
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["pacer-data.json", "pacer-runs.csv"]);
        let csv = String::from_utf8(files[1].1.clone()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "date,pair,distance_km,distance_mi,note,logged_at,run_id"
        );
        assert!(
            lines[1].starts_with("2026-01-02,\"Road, \"\"fast\"\"\",10.000,6.214,,"),
            "{csv}"
        );
        assert!(
            lines[2].starts_with("2026-01-05,\"Road, \"\"fast\"\"\",5.000,3.107,'=1+1,"),
            "{csv}"
        );
        let body = bot.subcommand("privacy", "delete", &[]).await;
        let yes = buttons(&body)[0].clone();
        assert_eq!(
            press(&mut bot, &yes).await,
            "Deleted 2 pairs and 2 runs. pacer holds nothing about you now."
        );
        assert_eq!(
            press(&mut bot, &yes).await,
            "There was nothing to delete: pacer held nothing about you."
        );
        assert_all_valid(&bot.fake.requests());
        drop(bot);
        db.drop_now().await;
    }
}
#[tokio::test]
async fn the_chart_has_one_dark_row_per_pair_on_every_backend() {
    for db in databases().await {
        let mut bot = bot_on(&db.url).await;
        for i in 0..10 {
            let name = format!("🏃 Pair number {i} with a long name");
            shoes(&mut bot, "add", &[("name", &name), ("retire_at", "100")]).await;
            shoes(&mut bot, "log", &[("distance", &format!("{}", 12 * i))]).await;
        }
        let (body, files) = bot.typed_with_files("shoes", "chart", json!([])).await;
        let data = assert_message(&body, 4);
        assert_eq!(data["embeds"][0]["image"]["url"], "attachment://shoes.png");
        let (name, png) = &files[0];
        assert_eq!(name, "shoes.png");
        assert!(png.len() < 40_000, "{} bytes", png.len());
        let mut decoder = png::Decoder::new(png.as_slice());
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let (width, height) = (reader.info().width, reader.info().height);
        assert_eq!(
            (width, height),
            (720, 2 * 20 + 36 + 10 * 46 + 24),
            "{}",
            db.url
        );
        let mut rgb = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut rgb).unwrap();
        assert_eq!(&rgb[..3], &[32, 34, 37], "a dark card");
        assert_all_valid(&bot.fake.requests());
        drop(bot);
        db.drop_now().await;
    }
}
/// The issue's inputs in `pacer console`, on every backend: what a member types and reads.
#[tokio::test]
async fn the_console_transcript_of_the_issue_reads_well_on_every_backend() {
    use std::process::Stdio;
    use tokio::io::AsyncWriteExt;

    let script = [
        "/shoes add name:\"Blue racers\"",
        "/shoes log distance:5k",
        "/shoes list",
        "/shoes history shoe:\"Blue racers\"",
        "/shoes add name:Spare",
        "/shoes log distance:5k",
        "2",
        "/shoes log distance:8 shoe:Spare date:2026-01-05",
        "/shoes history",
        "/shoes run-move run:2 to:\"Blue racers\"",
        "1",
        "/shoes run-remove run:1",
        "1",
        "/shoes list",
        "/shoes units unit:mi",
        "1",
        "/shoes chart",
        "/shoes retire shoe:\"Blue racers\"",
        "/shoes retire shoe:Spare",
        "/privacy export",
        "/privacy delete",
        "1",
    ]
    .join("\n");
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut child = crate::bot::pacer(dir.path())
            .env("DATABASE_URL", &db.url)
            .arg("console")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(script.as_bytes()).await.unwrap();
        drop(stdin);
        let out = child.wait_with_output().await.unwrap();
        assert!(out.status.success());
        let out = String::from_utf8_lossy(&out.stdout);
        let today = ago(0);
        for expected in [
            "not enough runs yet to project its retirement (it takes 3 runs over 2 weeks)".to_owned(),
            "-- Its only run. Numbers count all your runs, newest first.".to_owned(),
            format!("You already logged 5.0 km on **Blue racers** for {today}. Log it again as another run?"),
            "[1] Keep both   [2] Don't log it".to_owned(),
            "Not logged. Nothing changed.".to_owned(),
            format!("#1 · {today} · 5.0 km · **Blue racers**\n#2 · 2026-01-05 · 8.0 km · **Spare**"),
            "Move run #2, 8.0 km for 2026-01-05, from **Spare** to **Blue racers**?".to_owned(),
            "Moved 8.0 km for 2026-01-05 from **Spare** to **Blue racers**.".to_owned(),
            format!("Remove run #1: 5.0 km on **Blue racers** for {today}?"),
            "**Blue racers** now has 8.0 km: 1.0% of 800.0 km.".to_owned(),
            "0.0 km of 800.0 km · no runs yet".to_owned(),
            "[1] Round retirement distances to 500 mi   [2] Keep them as they are".to_owned(),
            "Rounded: 2 pairs now retire at 500.0 mi.".to_owned(),
            "bytes to shoes.png)".to_owned(),
            "Runs now go to **Spare**, your newest pair; `/shoes default` picks another.".to_owned(),
            "You have no active pair left: bring one back with `/shoes unretire` or add one with `/shoes add`.".to_owned(),
            "Here is everything pacer holds about you: 2 pairs, 1 run and your settings.".to_owned(),
            "bytes to pacer-runs.csv)".to_owned(),
            "Deleted 2 pairs, 1 run and your settings. pacer holds nothing about you now.".to_owned(),
        ] {
            assert!(out.contains(&expected), "{}: {expected:?} missing from {out}", db.url);
        }
        for wrong in [
            "retires around",
            "The latest 1 run",
            "0 runs",
            "last never",
            "rows",
        ] {
            assert!(!out.contains(wrong), "{wrong:?} in {out}");
        }
        db.drop_now().await;
    }
}
