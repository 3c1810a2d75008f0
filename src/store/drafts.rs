//! The `shoe_drafts` table: a pair `/shoes add` was asked to add already past its retirement
//! distance, kept until the member answers the question. At most one per member; one left
//! unanswered for a day is dropped by the next draft anyone saves.

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyPool;

use super::db_id;

pub struct Drafts<'a> {
    pub(super) pool: &'a AnyPool,
}

/// A pair waiting for its owner's answer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ShoeDraft {
    pub name: String,
    pub brand: Option<String>,
    pub model: Option<String>,
    pub start_m: i64,
    pub retire_at_m: i64,
    /// 1 when the pair should become the default.
    pub make_default: i64,
}

/// How long a question stays answerable.
const KEPT_FOR_HOURS: i64 = 24;

impl Drafts<'_> {
    /// Keeps `draft` for `user_id`'s answer, in place of their earlier one; its id goes in
    /// the question's buttons.
    pub async fn save(
        &self,
        user_id: u64,
        draft: &ShoeDraft,
        now: DateTime<Utc>,
    ) -> anyhow::Result<i64> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        sqlx::query("DELETE FROM shoe_drafts WHERE user_id = $1 OR created_at < $2")
            .bind(user)
            .bind((now - Duration::hours(KEPT_FOR_HOURS)).to_rfc3339())
            .execute(&mut *tx)
            .await
            .context("dropping old shoe drafts")?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO shoe_drafts \
             (user_id, name, brand, model, start_m, retire_at_m, make_default, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING draft_id",
        )
        .bind(user)
        .bind(&draft.name)
        .bind(&draft.brand)
        .bind(&draft.model)
        .bind(draft.start_m)
        .bind(draft.retire_at_m)
        .bind(draft.make_default)
        .bind(now.to_rfc3339())
        .fetch_one(&mut *tx)
        .await
        .context("saving a shoe draft")?;
        tx.commit().await.context("committing a shoe draft")?;
        Ok(id)
    }

    /// Removes and returns the member's draft `draft_id`; `None` when it was answered,
    /// replaced, dropped or is not theirs.
    pub async fn take(
        &self,
        user_id: u64,
        draft_id: i64,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Option<ShoeDraft>> {
        sqlx::query_as(
            "DELETE FROM shoe_drafts WHERE draft_id = $1 AND user_id = $2 AND created_at >= $3 \
             RETURNING name, brand, model, start_m, retire_at_m, make_default",
        )
        .bind(draft_id)
        .bind(db_id(user_id)?)
        .bind((now - Duration::hours(KEPT_FOR_HOURS)).to_rfc3339())
        .fetch_optional(self.pool)
        .await
        .context("taking a shoe draft")
    }
}
