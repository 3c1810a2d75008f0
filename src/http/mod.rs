//! The HTTP front end, `pacer serve`: Discord POSTs each interaction, signed, to
//! `/interactions` and pacer answers in the response body. A second front end beside
//! [`crate::discord`], sharing its conversions, its deadline and deferral, its REST client and
//! its tips API; there is no gateway connection, so any number of identical replicas can run
//! behind a load balancer on one database.
//!
//! - `verify`: the Ed25519 signature and the replay window;
//! - `server`: HTTP/1.1, limits, status codes, graceful shutdown;
//! - `handle`: from a verified body to the command core and back;
//! - `respond` and `encode`: the answer as a response body, or deferred and edited in;
//! - `register`: the command tree over REST at start.

mod encode;
mod handle;
mod register;
mod respond;
mod server;
pub(crate) mod verify;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serenity::all::ApplicationId;
use tokio::net::TcpListener;

use crate::config::{Config, ServeConfig};
use crate::discord::in_flight::InFlight;
use crate::tips::{exponential_backoff, Pace, Scheduler, SystemClock};
use crate::App;

pub use server::{MAX_BODY, PATH};
pub use verify::MAX_SKEW_SECONDS;

/// How long shutdown waits for requests in flight, and then for replies being edited in.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves interactions until SIGTERM or Ctrl-C, with the tip scheduler beside it unless
/// `scheduler` is false. On shutdown: no new connections, requests in flight and replies
/// being edited in finish, the scheduler finishes its step, the database closes.
pub async fn serve(
    app: App,
    serve: ServeConfig,
    config: &Config,
    scheduler: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    // First, so that everything after counts and a bad PACER_METRICS_ADDR fails at once.
    let telemetry = crate::telemetry::Telemetry::start(serve.bot.metrics_addr).await?;
    let listener = TcpListener::bind(serve.listen)
        .await
        .with_context(|| format!("cannot listen on {} (PACER_LISTEN)", serve.listen))?;
    let address = listener
        .local_addr()
        .context("reading the listening address")?;
    let (reqwest, http) = crate::discord::clients(&serve.bot)?;
    if let Some(proxy) = &serve.bot.proxy_url {
        tracing::info!(proxy = %proxy, "sending Discord API calls through a proxy");
    }
    let http = Arc::new(http.build());
    http.set_application_id(ApplicationId::new(serve.application_id));
    register::commands(&http, serve.bot.guild_id, started).await?;

    let app = Arc::new(app);
    let probe = crate::telemetry::Probe {
        store: app.store.clone(),
        front_end: Arc::new(Listening),
        shards: serve.bot.shards,
    };
    telemetry.serve(probe, app.stopping.subscribe());
    let api = crate::discord::tips_api(Arc::clone(&http), reqwest, &serve.bot);
    // Set once, before anything can read it.
    let _ = app.discord.set(api.clone());
    let scheduler = scheduler.then(|| {
        tokio::spawn(
            Scheduler {
                app: Arc::clone(&app),
                api,
                clock: Arc::new(SystemClock),
                grace: config.tips_grace,
                backoff: exponential_backoff,
                shards: serve.bot.shards,
                pace: Arc::new(Pace::per_second(config.tips_per_second)),
            }
            .run(),
        )
    });

    let in_flight = Arc::new(InFlight::default());
    let endpoint = Arc::new(server::Endpoint {
        verifier: verify::Verifier::new(serve.public_key),
        handler: handle::Handler::new(
            Arc::clone(&app),
            http,
            Arc::clone(&in_flight),
            crate::discord::gate::Gate::new(serve.bot.max_in_flight),
        ),
    });
    let signalled = Arc::clone(&app);
    tokio::spawn(async move {
        crate::discord::shutdown_signal().await;
        tracing::info!("shutting down");
        signalled.stopping.send_replace(true);
    });
    tracing::info!(
        %address,
        path = PATH,
        scheduler = scheduler.is_some(),
        since_start_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "serving interactions"
    );
    server::run(listener, endpoint, app.stopping.subscribe(), SHUTDOWN_GRACE).await;
    // No request is being answered now; let the replies still being edited in finish.
    if tokio::time::timeout(SHUTDOWN_GRACE, in_flight.idle())
        .await
        .is_err()
    {
        tracing::warn!("replies still being edited in at shutdown were abandoned");
    }
    app.stopping.send_replace(true);
    if let Some(scheduler) = scheduler {
        if let Err(error) = scheduler.await {
            tracing::error!(%error, "the tip scheduler stopped abnormally");
        }
    }
    app.store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The HTTP front end as `/healthz` sees it: up while the process serves; the database is
/// checked beside it.
struct Listening;

#[async_trait::async_trait]
impl crate::telemetry::FrontEnd for Listening {
    async fn check(&self) -> Result<String, String> {
        Ok("serving interactions over HTTP".to_owned())
    }
}
