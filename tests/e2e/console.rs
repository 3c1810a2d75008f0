//! `pacer console` driven through a pipe, as a script would.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;

use crate::bot::pacer;
use crate::gateway::content;

/// Pipes `input` into `pacer console` and returns (exit code, stdout).
async fn console(input: &str) -> (i32, String) {
    console_with(&[], input).await
}

/// Like [`console`], with more arguments after `console`, e.g. `--dm`.
async fn console_with(args: &[&str], input: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = pacer(dir.path())
        .arg("console")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[tokio::test]
async fn help_lists_every_command_with_its_options() {
    let (code, out) = console("/help\n").await;
    assert_eq!(code, 0);
    for line in [
        "/backpain stretches [when:before|after]",
        "/backpain strength",
        "/backpain shoes",
        "/backpain physio",
        "/backpain causes",
        "/backpain plan",
        "/shoes log distance:<text> [shoe:<text>] [date:<text>] [note:<text>]",
        "/shoes add name:<text> [brand:<text>] [model:<text>] [start_distance:<text>] [retire_at:<text>] [default:true|false]",
        "/shoes units unit:km|mi",
        "/shoes leaderboard [period:week|month|year]",
        "/privacy export",
        "/privacy delete",
    ] {
        assert!(out.contains(line), "{line} missing from {out}");
    }
}

#[tokio::test]
async fn commands_print_their_content_as_text() {
    let content = content();
    let (code, out) = console("/backpain stretches when:before\n/backpain strength\n").await;
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!(
            "== {} ==",
            content.backpain.stretches_before.title
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("== {} ==", content.backpain.strength.title)),
        "{out}"
    );
    assert!(out.contains("Sources"), "{out}");
    assert!(out.contains("-- Reviewed 20"), "{out}");
}

#[tokio::test]
async fn typing_a_number_presses_a_button() {
    let content = content();
    let (code, out) = console("/backpain physio\n1\n").await;
    assert_eq!(code, 0);
    assert!(out.contains("[1] Yes   [2] No   [3] Not sure"), "{out}");
    assert!(
        out.contains(&format!(
            "== {} ==",
            content.triage.outcomes.emergency.title
        )),
        "{out}"
    );
}

#[tokio::test]
async fn garbage_gets_a_helpful_message_and_the_console_keeps_reading() {
    let script = [
        "hello",
        "/",
        "/jog",
        "/backpain",
        "/backpain yoga",
        "/backpain stretches when:sideways",
        "/backpain stretches sideways",
        "/backpain stretches pace:fast",
        "/backpain physio \"unclosed",
        "7",
        "/backpain plan",
    ]
    .join("\n");
    let (code, out) = console(&script).await;
    assert_eq!(code, 0, "EOF ends cleanly");
    for expected in [
        "Commands start with '/'",
        "There is no command `/jog`",
        "`/backpain` needs one of these subcommands",
        "has no subcommand `yoga`",
        "`sideways` is not a choice for `when`. Pick one of: before, after.",
        "Options are written name:value",
        "There is no option `pace` here",
        "A quote is not closed.",
        "There are no buttons to press right now.",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from {out}");
    }
    // The last line still worked after all that.
    assert!(
        out.contains(&format!("== {} ==", content().backpain.plan.title)),
        "{out}"
    );
}

#[tokio::test]
async fn shoes_and_privacy_work_offline_with_files_saved_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let script = [
        "/shoes add name:\"Blue racers\" brand:Brooks",
        "/shoes log distance:5k note:\"easy run\"",
        "/shoes log distance:NaN",
        "/shoes list",
        "/shoes undo",
        "1",
        "/shoes chart",
        "/shoes leaderboard-join",
        "/shoes log distance:10",
        "/shoes leaderboard period:year",
        "/privacy export",
        "/privacy delete",
        "1",
        "/shoes list",
    ]
    .join("\n");
    let mut child = pacer(dir.path())
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
    for expected in [
        "Added **Blue racers** (Brooks). It retires at 800.0 km.",
        "Logged 5.0 km on **Blue racers** (Brooks)",
        "“NaN” is not a distance.",
        "== Your shoes ==",
        "[1] Remove it   [2] Keep it",
        "Removed 5.0 km on **Blue racers**",
        "(saved ",
        "1. <@0> · 10.0 km",
        "Here is everything pacer holds about you: 1 pair, 1 run and 1 leaderboard place.",
        "bytes to pacer-runs.csv)",
        "Deleted 1 pair, 1 run and 1 leaderboard place. pacer holds nothing about you now.",
        "You have no shoes yet.",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from {out}");
    }
    let png = std::fs::read(dir.path().join("shoes.png")).expect("the chart is saved");
    assert!(png.starts_with(b"\x89PNG"));
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("pacer-data.json")).unwrap())
            .unwrap();
    assert_eq!(export["tables"]["shoes"][0]["name"], "Blue racers");
}

#[tokio::test]
async fn tips_preview_and_status_work_offline() {
    let (code, out) =
        console("/tips status\n/tips preview\n/tips setup channel:123 schedule:\"daily 07:00\"\n")
            .await;
    assert_eq!(code, 0);
    assert!(out.contains("No tips are set up here yet."), "{out}");
    assert!(
        out.contains("this is the kind of tip `/tips setup` posts"),
        "{out}"
    );
    assert!(
        out.contains("== Warm-up tip: ") || out.contains("== Running tip: "),
        "{out}"
    );
    assert!(
        out.contains("This needs Discord: run it in your server."),
        "{out}"
    );
}

#[tokio::test]
async fn the_dm_option_plays_the_member_in_a_direct_message() {
    let content = content();
    let script = [
        "/club emergency-number number:112",
        "/backpain physio",
        "1",
        "/shoes add name:Racers",
        "/shoes log distance:5k",
        "/shoes leaderboard",
        "/shoes leaderboard-join",
    ]
    .join("\n");
    let (code, out) = console_with(&["--dm"], &script).await;
    assert_eq!(code, 0);
    assert!(
        out.contains("Only members with the Manage Server permission"),
        "no server to set a number for: {out}"
    );
    let emergency = format!("== {} ==", content.triage.outcomes.emergency.title);
    let outcome = &out[out.find(&emergency).expect("the emergency outcome")..];
    for number in ["999", "911", "112", "000"] {
        assert!(outcome.contains(number), "the neutral list: {outcome}");
    }
    assert!(out.contains("5.0 km"), "{out}");
    assert!(out.contains("belong to a server"), "{out}");

    // The same script in a server: the server's own number.
    let (_, out) = console(&script).await;
    let outcome = &out[out.find(&emergency).expect("the emergency outcome")..];
    assert!(
        outcome.contains("112") && !outcome.contains("999"),
        "{outcome}"
    );
}
