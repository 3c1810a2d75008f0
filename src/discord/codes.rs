//! Discord's JSON error codes that tell pacer a channel is out of reach for good, and what
//! each means for the tips feature ([`Refusal`]). The adapter (`tips_api`) reads them from
//! Discord's answers; the tips core only ever sees the [`Refusal`].

use crate::tips::Refusal;

/// The bot can't see the channel.
const MISSING_ACCESS: i64 = 50001;
/// The bot sees the channel but may not post there.
const MISSING_PERMISSIONS: i64 = 50013;
/// The channel was deleted.
const UNKNOWN_CHANNEL: i64 = 10003;

/// What Discord's error `code` says about the channel, when it says the channel is out of
/// reach for good; `None` for any other code.
pub fn refusal(code: i64) -> Option<Refusal> {
    match code {
        MISSING_PERMISSIONS => Some(Refusal::MissingPermission),
        MISSING_ACCESS => Some(Refusal::NoAccess),
        UNKNOWN_CHANNEL => Some(Refusal::ChannelGone),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_channel_codes_are_lasting_refusals() {
        assert_eq!(refusal(50013), Some(Refusal::MissingPermission));
        assert_eq!(refusal(50001), Some(Refusal::NoAccess));
        assert_eq!(refusal(10003), Some(Refusal::ChannelGone));
        assert_eq!(
            refusal(50035),
            None,
            "invalid form body: not the channel's fault"
        );
        assert_eq!(refusal(0), None);
    }
}
