//! `PACER_METRICS_ADDR`: `/metrics` in the Prometheus text format and `/healthz`, scraped from
//! the real binary; and `PACER_LOG_FORMAT=json`.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::bot::{pacer, Bot, MEMBER_ID};
use crate::outage::{behind_a_proxy, RETRY};
use crate::wait::eventually_within;

/// A loopback address with a port that was free a moment ago.
fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// `GET http://addr/path`: status, content type and body.
async fn get(addr: &str, path: &str) -> (u16, String, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client
        .get(format!("http://{addr}{path}"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .expect("the metrics endpoint answers");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, response.text().await.unwrap_or_default())
}

/// The value of the sample line `series` (name and labels exactly as exposed).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

fn interactions(text: &str, command: &str, outcome: &str) -> f64 {
    let series = format!(
        r#"pacer_interactions_total{{kind="command",command="{command}",outcome="{outcome}"}}"#
    );
    sample(text, &series).unwrap_or(0.0)
}

#[tokio::test]
// The counters are whole numbers, exact in f64.
#[allow(clippy::float_cmp)]
async fn metrics_count_commands_by_name_and_outcome() {
    let addr = free_addr();
    let mut bot = Bot::start_with(&[], &[("PACER_METRICS_ADDR", &addr)]).await;

    let (status, kind, before) = get(&addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    assert_eq!(
        sample(&before, "pacer_shards_running"),
        Some(1.0),
        "{before}"
    );
    assert_eq!(sample(&before, "pacer_gateway_reconnects_total"), Some(0.0));
    assert_eq!(sample(&before, "pacer_tip_schedules"), Some(0.0));
    assert_eq!(
        sample(&before, r#"pacer_tips_total{outcome="posted"}"#),
        Some(0.0)
    );

    bot.subcommand("backpain", "plan", &[]).await;
    bot.subcommand("shoes", "add", &[("name", "Secret racers")])
        .await;
    bot.subcommand("shoes", "log", &[("distance", "5")]).await;
    bot.subcommand("shoes", "log", &[("distance", "a long way")])
        .await;
    let stale = json!([{"name": "gone", "type": 1, "options": []}]);
    bot.command("shoes", stale).await;

    let (status, _, after) = get(&addr, "/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(interactions(&after, "backpain plan", "ok"), 1.0, "{after}");
    assert_eq!(interactions(&after, "shoes add", "ok"), 1.0);
    assert_eq!(interactions(&after, "shoes log", "ok"), 1.0);
    assert_eq!(interactions(&after, "shoes log", "user_error"), 1.0);
    assert_eq!(interactions(&after, "shoes", "user_error"), 1.0, "stale");
    let count = r#"pacer_interaction_duration_seconds_count{kind="command",command="shoes log"}"#;
    assert_eq!(sample(&after, count), Some(2.0));
    let bucket = r#"pacer_interaction_duration_seconds_bucket{kind="command",command="shoes log",le="+Inf"}"#;
    assert_eq!(sample(&after, bucket), Some(2.0));
    for private in [MEMBER_ID, "Secret racers", "a long way"] {
        assert!(!after.contains(private), "{private} in the metrics");
    }

    let (status, _, health) = get(&addr, "/healthz").await;
    assert_eq!(
        (status, health.as_str()),
        (200, "ok: 1 of 1 shard(s) connected; database answers\n")
    );
    let (_, _, after) = get(&addr, "/metrics").await;
    assert_eq!(sample(&after, "pacer_database_up"), Some(1.0));
    assert_eq!(get(&addr, "/").await.0, 404);
    bot.stop().await;
}

#[tokio::test]
async fn healthz_is_503_while_the_database_is_unreachable_and_200_after() {
    let Some((db, mut proxy, proxied)) = behind_a_proxy("the /healthz outage test").await else {
        return;
    };
    let addr = free_addr();
    let env = [
        ("DATABASE_URL", proxied.as_str()),
        ("PACER_METRICS_ADDR", &addr),
    ];
    let mut bot = Bot::start_with(&[], &env).await;
    assert_eq!(get(&addr, "/healthz").await.0, 200);

    proxy.close();
    let asked = Instant::now();
    let (status, _, reason) = get(&addr, "/healthz").await;
    assert_eq!(status, 503, "{reason}");
    assert!(reason.starts_with("database: "), "{reason}");
    assert_eq!(reason.lines().count(), 1, "{reason}");
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "{:?}",
        asked.elapsed()
    );
    let (status, _, text) = get(&addr, "/metrics").await;
    assert_eq!(status, 200, "metrics are served while the database is down");
    assert_eq!(sample(&text, "pacer_database_up"), Some(0.0));
    assert!(sample(&text, "pacer_database_errors_total").unwrap_or(0.0) >= 1.0);

    proxy.reopen().await;
    let mut last = None;
    let healthy = eventually_within(Duration::from_secs(15), RETRY, async || {
        let (status, _, body) = get(&addr, "/healthz").await;
        last = Some((status, body));
        status == 200
    })
    .await;
    let (status, body) = last.unwrap_or_default();
    assert!(healthy, "still {status} {body}");
    bot.stop().await;
    db.drop_now().await;
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_and_bad_settings_fail_fast() {
    let mut bot = Bot::start_with(&[], &[("PACER_LOG_FORMAT", "json")]).await;
    bot.subcommand("backpain", "plan", &[]).await;
    assert!(bot.stop().await.success());
    let log = bot.log();
    assert!(log.contains("commands registered"), "{log}");
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            entry["level"].is_string() && entry["fields"].is_object(),
            "{line}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    for (variable, value, args) in [
        ("PACER_LOG_FORMAT", "xml", &["check"][..]),
        ("PACER_METRICS_ADDR", "somewhere", &["run"][..]),
    ] {
        let out = pacer(dir.path())
            .args(args)
            .env("DISCORD_TOKEN", "t")
            .env(variable, value)
            .output()
            .await
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{variable}: {stderr}");
        assert!(stderr.contains(variable), "{stderr}");
    }
}
