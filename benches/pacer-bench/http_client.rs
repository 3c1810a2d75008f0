//! The bench as Discord in HTTP mode: each interaction signed ahead into a whole HTTP/1.1
//! request, sent on the timetable over a pool of keep-alive connections. HTTP/1.1 has no
//! pipelining, so a connection carries one request at a time and a request finding every
//! connection busy opens another. Latency is from the request written to its response read.

use std::fmt::Write as _;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ed25519_dalek::{Signer as _, SigningKey};
use hyper::body::Bytes;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

use crate::fake::Fake;
use crate::load::Wire;
use crate::probe::Probe;

/// Discord's side of the application's keypair, made here from fixed bytes.
pub struct Signer {
    key: SigningKey,
}

impl Signer {
    pub fn new() -> Signer {
        Signer {
            key: SigningKey::from_bytes(&[0x5a; 32]),
        }
    }

    /// The public key as `DISCORD_PUBLIC_KEY` takes it.
    pub fn public_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// `POST /interactions` with `body`, signed now, as the bytes to write.
    pub fn request(&self, body: &[u8]) -> Bytes {
        let timestamp = unix_now().to_string();
        let signature = self
            .key
            .sign(&[timestamp.as_bytes(), body].concat())
            .to_bytes();
        let mut head = String::with_capacity(320);
        let _ = write!(
            head,
            "POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nX-Signature-Ed25519: {}\r\nX-Signature-Timestamp: {timestamp}\r\n\r\n",
            body.len(),
            hex(&signature)
        );
        Bytes::from([head.as_bytes(), body].concat())
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

type Connection = BufReader<TcpStream>;

/// How long a request waits for its response before its connection is dropped.
const GIVE_UP: Duration = Duration::from_secs(30);

/// Keep-alive connections to one server, shared by the runs against it.
pub struct Pool {
    addr: SocketAddr,
    idle: Mutex<Vec<Connection>>,
    /// Exchanges that failed, and the first failure.
    failures: AtomicUsize,
    first_failure: Mutex<Option<String>>,
}

impl Pool {
    pub fn new(addr: SocketAddr) -> Arc<Pool> {
        Arc::new(Pool {
            addr,
            idle: Mutex::new(Vec::new()),
            failures: AtomicUsize::new(0),
            first_failure: Mutex::new(None),
        })
    }

    /// Reports and forgets the failures since the last call.
    pub fn report_failures(&self) {
        let failures = self.failures.swap(0, Ordering::AcqRel);
        let first = self
            .first_failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(first) = first.filter(|_| failures > 0) {
            eprintln!("  {failures} HTTP exchanges failed, the first: {first}");
        }
    }

    fn failed(&self, error: &io::Error) {
        self.failures.fetch_add(1, Ordering::AcqRel);
        let mut first = self
            .first_failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        first.get_or_insert_with(|| error.to_string());
    }

    fn idle(&self) -> Option<Connection> {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
    }

    fn put(&self, connection: Connection) {
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(connection);
    }

    async fn open(&self) -> io::Result<Connection> {
        let stream = TcpStream::connect(self.addr).await?;
        stream.set_nodelay(true)?;
        Ok(BufReader::new(stream))
    }

    /// Sends one request and reads its response. A reused connection the server closed while
    /// idle gets the request again on a new one. Stamps the probe after the write and after
    /// the read.
    async fn exchange(&self, request: &[u8], fake: &Fake, probe: &Probe, index: usize) {
        let reused = self.idle();
        let retry = reused.is_some();
        let first = match reused {
            Some(connection) => Ok(connection),
            None => self.open().await,
        };
        let mut result = match first {
            Ok(connection) => once(connection, request, fake, probe, index).await,
            Err(error) => Err(error),
        };
        if retry
            && result
                .as_ref()
                .is_err_and(|e| e.kind() != io::ErrorKind::TimedOut)
        {
            result = match self.open().await {
                Ok(connection) => once(connection, request, fake, probe, index).await,
                Err(error) => Err(error),
            };
        }
        match result {
            Ok((connection, body)) => {
                probe.answer(index, fake.now(), &body);
                self.put(connection);
            }
            Err(error) => self.failed(&error),
        }
    }
}

async fn once(
    mut connection: Connection,
    request: &[u8],
    fake: &Fake,
    probe: &Probe,
    index: usize,
) -> io::Result<(Connection, Vec<u8>)> {
    connection.get_mut().write_all(request).await?;
    if let Some(slot) = probe.sent.get(index) {
        slot.store(fake.now(), Ordering::Release);
    }
    let body = tokio::time::timeout(GIVE_UP, read_response(&mut connection))
        .await
        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
    Ok((connection, body))
}

/// The body of one response (with its status line in front unless it is 200). Servers here
/// send a Content-Length; anything else is an error.
async fn read_response(connection: &mut Connection) -> io::Result<Vec<u8>> {
    let mut line = Vec::with_capacity(128);
    let mut status = None;
    let mut length = None;
    loop {
        line.clear();
        if connection.read_until(b'\n', &mut line).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end();
        if text.is_empty() {
            break;
        }
        if status.is_none() {
            status = Some(text.to_owned());
        } else if let Some((name, value)) = text.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.ok_or_else(|| io::Error::other("a response without Content-Length"))?;
    let mut body = vec![0; length];
    connection.read_exact(&mut body).await?;
    let status = status.unwrap_or_default();
    if status.split_whitespace().nth(1) != Some("200") {
        body.splice(0..0, format!("{status}: ").into_bytes());
    }
    Ok(body)
}

/// One run's requests, signed ahead, for [`crate::load::offer`].
pub struct HttpRun {
    pool: Arc<Pool>,
    requests: Vec<Bytes>,
}

impl HttpRun {
    pub fn new(pool: &Arc<Pool>, signer: &Signer, payloads: &[Value]) -> HttpRun {
        HttpRun {
            pool: Arc::clone(pool),
            requests: payloads
                .iter()
                .map(|p| signer.request(p.to_string().as_bytes()))
                .collect(),
        }
    }
}

impl Wire for HttpRun {
    fn count(&self) -> usize {
        self.requests.len()
    }

    fn send(&self, fake: &Fake, index: usize, probe: &Arc<Probe>) -> bool {
        let (pool, fake, probe) = (Arc::clone(&self.pool), fake.clone(), Arc::clone(probe));
        let request = self.requests[index].clone();
        tokio::spawn(async move { pool.exchange(&request, &fake, &probe, index).await });
        true
    }
}
