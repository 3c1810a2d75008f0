//! `pacer serve` as a separate process: interactions `POSTed` to it, signed with a test
//! keypair made here from fixed bytes, and a fake Discord for everything it sends over REST.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::watch;

use crate::bot::{message_payload, pacer, Member, TOKEN};
use crate::fake_discord::{FakeDiscord, Method, APPLICATION_ID};
use crate::payloads::{direct_message, interaction};
pub use crate::serve_wire::{
    assert_valid_response, now, public_key_hex, signature, Answer, SECRET,
};

/// Everyday member permissions; with Manage Server for admins.
const MEMBER_PERMISSIONS: u64 = 2_248_473_465_835_073;
const MANAGE_GUILD: u64 = 1 << 5;

pub struct Replica {
    pub addr: SocketAddr,
    pub child: Child,
    pub member: Member,
    log: Arc<Mutex<String>>,
    client: reqwest::Client,
    next_id: u64,
}

impl Replica {
    /// Starts `pacer serve` on a free port against `fake`, on `database` (default: a `SQLite`
    /// file in `dir`), with extra arguments and environment, and waits until it serves.
    pub async fn start(
        fake: &FakeDiscord,
        dir: &Path,
        database: Option<&str>,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Replica {
        let mut command = pacer(dir);
        command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .env("DISCORD_TOKEN", TOKEN)
            .env("DISCORD_PUBLIC_KEY", public_key_hex(&SECRET))
            .env("DISCORD_APPLICATION_ID", APPLICATION_ID)
            .env("DISCORD_PROXY_URL", fake.url())
            .env("HTTP_PROXY", "http://127.0.0.1:9")
            .env("HTTPS_PROXY", "http://127.0.0.1:9")
            .env("ALL_PROXY", "http://127.0.0.1:9")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(database) = database {
            command.env("DATABASE_URL", database);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn pacer serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (found, mut address) = watch::channel(None::<SocketAddr>);
        let mut stderr = BufReader::new(child.stderr.take().expect("piped stderr")).lines();
        let sink = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok(Some(line)) = stderr.next_line().await {
                if line.contains("serving interactions") {
                    found.send_replace(listening_address(&line));
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let waited =
            tokio::time::timeout(Duration::from_secs(30), address.wait_for(Option::is_some));
        let addr = match waited.await {
            Ok(Ok(addr)) => addr.expect("an address"),
            _ => panic!("pacer serve did not start: {}", log.lock().unwrap()),
        };
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        Replica {
            addr,
            child,
            member: crate::bot::MEMBER,
            log,
            client,
            next_id: 0,
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Any request to `path` with these headers.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
        headers: &[(&str, String)],
    ) -> Answer {
        let url = format!("http://{}{path}", self.addr);
        let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap();
        let mut request = self.client.request(method, url).body(body);
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.expect("pacer answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = response.bytes().await.expect("a body").to_vec();
        Answer {
            status,
            content_type,
            bytes,
        }
    }

    pub async fn post(&self, body: Vec<u8>, headers: &[(&str, String)]) -> Answer {
        self.request(Method::POST, "/interactions", body, headers)
            .await
    }

    /// POSTs `body` signed now with the application's key.
    pub async fn signed(&self, body: &[u8]) -> Answer {
        let headers = signature(&SECRET, &now().to_string(), body);
        self.post(body.to_vec(), &headers).await
    }

    /// An interaction of `kind` from [`Replica::member`].
    pub fn payload(&mut self, kind: u8, data: Value) -> Value {
        self.next_id += 1;
        let id = format!("96{:017}", self.next_id);
        let mut payload = interaction(&id, kind, data);
        match self.member.guild {
            Some(guild) => {
                payload["guild_id"] = json!(guild);
                payload["member"]["user"]["id"] = json!(self.member.user);
                let bits = MEMBER_PERMISSIONS | if self.member.admin { MANAGE_GUILD } else { 0 };
                payload["member"]["permissions"] = json!(bits.to_string());
            }
            None => {
                payload = direct_message(payload);
                payload["user"]["id"] = json!(self.member.user);
            }
        }
        payload
    }

    /// Sends an interaction and checks the answer against Discord's schema.
    pub async fn interact(&mut self, payload: &Value) -> Answer {
        let answer = self.signed(payload.to_string().as_bytes()).await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.bytes)
        );
        assert_valid_response(&answer.with_files().await.0);
        answer
    }

    pub async fn ping(&mut self) -> Answer {
        let mut payload = self.payload(1, json!(null));
        payload.as_object_mut().unwrap().remove("data");
        self.signed(payload.to_string().as_bytes()).await
    }

    /// `/command sub` with options as Discord sends them (typed).
    pub async fn typed(&mut self, command: &str, sub: &str, options: Value) -> Answer {
        let data = json!({"id": "910000000000000000", "name": command, "type": 1,
            "options": [{"name": sub, "type": 1, "options": options}]});
        let payload = self.payload(2, data);
        self.interact(&payload).await
    }

    pub async fn press(&mut self, custom_id: &str) -> Answer {
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let mut payload = self.payload(3, data);
        payload["message"] = message_payload();
        self.interact(&payload).await
    }

    pub async fn autocomplete(&mut self, command: &str, options: Value) -> Answer {
        let data = json!({"id": "910000000000000000", "name": command, "type": 1,
            "options": options});
        let payload = self.payload(4, data);
        self.interact(&payload).await
    }

    /// Sends SIGTERM and waits for pacer to exit.
    pub async fn stop(&mut self) -> ExitStatus {
        let pid = self.child.id().expect("pacer is running").to_string();
        let kill = Command::new("kill").args(["-TERM", &pid]).status().await;
        assert!(kill.expect("kill runs").success());
        tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .expect("pacer exits after SIGTERM")
            .expect("wait for pacer")
    }
}

/// The `address=` of the "serving interactions" log line (text or JSON logs).
fn listening_address(line: &str) -> Option<SocketAddr> {
    let rest = line
        .split_once("address=")
        .or_else(|| line.split_once("\"address\":\""))?
        .1;
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"')
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}
