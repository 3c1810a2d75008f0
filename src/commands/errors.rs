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
    /// The database can't be reached (or is locked) right now; nothing was written.
    #[error("the database is unavailable")]
    Unavailable,
}

pub const GENERIC_FAILURE: &str =
    "Sorry, something went wrong on our side. Please try again in a moment.";

/// What a member sees when pacer already has as much database work in flight as it allows
/// (`PACER_MAX_IN_FLIGHT`): the action was not run, so nothing was saved.
pub const BUSY: &str = "pacer is busy right now. Try again in a moment.";

/// What a member sees while the database can't be reached or is locked.
pub const DATABASE_DOWN: &str =
    "pacer can't reach its database right now; nothing was saved. Try again in a minute.";

impl CommandError {
    /// Tells an unreachable or locked database from other internal errors.
    #[must_use]
    pub fn classify(self, store: &crate::store::Store) -> CommandError {
        match self {
            CommandError::Internal(error) if store.unavailable(&error) => {
                tracing::warn!(error = format!("{error:#}"), "database unavailable");
                CommandError::Unavailable
            }
            other => other,
        }
    }

    pub fn into_reply(self, caller: &Caller, action: &Action) -> Reply {
        match self {
            CommandError::User(text) => Reply::notice(text),
            CommandError::Internal(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    user_id = caller.user_id,
                    guild_id = caller.guild_id,
                    action = action.label(),
                    "command failed"
                );
                Reply::notice(GENERIC_FAILURE)
            }
            CommandError::Unavailable => Reply::notice(DATABASE_DOWN),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::backpain;

    #[test]
    fn members_see_their_own_mistakes_but_not_internal_errors() {
        let caller = Caller {
            user_id: 42,
            guild_id: None,
            permissions: None,
        };
        let action = Action::Backpain(backpain::Action::Plan);
        let user = CommandError::User("That shoe is retired.".into()).into_reply(&caller, &action);
        assert_eq!(user, Reply::notice("That shoe is retired."));
        let internal = CommandError::Internal(anyhow::anyhow!("database is locked: /srv/pacer.db"))
            .into_reply(&caller, &action);
        assert_eq!(internal, Reply::notice(GENERIC_FAILURE));
        assert!(internal.ephemeral);
    }

    #[test]
    fn actions_are_logged_by_name_only() {
        use crate::commands::shoes::input::{DistanceInput, Line};
        use crate::commands::shoes::{refs::ShoeRef, Log};
        let log = Action::Shoes(crate::commands::shoes::Action::Log(Log {
            distance: DistanceInput::parse("5").unwrap(),
            shoe: Some(ShoeRef::Name("Secret pair".into())),
            date: None,
            note: Line::note(Some("knee hurt")).unwrap(),
        }));
        assert_eq!(log.label(), "Shoes::Log");
        let plan = Action::Backpain(backpain::Action::Plan);
        assert_eq!(plan.label(), "Backpain::Plan");
        let export = Action::Privacy(crate::commands::privacy::Action::Export);
        assert_eq!(export.label(), "Privacy::Export");
    }

    #[test]
    fn only_guidance_goes_without_the_store() {
        use crate::commands::tree::{resolve, RawInvocation};
        use crate::commands::{privacy, shoes, Completer, COMMANDS};
        let physio = RawInvocation {
            command: "backpain".into(),
            subcommand: Some("physio".into()),
            options: Vec::new(),
        };
        let triage = resolve(COMMANDS, &physio).unwrap();
        assert!(
            triage.label().starts_with("Backpain::"),
            "{}",
            triage.label()
        );
        let plan = Action::Backpain(backpain::Action::Plan);
        let stretches = Action::Backpain(backpain::Action::Stretches(None));
        for action in [triage, plan, stretches] {
            assert!(!action.needs_store(), "{} is never refused", action.label());
        }
        let log = Action::Shoes(shoes::Action::Log(shoes::Log {
            distance: shoes::input::DistanceInput::parse("5").unwrap(),
            shoe: None,
            date: None,
            note: None,
        }));
        assert!(log.needs_store());
        assert!(Action::Privacy(privacy::Action::Export).needs_store());
        assert!(!Completer::Timezone.needs_store());
        assert!(Completer::Runs.needs_store() && Completer::RunDate.needs_store());
    }
}
