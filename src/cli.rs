//! The `pacer` command line: `run` (the bot, also the default), `console` and `check`.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::filter::{FilterExt, LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::{BotConfig, Config};
use crate::content::Content;
use crate::App;

#[derive(Debug, Parser)]
#[command(name = "pacer", version, about = "A Discord bot for running clubs")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot (needs DISCORD_TOKEN). This is what bare `pacer` does.
    Run,
    /// Try every command offline: type `/help`, no token or network needed.
    Console,
    /// Validate the content and the command tree against Discord's limits.
    Check,
}

/// A configuration problem: exit code 2.
const EXIT_CONFIG: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(error) = dotenvy::dotenv() {
        if !error.not_found() {
            eprintln!("pacer: cannot read .env: {error}");
            return ExitCode::from(EXIT_CONFIG);
        }
    }
    let command = cli.command.unwrap_or(Command::Run);
    // The console keeps the terminal for its replies: only warnings are logged there.
    let default_level = if matches!(command, Command::Console) {
        "warn"
    } else {
        "info"
    };
    init_tracing(default_level);

    let config = match Config::from_env(|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("pacer: {error}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    match command {
        Command::Check => check(&config),
        Command::Run => {
            let bot = match BotConfig::from_env(|name| std::env::var(name).ok()) {
                Ok(bot) => bot,
                Err(error) => {
                    eprintln!("pacer: {error}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            block_on(async move {
                let app = App::start(&config).await?;
                crate::discord::run(app, bot, &config).await
            })
        }
        Command::Console => block_on(async move {
            let app = App::start(&config).await?;
            let interactive = std::io::stdin().is_terminal();
            let stdin = tokio::io::BufReader::new(tokio::io::stdin());
            let result = crate::console::run(&app, stdin, std::io::stdout(), interactive).await;
            app.store.close().await;
            result
        }),
    }
}

/// Libraries that log raw gateway frames or request bodies at debug and trace level; those
/// hold members' data (nicknames, notes, triage answers in button ids). Whatever `RUST_LOG`
/// says, they are held to these levels.
const LIBRARY_CAPS: [(&str, LevelFilter); 4] = [
    ("tungstenite", LevelFilter::INFO),
    ("tokio_tungstenite", LevelFilter::INFO),
    ("serenity::http", LevelFilter::WARN),
    ("serenity::gateway", LevelFilter::INFO),
];

fn init_tracing(default_level: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let caps = Targets::new()
        .with_default(LevelFilter::TRACE)
        .with_targets(LIBRARY_CAPS);
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .with_filter(filter.and(caps)),
        )
        .init();
}

fn block_on(work: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("pacer: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(work) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pacer: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(config: &Config) -> ExitCode {
    let content = match Content::load(&config.content_dir) {
        Ok(content) => content,
        Err(error) => {
            eprintln!("FAIL content: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report = crate::check::inspect(&content);
    println!("pacer check ({})", config.content_dir.display());
    println!("{report}");
    if report.violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
