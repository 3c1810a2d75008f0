//! What the scheduled posts (tips, the club digest) need from the channel they go to, checked
//! before a schedule is saved.

use super::tips::{refuse, NEEDED};
use super::CommandError;
use crate::reply::Reply;
use crate::tips::TipsApi;
use crate::App;

/// Discord, or the refusal the console shows.
pub(super) fn api(app: &App) -> Result<&dyn TipsApi, CommandError> {
    app.discord
        .get()
        .map(std::convert::AsRef::as_ref)
        .ok_or_else(|| refuse("This needs Discord: run it in your server. The console can show `/tips status`, `/tips preview` and `/club digest-status`."))
}

/// Checks that pacer can post in `channel`: `Ok` with the checklist on one line, or `Err`
/// with the reply listing what is missing (nothing is saved then). `what` is posted there
/// and `command` sets it up.
pub(super) async fn checklist(
    app: &App,
    guild: u64,
    channel: u64,
    what: &str,
    command: &str,
) -> Result<Result<String, Reply>, CommandError> {
    let missing = api(app)?
        .missing_permissions(guild, channel)
        .await
        .map_err(|e| {
            tracing::warn!(
                error = format!("{e:#}"),
                channel,
                "cannot check channel permissions"
            );
            refuse(format!(
                "I can't see <#{channel}>. Check that it exists and that pacer can view it."
            ))
        })?;
    let checklist: Vec<String> = NEEDED
        .iter()
        .map(|p| format!("{} {p}", if missing.contains(p) { "❌" } else { "✅" }))
        .collect();
    if missing.is_empty() {
        return Ok(Ok(checklist.join("  ")));
    }
    Ok(Err(Reply::notice(format!(
        "Before I can post {what} in <#{channel}>, I need these permissions there:\n{}\nNothing was saved: fix them (channel settings > Permissions > pacer) and run `{command}` again.",
        checklist.join("\n")
    ))))
}
