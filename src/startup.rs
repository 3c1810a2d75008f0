//! The composition root: [`run`] builds everything `pacer run` and `pacer serve` need and shuts
//! it down in order, in one place. The front ends are adapters it starts (`FrontEnd`); the
//! console ([`console`]) needs only the app.

use std::sync::Arc;
use std::time::Instant;

use crate::config::{BotConfig, Config, ServeConfig};
use crate::discord::Gateway;
use crate::front_end::{FrontEnd, SHUTDOWN_GRACE};
use crate::http::Interactions;
use crate::in_flight::InFlight;
use crate::telemetry::{Probe, Telemetry};
use crate::tips::{exponential_backoff, Pace, Scheduler, SystemClock};
use crate::App;

/// The front end to run, with the settings only it reads.
// One value, made once at start and moved into `run`: boxing the bigger variant buys nothing.
#[allow(clippy::large_enum_variant)]
pub enum Serving {
    /// `pacer run`: connects to Discord's gateway.
    Gateway(BotConfig),
    /// `pacer serve`: answers the interactions Discord sends over HTTP; `scheduler` is false when
    /// another replica posts the tips (`--no-scheduler`).
    Http { serve: ServeConfig, scheduler: bool },
}

impl Serving {
    fn bot(&self) -> &BotConfig {
        match self {
            Serving::Gateway(bot) => bot,
            Serving::Http { serve, .. } => &serve.bot,
        }
    }

    fn runs_scheduler(&self) -> bool {
        match self {
            Serving::Gateway(_) => true,
            Serving::Http { scheduler, .. } => *scheduler,
        }
    }
}

/// Runs pacer until SIGTERM or Ctrl-C (or until the gateway connection fails for good).
///
/// Start: the app (content and database), the metrics listener, the front end (built, not
/// yet serving), `/metrics` and `/healthz`, the tips port, the tip scheduler, the signal.
/// Stop: the signal turns `stopping` on, the front end stops taking interactions, those in
/// flight get [`SHUTDOWN_GRACE`] to finish, the scheduler finishes its step, the front end's
/// writers finish, and the database closes.
pub async fn run(config: &Config, serving: Serving) -> anyhow::Result<()> {
    let app = Arc::new(App::start(config).await?);
    let started = Instant::now();
    let bot = serving.bot().clone();
    // First, so that everything after counts and a bad PACER_METRICS_ADDR fails at once.
    let telemetry = Telemetry::start(bot.metrics_addr).await?;
    let with_scheduler = serving.runs_scheduler();
    let in_flight = Arc::new(InFlight::default());
    let mut front_end: Box<dyn FrontEnd> = match serving {
        Serving::Gateway(bot) => {
            Box::new(Gateway::build(&app, bot, started, Arc::clone(&in_flight)).await?)
        }
        Serving::Http { serve, scheduler } => Box::new(
            Interactions::build(&app, serve, started, Arc::clone(&in_flight), scheduler).await?,
        ),
    };
    let probe = Probe {
        store: app.store.clone(),
        front_end: front_end.health(),
        shards: bot.shards,
    };
    telemetry.serve(probe, app.stopping.subscribe());

    let api = front_end.tips_api();
    // Before serving: the tips commands read it from the first interaction on.
    app.connect_tips_api(Arc::clone(&api));
    let scheduler = with_scheduler.then(|| {
        let scheduler = Scheduler {
            app: Arc::clone(&app),
            api,
            clock: Arc::new(SystemClock),
            grace: config.tips_grace,
            backoff: exponential_backoff,
            shards: bot.shards,
            pace: Arc::new(Pace::per_second(config.tips_per_second)),
        };
        tokio::spawn(scheduler.run())
    });
    tokio::spawn(stop_on_signal(Arc::clone(&app)));

    let result = front_end.serve().await;
    if tokio::time::timeout(SHUTDOWN_GRACE, in_flight.idle())
        .await
        .is_err()
    {
        tracing::warn!("interactions still being answered at shutdown were abandoned");
    }
    // However the front end stopped, the scheduler finishes its step and stops.
    app.stopping.send_replace(true);
    if let Some(scheduler) = scheduler {
        if let Err(error) = scheduler.await {
            tracing::error!(%error, "the tip scheduler stopped abnormally");
        }
    }
    front_end.finish().await;
    app.store.close().await;
    tracing::info!("stopped");
    result
}

/// `pacer console`: the command core on stdin and stdout, as the member `dm` picks.
pub async fn console(config: &Config, dm: bool) -> anyhow::Result<()> {
    use std::io::IsTerminal as _;

    let app = App::start(config).await?;
    let interactive = std::io::stdin().is_terminal();
    let stdin = tokio::io::BufReader::new(tokio::io::stdin());
    let caller = if dm {
        crate::console::CONSOLE_DM_CALLER
    } else {
        crate::console::CONSOLE_CALLER
    };
    let result = crate::console::run(&app, &caller, stdin, std::io::stdout(), interactive).await;
    app.store.close().await;
    result
}

/// Turns `stopping` on at the first SIGTERM or Ctrl-C.
async fn stop_on_signal(app: Arc<App>) {
    shutdown_signal().await;
    tracing::info!("shutting down");
    app.stopping.send_replace(true);
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
