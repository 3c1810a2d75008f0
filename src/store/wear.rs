//! Keeping each pair's wear warnings right when its distance changes under it: runs removed
//! or moved, or its retirement distance rounded. The levels themselves are the shoes
//! domain's ([`crate::wear`]).

use anyhow::Context as _;

use super::{db_id, lock_member, shoes, Conn, Shoes};
use crate::wear;

/// A pair's totals after a change, and the warning the change earned, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairTotals {
    pub shoe_id: i64,
    pub name: String,
    pub total_m: i64,
    pub retire_at_m: i64,
    /// A wear level (70, 80, 90 or 100 percent) reached for the first time.
    pub warning: Option<i64>,
}

/// Brings a pair's wear warning level in line with its total: lowered to the highest level
/// still reached, so that crossing it again warns again, or raised to a level newly reached,
/// which is returned so the member is warned once.
pub(super) async fn settle(conn: &mut Conn, shoe_id: i64) -> anyhow::Result<PairTotals> {
    let (name, total_m, retire_at_m, alert): (String, i64, i64, i64) = sqlx::query_as(
        "SELECT s.name, CAST(s.start_m + COALESCE(SUM(r.distance_m), 0) AS BIGINT), \
         s.retire_at_m, CAST(s.alert_pct AS BIGINT) \
         FROM shoes s LEFT JOIN runs r ON r.shoe_id = s.shoe_id \
         WHERE s.shoe_id = $1 GROUP BY s.shoe_id",
    )
    .bind(shoe_id)
    .fetch_one(&mut *conn)
    .await
    .context("totalling a shoe")?;
    let level = wear::level_reached(total_m, retire_at_m);
    let mut warning = None;
    if level < alert {
        sqlx::query("UPDATE shoes SET alert_pct = $1 WHERE shoe_id = $2")
            .bind(level)
            .bind(shoe_id)
            .execute(&mut *conn)
            .await
            .context("lowering a wear warning")?;
    } else if level > alert && shoes::raise_alert(conn, shoe_id, level).await? {
        warning = Some(level);
    }
    Ok(PairTotals {
        shoe_id,
        name,
        total_m,
        retire_at_m,
        warning,
    })
}

/// Locks one of the member's shoes for the rest of the transaction (a row lock on
/// `PostgreSQL`, the write lock on `SQLite`); `false` if it is not theirs, or retired when
/// `active` is asked for.
pub(super) async fn lock_shoe(
    conn: &mut Conn,
    user: i64,
    shoe_id: i64,
    active: bool,
) -> anyhow::Result<bool> {
    let sql = if active {
        "UPDATE shoes SET alert_pct = alert_pct \
         WHERE shoe_id = $1 AND user_id = $2 AND retired_at IS NULL"
    } else {
        "UPDATE shoes SET alert_pct = alert_pct WHERE shoe_id = $1 AND user_id = $2"
    };
    let done = sqlx::query(sql)
        .bind(shoe_id)
        .bind(user)
        .execute(conn)
        .await
        .context("locking a shoe")?;
    Ok(done.rows_affected() == 1)
}

impl Shoes<'_> {
    /// Sets new retirement distances on some of the member's active pairs, in one
    /// transaction, keeping their wear warnings right (unlike [`Shoes::edit`], which starts
    /// them afresh). Returns the pairs changed.
    pub async fn set_retire_distances(
        &self,
        user_id: u64,
        changes: &[(i64, i64)],
    ) -> anyhow::Result<Vec<PairTotals>> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        lock_member(&mut tx, self.backend, user).await?;
        let mut settled = Vec::new();
        for &(shoe_id, retire_at_m) in changes {
            let done = sqlx::query(
                "UPDATE shoes SET retire_at_m = $1 \
                 WHERE user_id = $2 AND shoe_id = $3 AND retired_at IS NULL",
            )
            .bind(retire_at_m)
            .bind(user)
            .bind(shoe_id)
            .execute(&mut *tx)
            .await
            .context("setting a retirement distance")?;
            if done.rows_affected() == 1 {
                settled.push(settle(&mut tx, shoe_id).await?);
            }
        }
        tx.commit()
            .await
            .context("committing retirement distances")?;
        Ok(settled)
    }
}
