//! One self-contained binary: `pacer` copied alone into an empty folder runs the console and
//! `pacer check` with its built-in content; `pacer content export` writes files that
//! `PACER_CONTENT_DIR` accepts; and a backup of the `SQLite` database taken while pacer runs
//! opens and holds the rows.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use pacer::content::{Content, FILES};
use sqlx::Connection;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use crate::bot::Bot;
use crate::shoes::private_text;

/// The built binary, copied alone into `dir`.
fn lone_binary(dir: &Path) -> PathBuf {
    let copy = dir.join("pacer");
    std::fs::copy(env!("CARGO_BIN_EXE_pacer"), &copy).expect("copy the binary");
    copy
}

/// Runs `binary args` in `dir` with nothing from this environment but `PATH`, plus `env`,
/// feeding it `input`; returns (exit code, stdout, stderr).
async fn run(
    binary: &Path,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
    input: &str,
) -> (i32, String, String) {
    let mut command = Command::new(binary);
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("pacer starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin
        .write_all(input.as_bytes())
        .await
        .expect("write stdin");
    drop(stdin);
    let out = child.wait_with_output().await.expect("pacer ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_binary_alone_in_an_empty_folder_answers_console_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let binary = lone_binary(dir.path());
    let content = Content::builtin().expect("built-in content");

    let input = "/backpain plan\n/backpain return\n/shoes add name:Racers\n";
    let (code, out, err) = run(&binary, dir.path(), &["console"], &[], input).await;
    assert_eq!(code, 0, "console failed: {err}");
    for title in [
        &content.backpain.plan.title,
        &content.backpain.comeback.title,
    ] {
        assert!(out.contains(title.as_str()), "{title} missing from {out}");
    }
    assert!(out.contains("Racers"), "the console saved a pair: {out}");

    let (code, out, err) = run(&binary, dir.path(), &["check"], &[], "").await;
    assert_eq!(code, 0, "check failed: {out}{err}");
    assert!(out.contains("pacer check (built-in content)"), "{out}");

    // Nothing but the binary and the database it made.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names
            .iter()
            .all(|n| n == "pacer" || n.starts_with("pacer.db")),
        "{names:?}"
    );
}

#[tokio::test]
async fn exported_content_passes_check_and_replaces_the_built_in_content() {
    let dir = tempfile::tempdir().unwrap();
    let binary = lone_binary(dir.path());
    let exported = dir.path().join("club-content");

    let (code, out, err) = run(
        &binary,
        dir.path(),
        &["content", "export", "club-content"],
        &[],
        "",
    )
    .await;
    assert_eq!(code, 0, "export failed: {err}");
    for (name, text) in FILES {
        let written = std::fs::read_to_string(exported.join(name)).expect("exported file");
        assert_eq!(&written, text, "{name}");
    }
    assert!(out.contains("PACER_CONTENT_DIR"), "{out}");

    let env = [("PACER_CONTENT_DIR", exported.as_path())];
    let (code, out, err) = run(&binary, dir.path(), &["check"], &env, "").await;
    assert_eq!(code, 0, "check of the exported files failed: {out}{err}");
    assert!(out.contains("club-content"), "{out}");

    // A club's edit shows, so the folder is what pacer uses.
    let plan = exported.join("backpain/plan.toml");
    let title = Content::builtin().unwrap().backpain.plan.title;
    let edited = std::fs::read_to_string(&plan)
        .unwrap()
        .replacen(&title, "Our club's week", 1);
    std::fs::write(&plan, edited).unwrap();
    let (code, out, _) = run(&binary, dir.path(), &["console"], &env, "/backpain plan\n").await;
    assert_eq!(code, 0);
    assert!(out.contains("Our club's week"), "{out}");

    // A second export keeps the edits unless told otherwise.
    let args = ["content", "export", "club-content"];
    let (code, _, err) = run(&binary, dir.path(), &args, &[], "").await;
    assert_ne!(code, 0);
    assert!(err.contains("already exists"), "{err}");
    assert!(std::fs::read_to_string(&plan)
        .unwrap()
        .contains("Our club's week"));
}

#[tokio::test]
async fn a_backup_taken_while_pacer_runs_opens_and_holds_the_rows() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let options = [("distance", "5"), ("note", "before the backup")];
    let logged = private_text(&bot.subcommand("shoes", "log", &options).await);
    assert!(logged.starts_with("Logged"), "{logged}");

    // As the README says: VACUUM INTO from another connection, pacer still holding the file.
    let live = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    let backup = bot.dir.path().join("backup.db");
    let mut conn = sqlx::SqliteConnection::connect(&live).await.unwrap();
    sqlx::query(&format!("VACUUM INTO '{}'", backup.display()))
        .execute(&mut conn)
        .await
        .expect("VACUUM INTO a new file");
    conn.close().await.unwrap();
    // And with the sqlite3 shell's .backup, where it is installed.
    let shell_backup = bot.dir.path().join("shell-backup.db");
    let dot_backup = format!(".backup '{}'", shell_backup.display());
    let db = bot.dir.path().join("pacer.db");
    let shell = Command::new("sqlite3")
        .arg(&db)
        .arg(&dot_backup)
        .output()
        .await;
    let shell_backup = match shell {
        Ok(out) if out.status.success() => Some(shell_backup),
        Ok(out) => panic!(
            "sqlite3 .backup failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => {
            eprintln!("notice: no sqlite3 shell; only the VACUUM INTO backup is tested");
            None
        }
    };

    let options = [("distance", "3"), ("note", "after the backup")];
    let logged = private_text(&bot.subcommand("shoes", "log", &options).await);
    assert!(logged.starts_with("Logged"), "pacer kept working: {logged}");
    assert!(bot.stop().await.success());

    for copy in std::iter::once(&backup).chain(shell_backup.as_ref()) {
        assert_holds_the_rows(copy).await;
    }

    // And pacer itself opens it: a restore is copying it back.
    let store = pacer::store::Store::open(&format!("sqlite://{}", backup.display()))
        .await
        .expect("pacer opens the backup");
    store.close().await;
}

/// The backup is sound and holds the pair and the run logged before it, not the one after.
async fn assert_holds_the_rows(backup: &Path) {
    let url = format!("sqlite://{}?mode=ro", backup.display());
    let mut copy = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await
        .unwrap();
    assert_eq!(check, "ok", "{}", backup.display());
    let notes: Vec<String> = sqlx::query_scalar("SELECT note FROM runs ORDER BY run_id")
        .fetch_all(&mut copy)
        .await
        .unwrap();
    assert_eq!(notes, ["before the backup"], "{}", backup.display());
    let shoes: Vec<String> = sqlx::query_scalar("SELECT name FROM shoes")
        .fetch_all(&mut copy)
        .await
        .unwrap();
    assert_eq!(shoes, ["Racers"], "{}", backup.display());
    copy.close().await.unwrap();
}
