//! Open-loop load: interaction frames go out on a fixed timetable whatever the bot is doing,
//! so a slow reply cannot slow the offered rate and hide itself. Latency is the time from the
//! frame on the gateway socket to its callback request at the fake.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::time::MissedTickBehavior;

use crate::fake::{Fake, Probe};
use crate::procs::{self, Usage};

/// How long a run waits for late callbacks after its last frame.
const DRAIN: Duration = Duration::from_secs(5);

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rate: f64,
    pub offered: usize,
    /// Answered with the expected reply.
    pub ok: usize,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// Answers per second over the run, from the first frame to the last answer.
    pub throughput: f64,
    /// How far behind its timetable a frame reached the socket, at the 99th percentile.
    pub send_lag_p99: Duration,
    pub usage: Usage,
}

impl Outcome {
    /// Every interaction answered as expected, with p99 at or under `limit`, and the rate held.
    pub fn holds(&self, limit: Duration) -> bool {
        self.ok == self.offered && self.p99 <= limit && self.throughput >= 0.95 * self.rate
    }
}

/// Offers `frames` (serialised interaction objects, the i-th with id `ID_BASE + i`) at
/// `rate` per second and waits for their callbacks, measuring the process `pid`.
pub async fn offer(
    fake: &Fake,
    frames: &[Arc<str>],
    rate: f64,
    marker: &'static str,
    pid: u32,
) -> anyhow::Result<Outcome> {
    let probe = Arc::new(Probe::new(frames.len(), marker));
    fake.arm(Arc::clone(&probe));
    let usage = procs::Sampler::start(pid);
    let (start, start_stamp) = (Instant::now(), fake.now());
    let mut ticks = tokio::time::interval(Duration::from_millis(1));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut next = 0;
    while next < frames.len() {
        ticks.tick().await;
        let elapsed = start.elapsed();
        // Non-negative and capped by the frame count; `as` saturates.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let due = ((elapsed.as_secs_f64() * rate) as usize + 1).min(frames.len());
        while next < due {
            anyhow::ensure!(
                fake.send(next, Arc::clone(&frames[next])),
                "the bot is not connected"
            );
            next += 1;
        }
    }
    let all_in = async {
        while probe.ok.load(Ordering::Acquire) + probe.unexpected.load(Ordering::Acquire)
            < frames.len()
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    let _ = tokio::time::timeout(DRAIN, all_in).await;
    let usage = usage.finish();
    if let Some(body) = probe.first_unexpected.lock().ok().and_then(|b| b.clone()) {
        eprintln!(
            "  unexpected reply (first of {}): {body}",
            probe.unexpected.load(Ordering::Acquire)
        );
    }
    Ok(summarise(fake, &probe, rate, start_stamp, usage))
}

fn summarise(fake: &Fake, probe: &Probe, rate: f64, start: u64, usage: Usage) -> Outcome {
    let mut latencies = Vec::with_capacity(probe.sent.len());
    let mut lags = Vec::with_capacity(probe.sent.len());
    let (mut first_sent, mut last_answer) = (u64::MAX, 0);
    for (i, (sent, answered)) in probe.sent.iter().zip(&probe.answered).enumerate() {
        let (sent, answered) = (
            sent.load(Ordering::Acquire),
            answered.load(Ordering::Acquire),
        );
        if sent > 0 {
            first_sent = first_sent.min(sent);
            // Nanoseconds into a run of seconds: non-negative and far below u64::MAX.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let scheduled = start + (i as f64 / rate * 1e9) as u64;
            lags.push(Duration::from_nanos(sent.saturating_sub(scheduled)));
        }
        if sent > 0 && answered > 0 {
            // An answer can beat the sender's stamp by a hair: the stamp follows the write.
            latencies.push(Duration::from_nanos(answered.saturating_sub(sent)));
            last_answer = last_answer.max(answered);
        }
    }
    latencies.sort_unstable();
    lags.sort_unstable();
    let span = fake
        .instant(last_answer)
        .saturating_duration_since(fake.instant(first_sent.min(last_answer)));
    Outcome {
        rate,
        offered: probe.sent.len(),
        ok: probe.ok.load(Ordering::Acquire),
        p50: percentile(&latencies, 0.50),
        p90: percentile(&latencies, 0.90),
        p99: percentile(&latencies, 0.99),
        max: latencies.last().copied().unwrap_or_default(),
        throughput: latencies.len() as f64 / span.as_secs_f64().max(1e-9),
        send_lag_p99: percentile(&lags, 0.99),
        usage,
    }
}

/// The value at quantile `q` of sorted values (nearest rank).
pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // `q` is in 0..=1: the rank is clamped to the slice anyway.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The median of some durations.
pub fn median(values: &mut [Duration]) -> Duration {
    values.sort_unstable();
    percentile(values, 0.5)
}
