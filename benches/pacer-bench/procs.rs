//! The processes under test: the real `pacer` binary (`run` on the gateway or `serve` over
//! HTTP), or one of the trivial responders (this binary again), all against the fake.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_discord::payloads::APPLICATION_ID;
use tokio::process::{Child, Command};

use crate::fake::Fake;

pub const TOKEN: &str = "bench-token.not-a-real-one";

/// A process under test, stopped with SIGTERM when dropped.
pub struct Bot {
    pub child: Child,
    pub pid: u32,
    /// From spawn to the command tree registered at the fake (the responder registers none).
    pub start_to_registered: Option<Duration>,
}

impl Bot {
    /// Starts `pacer run` on `database_url`, in `dir`, and waits for its command registration.
    pub async fn pacer(fake: &Fake, dir: &Path, database_url: &str) -> anyhow::Result<Bot> {
        fake.disconnect();
        let mut command = pacer_command(fake, dir, database_url);
        command.arg("run");
        let started = Instant::now();
        let bot = spawn(command)?;
        let registered = fake.registered(Duration::from_secs(120)).await?;
        Ok(Bot {
            start_to_registered: Some(registered.saturating_duration_since(started)),
            ..bot
        })
    }

    /// Starts `pacer serve` on `listen`, checking signatures against `public_key` (hex), and
    /// waits until it has registered its commands and accepts connections.
    pub async fn serve(
        fake: &Fake,
        dir: &Path,
        database_url: &str,
        listen: SocketAddr,
        public_key: &str,
    ) -> anyhow::Result<Bot> {
        fake.disconnect();
        let mut command = pacer_command(fake, dir, database_url);
        command
            .args(["serve", "--listen", &listen.to_string()])
            .env("DISCORD_PUBLIC_KEY", public_key)
            .env("DISCORD_APPLICATION_ID", APPLICATION_ID);
        let started = Instant::now();
        let bot = spawn(command)?;
        let registered = fake.registered(Duration::from_secs(120)).await?;
        accepting(listen).await?;
        Ok(Bot {
            start_to_registered: Some(registered.saturating_duration_since(started)),
            ..bot
        })
    }

    /// Starts the HTTP floor on `listen` and waits until it accepts connections.
    pub async fn http_responder(listen: SocketAddr) -> anyhow::Result<Bot> {
        let mut command = Command::new(std::env::current_exe()?);
        command
            .arg("http-responder")
            .env_clear()
            .env(crate::http_responder::LISTEN, listen.to_string());
        let bot = spawn(command)?;
        accepting(listen).await?;
        Ok(bot)
    }

    /// Starts the trivial responder and waits until it is on the gateway.
    pub async fn responder(fake: &Fake) -> anyhow::Result<Bot> {
        fake.disconnect();
        let mut command = Command::new(std::env::current_exe()?);
        command
            .arg("responder")
            .env_clear()
            .env("DISCORD_PROXY_URL", fake.url());
        let bot = spawn(command)?;
        fake.registered(Duration::from_secs(30)).await?;
        Ok(bot)
    }

    /// SIGTERM, then waits up to 45 s for the exit (pacer lets the work in flight finish,
    /// which after an overload can take a while); past that, SIGKILL.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .await?;
        anyhow::ensure!(status.success(), "kill -TERM {} failed", self.pid);
        if let Ok(exit) = tokio::time::timeout(Duration::from_secs(45), self.child.wait()).await {
            exit?;
        } else {
            eprintln!(
                "  process {} still running 45 s after SIGTERM: killed",
                self.pid
            );
            self.child.kill().await?;
        }
        Ok(())
    }
}

/// The pacer binary with the settings every mode shares.
fn pacer_command(fake: &Fake, dir: &Path, database_url: &str) -> Command {
    // PACER_BIN measures another build, e.g. one with other profile settings.
    let binary = std::env::var("PACER_BIN").unwrap_or(env!("CARGO_BIN_EXE_pacer").to_owned());
    let mut command = Command::new(binary);
    command
        .current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", database_url)
        .env(
            "PACER_CONTENT_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        )
        .env("DISCORD_TOKEN", TOKEN)
        .env("DISCORD_PROXY_URL", fake.url())
        .env("RUST_LOG", "info");
    command
}

/// A free port on 127.0.0.1 for a server to listen on.
pub fn free_address() -> anyhow::Result<SocketAddr> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

/// Waits up to 60 s for a server to accept connections on `addr`.
async fn accepting(addr: SocketAddr) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        anyhow::ensure!(Instant::now() < deadline, "nothing listens on {addr}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

fn spawn(mut command: Command) -> anyhow::Result<Bot> {
    command
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let child = command.spawn()?;
    let pid = child
        .id()
        .ok_or_else(|| anyhow::anyhow!("the process exited at once"))?;
    Ok(Bot {
        child,
        pid,
        start_to_registered: None,
    })
}
