//! The way Discord reaches pacer, as the composition root ([`crate::startup::run`]) drives it:
//! the gateway (`crate::discord::Gateway`) or the HTTP interactions endpoint
//! (`crate::http::Interactions`). Each is built ready to serve; the root then takes what it
//! needs from it, serves it, and lets it finish its own writers at shutdown.

use std::sync::Arc;
use std::time::Duration;

use crate::telemetry::FrontEndHealth;
use crate::tips::TipsApi;

/// How long shutdown waits for work already started: the requests being read and answered
/// (HTTP), then the interactions still being answered (both front ends).
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[async_trait::async_trait]
pub(crate) trait FrontEnd: Send {
    /// The tips port, on this front end's own Discord REST client, so that tips and
    /// interactions share one rate limiter.
    fn tips_api(&self) -> Arc<dyn TipsApi>;

    /// This front end's part of `/healthz` and the `/metrics` gauges.
    fn health(&self) -> Arc<dyn FrontEndHealth>;

    /// Serves until the app is stopping, or until the front end cannot go on. Returns once
    /// no new interaction can arrive; work already started may still be running.
    async fn serve(&mut self) -> anyhow::Result<()>;

    /// Waits for the front end's own writers, once the app is stopping.
    async fn finish(&mut self) {}
}
