//! Fixed-rate runs and the sweep for the highest rate sustained, over any [`Wire`].

use std::time::Duration;

use crate::cases::{Case, MEMBERS};
use crate::fake::Fake;
use crate::load::{offer, offer_probed, Outcome, Wire, DRAIN};
use crate::probe::Kind;
use crate::procs::Bot;
use crate::report::Report;
use crate::Options;

/// The p99 above which a rate counts as not sustained.
pub const P99_LIMIT: Duration = Duration::from_millis(100);
/// Rates tried when looking for the highest one sustained.
const SWEEP: [f64; 9] = [
    1000.0, 2000.0, 3000.0, 5000.0, 7000.0, 10000.0, 14000.0, 20000.0, 28000.0,
];

/// The best sweep step, and the first that failed.
pub type Sustained = (Option<Outcome>, Option<Outcome>);

/// One kind of interaction to measure, the reply that counts as right, and its row label.
pub struct Load {
    pub case: Case,
    pub marker: &'static str,
    pub label: String,
}

impl Load {
    pub fn of(case: Case, suffix: &str) -> Load {
        Load {
            case,
            marker: case.marker(),
            label: format!("{}{suffix}", case.label()),
        }
    }

    /// A run at each fixed rate over the gateway, then the sweep; returns the sweep's result.
    pub async fn measure(
        &self,
        fake: &Fake,
        pid: u32,
        rates: &[f64],
        options: &Options,
        report: &mut Report,
    ) -> anyhow::Result<Sustained> {
        for &rate in rates {
            let frames = self.case.frames(rate_count(rate, options.run_seconds));
            let outcome = offer(fake, &frames, rate, self.marker, pid).await?;
            report.latency(&self.label, &outcome);
        }
        let case = self.case;
        let best = sweep(fake, &self.label, self.marker, pid, options, |n| {
            case.frames(n)
        })
        .await?;
        report.sustained(&self.label, best.clone());
        Ok(best)
    }
}

// A positive rate over a few seconds: a small count; `as` saturates.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn rate_count(rate: f64, seconds: f64) -> usize {
    (rate * seconds) as usize
}

/// `/shoes log` at fixed rates and then rising, after each member added a pair; returns the
/// sweep's result.
pub async fn shoes(
    fake: &Fake,
    bot: &Bot,
    backend: &str,
    rates: &[f64],
    options: &Options,
    report: &mut Report,
) -> anyhow::Result<Sustained> {
    shoes_members(fake, bot.pid).await?;
    let load = Load::of(Case::ShoesLog, &format!(", {backend}"));
    load.measure(fake, bot.pid, rates, options, report).await
}

/// Gives each of [`MEMBERS`] members a pair of shoes, through the bot: at 500/s, then more
/// gently for those pacer was too busy to answer.
pub async fn shoes_members(fake: &Fake, pid: u32) -> anyhow::Result<()> {
    let mut waiting: Vec<usize> = (0..MEMBERS).collect();
    let mut rate = 500.0;
    for _ in 0..5 {
        let frames = Case::ShoesAdd.by_members(&waiting);
        let (_, probe) =
            offer_probed(fake, &frames, rate, Case::ShoesAdd.marker(), pid, DRAIN).await?;
        let mut kinds = (0..waiting.len()).map(|i| probe.kind(i));
        waiting.retain(|_| kinds.next().is_some_and(|k| k != Kind::Expected));
        if waiting.is_empty() {
            return Ok(());
        }
        eprintln!("  {} members still without a pair: again", waiting.len());
        rate = 100.0;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    anyhow::bail!(
        "{} of {MEMBERS} members could not add a pair",
        waiting.len()
    )
}

/// The highest rate in [`SWEEP`] at which every interaction is answered as expected with p99
/// within [`P99_LIMIT`], and the first run that failed. `wire` makes a run of n interactions.
pub async fn sweep<W: Wire>(
    fake: &Fake,
    label: &str,
    marker: &'static str,
    pid: u32,
    options: &Options,
    wire: impl Fn(usize) -> W,
) -> anyhow::Result<Sustained> {
    let mut best = None;
    for rate in SWEEP {
        let run = wire(rate_count(rate, options.sweep_seconds));
        let outcome = offer(fake, &run, rate, marker, pid).await?;
        eprintln!(
            "  sweep {label}: {rate}/s p99 {:?}, {} of {} ok",
            outcome.p99, outcome.ok, outcome.offered
        );
        let held = outcome.holds(P99_LIMIT);
        // Let queues from this run drain before the next run, in the sweep or after it: a
        // failed step leaves the most behind.
        tokio::time::sleep(Duration::from_secs(if held { 1 } else { 5 })).await;
        if !held {
            return Ok((best, Some(outcome)));
        }
        best = Some(outcome);
    }
    Ok((best, None))
}
