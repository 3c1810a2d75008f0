//! The `overload` section: `/shoes log` on `SQLite`, through the gateway, offered at twice the
//! highest rate sustained. Past its bound pacer should refuse at once with a short busy
//! notice: every interaction answered within Discord's 3 s, one way or the other; nothing it
//! acknowledged lost and nothing it refused stored (checked in the database afterwards); and
//! at half the sustainable rate right after, every reply as expected again.

use std::fmt::Write as _;
use std::path::Path;
use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _};

use crate::cases::{log_number, Case};
use crate::fake::Fake;
use crate::load::{offer, offer_probed, Outcome};
use crate::measure::{rate_count, shoes_members, sweep, Sustained};
use crate::probe::{Kind, Probe};
use crate::procs::Bot;
use crate::report::{mb, ms, Report};
use crate::{sqlite, Options};

/// How long the overloaded run waits for its answers after the last interaction.
const DRAIN: Duration = Duration::from_secs(30);
/// The run at half the sustainable rate right after.
const RECOVERY_SECONDS: f64 = 5.0;

/// `sustained`: the `shoes` section's sweep on `SQLite`, if it ran.
pub async fn section(
    fake: &Fake,
    dir: &Path,
    sustained: Option<Sustained>,
    options: &Options,
    report: &mut Report,
) -> anyhow::Result<()> {
    let case = Case::ShoesLog;
    let database = sqlite(dir, "overload.db");
    let bot = Bot::pacer(fake, dir, &database).await?;
    shoes_members(fake, bot.pid).await?;
    let (sustainable, source) = match (options.overload_rate, sustained) {
        (Some(rate), _) => (rate, "given by --overload-rate".to_owned()),
        (None, Some(found)) => base_rate(&found, "the `shoes` section's sweep"),
        (None, None) => {
            let found = sweep(fake, "overload", case.marker(), bot.pid, options, |n| {
                case.frames(n)
            })
            .await?;
            base_rate(&found, "this section's sweep")
        }
    };
    let before = stored_logs(&database).await?.len();
    let rate = 2.0 * sustainable;
    let count = rate_count(rate, options.overload_seconds);
    let (first, payloads) = case.numbered(count);
    let frames: Vec<Arc<str>> = payloads.iter().map(|p| p.to_string().into()).collect();
    eprintln!("overload: {count} /shoes log at {rate}/s (sustainable {sustainable}/s, {source})");
    let (overloaded, probe) =
        offer_probed(fake, &frames, rate, case.marker(), bot.pid, DRAIN).await?;
    // Replies deferred past 2 s are still being stored and edited in.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stored = stored_logs(&database).await?;
    let check = Check::of(&stored, before, first, &probe);
    let frames = case.frames(rate_count(sustainable / 2.0, RECOVERY_SECONDS));
    let recovery = offer(fake, &frames, sustainable / 2.0, case.marker(), bot.pid).await?;
    bot.stop().await?;
    report.section(table(&overloaded, &check, &recovery, &source, options));
    Ok(())
}

/// The rate to double: the sweep's best, else (nothing sustained) what the first failed step
/// achieved, in whole hundreds.
fn base_rate((best, failed): &Sustained, sweep: &str) -> (f64, String) {
    match (best, failed) {
        (Some(best), _) => (best.rate, sweep.to_owned()),
        (None, Some(failed)) => (
            ((failed.throughput / 100.0).floor() * 100.0).max(100.0),
            format!(
                "{sweep} sustained none: what its {}/s step achieved",
                failed.rate
            ),
        ),
        (None, None) => (1000.0, "no sweep result: 1000/s".to_owned()),
    }
}

/// The `/shoes log` numbers of every run in the database.
async fn stored_logs(url: &str) -> anyhow::Result<Vec<usize>> {
    let mut connection = SqliteConnectOptions::from_str(url)?
        .read_only(true)
        .connect()
        .await?;
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT user_id, distance_m FROM runs")
        .fetch_all(&mut connection)
        .await?;
    connection.close().await?;
    Ok(rows
        .into_iter()
        .filter_map(|(user, metres)| {
            log_number(u64::try_from(user).ok()?, u64::try_from(metres).ok()?)
        })
        .collect())
}

/// The overloaded run's interactions as the database has them.
struct Check {
    /// Runs stored by the overloaded run, in all and by how pacer answered.
    stored: usize,
    stored_expected: usize,
    stored_busy: usize,
    stored_other: usize,
    stored_unanswered: usize,
    /// Runs stored before it.
    before: usize,
}

impl Check {
    fn of(stored: &[usize], before: usize, first: usize, probe: &Probe) -> Check {
        let mut check = Check {
            stored: 0,
            stored_expected: 0,
            stored_busy: 0,
            stored_other: 0,
            stored_unanswered: 0,
            before,
        };
        for index in stored.iter().filter_map(|n| n.checked_sub(first)) {
            if index >= probe.sent.len() {
                continue;
            }
            check.stored += 1;
            match probe.kind(index) {
                Kind::Expected => check.stored_expected += 1,
                Kind::Busy => check.stored_busy += 1,
                Kind::Other => check.stored_other += 1,
                Kind::Unanswered => check.stored_unanswered += 1,
            }
        }
        check
    }
}

fn table(
    o: &Outcome,
    check: &Check,
    recovery: &Outcome,
    source: &str,
    options: &Options,
) -> String {
    let mut out = String::new();
    let sustainable = o.rate / 2.0;
    let _ = writeln!(
        out,
        "Overload: `/shoes log` on SQLite through the gateway at {}/s, twice the {sustainable}/s \
         sustained ({source}), for {} s; then {}/s for {RECOVERY_SECONDS} s. Latency in ms, to \
         the first answer of any kind.\n",
        o.rate,
        options.overload_seconds,
        sustainable / 2.0
    );
    let _ = writeln!(out, "| overload | figure |\n|---|---|");
    let other = o.answered - o.ok - o.busy;
    let mut row = |what: &str, figure: String| {
        let _ = writeln!(out, "| {what} | {figure} |");
    };
    row("offered", format!("{} at {}/s", o.offered, o.rate));
    row("answered \"Logged\"", o.ok.to_string());
    row("answered \"pacer is busy\"", o.busy.to_string());
    row(
        "answered otherwise (deferred, errors)",
        format!("{other}, of which edited in later as logged: {}", o.late_ok),
    );
    row("unanswered", (o.offered - o.answered).to_string());
    row(
        "answered within 3 s of being sent",
        format!("{} of {}", o.within_deadline, o.offered),
    );
    row(
        "p50 / p99 / max",
        format!("{} / {} / {}", ms(o.p50), ms(o.p99), ms(o.max)),
    );
    row("peak RSS MB", mb(o.usage.peak_rss_kib));
    row(
        "CPU % of one core (run and drain)",
        format!("{:.0}", o.usage.cpu_percent),
    );
    row(
        "runs stored by the run (before it)",
        format!("{} ({})", check.stored, check.before),
    );
    row(
        "acknowledged (\"Logged\") but not stored",
        (o.ok - check.stored_expected.min(o.ok)).to_string(),
    );
    row("refused (busy) but stored", check.stored_busy.to_string());
    row(
        "stored, answered otherwise / unanswered",
        format!("{} / {}", check.stored_other, check.stored_unanswered),
    );
    row(
        "recovery: p99, answered as expected",
        format!(
            "{} ms, {} of {} at {}/s ({} busy)",
            ms(recovery.p99),
            recovery.ok,
            recovery.offered,
            recovery.rate,
            recovery.busy
        ),
    );
    out
}
