//! The HTTP floor: a server that does no work. It reads each request whole and answers every
//! one with the same type-4 reply, checking nothing, over the same HTTP/1.1 server crate
//! pacer uses, so its latency is what the sockets, HTTP and the machine cost on their own.

use std::convert::Infallible;
use std::net::SocketAddr;

use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// The variable holding the address to listen on.
pub const LISTEN: &str = "PACER_BENCH_LISTEN";

/// What the floor answers; the bench's marker for it is `"ok"`.
const REPLY: &[u8] = br#"{"type":4,"data":{"content":"ok"}}"#;

/// Runs until the process is killed.
pub fn main() -> anyhow::Result<()> {
    let addr: SocketAddr = std::env::var(LISTEN)?.parse()?;
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve(addr))
}

async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            let service = service_fn(|request: Request<Incoming>| async move {
                // Read like a real endpoint must before it can check a signature.
                let _ = request.into_body().collect().await;
                let mut response = Response::new(Full::new(Bytes::from_static(REPLY)));
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Ok::<_, Infallible>(response)
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
