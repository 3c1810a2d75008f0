//! The Discord front end: the only module that knows serenity. It builds the client (through
//! an optional rate-limit proxy), registers the command tree and hands interactions to the
//! command core.

mod answer;
pub(crate) mod convert;
pub(crate) mod gate;
mod handler;
mod health;
pub(crate) mod in_flight;
mod metered;
mod permissions;
pub mod replay;
mod server_changes;
mod tips_api;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serenity::all::{ClientBuilder, GatewayIntents, Http, HttpBuilder};
use tokio::sync::OnceCell;

use crate::config::{BotConfig, Config};
use crate::tips::{exponential_backoff, Pace, Scheduler, SystemClock, TipsApi};
use crate::App;
/// Shared with the HTTP front end (`crate::http`).
pub(crate) use answer::{answer, suggestions_in_time, Respond, REPLY_DEADLINE};
pub(crate) use handler::caller;
pub(crate) use metered::{spawn, Started};

const DISCORD: &str = "https://discord.com";
/// How long shutdown waits for interactions being handled.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Connects to Discord and serves until SIGTERM or Ctrl-C, with the tip scheduler beside it.
/// On shutdown: no new interactions, the scheduler finishes its step, the database closes.
pub async fn run(app: App, bot: BotConfig, config: &Config) -> anyhow::Result<()> {
    let started = Instant::now();
    // First, so that everything after counts and a bad PACER_METRICS_ADDR fails at once.
    let telemetry = crate::telemetry::Telemetry::start(bot.metrics_addr).await?;
    let (reqwest, http) = clients(&bot)?;
    if let Some(proxy) = &bot.proxy_url {
        tracing::info!(proxy = %proxy, "sending Discord API calls through a proxy");
    }
    let app = Arc::new(app);
    let in_flight = Arc::new(in_flight::InFlight::default());
    let (servers, servers_writer) = server_changes::ServerChanges::start(Arc::clone(&app));
    let handler = handler::Handler::new(
        Arc::clone(&app),
        bot.guild_id,
        started,
        Arc::clone(&in_flight),
        gate::Gate::new(bot.max_in_flight),
        servers,
    );
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await
        .context("cannot create the Discord client")?;

    let probe = crate::telemetry::Probe {
        store: app.store.clone(),
        front_end: Arc::new(health::Gateway(Arc::clone(&client.shard_manager))),
        shards: bot.shards,
    };
    telemetry.serve(probe, app.stopping.subscribe());

    let api = tips_api(Arc::clone(&client.http), reqwest, &bot);
    // Set once, before anything can read it.
    let _ = app.discord.set(Arc::clone(&api));
    let scheduler = Scheduler {
        app: Arc::clone(&app),
        api,
        clock: Arc::new(SystemClock),
        grace: config.tips_grace,
        backoff: exponential_backoff,
        shards: bot.shards,
        pace: Arc::new(Pace::per_second(config.tips_per_second)),
    };
    let scheduler = tokio::spawn(scheduler.run());

    let shards = Arc::clone(&client.shard_manager);
    let signalled = Arc::clone(&app);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        signalled.stopping.send_replace(true);
        shards.shutdown_all().await;
    });

    let result = match bot.shards {
        // serenity's range end is inclusive: `first..last` runs shards first to last.
        Some(range) => {
            client
                .start_shard_range(range.first..range.last, range.total)
                .await
        }
        None => match client.http.get_bot_gateway().await {
            Ok(gateway) => client.start_shards(gateway.shards.max(1)).await,
            Err(error) => {
                tracing::warn!(%error, "GET /gateway/bot failed: running one shard");
                client.start().await
            }
        },
    }
    .context("the Discord connection failed");
    // No new interactions arrive now; let the ones being handled finish and answer.
    if tokio::time::timeout(SHUTDOWN_GRACE, in_flight.idle())
        .await
        .is_err()
    {
        tracing::warn!("interactions still running at shutdown were abandoned");
    }
    // However the connection ended, the scheduler finishes its step and stops, and the
    // server joins and removals already received are written.
    app.stopping.send_replace(true);
    if let Err(error) = scheduler.await {
        tracing::error!(%error, "the tip scheduler stopped abnormally");
    }
    if let Err(error) = servers_writer.await {
        tracing::error!(%error, "the server changes writer stopped abnormally");
    }
    app.store.close().await;
    result
}

/// Our own reqwest client, which `HTTP_PROXY` and friends must never redirect, and serenity's
/// HTTP client on top of it, through the rate-limit proxy when there is one.
pub(crate) fn clients(bot: &BotConfig) -> anyhow::Result<(reqwest::Client, HttpBuilder)> {
    let reqwest = reqwest::Client::builder()
        .no_proxy()
        .build()
        .context("cannot build the HTTP client")?;
    let mut http = HttpBuilder::new(bot.token.expose()).client(reqwest.clone());
    if let Some(proxy) = &bot.proxy_url {
        // The proxy owns rate limits; serenity only applies the proxy with its limiter off.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    Ok((reqwest, http))
}

pub(crate) fn tips_api(
    http: Arc<Http>,
    reqwest: reqwest::Client,
    bot: &BotConfig,
) -> Arc<dyn TipsApi> {
    Arc::new(tips_api::DiscordTips {
        http,
        client: reqwest,
        base_url: bot.proxy_url.clone().unwrap_or_else(|| DISCORD.to_owned()),
        token: bot.token.clone(),
        bot_id: OnceCell::new(),
    })
}

/// The Discord side of the tips feature without a gateway connection, built as [`run`]
/// builds it: for the benchmark, which drives the scheduler in its own process.
pub fn standalone_tips_api(bot: &BotConfig) -> anyhow::Result<Arc<dyn TipsApi>> {
    let (reqwest, http) = clients(bot)?;
    Ok(tips_api(Arc::new(http.build()), reqwest, bot))
}

pub(crate) async fn shutdown_signal() {
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
