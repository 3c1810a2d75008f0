//! The `pacer` command line: `run` (the bot, also the default), `serve`, `console`, `check`
//! and `content export`. It reads the configuration and hands the running to
//! [`crate::startup`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{BotConfig, Config, ServeConfig};
use crate::content::Content;
use crate::Serving;

#[derive(Debug, Parser)]
#[command(name = "pacer", version, about = "A Discord bot for running clubs")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot (needs `DISCORD_TOKEN`). This is what bare `pacer` does.
    Run,
    /// Serve Discord interactions over HTTP at POST /interactions, instead of the gateway
    /// (needs `DISCORD_TOKEN` and `DISCORD_PUBLIC_KEY`).
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080 (or `PACER_LISTEN`; default 127.0.0.1:8080).
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Don't run the tip scheduler in this process (another replica runs it).
        #[arg(long)]
        no_scheduler: bool,
    },
    /// Try every command offline: type `/help`, no token or network needed.
    Console {
        /// Play the member in a direct message with pacer (no server), as after a user install.
        #[arg(long)]
        dm: bool,
    },
    /// Validate the content and the command tree against Discord's limits.
    Check {
        /// Also fail when content was last reviewed over 12 months ago (a warning otherwise).
        #[arg(long)]
        strict: bool,
    },
    /// The guidance content built into this binary.
    Content {
        #[command(subcommand)]
        action: ContentAction,
    },
}

#[derive(Debug, Subcommand)]
enum ContentAction {
    /// Write the built-in content files to DIR, to edit and use with `PACER_CONTENT_DIR=DIR`.
    Export {
        /// The folder to write them in (created if needed).
        dir: PathBuf,
        /// Replace files that are already there.
        #[arg(long)]
        force: bool,
    },
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
    let default_level = if matches!(command, Command::Console { .. }) {
        "warn"
    } else {
        "info"
    };
    let config = match Config::from_env(|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("pacer: {error}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    crate::telemetry::logs::init(default_level, config.log_format);
    match command {
        Command::Check { strict } => check(&config, strict),
        Command::Content {
            action: ContentAction::Export { dir, force },
        } => match crate::content::export(&dir, force) {
            Ok(written) => {
                for path in written {
                    println!("wrote {}", path.display());
                }
                println!(
                    "Edit them, then run pacer with PACER_CONTENT_DIR={}",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("pacer: {error:#}");
                ExitCode::FAILURE
            }
        },
        Command::Run => {
            let bot = match BotConfig::from_env(|name| std::env::var(name).ok()) {
                Ok(bot) => bot,
                Err(error) => {
                    eprintln!("pacer: {error}");
                    return ExitCode::from(EXIT_CONFIG);
                }
            };
            block_on(crate::run(&config, Serving::Gateway(bot)))
        }
        Command::Serve {
            listen,
            no_scheduler,
        } => {
            let serve =
                match ServeConfig::from_env(|name| std::env::var(name).ok(), listen.as_deref()) {
                    Ok(serve) => serve,
                    Err(error) => {
                        eprintln!("pacer: {error}");
                        return ExitCode::from(EXIT_CONFIG);
                    }
                };
            block_on(crate::run(
                &config,
                Serving::Http {
                    serve,
                    scheduler: !no_scheduler,
                },
            ))
        }
        Command::Console { dm } => block_on(crate::startup::console(&config, dm)),
    }
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

fn check(config: &Config, strict: bool) -> ExitCode {
    let content = match Content::open(config.content_dir.as_deref()) {
        Ok(content) => content,
        Err(error) => {
            eprintln!("FAIL content: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report = crate::check::inspect(&content);
    match &config.content_dir {
        Some(dir) => println!("pacer check ({})", dir.display()),
        None => println!("pacer check (built-in content)"),
    }
    println!("{report}");
    if report.passes(strict) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
