//! `/privacy`: a member sees every row pacer holds about them, or deletes all of it.

use chrono::Utc;
use serde::Serialize;

use super::tree::{CommandSpec, SubcommandSpec};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::{Attachment, Button, ButtonStyle, Reply};
use crate::store::MemberData;
use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Export,
    Delete,
    DeleteConfirmed,
    DeleteCancelled,
}

pub const COMMAND: CommandSpec = CommandSpec {
    name: "privacy",
    description: "See or delete everything pacer stores about you",
    subcommands: &[
        SubcommandSpec {
            name: "export",
            description: "Every row pacer holds about you, as a JSON file only you can see",
            options: &[],
            action: |_| AnyAction::Privacy(Action::Export),
        },
        SubcommandSpec {
            name: "delete",
            description: "Delete your shoes, runs, preferences and leaderboard places (asks first)",
            options: &[],
            action: |_| AnyAction::Privacy(Action::Delete),
        },
    ],
    admin: false,
};

pub const FORGET_BUTTON: ButtonSpec = ButtonSpec {
    kind: "forget",
    action: |state| match state {
        "yes" => Some(AnyAction::Privacy(Action::DeleteConfirmed)),
        "no" => Some(AnyAction::Privacy(Action::DeleteCancelled)),
        _ => None,
    },
};

pub const EXPORT_FILENAME: &str = "pacer-data.json";

/// The export file: who and when, then every row by table.
#[derive(Debug, Serialize)]
struct Export<'a> {
    user_id: String,
    exported_at: String,
    tables: &'a MemberData,
}

pub async fn run(app: &App, caller: &Caller, action: Action) -> Result<Reply, CommandError> {
    let privacy = app.store.privacy();
    match action {
        Action::Export => {
            let data = privacy.export(caller.user_id).await?;
            let file = Export {
                user_id: caller.user_id.to_string(),
                exported_at: Utc::now().to_rfc3339(),
                tables: &data,
            };
            let bytes = serde_json::to_vec_pretty(&file).map_err(anyhow::Error::from)?;
            let mut reply = Reply::notice(format!(
                "Here is every row pacer holds about you: {} in all. `/privacy delete` removes them.",
                data.rows()
            ));
            reply.attachments.push(Attachment {
                filename: EXPORT_FILENAME.to_owned(),
                bytes,
            });
            Ok(reply)
        }
        Action::Delete => Ok(Reply::notice(
            "This deletes your shoes, runs, unit preference and leaderboard places in every server. It can't be undone.",
        )
        .with_buttons(vec![
            Button {
                label: "Delete everything".to_owned(),
                custom_id: FORGET_BUTTON.custom_id("yes"),
                style: ButtonStyle::Danger,
            },
            Button {
                label: "Cancel".to_owned(),
                custom_id: FORGET_BUTTON.custom_id("no"),
                style: ButtonStyle::Secondary,
            },
        ])),
        Action::DeleteConfirmed => {
            let rows = privacy.delete(caller.user_id).await?;
            Ok(Reply::notice(format!(
                "Deleted {rows} rows. pacer holds nothing about you now."
            ))
            .updating_source())
        }
        Action::DeleteCancelled => {
            Ok(Reply::notice("Cancelled. Nothing was deleted.").updating_source())
        }
    }
}
