//! The `guild_settings` table: what a server's admins chose for pacer.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;

use super::Conn;

use super::db_id;

pub struct Settings<'a> {
    pub(super) pool: &'a AnyPool,
}

impl Settings<'_> {
    pub async fn emergency_number(&self, guild_id: u64) -> anyhow::Result<Option<String>> {
        let number: Option<Option<String>> =
            sqlx::query_scalar("SELECT emergency_number FROM guild_settings WHERE guild_id = $1")
                .bind(db_id(guild_id)?)
                .fetch_optional(self.pool)
                .await
                .context("reading the emergency number")?;
        Ok(number.flatten())
    }

    /// Sets the server's emergency number; `None` goes back to the neutral list.
    pub async fn set_emergency_number(
        &self,
        guild_id: u64,
        number: Option<&str>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, emergency_number, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id) DO UPDATE SET emergency_number = excluded.emergency_number, \
             updated_at = excluded.updated_at",
        )
        .bind(db_id(guild_id)?)
        .bind(number)
        .bind(now.to_rfc3339())
        .execute(self.pool)
        .await
        .context("saving the emergency number")?;
        Ok(())
    }
}

pub(super) async fn delete_guild(conn: &mut Conn, guild: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM guild_settings WHERE guild_id = $1")
        .bind(guild)
        .execute(conn)
        .await
        .context("deleting a server's settings")?;
    Ok(())
}
