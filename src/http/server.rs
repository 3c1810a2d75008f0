//! The HTTP server: `POST /interactions` only, HTTP/1.1 (a reverse proxy terminates TLS in
//! front of it). Size, signature and replay checks come before anything reads the body, and
//! no input leads to a 500 or a panic. On shutdown it stops accepting and lets the requests
//! in flight finish.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::handle::{Handler, Outcome};
use super::verify::Verifier;
use crate::in_flight::{Busy, InFlight};

pub const PATH: &str = "/interactions";
/// Discord's interactions are a few KiB; anything over this is refused unread (413).
pub const MAX_BODY: usize = 1 << 20;
/// Slow clients get this long for the headers and again for the body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

pub struct Endpoint {
    pub verifier: Verifier,
    pub handler: Handler,
}

/// Serves until `stop` turns true, then waits up to `grace` for the requests in flight.
pub async fn run(
    listener: TcpListener,
    endpoint: Arc<Endpoint>,
    stop: watch::Receiver<bool>,
    grace: Duration,
) {
    let connections = Arc::new(InFlight::default());
    loop {
        tokio::select! {
            () = stopped(stop.clone()) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let busy = connections.enter();
                    tokio::spawn(connection(stream, Arc::clone(&endpoint), stop.clone(), busy));
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
        }
    }
    drop(listener);
    if tokio::time::timeout(grace, connections.idle())
        .await
        .is_err()
    {
        tracing::warn!("requests still running at shutdown were abandoned");
    }
}

async fn stopped(mut stop: watch::Receiver<bool>) {
    // An error means the sender is gone: nothing will ever stop the server but this.
    let _ = stop.wait_for(|stop| *stop).await;
}

async fn connection(
    stream: tokio::net::TcpStream,
    endpoint: Arc<Endpoint>,
    stop: watch::Receiver<bool>,
    _busy: Busy,
) {
    let service = service_fn(move |request| {
        let endpoint = Arc::clone(&endpoint);
        async move { Ok::<_, Infallible>(respond(&endpoint, request).await) }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(READ_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = stopped(stop) => {
            // Finishes the request being handled, then closes.
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}

fn status(code: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = code;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    response
}

async fn respond(endpoint: &Endpoint, request: Request<Incoming>) -> Response<Full<Bytes>> {
    if request.uri().path() != PATH {
        return status(StatusCode::NOT_FOUND, "not found\n");
    }
    if request.method() != Method::POST {
        let mut response = status(StatusCode::METHOD_NOT_ALLOWED, "POST only\n");
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let headers = request.headers();
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return status(StatusCode::PAYLOAD_TOO_LARGE, "body over 1 MiB\n");
    }
    let header = |name: &str| headers.get(name).map(|v| v.as_bytes().to_vec());
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        tracing::debug!("refused an unsigned request");
        return status(StatusCode::UNAUTHORIZED, "invalid request signature\n");
    };
    // The signed message is the timestamp followed by the body: read the body right after it.
    let mut signed = timestamp.clone();
    match tokio::time::timeout(READ_TIMEOUT, read_body(request.into_body(), &mut signed)).await {
        Ok(Ok(())) => {}
        Ok(Err(ReadError::TooLarge)) => {
            return status(StatusCode::PAYLOAD_TOO_LARGE, "body over 1 MiB\n")
        }
        Ok(Err(ReadError::Broken)) => return status(StatusCode::BAD_REQUEST, "broken body\n"),
        Err(_) => return status(StatusCode::REQUEST_TIMEOUT, "body too slow\n"),
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if let Err(refusal) = endpoint
        .verifier
        .check(&signature, &timestamp, &signed, now)
    {
        tracing::debug!(?refusal, "refused a request");
        return status(StatusCode::UNAUTHORIZED, "invalid request signature\n");
    }
    match endpoint
        .handler
        .interaction(&signed[timestamp.len()..])
        .await
    {
        Outcome::Answer(body) => {
            let mut response = Response::new(Full::new(Bytes::from(body.bytes)));
            if let Ok(value) = HeaderValue::from_str(&body.content_type) {
                response.headers_mut().insert(CONTENT_TYPE, value);
            }
            response
        }
        Outcome::Invalid(reason) => {
            tracing::debug!(reason, "refused a signed request");
            status(
                StatusCode::BAD_REQUEST,
                "not an interaction pacer can read\n",
            )
        }
    }
}

enum ReadError {
    TooLarge,
    Broken,
}

/// Appends the body to `into`, refusing more than [`MAX_BODY`] bytes whatever the headers said.
async fn read_body(mut body: Incoming, into: &mut Vec<u8>) -> Result<(), ReadError> {
    let start = into.len();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ReadError::Broken)?;
        if let Ok(data) = frame.into_data() {
            if into.len() - start + data.len() > MAX_BODY {
                return Err(ReadError::TooLarge);
            }
            into.extend_from_slice(&data);
        }
    }
    Ok(())
}
