//! Open-loop load: interactions go out on a fixed timetable whatever the bot is doing, so a
//! slow reply cannot slow the offered rate and hide itself. Over the gateway, latency is the
//! time from the frame on the socket to its callback request at the fake; over HTTP
//! ([`crate::http_client`]), from the request written to its response read.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::time::MissedTickBehavior;

use crate::fake::Fake;
use crate::probe::Probe;
use crate::usage::{Sampler, Usage};

/// How long a run waits for late callbacks after its last frame.
pub const DRAIN: Duration = Duration::from_secs(5);
/// Discord's deadline for the first answer to an interaction.
const DEADLINE: Duration = Duration::from_secs(3);

/// Where a run's interactions go.
pub trait Wire {
    /// How many interactions the run offers.
    fn count(&self) -> usize;
    /// Sends interaction `index`; false when there is nobody to send it to.
    fn send(&self, fake: &Fake, index: usize, probe: &Arc<Probe>) -> bool;
}

/// Interaction frames for the gateway, serialised ahead.
impl Wire for Vec<Arc<str>> {
    fn count(&self) -> usize {
        self.len()
    }

    fn send(&self, fake: &Fake, index: usize, _: &Arc<Probe>) -> bool {
        fake.send(index, Arc::clone(&self[index]))
    }
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub rate: f64,
    pub offered: usize,
    /// Answered with the expected reply.
    pub ok: usize,
    /// Answered in any way, with the busy notice, and within Discord's 3 s.
    pub answered: usize,
    pub busy: usize,
    pub within_deadline: usize,
    /// Deferred replies edited in later with the expected reply.
    pub late_ok: usize,
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

/// Offers the interactions of `wire` (the i-th with id `ID_BASE + i`) at `rate` per second
/// and waits for their answers, measuring the process `pid`.
pub async fn offer(
    fake: &Fake,
    wire: &impl Wire,
    rate: f64,
    marker: &'static str,
    pid: u32,
) -> anyhow::Result<Outcome> {
    Ok(offer_probed(fake, wire, rate, marker, pid, DRAIN).await?.0)
}

/// [`offer`], waiting up to `drain` after the last interaction, with the probe kept.
pub async fn offer_probed(
    fake: &Fake,
    wire: &impl Wire,
    rate: f64,
    marker: &'static str,
    pid: u32,
    drain: Duration,
) -> anyhow::Result<(Outcome, Arc<Probe>)> {
    let count = wire.count();
    let probe = Arc::new(Probe::new(count, marker));
    fake.arm(Arc::clone(&probe));
    let usage = Sampler::start(pid);
    let (start, start_stamp) = (Instant::now(), fake.now());
    let mut ticks = tokio::time::interval(Duration::from_millis(1));
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut next = 0;
    while next < count {
        ticks.tick().await;
        let elapsed = start.elapsed();
        // Non-negative and capped by the count; `as` saturates.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let due = ((elapsed.as_secs_f64() * rate) as usize + 1).min(count);
        while next < due {
            anyhow::ensure!(wire.send(fake, next, &probe), "the bot is not connected");
            next += 1;
        }
    }
    let all_in = async {
        while probe.answers() < count {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    };
    let _ = tokio::time::timeout(drain, all_in).await;
    let usage = usage.finish();
    if let Some(body) = probe.first_unexpected.lock().ok().and_then(|b| b.clone()) {
        eprintln!(
            "  unexpected reply (first of {}): {body}",
            probe.unexpected.load(Ordering::Acquire) - probe.busy.load(Ordering::Acquire)
        );
    }
    let outcome = summarise(fake, &probe, rate, start_stamp, usage);
    Ok((outcome, probe))
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
        answered: latencies.len(),
        busy: probe.busy.load(Ordering::Acquire),
        within_deadline: latencies.partition_point(|l| *l <= DEADLINE),
        late_ok: probe.late_ok.load(Ordering::Acquire),
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
