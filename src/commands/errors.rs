//! The error type of command logic: what a member did wrong is shown to them; what went wrong
//! inside pacer is logged with context and the member gets a short generic message.

use super::{Action, Caller};
use crate::reply::Reply;

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// Something the member can fix; the text is shown to them as is.
    #[error("{0}")]
    User(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub const GENERIC_FAILURE: &str =
    "Sorry, something went wrong on our side. Please try again in a moment.";

impl CommandError {
    pub fn into_reply(self, caller: &Caller, action: &Action) -> Reply {
        match self {
            CommandError::User(text) => Reply::notice(text),
            CommandError::Internal(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    user_id = caller.user_id,
                    guild_id = caller.guild_id,
                    ?action,
                    "command failed"
                );
                Reply::notice(GENERIC_FAILURE)
            }
        }
    }
}
