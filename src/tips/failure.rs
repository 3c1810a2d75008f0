//! Why a tip was not posted, in words for the server's admins. What they read (in
//! `/tips status`, `/tips now` and the direct message) says what happened and what pacer
//! does next; the technical detail (HTTP client errors, URLs, Discord's messages) goes only
//! to the log, where the failure happens.

use std::time::Duration;

use crate::reply::mention;

/// Why Discord refused a channel for good, as the adapter read it in Discord's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// pacer sees the channel but may not post there.
    MissingPermission,
    /// pacer can't see the channel.
    NoAccess,
    /// The channel was deleted.
    ChannelGone,
}

/// Why Discord did not take a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostError {
    /// The channel is out of reach for good, for `why`: retrying won't help; the schedule is
    /// disabled until an admin fixes the channel. `code` is Discord's own number for the
    /// refusal, shown to admins as detail they can look up.
    ChannelRefused {
        why: Refusal,
        code: i64,
    },
    /// Any other 4xx: not worth retrying, but no reason to stop the schedule.
    Rejected {
        status: u16,
    },
    RateLimited(Duration),
    /// 5xx: worth a retry.
    ServerError {
        status: u16,
    },
    /// No answer at all (connection, name lookup, TLS, timeout): worth a retry.
    Unreachable,
    /// pacer could not even build the request.
    Internal,
}

/// A lasting refusal, for an admin, with Discord's code as detail.
fn refused(why: Refusal, code: i64, channel: u64) -> String {
    let channel = mention::channel(channel);
    let what = match why {
        Refusal::MissingPermission => format!("pacer is missing permission to post in {channel}"),
        Refusal::NoAccess => format!("pacer can't see {channel}"),
        Refusal::ChannelGone => format!("{channel} no longer exists"),
    };
    format!("{what} (Discord error {code})")
}

/// What pacer does after a failure that does not stop the schedule.
pub const TRY_AGAIN: &str = "pacer will try again at the next post";

impl PostError {
    /// Why the channel is out of reach for good, with Discord's code; `None` for a failure
    /// that leaves the schedule on.
    pub fn refusal(&self) -> Option<(Refusal, i64)> {
        match *self {
            PostError::ChannelRefused { why, code } => Some((why, code)),
            _ => None,
        }
    }

    /// What went wrong, for an admin, naming the channel as a mention.
    pub fn reason(&self, channel: u64) -> String {
        match self {
            PostError::ChannelRefused { why, code } => refused(*why, *code, channel),
            PostError::Rejected { status } => {
                format!("Discord didn't accept the tip (HTTP {status})")
            }
            PostError::RateLimited(wait) => format!(
                "Discord asked pacer to wait {} s before posting again",
                wait.as_secs_f64().ceil()
            ),
            PostError::ServerError { status } => {
                format!("Discord was having problems (server error {status})")
            }
            PostError::Unreachable => "couldn't reach Discord".to_owned(),
            PostError::Internal => {
                "pacer couldn't prepare the tip (the details are in pacer's log)".to_owned()
            }
        }
    }

    /// Whether another attempt soon may go better.
    pub fn retry(&self) -> bool {
        matches!(self, PostError::ServerError { .. } | PostError::Unreachable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_channel_and_hold_no_internals() {
        let channel = 42;
        let reasons = [
            (
                PostError::ChannelRefused {
                    why: Refusal::MissingPermission,
                    code: 50013,
                },
                "pacer is missing permission to post in <#42> (Discord error 50013)",
            ),
            (
                PostError::ChannelRefused {
                    why: Refusal::NoAccess,
                    code: 50001,
                },
                "pacer can't see <#42> (Discord error 50001)",
            ),
            (
                PostError::ChannelRefused {
                    why: Refusal::ChannelGone,
                    code: 10003,
                },
                "<#42> no longer exists (Discord error 10003)",
            ),
            (
                PostError::Rejected { status: 400 },
                "Discord didn't accept the tip (HTTP 400)",
            ),
            (
                PostError::RateLimited(Duration::from_millis(90_500)),
                "Discord asked pacer to wait 91 s before posting again",
            ),
            (
                PostError::ServerError { status: 502 },
                "Discord was having problems (server error 502)",
            ),
            (PostError::Unreachable, "couldn't reach Discord"),
        ];
        for (error, expected) in reasons {
            assert_eq!(error.reason(channel), expected);
        }
        assert!(PostError::Unreachable.retry());
        assert!(PostError::ServerError { status: 500 }.retry());
        assert!(!PostError::Rejected { status: 400 }.retry());
        let gone = PostError::ChannelRefused {
            why: Refusal::NoAccess,
            code: 50001,
        };
        assert!(!gone.retry());
        assert_eq!(gone.refusal(), Some((Refusal::NoAccess, 50001)));
        assert_eq!(PostError::Unreachable.refusal(), None);
    }
}
