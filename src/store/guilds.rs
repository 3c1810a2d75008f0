//! The `guilds` table: which servers pacer is in.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::{db_id, leaderboard, settings, tips};
use crate::shards::ShardRange;

/// Rows in one `INSERT` of [`Guilds::joined_many`]: two values each, well under the 999
/// bound values of older `SQLite` builds.
const ROWS_PER_INSERT: usize = 400;

pub struct Guilds<'a> {
    pub(super) pool: &'a AnyPool,
}

impl Guilds<'_> {
    /// Records that pacer is in `guild_id`; keeps the first join time on repeats.
    pub async fn joined(&self, guild_id: u64, at: DateTime<Utc>) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO guilds (guild_id, joined_at) VALUES ($1, $2) \
             ON CONFLICT (guild_id) DO NOTHING",
        )
        .bind(db_id(guild_id)?)
        .bind(at.to_rfc3339())
        .execute(self.pool)
        .await
        .with_context(|| format!("recording guild {guild_id}"))?;
        Ok(())
    }

    /// Records that pacer is in each of `guild_ids`, all in one transaction; keeps the first
    /// join time of servers already known. For the flood of server joins after READY.
    pub async fn joined_many(&self, guild_ids: &[u64], at: DateTime<Utc>) -> anyhow::Result<()> {
        let mut ids = guild_ids
            .iter()
            .map(|id| db_id(*id))
            .collect::<anyhow::Result<Vec<i64>>>()?;
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        let joined_at = at.to_rfc3339();
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO guilds (guild_id, joined_at) VALUES {} \
                 ON CONFLICT (guild_id) DO NOTHING",
                rows.join(", ")
            );
            let mut insert = sqlx::query(&sql);
            for id in chunk {
                insert = insert.bind(*id).bind(joined_at.clone());
            }
            insert
                .execute(&mut *tx)
                .await
                .with_context(|| format!("recording {} guilds", chunk.len()))?;
        }
        tx.commit().await.context("committing guild joins")?;
        Ok(())
    }

    /// Forgets `guild_id` and everything kept per server after pacer was removed from it.
    pub async fn left(&self, guild_id: u64) -> anyhow::Result<()> {
        let id = db_id(guild_id)?;
        let mut tx = self.pool.begin().await.context("starting a transaction")?;
        sqlx::query("DELETE FROM guilds WHERE guild_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .with_context(|| format!("forgetting guild {guild_id}"))?;
        leaderboard::delete_guild(&mut tx, id).await?;
        settings::delete_guild(&mut tx, id).await?;
        tips::delete_guild(&mut tx, id).await?;
        tx.commit().await.context("committing a guild removal")?;
        Ok(())
    }

    /// Forgets every known server of shard `shard` (of `total`) not in `present`; returns
    /// the ids it forgot.
    pub async fn keep_only(
        &self,
        present: &[u64],
        shard: u32,
        total: u32,
    ) -> anyhow::Result<Vec<u64>> {
        let known: Vec<i64> = sqlx::query_scalar("SELECT guild_id FROM guilds")
            .fetch_all(self.pool)
            .await
            .context("listing guilds")?;
        let present: std::collections::HashSet<u64> = present.iter().copied().collect();
        let mut gone = Vec::new();
        for id in known.into_iter().filter_map(|id| u64::try_from(id).ok()) {
            if ShardRange::shard_of(id, total) == shard && !present.contains(&id) {
                self.left(id).await?;
                gone.push(id);
            }
        }
        Ok(gone)
    }

    pub async fn contains(&self, guild_id: u64) -> anyhow::Result<bool> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT guild_id FROM guilds WHERE guild_id = $1")
            .bind(db_id(guild_id)?)
            .fetch_optional(self.pool)
            .await
            .context("looking up a guild")?;
        Ok(row.is_some())
    }

    pub async fn count(&self) -> anyhow::Result<u64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM guilds")
            .fetch_one(self.pool)
            .await
            .context("counting guilds")?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
