//! The `member_prefs` table: each member's preferred distance unit and time zone, each set
//! on its own (either may be empty).

use anyhow::Context as _;
use sqlx::AnyPool;

use super::db_id;

pub struct Prefs<'a> {
    pub(super) pool: &'a AnyPool,
}

/// What a member chose; `None` for what they left at the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberPrefs {
    /// `km` or `mi`.
    pub unit: Option<String>,
    /// An IANA time zone name, e.g. `Europe/London`.
    pub timezone: Option<String>,
}

impl Prefs<'_> {
    /// Both preferences in one query.
    pub async fn get(&self, user_id: u64) -> anyhow::Result<MemberPrefs> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT unit, timezone FROM member_prefs WHERE user_id = $1")
                .bind(db_id(user_id)?)
                .fetch_optional(self.pool)
                .await
                .context("reading a member's preferences")?;
        Ok(row
            .map(|(unit, timezone)| MemberPrefs { unit, timezone })
            .unwrap_or_default())
    }

    /// The member's unit code (`km` or `mi`), if they chose one.
    pub async fn unit(&self, user_id: u64) -> anyhow::Result<Option<String>> {
        Ok(self.get(user_id).await?.unit)
    }

    pub async fn set_unit(&self, user_id: u64, unit: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO member_prefs (user_id, unit) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET unit = excluded.unit",
        )
        .bind(db_id(user_id)?)
        .bind(unit)
        .execute(self.pool)
        .await
        .context("saving a member's unit")?;
        Ok(())
    }

    /// Saves the member's time zone by its IANA name.
    pub async fn set_timezone(&self, user_id: u64, timezone: &str) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO member_prefs (user_id, timezone) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
        )
        .bind(db_id(user_id)?)
        .bind(timezone)
        .execute(self.pool)
        .await
        .context("saving a member's time zone")?;
        Ok(())
    }
}
