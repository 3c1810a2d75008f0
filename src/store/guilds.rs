//! The `guilds` table: which servers pacer is in.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

pub struct Guilds<'a> {
    pub(super) pool: &'a SqlitePool,
}

impl Guilds<'_> {
    /// Records that pacer is in `guild_id`; keeps the first join time on repeats.
    pub async fn joined(&self, guild_id: u64, at: DateTime<Utc>) -> anyhow::Result<()> {
        sqlx::query("INSERT INTO guilds (guild_id, joined_at) VALUES (?, ?) ON CONFLICT (guild_id) DO NOTHING")
            .bind(db_id(guild_id)?)
            .bind(at.to_rfc3339())
            .execute(self.pool)
            .await
            .with_context(|| format!("recording guild {guild_id}"))?;
        Ok(())
    }

    /// Forgets `guild_id` after pacer was removed from it.
    pub async fn left(&self, guild_id: u64) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM guilds WHERE guild_id = ?")
            .bind(db_id(guild_id)?)
            .execute(self.pool)
            .await
            .with_context(|| format!("forgetting guild {guild_id}"))?;
        Ok(())
    }

    pub async fn contains(&self, guild_id: u64) -> anyhow::Result<bool> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT guild_id FROM guilds WHERE guild_id = ?")
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

/// Discord ids are 64-bit unsigned snowflakes below 2^63; databases store signed 64-bit.
fn db_id(id: u64) -> anyhow::Result<i64> {
    i64::try_from(id).with_context(|| format!("id {id} does not fit a signed 64-bit column"))
}
