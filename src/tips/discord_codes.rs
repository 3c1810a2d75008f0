//! Discord's JSON error codes that tell pacer a channel is out of reach for good. Discord
//! specifics that belong behind the port: the adapter (`crate::discord::tips_api`) sorts
//! replies with [`CHANNEL_GONE`], and [`super::PostError::reason`] words each for admins.
//! They stay here, plain constants, until the adapter can hand over a reason of its own.

/// The bot can't see the channel.
pub const MISSING_ACCESS: i64 = 50001;
/// The bot sees the channel but may not post there.
pub const MISSING_PERMISSIONS: i64 = 50013;
/// The channel was deleted.
pub const UNKNOWN_CHANNEL: i64 = 10003;

/// Discord's error codes that mean the channel is out of reach for good.
pub const CHANNEL_GONE: [i64; 3] = [MISSING_ACCESS, MISSING_PERMISSIONS, UNKNOWN_CHANNEL];
