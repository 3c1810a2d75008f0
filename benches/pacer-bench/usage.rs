//! Memory and CPU of a process under test, read from /proc.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Sampler {
    pub fn start(pid: u32) -> Sampler {
        let peak = Arc::new(AtomicU64::new(rss_kib(pid)));
        let task = tokio::spawn({
            let peak = Arc::clone(&peak);
            async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
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
        let peak = self.peak.load(Ordering::Relaxed).max(rss_kib(self.pid));
        Usage {
            peak_rss_kib: peak,
            cpu_percent: 100.0 * used / self.started.elapsed().as_secs_f64(),
        }
    }
}
