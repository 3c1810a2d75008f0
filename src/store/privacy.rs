//! A member's right to see and erase their data: every row about them, from every table, in
//! one transaction.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use super::leaderboard::LeaderboardRow;
use super::prefs::PrefsRow;
use super::runs::RunRow;
use super::shoes::ShoeRow;
use super::{db_id, leaderboard, prefs, runs, shoes, Backend};

pub struct Privacy<'a> {
    pub(super) pool: &'a AnyPool,
    pub(super) backend: Backend,
}

/// Every row pacer holds about one member, table by table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberData {
    pub member_prefs: Vec<PrefsRow>,
    pub shoes: Vec<ShoeRow>,
    pub runs: Vec<RunRow>,
    pub leaderboard_members: Vec<LeaderboardRow>,
}

impl MemberData {
    pub fn rows(&self) -> usize {
        self.member_prefs.len()
            + self.shoes.len()
            + self.runs.len()
            + self.leaderboard_members.len()
    }
}

impl Privacy<'_> {
    pub async fn export(&self, user_id: u64) -> anyhow::Result<MemberData> {
        let user = db_id(user_id)?;
        // One read transaction: a consistent snapshot across the tables. PostgreSQL gives
        // each statement its own snapshot unless asked for REPEATABLE READ.
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await
                .context("asking for one snapshot")?;
        }
        let data = MemberData {
            member_prefs: prefs::export(&mut tx, user).await?,
            shoes: shoes::export(&mut tx, user).await?,
            runs: runs::export(&mut tx, user).await?,
            leaderboard_members: leaderboard::export(&mut tx, user).await?,
        };
        tx.commit().await.context("finishing an export")?;
        Ok(data)
    }

    /// Deletes every row about the member; returns how many rows went.
    pub async fn delete(&self, user_id: u64) -> anyhow::Result<u64> {
        let user = db_id(user_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        let mut deleted = runs::delete(&mut tx, user).await?;
        deleted += shoes::delete(&mut tx, user).await?;
        deleted += prefs::delete(&mut tx, user).await?;
        deleted += leaderboard::delete(&mut tx, user).await?;
        tx.commit().await.context("committing a deletion")?;
        Ok(deleted)
    }
}
