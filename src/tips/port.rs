//! The port: what the tips feature needs from outside, as traits the scheduler and delivery
//! call and the adapters implement (`crate::discord::tips_api` in production, fakes in tests
//! and benchmarks), which `crate::startup` hands to the scheduler and to the commands. A failed
//! post comes back as a [`PostError`].

use chrono::{DateTime, Utc};

use super::PostError;
use crate::reply::Reply;

/// The time, injectable so tests can move it.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// What the tips feature needs from Discord.
#[async_trait::async_trait]
pub trait TipsApi: Send + Sync {
    /// Posts a message in a channel.
    async fn post(&self, channel_id: u64, reply: &Reply) -> Result<(), PostError>;
    /// Sends a direct message to a member.
    async fn tell(&self, user_id: u64, text: &str) -> anyhow::Result<()>;
    /// Permissions the bot lacks in a channel, by name; empty when it has them all.
    async fn missing_permissions(
        &self,
        guild_id: u64,
        channel_id: u64,
    ) -> anyhow::Result<Vec<&'static str>>;
}
