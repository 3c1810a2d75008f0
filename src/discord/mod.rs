//! The Discord front end: the only module that knows serenity. It builds the client (through
//! an optional rate-limit proxy), registers the command tree and hands interactions to the
//! command core.

mod convert;
mod handler;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};

use crate::config::BotConfig;
use crate::App;

/// Connects to Discord and serves until SIGTERM or Ctrl-C.
pub async fn run(app: App, bot: BotConfig) -> anyhow::Result<()> {
    let started = Instant::now();
    // Our own reqwest client: HTTP_PROXY and friends must never redirect Discord traffic.
    let reqwest = reqwest::Client::builder()
        .no_proxy()
        .build()
        .context("cannot build the HTTP client")?;
    let mut http = HttpBuilder::new(bot.token.expose()).client(reqwest);
    if let Some(proxy) = &bot.proxy_url {
        // The proxy owns rate limits; serenity only applies the proxy with its limiter off.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
        tracing::info!(proxy = %proxy, "sending Discord API calls through a proxy");
    }
    let app = Arc::new(app);
    let handler = handler::Handler::new(Arc::clone(&app), bot.guild_id, started);
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await
        .context("cannot create the Discord client")?;

    let shards = Arc::clone(&client.shard_manager);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });

    let result = client
        .start()
        .await
        .context("the Discord connection failed");
    app.store.close().await;
    result
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
