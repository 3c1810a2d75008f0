//! Logging a run (the `runs` table). A log is one statement: it checks that the pair is the
//! member's and active, that the same run is not logged already, inserts the run and reads
//! the pair's new total and the member's recent runs. Only a wear level newly reached takes
//! a second statement, on the same connection. `/shoes log` without `shoe:` reads the
//! member's preferences and default pair first, with one more statement on that connection.
//!
//! Runs on one pair are totalled one after another. `SQLite` has one connection, held from
//! the insert to the warning, and runs each statement under its write lock. `PostgreSQL`
//! locks the pair's row first, in a transaction, so that the insert, which reads with a
//! snapshot taken after the lock, sees every run logged before it.

use std::ops::RangeInclusive;

use anyhow::{bail, Context as _};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Connection as _;

use super::runs::{LogOutcome, NewRun, Runs, RunsBefore};
use super::shoe_reads::log_start;
use super::{day, db_id, shoes, Backend, Conn, MemberPrefs, Shoe};
use crate::wear;

/// A run compared for duplicates: the same pair, distance and date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SameRun {
    pub shoe_id: i64,
    pub distance_m: i64,
    pub run_on: NaiveDate,
}

/// What [`Runs::log_unless_repeated`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    Done(LogOutcome),
    /// The pair is not the member's, or is retired.
    Unavailable,
    /// Nothing stored: the member has this many runs with the same pair, distance and date,
    /// more than the caller allowed.
    Repeated(i64),
}

/// Inserts the run if the pair is active and the same run is there at most `$7` times, and
/// returns the pair's distance before it, its retirement distance, its wear warning level and
/// the member's longest run and number of runs over `$8..=$9`. The subqueries leave the new
/// row out themselves: `SQLite` shows it to them and `PostgreSQL` does not.
const INSERT: &str = "INSERT INTO runs (shoe_id, user_id, distance_m, run_on, note, logged_at) \
     SELECT s.shoe_id, s.user_id, $1, $2, $3, $4 FROM shoes s \
     WHERE s.shoe_id = $5 AND s.user_id = $6 AND s.retired_at IS NULL \
     AND (SELECT COUNT(*) FROM runs d WHERE d.user_id = $6 AND d.shoe_id = $5 \
          AND d.distance_m = $1 AND d.run_on = $2) <= $7 \
     RETURNING \
     (SELECT CAST(t.start_m + COALESCE((SELECT SUM(o.distance_m) FROM runs o \
        WHERE o.shoe_id = t.shoe_id AND o.run_id <> runs.run_id), 0) AS BIGINT) \
      FROM shoes t WHERE t.shoe_id = $5), \
     (SELECT CAST(t.retire_at_m AS BIGINT) FROM shoes t WHERE t.shoe_id = $5), \
     (SELECT CAST(t.alert_pct AS BIGINT) FROM shoes t WHERE t.shoe_id = $5), \
     (SELECT CAST(COALESCE(MAX(p.distance_m), 0) AS BIGINT) FROM runs p \
      WHERE p.user_id = $6 AND p.run_on >= $8 AND p.run_on <= $9 AND p.run_id <> runs.run_id), \
     (SELECT COUNT(*) FROM runs p \
      WHERE p.user_id = $6 AND p.run_on >= $8 AND p.run_on <= $9 AND p.run_id <> runs.run_id)";

/// Why [`INSERT`] stored nothing: whether the pair is active, and how often the run is there.
const WHY_NOT: &str =
    "SELECT (SELECT COUNT(*) FROM shoes WHERE shoe_id = $1 AND user_id = $2 AND retired_at IS NULL), \
     (SELECT COUNT(*) FROM runs WHERE user_id = $2 AND shoe_id = $1 AND distance_m = $3 \
      AND run_on = $4)";

impl Runs<'_> {
    /// Logs a run on one of the member's active shoes; `None` if the shoe is not theirs or is
    /// retired. Runs the same as one already logged are stored too.
    pub async fn log(&self, run: NewRun<'_>) -> anyhow::Result<Option<LogOutcome>> {
        Ok(match self.log_unless_repeated(run, i64::MAX).await? {
            Logged::Done(outcome) => Some(outcome),
            Logged::Unavailable | Logged::Repeated(_) => None,
        })
    }

    /// Logs a run on one of the member's active shoes unless the member has more than
    /// `allowed` runs with the same pair, distance and date (0: the first of them only).
    pub async fn log_unless_repeated(
        &self,
        run: NewRun<'_>,
        allowed: i64,
    ) -> anyhow::Result<Logged> {
        let mut conn = self.pool.acquire().await.context("getting a connection")?;
        log_on(&mut conn, self.backend, &run, allowed).await
    }

    /// `/shoes log` without `shoe:` on one connection, taken once: reads the member's
    /// preferences and active default pair ([`log_start`]), lets `plan` work out the run
    /// from them or refuse, and logs it as [`Runs::log_unless_repeated`] does. `plan` cannot
    /// wait, so the connection is held only while it computes.
    pub async fn log_default<E>(
        &self,
        user_id: u64,
        plan: impl FnOnce(&MemberPrefs, Option<&Shoe>) -> Result<Planned, E>,
    ) -> anyhow::Result<DefaultLog<E>> {
        let mut conn = self.pool.acquire().await.context("getting a connection")?;
        let (prefs, pair) = log_start(&mut conn, db_id(user_id)?).await?;
        let planned = match plan(&prefs, pair.as_ref()) {
            Ok(planned) => planned,
            Err(refused) => {
                return Ok(DefaultLog {
                    prefs,
                    pair,
                    logged: Err(refused),
                })
            }
        };
        let run = NewRun {
            user_id,
            shoe_id: planned.same.shoe_id,
            distance_m: planned.same.distance_m,
            run_on: planned.same.run_on,
            note: planned.note.as_deref(),
            now: planned.now,
            compare: planned.compare.clone(),
        };
        let logged = log_on(&mut conn, self.backend, &run, planned.allowed).await?;
        Ok(DefaultLog {
            prefs,
            pair,
            logged: Ok((planned, logged)),
        })
    }
}

/// A run [`Runs::log_default`]'s plan worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub same: SameRun,
    pub note: Option<String>,
    pub now: DateTime<Utc>,
    /// See [`NewRun::compare`].
    pub compare: RangeInclusive<NaiveDate>,
    /// See [`Runs::log_unless_repeated`].
    pub allowed: i64,
}

/// What [`Runs::log_default`] read and did.
#[derive(Debug)]
pub struct DefaultLog<E> {
    pub prefs: MemberPrefs,
    /// The member's active default pair.
    pub pair: Option<Shoe>,
    /// The run planned and what logging it did, or why the plan refused it.
    pub logged: Result<(Planned, Logged), E>,
}

/// Logs `run` on `conn`, locking its pair first on `PostgreSQL`.
async fn log_on(
    conn: &mut Conn,
    backend: Backend,
    run: &NewRun<'_>,
    allowed: i64,
) -> anyhow::Result<Logged> {
    let user = db_id(run.user_id)?;
    if backend == Backend::Sqlite {
        // The one connection, held until the warning is settled: nothing else runs in
        // between.
        return insert(conn, user, run, allowed).await;
    }
    let mut tx = conn.begin().await.context("starting a transaction")?;
    let locked: Option<i64> = sqlx::query_scalar(
        "SELECT shoe_id FROM shoes \
         WHERE shoe_id = $1 AND user_id = $2 AND retired_at IS NULL FOR UPDATE",
    )
    .bind(run.shoe_id)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await
    .context("locking a shoe")?;
    if locked.is_none() {
        return Ok(Logged::Unavailable);
    }
    let logged = insert(&mut tx, user, run, allowed).await?;
    if matches!(logged, Logged::Done(_)) {
        tx.commit().await.context("committing a run")?;
    }
    Ok(logged)
}

/// [`INSERT`], then the wear warning if the run reached a new level. Nothing changes the
/// pair or its runs in between: `SQLite`'s connection is held, `PostgreSQL`'s row locked.
async fn insert(
    conn: &mut Conn,
    user: i64,
    run: &NewRun<'_>,
    allowed: i64,
) -> anyhow::Result<Logged> {
    let run_on = day(run.run_on);
    let row: Option<(i64, i64, i64, i64, i64)> = sqlx::query_as(INSERT)
        .bind(run.distance_m)
        .bind(&run_on)
        .bind(run.note)
        .bind(run.now.to_rfc3339())
        .bind(run.shoe_id)
        .bind(user)
        .bind(allowed)
        .bind(day(*run.compare.start()))
        .bind(day(*run.compare.end()))
        .fetch_optional(&mut *conn)
        .await
        .context("logging a run")?;
    if let Some((before_m, retire_at_m, alert, longest_m, runs)) = row {
        let total_m = before_m + run.distance_m;
        let level = wear::level_reached(total_m, retire_at_m);
        let raised = level > alert && shoes::raise_alert(conn, run.shoe_id, level).await?;
        return Ok(Logged::Done(LogOutcome {
            total_m,
            retire_at_m,
            warning: raised.then_some(level),
            before: RunsBefore { longest_m, runs },
        }));
    }
    let (active, same): (i64, i64) = sqlx::query_as(WHY_NOT)
        .bind(run.shoe_id)
        .bind(user)
        .bind(run.distance_m)
        .bind(&run_on)
        .fetch_one(&mut *conn)
        .await
        .context("looking for the same run")?;
    if active == 0 {
        Ok(Logged::Unavailable)
    } else if same > allowed {
        Ok(Logged::Repeated(same))
    } else {
        bail!("a run was refused on an active pair without being repeated")
    }
}

#[cfg(test)]
#[path = "run_log_tests.rs"]
mod tests;
