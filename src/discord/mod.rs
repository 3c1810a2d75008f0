//! The gateway front end ([`Gateway`]), and the only module that knows serenity: its REST
//! clients (through an optional rate-limit proxy) and the tips port on them serve the HTTP
//! front end too. The gateway registers the command tree on READY and hands interactions to
//! the command core; `crate::startup` starts it and stops it.

mod answer;
mod caller;
pub(crate) mod codes;
pub(crate) mod convert;
pub(crate) mod gate;
mod handler;
mod health;
mod metered;
mod permissions;
pub mod replay;
mod server_changes;
mod tips_api;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serenity::all::{Client, ClientBuilder, GatewayIntents, Http, HttpBuilder};
use tokio::sync::OnceCell;
use tokio::task::JoinHandle;

use crate::config::BotConfig;
use crate::front_end::FrontEnd;
use crate::in_flight::InFlight;
use crate::telemetry::FrontEndHealth;
use crate::tips::TipsApi;
use crate::App;
/// Shared with the HTTP front end (`crate::http`).
pub(crate) use answer::{answer, suggestions_in_time, Respond, REPLY_DEADLINE};
pub(crate) use caller::caller;
pub(crate) use metered::{spawn, Started};

const DISCORD: &str = "https://discord.com";

/// The gateway front end, `pacer run`: the serenity client, built and not yet connected, and
/// the task writing the servers pacer joins and leaves.
pub(crate) struct Gateway {
    app: Arc<App>,
    bot: BotConfig,
    client: Client,
    /// Ours, beside serenity's, for posting tips: see `tips_api`.
    reqwest: reqwest::Client,
    servers_writer: Option<JoinHandle<()>>,
}

impl Gateway {
    /// Builds the client (through the rate-limit proxy when there is one) with the handler
    /// that routes interactions to the command core, counting them in `in_flight`.
    pub(crate) async fn build(
        app: &Arc<App>,
        bot: BotConfig,
        started: Instant,
        in_flight: Arc<InFlight>,
    ) -> anyhow::Result<Gateway> {
        let (reqwest, http) = clients(&bot)?;
        let (servers, servers_writer) = server_changes::ServerChanges::start(Arc::clone(app));
        let handler = handler::Handler::new(
            Arc::clone(app),
            bot.guild_id,
            started,
            in_flight,
            gate::Gate::new(bot.max_in_flight),
            servers,
        );
        let client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
            .event_handler(handler)
            .await
            .context("cannot create the Discord client")?;
        Ok(Gateway {
            app: Arc::clone(app),
            bot,
            client,
            reqwest,
            servers_writer: Some(servers_writer),
        })
    }

    /// Runs this process's shards (all of them when `PACER_SHARDS` is unset) until they stop.
    async fn start(&mut self) -> anyhow::Result<()> {
        match self.bot.shards {
            // serenity's range end is inclusive: `first..last` runs shards first to last.
            Some(range) => {
                self.client
                    .start_shard_range(range.first..range.last, range.total)
                    .await
            }
            None => match self.client.http.get_bot_gateway().await {
                Ok(gateway) => self.client.start_shards(gateway.shards.max(1)).await,
                Err(error) => {
                    tracing::warn!(%error, "GET /gateway/bot failed: running one shard");
                    self.client.start().await
                }
            },
        }
        .context("the Discord connection failed")
    }
}

#[async_trait::async_trait]
impl FrontEnd for Gateway {
    /// On the client's own `Http`, which serenity owns from the moment the client is built.
    fn tips_api(&self) -> Arc<dyn TipsApi> {
        tips_api(
            Arc::clone(&self.client.http),
            self.reqwest.clone(),
            &self.bot,
        )
    }

    fn health(&self) -> Arc<dyn FrontEndHealth> {
        Arc::new(health::Shards(Arc::clone(&self.client.shard_manager)))
    }

    /// Connects and serves until the app is stopping (then every shard disconnects) or the
    /// connection fails.
    async fn serve(&mut self) -> anyhow::Result<()> {
        let shards = Arc::clone(&self.client.shard_manager);
        let mut stopping = self.app.stopping.subscribe();
        let disconnect = tokio::spawn(async move {
            if stopping.wait_for(|stop| *stop).await.is_ok() {
                shards.shutdown_all().await;
            }
        });
        let result = self.start().await;
        if self.app.is_stopping() {
            let _ = disconnect.await;
        } else {
            disconnect.abort();
        }
        result
    }

    /// The server joins and removals already received are written.
    async fn finish(&mut self) {
        if let Some(writer) = self.servers_writer.take() {
            if let Err(error) = writer.await {
                tracing::error!(%error, "the server changes writer stopped abnormally");
            }
        }
    }
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
        tracing::info!(proxy = %proxy, "sending Discord API calls through a proxy");
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

/// The Discord side of the tips feature without a gateway connection, built as the front
/// ends build it: for the benchmark, which drives the scheduler in its own process.
pub fn standalone_tips_api(bot: &BotConfig) -> anyhow::Result<Arc<dyn TipsApi>> {
    let (reqwest, http) = clients(bot)?;
    Ok(tips_api(Arc::new(http.build()), reqwest, bot))
}
