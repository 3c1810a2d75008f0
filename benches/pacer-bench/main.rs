//! pacer-bench: latency, throughput and memory of the real `pacer` binary against a fake
//! Discord on 127.0.0.1, next to the same load answered by a responder that does no work.
//!
//! ```text
//! cargo bench --bench pacer-bench             # everything, about 20 minutes
//! cargo bench --bench pacer-bench -- --quick  # shorter runs, for a smoke check
//! cargo bench --bench pacer-bench -- --seconds=10  # 10 s per fixed-rate run, not 20
//! cargo bench --bench pacer-bench -- --only=startup,floor,stretches,shoes,http,overload,postgres,memory,scheduler
//! cargo bench --bench pacer-bench -- --only=overload --overload-rate=3000
//! cargo bench --bench pacer-bench -- --only=http --http-rate=2000
//! ```
//!
//! `PACER_BENCH_POSTGRES_URL` (or `PACER_TEST_POSTGRES_URL`) adds the `PostgreSQL` runs. The
//! results print as Markdown, ready for BENCHMARKS.md. Nothing here asserts a timing.

mod cases;
mod fake;
mod http_client;
mod http_mode;
mod http_responder;
mod load;
mod measure;
mod memory;
mod overload;
mod postgres;
mod probe;
mod procs;
mod report;
mod responder;
mod scheduler;
mod usage;

use std::path::Path;
use std::process::ExitCode;

use cases::Case;
use fake::Fake;
use measure::{shoes, Load};
use procs::Bot;
use report::Report;

/// What the trivial responders answer.
const FLOOR_REPLY: &str = "\"ok\"";

/// The sections `--only` picks from, in the order they run.
const SECTIONS: [&str; 9] = [
    "startup",
    "floor",
    "stretches",
    "shoes",
    "http",
    "overload",
    "postgres",
    "memory",
    "scheduler",
];

const USAGE: &str = "pacer-bench: latency, throughput and memory of pacer against a fake Discord

usage: cargo bench --bench pacer-bench -- [options]
  --quick              shorter runs, for a smoke check
  --seconds=N          seconds per fixed-rate run (default 20; 3 with --quick)
  --only=A,B,...       sections to run (default all): startup, floor, stretches, shoes,
                       http, overload, postgres, memory, scheduler
  --overload-rate=N    the sustainable rate the overload run doubles (default: from a sweep)
  --http-rate=N        the rate the http section compares front ends at (default 1000)
  --help               this text

PACER_BENCH_POSTGRES_URL (or PACER_TEST_POSTGRES_URL) adds the PostgreSQL runs.";

/// The flags that take a value, with their `=`.
const VALUED: [&str; 4] = ["--seconds=", "--only=", "--overload-rate=", "--http-rate="];

pub struct Options {
    /// Seconds per fixed-rate run, and per sweep step.
    pub run_seconds: f64,
    pub sweep_seconds: f64,
    startups: usize,
    schedules: usize,
    postgres: Option<String>,
    /// The overloaded run's length, and the sustainable rate it doubles when the sweep is
    /// not run (`--overload-rate=N`).
    pub overload_seconds: f64,
    pub overload_rate: Option<f64>,
    /// The rate the `http` section compares front ends at (`--http-rate=N`, default 1,000/s),
    /// and the signature checks timed for its median.
    pub http_rate: f64,
    pub verifications: usize,
    /// Sections to run (`--only startup,floor,...`); empty: all.
    only: Vec<String>,
}

impl Options {
    fn runs(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }

    /// The options in `args`; an unknown flag or section is an error, so that a typo never
    /// starts the full 20-minute run.
    fn parse(args: &[String]) -> anyhow::Result<Options> {
        if let Some(unknown) = args
            .iter()
            .find(|a| *a != "--quick" && !VALUED.iter().any(|v| a.starts_with(v)))
        {
            anyhow::bail!("unknown argument {unknown}; `--help` lists the options");
        }
        let quick = args.iter().any(|a| a == "--quick");
        let value = |name: &str| args.iter().find_map(|a| a.strip_prefix(name));
        let rate = |name: &str| {
            value(name)
                .map(|rate| {
                    rate.parse::<f64>()
                        .ok()
                        .filter(|r| *r > 0.0)
                        .ok_or_else(|| anyhow::anyhow!("{name}{rate}: not a rate"))
                })
                .transpose()
        };
        let seconds = rate("--seconds=")?;
        Ok(Options {
            run_seconds: seconds.unwrap_or(if quick { 3.0 } else { 20.0 }),
            sweep_seconds: if quick { 2.0 } else { 5.0 },
            startups: if quick { 2 } else { 5 },
            schedules: if quick { 1000 } else { 10_000 },
            postgres: std::env::var("PACER_BENCH_POSTGRES_URL")
                .or_else(|_| std::env::var("PACER_TEST_POSTGRES_URL"))
                .ok()
                .filter(|url| !url.is_empty()),
            overload_seconds: if quick { 5.0 } else { 20.0 },
            overload_rate: rate("--overload-rate=")?,
            http_rate: rate("--http-rate=")?.unwrap_or(1000.0),
            verifications: if quick { 200 } else { 2000 },
            only: value("--only=")
                .map(sections)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// The sections of `--only=a,b`, each checked against [`SECTIONS`].
fn sections(list: &str) -> anyhow::Result<Vec<String>> {
    list.split(',')
        .map(|name| {
            SECTIONS
                .contains(&name)
                .then(|| name.to_owned())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "--only: no section {name}; the sections: {}",
                        SECTIONS.join(", ")
                    )
                })
        })
        .collect()
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("responder") => responder::main(),
        Some("http-responder") => http_responder::main(),
        _ => Options::parse(&args).and_then(|options| {
            tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|runtime| runtime.block_on(bench(options)))
        }),
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
        memory::startup(&options, dir, &mut report).await?;
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
    // The `/shoes log` sweep on SQLite, for the overload section.
    let mut sustained = None;
    if options.runs("shoes") {
        let bot = Bot::pacer(&fake, dir, &sqlite(dir, "shoes.db")).await?;
        let found = shoes(
            &fake,
            &bot,
            "SQLite",
            &[500.0, 1000.0, 2000.0],
            &options,
            &mut report,
        )
        .await?;
        sustained = Some(found);
        let load = Load::of(Case::ShoeAutocomplete, "");
        load.measure(&fake, bot.pid, &[1000.0], &options, &mut report)
            .await?;
        bot.stop().await?;
    }
    if options.runs("http") {
        http_mode::section(&fake, dir, &options, &mut report).await?;
    }
    if options.runs("overload") {
        overload::section(&fake, dir, sustained, &options, &mut report).await?;
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
        memory::loaded_memory(&options, dir, &mut report).await?;
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

pub fn sqlite(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}
