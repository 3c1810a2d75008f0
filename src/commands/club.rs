//! `/club`: settings a server's admins choose for pacer.

use chrono::Utc;

use super::tree::{CommandSpec, OptionSpec, SubcommandSpec};
use super::{Action as AnyAction, Caller, CommandError};
use crate::reply::Reply;
use crate::text::quote;
use crate::App;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    EmergencyNumber(String),
    Digest(super::digest::Action),
}

pub const COMMAND: CommandSpec = CommandSpec {
    name: "club",
    description: "Server settings for pacer (Manage Server only)",
    subcommands: &[
        SubcommandSpec {
            name: "emergency-number",
            description: "The number /backpain physio tells members to call in an emergency",
            options: &[OptionSpec::text(
                "number",
                "e.g. 999, 112 or 911; `default` shows the list of common numbers again",
                true,
            )],
            action: |args| {
                AnyAction::Club(Action::EmergencyNumber(
                    args.owned("number").unwrap_or_default(),
                ))
            },
        },
        super::digest::SETUP,
        super::digest::OFF,
        super::digest::STATUS,
    ],
    admin: true,
};

/// Digits with optional spaces, `+`, `-`, `(` and `)`: `999`, `112`, `+44 20 7946 0000`.
fn parse_number(text: &str) -> Result<Option<String>, String> {
    let number = text.trim();
    if number.eq_ignore_ascii_case("default") {
        return Ok(None);
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    let valid = (2..=20).contains(&number.chars().count())
        && number.chars().all(allowed)
        && number.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return Err(format!(
            "`{}` is not a phone number. Use digits (2-20 characters, `+ - ( )` and spaces allowed), or `default`.",
            quote(number)
        ));
    }
    Ok(Some(number.to_owned()))
}

pub async fn run(app: &App, caller: &Caller, action: &Action) -> Result<Reply, CommandError> {
    let guild = caller.managed_server()?;
    match action {
        Action::Digest(digest) => super::digest::run(app, caller.user_id, guild, digest).await,
        Action::EmergencyNumber(text) => {
            let number = parse_number(text).map_err(CommandError::User)?;
            app.store
                .settings()
                .set_emergency_number(guild, number.as_deref(), Utc::now())
                .await?;
            Ok(Reply::notice(match number {
                Some(number) => format!(
                    "The emergency outcome of `/backpain physio` now tells members to call {number}."
                ),
                None => "The emergency outcome of `/backpain physio` lists the common emergency numbers again.".to_owned(),
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emergency_numbers_are_digits_or_default() {
        assert_eq!(parse_number(" 999 "), Ok(Some("999".to_owned())));
        assert_eq!(
            parse_number("+44 (0) 20-7946"),
            Ok(Some("+44 (0) 20-7946".to_owned()))
        );
        assert_eq!(parse_number("Default"), Ok(None));
        for bad in ["", "9", "call 999", "@everyone", "+-()", &"1".repeat(21)] {
            assert!(parse_number(bad).is_err(), "{bad:?}");
        }
    }
}
