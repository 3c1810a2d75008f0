//! The results, printed as Markdown as they will appear in BENCHMARKS.md.

use std::fmt::Write as _;
use std::time::Duration;

use crate::load::Outcome;
use crate::scheduler::StepRun;
use crate::Options;

#[derive(Default)]
pub struct Report {
    latency: Vec<String>,
    sustained: Vec<String>,
    memory: Vec<String>,
    scheduler: Vec<String>,
    /// Sections with tables of their own, printed last.
    sections: Vec<String>,
}

pub fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

pub fn mb(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

impl Report {
    pub fn new() -> Report {
        Report::default()
    }

    pub fn latency(&mut self, what: &str, o: &Outcome) {
        eprintln!(
            "{what} at {}/s: p50 {:?} p99 {:?}, {} of {} as expected, {} busy",
            o.rate, o.p50, o.p99, o.ok, o.offered, o.busy
        );
        self.latency.push(format!(
            "| {what} | {} | {:.0} | {} | {} | {} | {} | {} of {} | {:.0} | {} | {} |",
            o.rate,
            o.throughput,
            ms(o.p50),
            ms(o.p90),
            ms(o.p99),
            ms(o.max),
            o.ok,
            o.offered,
            o.usage.cpu_percent,
            mb(o.usage.peak_rss_kib),
            ms(o.send_lag_p99),
        ));
    }

    pub fn sustained(&mut self, what: &str, (best, failed): (Option<Outcome>, Option<Outcome>)) {
        let held = best.map_or("none".to_owned(), |o| {
            format!(
                "{}/s (p99 {} ms, CPU {:.0} %)",
                o.rate,
                ms(o.p99),
                o.usage.cpu_percent
            )
        });
        let next = failed.map_or("not reached".to_owned(), |o| {
            format!(
                "{}/s: p99 {} ms, {} of {} answered as expected, {:.0}/s achieved",
                o.rate,
                ms(o.p99),
                o.ok,
                o.offered,
                o.throughput
            )
        });
        self.sustained.push(format!("| {what} | {held} | {next} |"));
    }

    pub fn startup(
        &mut self,
        median: Duration,
        all: &[Duration],
        idle: &[(u64, u64, u64)],
        floor_kib: u64,
    ) {
        let all: Vec<String> = all.iter().map(|d| ms(*d)).collect();
        let idle_all: Vec<String> = idle.iter().map(|(k, _, _)| mb(*k)).collect();
        let (idle_kib, anon, file) = idle.get(idle.len() / 2).copied().unwrap_or_default();
        self.memory.push(format!(
            "| start to commands registered | {} ms | runs: {} ms |",
            ms(median),
            all.join(", ")
        ));
        self.memory.push(format!(
            "| idle RSS, 3 s after start | {} MB | runs: {} MB; the median run: {} MB anonymous (heap, stacks), {} MB file-backed (code); the trivial responder: {} MB |",
            mb(idle_kib),
            idle_all.join(", "),
            mb(anon),
            mb(file),
            mb(floor_kib)
        ));
    }

    pub fn loaded(&mut self, servers: usize, kib: u64, start: Option<Duration>) {
        self.memory.push(format!(
            "| RSS with {servers} servers in READY, each with a tip schedule | {} MB | start to commands registered: {} ms |",
            mb(kib),
            start.map_or("-".to_owned(), ms)
        ));
    }

    pub fn scheduler(&mut self, run: &StepRun) {
        eprintln!("scheduler: {} due, total {:?}", run.due, run.total);
        self.scheduler.push(format!(
            "| {} | {} | {} | {} | {} | {:.2} | {:.0} |",
            run.due,
            run.posted,
            run.steps,
            ms(run.median_step),
            ms(run.max_step),
            run.total.as_secs_f64(),
            run.posted as f64 / run.total.as_secs_f64().max(1e-9),
        ));
    }

    /// A section's own table, as Markdown.
    pub fn section(&mut self, markdown: String) {
        self.sections.push(markdown);
    }

    pub fn print(&self, options: &Options) {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", machine());
        let _ = writeln!(
            out,
            "Fixed-rate runs: {} s each. Latency: INTERACTION_CREATE frame written to the socket \
             → callback request received, in ms.\n",
            options.run_seconds
        );
        let _ = writeln!(out, "| run | offered/s | achieved/s | p50 | p90 | p99 | max | answered as expected | CPU % of one core | peak RSS MB | send lag p99 |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
        for row in &self.latency {
            let _ = writeln!(out, "{row}");
        }
        let _ = writeln!(
            out,
            "\nHighest rate sustained ({} s per step, every reply as expected, p99 <= 100 ms):\n",
            options.sweep_seconds
        );
        let _ = writeln!(out, "| run | sustained | next step |\n|---|---|---|");
        for row in &self.sustained {
            let _ = writeln!(out, "{row}");
        }
        let _ = writeln!(
            out,
            "\n| memory and start | median | detail |\n|---|---|---|"
        );
        for row in &self.memory {
            let _ = writeln!(out, "{row}");
        }
        let _ = writeln!(
            out,
            "\nScheduler, all due in the same minute, the fake answering at once:\n"
        );
        let _ = writeln!(out, "| due | posted | steps | median step ms | longest step ms | total s | posts/s |\n|---|---|---|---|---|---|---|");
        for row in &self.scheduler {
            let _ = writeln!(out, "{row}");
        }
        for section in &self.sections {
            let _ = writeln!(out, "\n{section}");
        }
        println!("{out}");
    }
}

/// The machine and the commit, for the report's heading.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map_or_else(
            || "unknown CPU".to_owned(),
            |m| m.trim_start_matches([' ', '\t', ':']).to_owned(),
        );
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or("?".to_owned(), |kib| {
            format!("{:.0} GiB", kib as f64 / 1_048_576.0)
        });
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("Machine: {model}, {cores} cores, {memory}. Commit: {commit}.")
}
