//! `/privacy`: a member sees every row pacer holds about them, or deletes all of it.

mod csv;
mod summary;

use chrono::Utc;
use serde::Serialize;

use super::tree::{CommandSpec, SubcommandSpec};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::reply::{Attachment, Button, ButtonStyle, Reply};
use crate::store::MemberData;
use crate::store::{Erase, MEMBER_COLUMNS};
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
            description:
                "Every row pacer holds about you, as files only you can see (JSON, runs as CSV)",
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
            let counts: Vec<summary::Count> = MEMBER_COLUMNS
                .iter()
                .map(|c| {
                    let rows = data.table(c.table).len() as u64;
                    (c.table, rows, c.erase == Erase::Id)
                })
                .collect();
            let runs = data.table("runs").len() as u64;
            let mut reply = Reply::notice(summary::exported(&counts, runs));
            reply.attachments.push(Attachment {
                filename: EXPORT_FILENAME.to_owned(),
                bytes,
            });
            reply.attachments.push(Attachment {
                filename: csv::FILENAME.to_owned(),
                bytes: csv::runs(&data),
            });
            Ok(reply)
        }
        Action::Delete => Ok(Reply::notice(
            "This deletes your shoes, runs, settings (unit and time zone) and leaderboard places in every server, and forgets that you set up any server's warm-up tips (the tips keep going). It can't be undone.",
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
            let erased = privacy.delete(caller.user_id).await?;
            let counts: Vec<summary::Count> = erased
                .tables
                .iter()
                .map(|(table, rows)| {
                    let servers = MEMBER_COLUMNS
                        .iter()
                        .any(|c| c.table == *table && c.erase == Erase::Id);
                    (*table, *rows, servers)
                })
                .collect();
            Ok(Reply::notice(summary::deleted(&counts)).updating_source())
        }
        Action::DeleteCancelled => {
            Ok(Reply::notice("Cancelled. Nothing was deleted.").updating_source())
        }
    }
}
