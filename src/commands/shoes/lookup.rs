//! Finding the pair a command names: an autocomplete value (`id:<n>`, checked against the
//! member), the nickname in any case, or a name [`super::names`] can tell apart; near misses
//! are suggested, never used.

use super::names::{self, Found};
use super::refs::ShoeRef;
use super::{refuse, Ctx};
use crate::commands::CommandError;
use crate::store::Shoe;
use crate::text::quote;

/// One of the member's shoes. A pair found by a prefix or without its emoji is named in a
/// note on the reply, so the member sees which pair was used.
pub(super) async fn find_shoe(ctx: &Ctx<'_>, shoe: &ShoeRef) -> Result<Shoe, CommandError> {
    let shoes = ctx.app.store.shoes();
    let id = match shoe {
        ShoeRef::Id(id) => Some(*id),
        ShoeRef::Name(text) => match shoes.find_by_name(ctx.user, text).await? {
            Some(id) => Some(id),
            None => guess(ctx, text).await?,
        },
    };
    let found = match id {
        Some(id) => shoes.get(ctx.user, id, ctx.recent_since()).await?,
        None => None,
    };
    let found = found.ok_or_else(|| no_pair(&shoe.to_string(), ""))?;
    if let ShoeRef::Name(text) = shoe {
        if found.name.trim().to_lowercase() != text.trim().to_lowercase() {
            ctx.note(format!(
                "(Using **{}** for “{}”.)",
                crate::text::escape(&found.name),
                quote(text)
            ));
        }
    }
    Ok(found)
}

/// The id of the one pair `text` can mean, or the refusal naming the ones it might.
async fn guess(ctx: &Ctx<'_>, text: &str) -> Result<Option<i64>, CommandError> {
    let pairs: Vec<(i64, String)> = ctx
        .app
        .store
        .shoes()
        .names(ctx.user)
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    match names::find(text, &pairs) {
        Found::Exact(id) | Found::Guessed(id) => Ok(Some(id)),
        Found::Several(several) => Err(refuse(format!(
            "“{}” could be {}. Type more of the name, or pick the pair from the list.",
            quote(text),
            names::either(&several)
        ))),
        Found::Close(close) => Err(no_pair(
            text,
            &format!(" Did you mean {}?", names::either(&close)),
        )),
        Found::Nothing => Ok(None),
    }
}

fn no_pair(text: &str, hint: &str) -> CommandError {
    let hint = if hint.is_empty() {
        " `/shoes list` shows yours."
    } else {
        hint
    };
    refuse(format!("You have no pair called “{}”.{hint}", quote(text)))
}
