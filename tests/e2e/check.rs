//! `pacer check`, `--help` and configuration errors, run as the real binary.

use std::path::Path;

use pacer::commands::COMMANDS;

use crate::bot::{content_dir, pacer};

async fn output(command: &mut tokio::process::Command) -> (i32, String, String) {
    let out = command.output().await.expect("pacer runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the real content with one file edited.
fn broken_content(dir: &Path, file: &str, edit: impl Fn(String) -> String) -> std::path::PathBuf {
    let copy = dir.join("content");
    copy_dir(&content_dir(), &copy);
    let path = copy.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    copy
}

#[tokio::test]
async fn check_passes_on_the_real_content_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = output(pacer(dir.path()).arg("check")).await;
    assert_eq!(code, 0, "{stdout}");
    let subcommands: usize = COMMANDS.iter().map(|c| c.subcommands.len()).sum();
    let summary = format!(
        "commands: {} with {subcommands} subcommands",
        COMMANDS.len()
    );
    assert!(stdout.contains(&summary), "{stdout}");
    assert!(stdout.contains("replies:"), "{stdout}");
    assert!(stdout.trim_end().ends_with("OK"), "{stdout}");
    assert!(stdout.lines().count() <= 24, "one screen: {stdout}");
}

#[tokio::test]
async fn check_fails_naming_the_item_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let content = broken_content(dir.path(), "backpain/strength.toml", |text| {
        text.replacen(
            "text = \"",
            &format!("text = \"{} ", "Long words. ".repeat(100)),
            1,
        )
    });
    let (code, stdout, _) = output(
        pacer(dir.path())
            .arg("check")
            .env("PACER_CONTENT_DIR", &content),
    )
    .await;
    assert_eq!(code, 1, "{stdout}");
    let fail = stdout
        .lines()
        .find(|l| l.starts_with("FAIL"))
        .expect(&stdout);
    assert!(fail.contains("/backpain strength"), "{fail}");
    assert!(
        fail.contains("field value has") && fail.contains("limit 1-1024"),
        "{fail}"
    );
}

#[tokio::test]
async fn check_fails_on_schema_errors() {
    type Edit = fn(String) -> String;
    let cases: [(&str, Edit, &str); 7] = [
        (
            "backpain/plan.toml",
            |t| format!("colour = \"red\"\n{t}"),
            "unknown field `colour`",
        ),
        (
            "backpain/shoes.toml",
            |t| t.replacen("sources = [\"", "sources = [\"no-such-source\", \"", 1),
            "no-such-source",
        ),
        (
            "backpain/causes.toml",
            |t| t.replacen("reviewed = 20", "reviewed = 29", 1),
            "in the future",
        ),
        (
            "common.toml",
            |t| t.replacen("disclaimer = \"", "disclaimer = \" \" # ", 1),
            "disclaimer is empty",
        ),
        (
            "backpain/triage.toml",
            |t| {
                t.replacen(
                    "tier = \"emergency\"\n",
                    "tier = \"emergency\"\ngroup = \"legs\"\nlabel = \"Saddle\"\n",
                    1,
                )
            },
            "one per screen",
        ),
        (
            "backpain/triage.toml",
            |t| {
                t.replacen(
                    "only_for = [\"nerves\"]",
                    "only_for = [\"no-such-reason\"]",
                    1,
                )
            },
            "no-such-reason",
        ),
        (
            "backpain/triage.toml",
            // The self-care outcome's last item without the emergency numbers.
            |t| {
                let (before, after) = t.rsplit_once("{emergency_numbers}").unwrap();
                format!("{before}999{after}")
            },
            "must name the emergency signs",
        ),
    ];
    for (file, edit, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let content = broken_content(dir.path(), file, edit);
        let (code, stdout, stderr) = output(
            pacer(dir.path())
                .arg("check")
                .env("PACER_CONTENT_DIR", &content),
        )
        .await;
        assert_eq!(code, 1, "{file}: {stdout}");
        assert!(
            stderr.contains(expected),
            "{file}: expected {expected:?} in {stderr}"
        );
    }
}

#[tokio::test]
async fn triage_questions_out_of_order_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let content = broken_content(dir.path(), "backpain/triage.toml", |t| {
        t.replacen("tier = \"emergency\"", "tier = \"physio\"", 1)
    });
    let (code, _, stderr) = output(
        pacer(dir.path())
            .arg("check")
            .env("PACER_CONTENT_DIR", &content),
    )
    .await;
    assert_eq!(code, 1);
    assert!(stderr.contains("most urgent tier"), "{stderr}");
}

#[tokio::test]
async fn run_without_a_token_exits_2_naming_the_variable() {
    for token in [None, Some(""), Some("   ")] {
        let dir = tempfile::tempdir().unwrap();
        let mut command = pacer(dir.path());
        if let Some(token) = token {
            command.env("DISCORD_TOKEN", token);
        }
        let (code, _, stderr) = output(&mut command).await;
        assert_eq!(code, 2, "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
        assert!(stderr.contains("discord.com/developers"), "{stderr}");
    }
}

#[tokio::test]
async fn run_refuses_broken_content_before_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let content = broken_content(dir.path(), "backpain/plan.toml", |t| format!("oops\n{t}"));
    let (code, _, stderr) = output(
        pacer(dir.path())
            .arg("run")
            .env("DISCORD_TOKEN", "x")
            .env("DISCORD_PROXY_URL", "http://127.0.0.1:9")
            .env("PACER_CONTENT_DIR", &content),
    )
    .await;
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("PACER_CONTENT_DIR") && stderr.contains("plan.toml"),
        "{stderr}"
    );
}

#[tokio::test]
async fn help_lists_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = output(pacer(dir.path()).arg("--help")).await;
    assert_eq!(code, 0);
    for sub in ["run", "console", "check"] {
        assert!(stdout.contains(sub), "{stdout}");
    }
}

#[tokio::test]
async fn content_reviewed_over_a_year_ago_warns_and_fails_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let content = broken_content(dir.path(), "backpain/plan.toml", |t| {
        t.replacen("reviewed = 20", "reviewed = 2001-01-01 # was 20", 1)
    });
    let (code, stdout, _) = output(
        pacer(dir.path())
            .arg("check")
            .env("PACER_CONTENT_DIR", &content),
    )
    .await;
    assert_eq!(code, 0, "a warning only: {stdout}");
    assert!(
        stdout.contains("WARN backpain/plan.toml") && stdout.contains("2001-01-01"),
        "{stdout}"
    );
    let (code, stdout, _) = output(
        pacer(dir.path())
            .args(["check", "--strict"])
            .env("PACER_CONTENT_DIR", &content),
    )
    .await;
    assert_eq!(code, 1, "{stdout}");
    let (code, stdout, _) = output(pacer(dir.path()).args(["check", "--strict"])).await;
    assert_eq!(code, 0, "the real content is fresh: {stdout}");
}
