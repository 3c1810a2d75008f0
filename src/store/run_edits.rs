//! Fixing logged runs: removing any of them and moving one to another pair. Totals are
//! always summed from the runs, so they follow at once; the wear warnings of both pairs are
//! settled in the same transaction ([`super::wear::settle`]).

use anyhow::Context as _;

use super::wear::{lock_shoe, settle, PairTotals};
use super::{db_id, Run, Runs};

/// What removing a run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub run: Run,
    /// The pair it was on, after.
    pub pair: PairTotals,
}

/// A run moved: the run as it was, and the pair it left and the one it joined, after.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedRun {
    pub run: Run,
    pub from: PairTotals,
    pub to: PairTotals,
}

/// What moving a run did.
#[derive(Debug, Clone, PartialEq)]
pub enum Moved {
    Done(Box<MovedRun>),
    /// The run is not the member's (any more).
    Gone,
    /// The run is already on that pair.
    Already,
    /// The pair is not the member's or is retired.
    Unavailable,
}

impl Runs<'_> {
    /// Removes one of the member's runs; `None` if it is not theirs or already gone.
    pub async fn remove(&self, user_id: u64, run_id: i64) -> anyhow::Result<Option<Removed>> {
        let user = db_id(user_id)?;
        let Some(run) = self.get(user_id, run_id).await? else {
            return Ok(None);
        };
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        if !lock_shoe(&mut tx, user, run.shoe_id, false).await? {
            return Ok(None);
        }
        let done =
            sqlx::query("DELETE FROM runs WHERE run_id = $1 AND user_id = $2 AND shoe_id = $3")
                .bind(run_id)
                .bind(user)
                .bind(run.shoe_id)
                .execute(&mut *tx)
                .await
                .context("removing a run")?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let pair = settle(&mut tx, run.shoe_id).await?;
        tx.commit().await.context("committing a removal")?;
        Ok(Some(Removed { run, pair }))
    }

    /// Moves one of the member's runs to another of their active pairs.
    pub async fn move_to(&self, user_id: u64, run_id: i64, to: i64) -> anyhow::Result<Moved> {
        let user = db_id(user_id)?;
        let Some(run) = self.get(user_id, run_id).await? else {
            return Ok(Moved::Gone);
        };
        if run.shoe_id == to {
            return Ok(Moved::Already);
        }
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        // Both pairs locked in the order of their ids, so two moves between the same pairs
        // in opposite directions never wait for each other.
        for shoe_id in [run.shoe_id.min(to), run.shoe_id.max(to)] {
            let target = shoe_id == to;
            if !lock_shoe(&mut tx, user, shoe_id, target).await? {
                return Ok(if target {
                    Moved::Unavailable
                } else {
                    Moved::Gone
                });
            }
        }
        let done = sqlx::query(
            "UPDATE runs SET shoe_id = $1 WHERE run_id = $2 AND user_id = $3 AND shoe_id = $4",
        )
        .bind(to)
        .bind(run_id)
        .bind(user)
        .bind(run.shoe_id)
        .execute(&mut *tx)
        .await
        .context("moving a run")?;
        if done.rows_affected() != 1 {
            return Ok(Moved::Gone);
        }
        let from = settle(&mut tx, run.shoe_id).await?;
        let to = settle(&mut tx, to).await?;
        tx.commit().await.context("committing a move")?;
        Ok(Moved::Done(Box::new(MovedRun { run, from, to })))
    }
}
