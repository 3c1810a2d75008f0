//! One step of the scheduler, [`Scheduler::run_due`]: read the due schedules, claim each with
//! a compare-and-set, skip the ones past the grace window, and post the rest, a few at once.

use chrono::{DateTime, Utc};
use futures_util::StreamExt as _;

use super::schedule::TipSchedule;
use super::{deliver, Delivery, Kind, OnRefusal, Scheduler};
use crate::store::TipScheduleRow;

/// Schedules read per step; the rest are read by the next step, right after.
pub(super) const BATCH: i64 = 500;
/// Schedules handled at once within a step: enough to keep the pace while some posts wait on
/// Discord, few enough to leave the database to interactions.
pub const IN_FLIGHT: usize = 8;
/// A post this late is never "missed": steps run a little after the due second.
const ON_TIME: chrono::Duration = chrono::Duration::seconds(60);

/// What one step did, for logs, tests and benchmarks.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StepReport {
    pub due: usize,
    pub posted: usize,
    /// Claimed but too late: skipped, schedule moved on.
    pub skipped: usize,
    /// Claimed by another process first.
    pub lost: usize,
    pub failed: usize,
}

impl StepReport {
    /// Whether the step read a whole batch, so that more may be due right now.
    pub(super) fn was_full(&self) -> bool {
        usize::try_from(BATCH).is_ok_and(|batch| self.due >= batch)
    }

    fn count(&mut self, handled: Handled) {
        match handled {
            Handled::Posted => self.posted += 1,
            Handled::Skipped => self.skipped += 1,
            Handled::Lost => self.lost += 1,
            Handled::Failed => self.failed += 1,
            Handled::Stopping => {}
        }
    }
}

/// How one due schedule was handled.
#[derive(Debug, Clone, Copy)]
enum Handled {
    Posted,
    /// Claimed but too late: skipped, schedule moved on.
    Skipped,
    /// Claimed by another process first.
    Lost,
    Failed,
    /// Left for after the restart: pacer is shutting down.
    Stopping,
}

impl Scheduler {
    /// Posts every due tip once, skips the ones too late, and moves each schedule on. Up to
    /// [`IN_FLIGHT`] schedules are handled at once, their posts spaced by the pace.
    pub async fn run_due(&self) -> anyhow::Result<StepReport> {
        let now = self.clock.now();
        let mut due = Vec::new();
        for kind in Kind::ALL {
            let rows = kind.schedules(&self.app.store);
            due.extend(
                rows.due(now, BATCH, self.shards)
                    .await?
                    .into_iter()
                    .map(|r| (kind, r)),
            );
        }
        let mut report = StepReport {
            due: due.len(),
            ..StepReport::default()
        };
        let mut handled = futures_util::stream::iter(due)
            .map(|(kind, row)| self.handle(kind, row, now))
            .buffer_unordered(IN_FLIGHT);
        while let Some(outcome) = handled.next().await {
            report.count(outcome?);
        }
        Ok(report)
    }

    /// Claims one due schedule and posts its tip or digest, unless it is too late.
    async fn handle(
        &self,
        kind: Kind,
        row: TipScheduleRow,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Handled> {
        let Some(due_at) = row.next_run_at else {
            return Ok(Handled::Lost);
        };
        if self.app.is_stopping() {
            return Ok(Handled::Stopping);
        }
        let guild = row.guild_id.get();
        let schedules = kind.schedules(&self.app.store);
        let next = match TipSchedule::load(&row.schedule, &row.timezone) {
            Ok(schedule) => schedule.next_after(now).map(|t| t.timestamp()),
            Err(error) => {
                schedules.failed(guild, &error, true).await?;
                return Ok(Handled::Failed);
            }
        };
        let late = now.timestamp() - due_at;
        let Some(pos) = schedules.claim(guild, due_at, next).await? else {
            return Ok(Handled::Lost);
        };
        if late > self.grace.max(ON_TIME).num_seconds() {
            tracing::info!(
                guild_id = guild,
                late_s = late,
                "missed tip skipped: past the grace window"
            );
            return Ok(Handled::Skipped);
        }
        let post = kind.compose(&self.app, &row, pos, now).await?;
        let mut stopping = self.app.stopping.subscribe();
        tokio::select! {
            () = self.pace.turn() => {}
            // Claimed but not posted: like a crash between the two, the post is lost, never doubled.
            _ = stopping.wait_for(|stop| *stop) => return Ok(Handled::Stopping),
        }
        let api = self.api.as_ref();
        let delivery = deliver(
            &self.app,
            api,
            &row,
            &post,
            now,
            self.backoff,
            OnRefusal::TellAdmin,
        )
        .await?;
        crate::telemetry::tip(delivery.outcome());
        Ok(match delivery {
            Delivery::Posted => Handled::Posted,
            Delivery::Disabled(_) | Delivery::Failed(_) => Handled::Failed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_counts_each_outcome_and_knows_a_full_batch() {
        let mut report = StepReport {
            due: 5,
            ..StepReport::default()
        };
        for handled in [
            Handled::Posted,
            Handled::Posted,
            Handled::Skipped,
            Handled::Lost,
            Handled::Failed,
            Handled::Stopping,
        ] {
            report.count(handled);
        }
        assert_eq!(
            (report.posted, report.skipped, report.lost, report.failed),
            (2, 1, 1, 1)
        );
        assert!(!report.was_full());
        report.due = 500;
        assert!(report.was_full());
    }
}
