//! The processes under test: the real `pacer` binary, or the trivial responder (this binary
//! again), both against the fake; and their memory and CPU, read from /proc.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

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
        // PACER_BIN measures another build, e.g. one with other profile settings.
        let binary = std::env::var("PACER_BIN").unwrap_or(env!("CARGO_BIN_EXE_pacer").to_owned());
        let mut command = Command::new(binary);
        command
            .arg("run")
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
        let started = Instant::now();
        let bot = spawn(command)?;
        let registered = fake.registered(Duration::from_secs(120)).await?;
        Ok(Bot {
            start_to_registered: Some(registered.saturating_duration_since(started)),
            ..bot
        })
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

    /// SIGTERM, then waits up to 20 s for the exit.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status()
            .await?;
        anyhow::ensure!(status.success(), "kill -TERM {} failed", self.pid);
        tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await??;
        Ok(())
    }
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

/// Resident memory of a process in KiB (`VmRSS`), or 0 if it is gone.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS")
}

/// A size from /proc/<pid>/status in KiB, e.g. `RssAnon` (heap and stacks) or `RssFile`
/// (the mapped binary and libraries).
pub fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Clock ticks per second in /proc/<pid>/stat: 100 on every Linux this runs on.
const USER_HZ: f64 = 100.0;

/// CPU time a process has used, user and system, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let field = |n: usize| {
        fields
            .get(n)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    field(11) + field(12)
}

/// Memory and CPU of a process over a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub peak_rss_kib: u64,
    /// CPU time over wall time, in percent of one core.
    pub cpu_percent: f64,
}

/// Samples a process's RSS every 50 ms until finished.
pub struct Sampler {
    pid: u32,
    started: Instant,
    ticks: u64,
    peak: std::sync::Arc<std::sync::atomic::AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    pub fn start(pid: u32) -> Sampler {
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(rss_kib(pid)));
        let task = tokio::spawn({
            let peak = std::sync::Arc::clone(&peak);
            async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                }
            }
        });
        Sampler {
            pid,
            started: Instant::now(),
            ticks: cpu_ticks(pid),
            peak,
            task,
        }
    }

    pub fn finish(self) -> Usage {
        self.task.abort();
        let used = cpu_ticks(self.pid).saturating_sub(self.ticks) as f64 / USER_HZ;
        let peak = self
            .peak
            .load(std::sync::atomic::Ordering::Relaxed)
            .max(rss_kib(self.pid));
        Usage {
            peak_rss_kib: peak,
            cpu_percent: 100.0 * used / self.started.elapsed().as_secs_f64(),
        }
    }
}
