//! The database going away: `PostgreSQL` made unreachable through a TCP proxy the test closes
//! and reopens, and `SQLite` held locked by another connection. The member learns within
//! Discord's 3 s that nothing was saved, nothing is saved, and pacer recovers by itself.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use pacer::commands::DATABASE_DOWN;
use sqlx::Connection;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use crate::bot::Bot;
use crate::databases::{databases, TestDb};
use crate::shoes::private_text;
use crate::wait::eventually_within;

/// A TCP proxy to `target` that can be closed (every connection dropped, new ones refused)
/// and opened again on the same port. Also used by the health check's test (`metrics`).
pub struct Proxy {
    pub addr: SocketAddr,
    target: String,
    task: Option<JoinHandle<()>>,
}

impl Proxy {
    pub async fn start(target: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut proxy = Proxy {
            addr: listener.local_addr().unwrap(),
            target: target.to_owned(),
            task: None,
        };
        proxy.serve(listener);
        proxy
    }

    fn serve(&mut self, listener: TcpListener) {
        let target = self.target.clone();
        self.task = Some(tokio::spawn(async move {
            // Dropped with the task: aborting it closes every proxied connection.
            let mut pipes = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                pipes.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        }));
    }

    pub fn close(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    pub async fn reopen(&mut self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }
}

/// Where `host:port` sits in `scheme://user@host:port/db?options`.
pub fn address(url: &str) -> std::ops::Range<usize> {
    let start = url
        .find('@')
        .or_else(|| url.find("://").map(|i| i + 2))
        .unwrap()
        + 1;
    start..start + url[start..].find('/').unwrap()
}

/// A fresh Postgres test database reached through a [`Proxy`] the test can close and
/// reopen: the database (kept alive while the test runs), the proxy and the proxied URL.
/// `None`, with a notice naming `test`, when Postgres is not configured.
pub async fn behind_a_proxy(test: &str) -> Option<(TestDb, Proxy, String)> {
    let Some(db) = databases()
        .await
        .into_iter()
        .find(|db| db.url.starts_with("postgres"))
    else {
        eprintln!("notice: PACER_TEST_POSTGRES_URL is not set; {test} is skipped");
        return None;
    };
    let host = &db.url[address(&db.url)];
    let target = if host.contains(':') {
        host.to_owned()
    } else {
        format!("{host}:5432")
    };
    let proxy = Proxy::start(&target).await;
    let mut proxied = db.url.clone();
    proxied.replace_range(address(&db.url), &proxy.addr.to_string());
    Some((db, proxy, proxied))
}

/// `/shoes log` with a note that names it; returns the reply text and how long it took.
async fn log(bot: &mut Bot, note: &str) -> (String, Duration) {
    let started = Instant::now();
    // A distance of its own for each note: the same run twice would be asked about first.
    let distance = format!("{}m", 5_000 + note.bytes().map(u64::from).sum::<u64>());
    let options = [("distance", distance.as_str()), ("note", note)];
    let body = bot.subcommand("shoes", "log", &options).await;
    (private_text(&body), started.elapsed())
}

/// How often a member tries again while the database comes back, and the health check's test
/// asks again: each try is a whole request, so not as often as `eventually` polls.
pub const RETRY: Duration = Duration::from_millis(300);

/// Logs until one is saved, as a member trying again would.
async fn log_until_saved(bot: &mut Bot, note: &str) {
    let saved = eventually_within(Duration::from_secs(15), RETRY, async || {
        let (text, _) = log(bot, note).await;
        if text.starts_with("Logged") {
            return true;
        }
        assert_eq!(text, DATABASE_DOWN, "{}", bot.log());
        false
    })
    .await;
    assert!(saved, "pacer did not recover");
}

#[tokio::test]
async fn unreachable_postgres_is_reported_within_3_s_and_pacer_recovers() {
    let Some((db, mut proxy, proxied)) = behind_a_proxy("the PostgreSQL outage test").await else {
        return;
    };
    let mut bot = Bot::start_with(&[], &[("DATABASE_URL", &proxied)]).await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    assert!(log(&mut bot, "before").await.0.starts_with("Logged"));

    proxy.close();
    let (text, first) = log(&mut bot, "during-1").await;
    assert_eq!(text, DATABASE_DOWN);
    assert!(
        first < Duration::from_secs(3),
        "first answer took {first:?}"
    );
    let (text, fast) = log(&mut bot, "during-2").await;
    assert_eq!(text, DATABASE_DOWN);
    assert!(fast < Duration::from_secs(3), "second answer took {fast:?}");
    let body = bot.subcommand("shoes", "add", &[("name", "Trail")]).await;
    assert_eq!(private_text(&body), DATABASE_DOWN);
    eprintln!("database down: first answer after {first:?}, then {fast:?}");

    proxy.reopen().await;
    log_until_saved(&mut bot, "after").await;
    assert!(
        bot.child.try_wait().unwrap().is_none(),
        "pacer kept running"
    );
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let mut notes: Vec<String> = sqlx::query_scalar("SELECT note FROM runs")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    notes.sort();
    assert_eq!(notes, ["after", "before"]);
    let shoes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shoes")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(shoes, 1);
    conn.close().await.unwrap();
    bot.stop().await;
    db.drop_now().await;
}

#[tokio::test]
async fn a_locked_sqlite_database_is_reported_within_3_s() {
    let mut bot = Bot::start().await;
    bot.subcommand("shoes", "add", &[("name", "Racers")]).await;
    let url = format!("sqlite://{}", bot.dir.path().join("pacer.db").display());
    let mut holder = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut holder)
        .await
        .unwrap();
    let (text, took) = log(&mut bot, "locked").await;
    assert_eq!(text, DATABASE_DOWN);
    assert!(took < Duration::from_secs(3), "took {took:?}");
    eprintln!("database locked: answered after {took:?}");
    sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
    log_until_saved(&mut bot, "unlocked").await;
    let notes: Vec<String> = sqlx::query_scalar("SELECT note FROM runs")
        .fetch_all(&mut holder)
        .await
        .unwrap();
    assert_eq!(notes, ["unlocked"]);
}
