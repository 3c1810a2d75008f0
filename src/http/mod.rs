//! The HTTP front end, `pacer serve`: Discord POSTs each interaction, signed, to
//! `/interactions` and pacer answers in the response body. A second front end beside the
//! gateway ([`crate::discord`]), sharing its conversions, its deadline and deferral, its REST
//! client and its tips API, and started the same way by `crate::startup`; there is no gateway
//! connection, so any number of identical replicas can run behind a load balancer on one
//! database.
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

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use serenity::all::{ApplicationId, Http};
use tokio::net::TcpListener;

use crate::config::ServeConfig;
use crate::front_end::{FrontEnd, SHUTDOWN_GRACE};
use crate::in_flight::InFlight;
use crate::telemetry::FrontEndHealth;
use crate::tips::TipsApi;
use crate::App;

pub use server::{MAX_BODY, PATH};
pub use verify::MAX_SKEW_SECONDS;

/// The HTTP front end, `pacer serve`: bound, with the commands registered, not yet serving.
pub(crate) struct Interactions {
    app: Arc<App>,
    serve: ServeConfig,
    /// Taken by the first [`FrontEnd::serve`].
    listener: Option<TcpListener>,
    address: SocketAddr,
    endpoint: Arc<server::Endpoint>,
    http: Arc<Http>,
    /// Ours, beside serenity's, for posting tips.
    reqwest: reqwest::Client,
    started: Instant,
    /// Whether this process runs the tip scheduler, for the log line saying it serves.
    scheduler: bool,
}

impl Interactions {
    /// Binds the listener (`PACER_LISTEN`), builds the REST client and registers the command
    /// tree, so that a refused token or a taken address fails before anything is served.
    /// Replies still being edited in after their response are counted in `in_flight`.
    pub(crate) async fn build(
        app: &Arc<App>,
        serve: ServeConfig,
        started: Instant,
        in_flight: Arc<InFlight>,
        scheduler: bool,
    ) -> anyhow::Result<Interactions> {
        let listener = TcpListener::bind(serve.listen)
            .await
            .with_context(|| format!("cannot listen on {} (PACER_LISTEN)", serve.listen))?;
        let address = listener
            .local_addr()
            .context("reading the listening address")?;
        let (reqwest, http) = crate::discord::clients(&serve.bot)?;
        let http = Arc::new(http.build());
        http.set_application_id(ApplicationId::new(serve.application_id));
        register::commands(&http, serve.bot.guild_id, started).await?;
        let endpoint = Arc::new(server::Endpoint {
            verifier: verify::Verifier::new(serve.public_key),
            handler: handle::Handler::new(
                Arc::clone(app),
                Arc::clone(&http),
                in_flight,
                crate::discord::gate::Gate::new(serve.bot.max_in_flight),
            ),
        });
        Ok(Interactions {
            app: Arc::clone(app),
            serve,
            listener: Some(listener),
            address,
            endpoint,
            http,
            reqwest,
            started,
            scheduler,
        })
    }
}

#[async_trait::async_trait]
impl FrontEnd for Interactions {
    fn tips_api(&self) -> Arc<dyn TipsApi> {
        crate::discord::tips_api(
            Arc::clone(&self.http),
            self.reqwest.clone(),
            &self.serve.bot,
        )
    }

    fn health(&self) -> Arc<dyn FrontEndHealth> {
        Arc::new(Listening)
    }

    /// Serves until the app is stopping; then accepts no more connections and gives the
    /// requests in flight `SHUTDOWN_GRACE` to finish.
    async fn serve(&mut self) -> anyhow::Result<()> {
        let listener = self
            .listener
            .take()
            .context("the interactions endpoint was already served")?;
        tracing::info!(
            address = %self.address,
            path = PATH,
            scheduler = self.scheduler,
            since_start_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "serving interactions"
        );
        server::run(
            listener,
            Arc::clone(&self.endpoint),
            self.app.stopping.subscribe(),
            SHUTDOWN_GRACE,
        )
        .await;
        Ok(())
    }
}

/// The HTTP front end as `/healthz` sees it: up while the process serves; the database is
/// checked beside it.
struct Listening;

#[async_trait::async_trait]
impl FrontEndHealth for Listening {
    async fn check(&self) -> Result<String, String> {
        Ok("serving interactions over HTTP".to_owned())
    }
}
