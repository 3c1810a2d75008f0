//! pacer-bench: latency, throughput and memory of the real `pacer` binary against a fake
//! Discord on 127.0.0.1, next to the same load answered by a responder that does no work.
//!
//! ```text
//! cargo bench --bench pacer-bench             # everything, about 15 minutes
//! cargo bench --bench pacer-bench -- --quick  # shorter runs, for a smoke check
//! cargo bench --bench pacer-bench -- --only=startup,floor,stretches,shoes,postgres,memory,scheduler
//! ```
//!
//! `PACER_BENCH_POSTGRES_URL` (or `PACER_TEST_POSTGRES_URL`) adds the `PostgreSQL` runs. The
//! results print as Markdown, ready for BENCHMARKS.md. Nothing here asserts a timing.

mod cases;
mod fake;
mod load;
#[allow(dead_code)]
#[path = "../../tests/e2e/payloads.rs"]
mod payloads;
mod procs;
mod report;
mod responder;
mod scheduler;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use cases::{Case, MEMBERS};
use fake::Fake;
use load::{median, offer, Outcome};
use procs::{rss_kib, status_kib, Bot};
use report::Report;

/// The p99 above which a rate counts as not sustained.
const P99_LIMIT: Duration = Duration::from_millis(100);
/// Rates tried when looking for the highest one sustained.
const SWEEP: [f64; 9] = [
    1000.0, 2000.0, 3000.0, 5000.0, 7000.0, 10000.0, 14000.0, 20000.0, 28000.0,
];

/// What the trivial responder answers.
const FLOOR_REPLY: &str = "\"ok\"";

struct Options {
    /// Seconds per fixed-rate run, and per sweep step.
    run_seconds: f64,
    sweep_seconds: f64,
    startups: usize,
    schedules: usize,
    postgres: Option<String>,
    /// Sections to run (`--only startup,floor,...`); empty: all.
    only: Vec<String>,
}

impl Options {
    fn runs(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let result = match args.first().map(String::as_str) {
        Some("responder") => responder::main(),
        _ => {
            let quick = args.iter().any(|a| a == "--quick");
            let options = Options {
                run_seconds: if quick { 3.0 } else { 20.0 },
                sweep_seconds: if quick { 2.0 } else { 5.0 },
                startups: if quick { 2 } else { 5 },
                schedules: if quick { 1000 } else { 10_000 },
                postgres: std::env::var("PACER_BENCH_POSTGRES_URL")
                    .or_else(|_| std::env::var("PACER_TEST_POSTGRES_URL"))
                    .ok()
                    .filter(|url| !url.is_empty()),
                only: args
                    .iter()
                    .find_map(|a| a.strip_prefix("--only="))
                    .map(|list| list.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            };
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|runtime| runtime.block_on(bench(options)))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pacer-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let dir = dir.path();
    let mut report = Report::new();
    let fake = Fake::start(Vec::new()).await?;
    if options.runs("startup") {
        startup(&options, dir, &mut report).await?;
    }
    if options.runs("floor") {
        let floor = Bot::responder(&fake).await?;
        let load = Load {
            case: Case::Stretches,
            marker: FLOOR_REPLY,
            label: "floor: trivial responder".to_owned(),
        };
        load.measure(&fake, floor.pid, &[1000.0, 2000.0], &options, &mut report)
            .await?;
        floor.stop().await?;
    }
    if options.runs("stretches") {
        let bot = Bot::pacer(&fake, dir, &sqlite(dir, "stretches.db")).await?;
        let load = Load::of(Case::Stretches, "");
        load.measure(&fake, bot.pid, &[1000.0], &options, &mut report)
            .await?;
        bot.stop().await?;
    }
    if options.runs("shoes") {
        let bot = Bot::pacer(&fake, dir, &sqlite(dir, "shoes.db")).await?;
        shoes(
            &fake,
            &bot,
            "SQLite",
            &[500.0, 1000.0, 2000.0],
            &options,
            &mut report,
        )
        .await?;
        let load = Load::of(Case::ShoeAutocomplete, "");
        load.measure(&fake, bot.pid, &[1000.0], &options, &mut report)
            .await?;
        bot.stop().await?;
    }
    if options.runs("postgres") {
        match &options.postgres {
            Some(url) => {
                let database = postgres::Scratch::create(url).await?;
                let bot = Bot::pacer(&fake, dir, &database.url).await?;
                shoes(&fake, &bot, "PostgreSQL", &[500.0], &options, &mut report).await?;
                bot.stop().await?;
                database.drop().await?;
            }
            None => eprintln!("PACER_BENCH_POSTGRES_URL is not set: no PostgreSQL runs"),
        }
    }
    if options.runs("memory") {
        loaded_memory(&options, dir, &mut report).await?;
    }
    if options.runs("scheduler") {
        for due in [100, 1000, 10_000]
            .into_iter()
            .filter(|n| *n <= options.schedules)
        {
            eprintln!("scheduler: {due} due");
            let run = scheduler::run(&fake, dir, due).await?;
            report.scheduler(&run);
        }
    }
    report.print(&options);
    Ok(())
}

fn sqlite(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}

/// `/shoes log` at fixed rates and then rising, after each member added a pair.
async fn shoes(
    fake: &Fake,
    bot: &Bot,
    backend: &str,
    rates: &[f64],
    options: &Options,
    report: &mut Report,
) -> anyhow::Result<()> {
    shoes_members(fake, bot.pid).await?;
    let load = Load::of(Case::ShoesLog, &format!(", {backend}"));
    load.measure(fake, bot.pid, rates, options, report).await
}

/// One kind of interaction to measure, the reply that counts as right, and its row label.
struct Load {
    case: Case,
    marker: &'static str,
    label: String,
}

impl Load {
    fn of(case: Case, suffix: &str) -> Load {
        Load {
            case,
            marker: case.marker(),
            label: format!("{}{suffix}", case.label()),
        }
    }

    /// A run at each fixed rate, then the sweep for the highest rate sustained.
    async fn measure(
        &self,
        fake: &Fake,
        pid: u32,
        rates: &[f64],
        options: &Options,
        report: &mut Report,
    ) -> anyhow::Result<()> {
        for &rate in rates {
            let frames = self.case.frames(rate_count(rate, options.run_seconds));
            let outcome = offer(fake, &frames, rate, self.marker, pid).await?;
            report.latency(&self.label, &outcome);
        }
        let best = sweep(fake, self.case, self.marker, pid, options).await?;
        report.sustained(&self.label, best);
        Ok(())
    }
}

// A positive rate over a few seconds: a small count; `as` saturates.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn rate_count(rate: f64, seconds: f64) -> usize {
    (rate * seconds) as usize
}

/// Gives each of [`MEMBERS`] members a pair of shoes, through the bot.
async fn shoes_members(fake: &Fake, pid: u32) -> anyhow::Result<()> {
    let frames = Case::ShoesAdd.frames(MEMBERS);
    let outcome = offer(fake, &frames, 500.0, Case::ShoesAdd.marker(), pid).await?;
    anyhow::ensure!(
        outcome.ok == MEMBERS,
        "only {} of {MEMBERS} members could add a pair",
        outcome.ok
    );
    Ok(())
}

/// The highest rate in [`SWEEP`] at which every interaction is answered as expected with p99
/// within [`P99_LIMIT`], and the first run that failed.
async fn sweep(
    fake: &Fake,
    case: Case,
    marker: &'static str,
    pid: u32,
    options: &Options,
) -> anyhow::Result<(Option<Outcome>, Option<Outcome>)> {
    let mut best = None;
    for rate in SWEEP {
        let frames = case.frames(rate_count(rate, options.sweep_seconds));
        let outcome = offer(fake, &frames, rate, marker, pid).await?;
        eprintln!(
            "  sweep {}: {rate}/s p99 {:?}, {} of {} ok",
            case.label(),
            outcome.p99,
            outcome.ok,
            outcome.offered
        );
        if !outcome.holds(P99_LIMIT) {
            return Ok((best, Some(outcome)));
        }
        best = Some(outcome);
        // Let queues from the last run drain before the next.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok((best, None))
}

/// Start to commands registered, and idle RSS, over several fresh starts; the responder's
/// idle RSS beside them.
async fn startup(options: &Options, dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let fake = Fake::start(Vec::new()).await?;
    let (mut starts, mut idle) = (Vec::new(), Vec::new());
    for n in 0..options.startups {
        let url = format!("sqlite://{}", dir.join(format!("start-{n}.db")).display());
        let bot = Bot::pacer(&fake, dir, &url).await?;
        starts.extend(bot.start_to_registered);
        tokio::time::sleep(Duration::from_secs(3)).await;
        idle.push((
            rss_kib(bot.pid),
            status_kib(bot.pid, "RssAnon"),
            status_kib(bot.pid, "RssFile"),
        ));
        bot.stop().await?;
    }
    let floor = Bot::responder(&fake).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let floor_rss = rss_kib(floor.pid);
    floor.stop().await?;
    idle.sort_unstable();
    report.startup(median(&mut starts), &starts, &idle, floor_rss);
    Ok(())
}

/// RSS with many servers, each with a tip schedule, listed in READY.
async fn loaded_memory(options: &Options, dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let count = options.schedules;
    let url = format!("sqlite://{}", dir.join("loaded.db").display());
    let store = pacer::store::Store::open(&url).await?;
    let later = chrono::Utc::now() + chrono::Duration::days(1);
    scheduler::prepare(&store, count, later).await?;
    store.close().await;
    let fake = Fake::start((0..count).map(scheduler::guild).collect()).await?;
    let bot = Bot::pacer(&fake, dir, &url).await?;
    // Every GUILD_CREATE read and the scheduler settled.
    tokio::time::sleep(Duration::from_secs(10)).await;
    report.loaded(count, rss_kib(bot.pid), bot.start_to_registered);
    bot.stop().await
}

mod postgres {
    use sqlx::{Connection as _, Executor as _, PgConnection};

    /// A database of its own on the server, dropped after the run.
    pub struct Scratch {
        admin: String,
        name: String,
        pub url: String,
    }

    impl Scratch {
        pub async fn create(admin: &str) -> anyhow::Result<Scratch> {
            let name = format!("pacer_bench_{}", std::process::id());
            let mut conn = PgConnection::connect(admin).await?;
            conn.execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
                .await?;
            conn.execute(format!("CREATE DATABASE {name}").as_str())
                .await?;
            let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
            Ok(Scratch {
                admin: admin.to_owned(),
                url: format!("{base}/{name}"),
                name,
            })
        }

        pub async fn drop(self) -> anyhow::Result<()> {
            let mut conn = PgConnection::connect(&self.admin).await?;
            let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            conn.execute(drop.as_str()).await?;
            Ok(())
        }
    }
}
