//! `GET /metrics` (Prometheus text format) and `GET /healthz` on `PACER_METRICS_ADDR`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use metrics::gauge;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::{DATABASE_UP, INTERACTION_SECONDS, LATENCY_BUCKETS, TIP_SCHEDULES};
use crate::shards::ShardRange;
use crate::store::Store;

/// How long the health check waits for the database.
const PING_TIMEOUT: Duration = Duration::from_secs(3);
/// How often histogram samples are folded into their buckets between scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The way Discord reaches pacer (the gateway or the HTTP endpoint), as the health check
/// sees it.
#[async_trait::async_trait]
pub trait FrontEndHealth: Send + Sync {
    /// In a few words, how it is when it is up (`2 of 2 shards connected`), or why it is
    /// down. Also updates its own gauges.
    async fn check(&self) -> Result<String, String>;
}

/// What `/healthz` and the gauges of `/metrics` look at.
pub struct Probe {
    pub store: Store,
    pub front_end: Arc<dyn FrontEndHealth>,
    /// This process's shards, for counting its tip schedules.
    pub shards: Option<ShardRange>,
}

/// The metrics recorder and the listener for `/metrics` and `/healthz`; both absent when
/// `PACER_METRICS_ADDR` is unset.
pub struct Telemetry {
    served: Option<(PrometheusHandle, TcpListener)>,
}

impl Telemetry {
    /// Installs the recorder and binds `addr`, so that everything after counts and a bad
    /// address fails at start. `None`: neither.
    pub async fn start(addr: Option<SocketAddr>) -> anyhow::Result<Telemetry> {
        let Some(addr) = addr else {
            return Ok(Telemetry { served: None });
        };
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr} (PACER_METRICS_ADDR)"))?;
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(INTERACTION_SECONDS.into()), &LATENCY_BUCKETS)
            .context("metrics buckets")?
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics may miss some");
        }
        super::describe();
        // Counters show from the start, at zero, rather than appearing at their first event.
        for name in [super::DATABASE_ERRORS, super::GATEWAY_RECONNECTS] {
            metrics::counter!(name).increment(0);
        }
        for outcome in ["posted", "failed", "disabled", "skipped"] {
            metrics::counter!(super::TIPS, "outcome" => outcome).increment(0);
        }
        for kind in ["command", "button", "autocomplete"] {
            metrics::counter!(super::SHED, "kind" => kind).increment(0);
        }
        metrics::gauge!(super::IN_FLIGHT).set(0.0);
        tracing::info!(%addr, "serving /metrics and /healthz");
        Ok(Telemetry {
            served: Some((handle, listener)),
        })
    }

    /// Serves until `stopping` turns true; does nothing without an address.
    pub fn serve(self, probe: Probe, mut stopping: watch::Receiver<bool>) {
        let Some((handle, listener)) = self.served else {
            return;
        };
        let endpoint = Arc::new(Endpoint { handle, probe });
        let upkeep = Arc::clone(&endpoint);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            loop {
                every.tick().await;
                upkeep.handle.run_upkeep();
            }
        });
        tokio::spawn(async move {
            loop {
                let accepted = tokio::select! {
                    accepted = listener.accept() => accepted,
                    _ = stopping.wait_for(|stop| *stop) => return,
                };
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        tracing::warn!(%error, "cannot accept a metrics connection");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let endpoint = Arc::clone(&endpoint);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let endpoint = Arc::clone(&endpoint);
                        async move { Ok::<_, Infallible>(endpoint.respond(request).await) }
                    });
                    let served = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(10))
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                    if let Err(error) = served {
                        tracing::debug!(%error, "metrics connection ended");
                    }
                });
            }
        });
    }
}

struct Endpoint {
    handle: PrometheusHandle,
    probe: Probe,
}

impl Endpoint {
    async fn respond(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let path = request.uri().path();
        if path != "/metrics" && path != "/healthz" {
            return text(
                StatusCode::NOT_FOUND,
                "not found: try /metrics or /healthz\n",
            );
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return text(StatusCode::METHOD_NOT_ALLOWED, "use GET\n");
        }
        if path == "/healthz" {
            return match self.health().await {
                Ok(state) => text(StatusCode::OK, format!("ok: {state}\n")),
                Err(reason) => text(StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")),
            };
        }
        // The gauges are read when asked for; a stale count is kept if the database is down.
        let _ = self.probe.front_end.check().await;
        let tips = self.probe.store.tips();
        let active = tokio::time::timeout(PING_TIMEOUT, tips.active(self.probe.shards)).await;
        if let Ok(Ok(count)) = active {
            gauge!(TIP_SCHEDULES).set(count as f64);
        }
        let mut response = text(StatusCode::OK, self.handle.render());
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        );
        response
    }

    /// Up when the front end is and the database answers; otherwise every reason, on one line.
    async fn health(&self) -> Result<String, String> {
        let front_end = self.probe.front_end.check().await;
        let database = match tokio::time::timeout(PING_TIMEOUT, self.probe.store.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => {
                super::database_error(&error);
                Err(format!(
                    "database: {}",
                    one_line(&error.root_cause().to_string())
                ))
            }
            Err(_) => Err(format!(
                "database: no answer within {} s",
                PING_TIMEOUT.as_secs()
            )),
        };
        gauge!(DATABASE_UP).set(if database.is_ok() { 1.0 } else { 0.0 });
        match (front_end, database) {
            (Ok(state), Ok(())) => Ok(format!("{state}; database answers")),
            (front_end, database) => {
                let reasons: Vec<String> = [front_end.err(), database.err()]
                    .into_iter()
                    .flatten()
                    .collect();
                Err(reasons.join("; "))
            }
        }
    }
}

/// At most 200 characters on one line.
fn one_line(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(200).collect()
}

fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
