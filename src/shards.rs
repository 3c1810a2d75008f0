//! The Discord shards one process runs, and the shard each server belongs to. Shared by
//! `config` (which reads `PACER_SHARDS`), `store` (which claims only its shards' rows), `tips`
//! and `telemetry`, so none of them imports another for it.

/// Shards `first..=last` of `total`, from `PACER_SHARDS=first-last/total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl ShardRange {
    /// The shard a server belongs to, by Discord's rule.
    // The remainder is below `total`, a u32.
    #[allow(clippy::cast_possible_truncation)]
    pub fn shard_of(guild_id: u64, total: u32) -> u32 {
        ((guild_id >> 22) % u64::from(total.max(1))) as u32
    }

    pub fn contains(&self, guild_id: u64) -> bool {
        (self.first..=self.last).contains(&ShardRange::shard_of(guild_id, self.total))
    }

    /// `first-last/total` or `shard/total`; `None` unless `first <= last < total`.
    pub fn parse(text: &str) -> Option<ShardRange> {
        let (range, total) = text.split_once('/')?;
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let range = ShardRange {
            first: first.trim().parse().ok()?,
            last: last.trim().parse().ok()?,
            total: total.trim().parse().ok()?,
        };
        (range.first <= range.last && range.last < range.total).then_some(range)
    }
}
