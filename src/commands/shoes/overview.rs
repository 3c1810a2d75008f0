//! Looking at pairs: the list, the chart, the unit, autocomplete and the `/backpain shoes`
//! summary.

use chrono::Utc;

use super::input::{escape, Unit};
use super::{chart, member_unit, refuse, view, Ctx, Which, ID_PREFIX};
use crate::commands::{Caller, CommandError};
use crate::reply::{Attachment, Embed, EmbedField, Reply, Suggestion, COLOUR_INFO};
use crate::App;

use super::view::NEAR_RETIREMENT_PCT;

pub(super) async fn list(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx.pairs().await?;
    if shoes.is_empty() {
        return Ok(Reply::notice(
            "You have no shoes yet. Add a pair with `/shoes add name:Blue racers`.",
        ));
    }
    Ok(Reply::embed(view::list(&shoes, ctx.unit, ctx.today)).ephemeral())
}

pub(super) async fn chart(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx.pairs().await?;
    let bars: Vec<chart::Bar> = shoes
        .iter()
        .filter(|s| !s.is_retired())
        .take(chart::MAX_BARS)
        .map(|s| chart::Bar {
            label: s.name.clone(),
            distance: ctx.unit.value(s.total_m()),
            retire_at: ctx.unit.value(s.retire_at_m),
        })
        .collect();
    if bars.is_empty() {
        return Err(refuse(
            "You have no active pairs to chart. Add one with `/shoes add`.",
        ));
    }
    let unit = ctx.unit.code();
    let png = tokio::task::spawn_blocking(move || chart::render(&bars, unit))
        .await
        .map_err(anyhow::Error::from)??;
    let embed = Embed {
        title: "Shoe wear".to_owned(),
        description:
            "Grey: retirement distance. Bar: distance so far (amber from 80%, red from 100%)."
                .to_owned(),
        fields: Vec::new(),
        footer: None,
        colour: Some(COLOUR_INFO),
        image: Some(chart::FILENAME.to_owned()),
    };
    let mut reply = Reply::embed(embed).ephemeral();
    reply.attachments.push(Attachment {
        filename: chart::FILENAME.to_owned(),
        bytes: png,
    });
    Ok(reply)
}

pub(super) async fn units(ctx: &Ctx<'_>, unit: Unit) -> Result<Reply, CommandError> {
    ctx.app
        .store
        .prefs()
        .set_unit(ctx.user, unit.code())
        .await?;
    let name = match unit {
        Unit::Km => "kilometres",
        Unit::Mi => "miles",
    };
    Ok(Reply::notice(format!(
        "Distances now show in {name}, and plain numbers you log count as {}. New pairs retire at {} unless you say otherwise.",
        unit.code(),
        unit.show(unit.default_retire_at())
    )))
}

/// Autocomplete: the member's own shoes whose nickname contains what they typed.
pub async fn suggest(
    app: &App,
    caller: &Caller,
    which: Which,
    typed: &str,
) -> anyhow::Result<Vec<Suggestion>> {
    let today = Utc::now().date_naive();
    let shoes = app.store.shoes().list(caller.user_id, today).await?;
    let unit = member_unit(app, caller.user_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let typed = typed.trim().to_lowercase();
    Ok(shoes
        .iter()
        .filter(|s| match which {
            Which::Active => !s.is_retired(),
            Which::Retired => s.is_retired(),
            Which::All => true,
        })
        .filter(|s| s.name.to_lowercase().contains(&typed))
        .take(crate::limits::MAX_SUGGESTIONS)
        .map(|s| {
            let label = format!("{} · {}", s.name, unit.show(s.total_m()));
            Suggestion {
                name: label
                    .chars()
                    .take(crate::limits::MAX_SUGGESTION_NAME)
                    .collect(),
                value: format!("{ID_PREFIX}{}", s.id),
            }
        })
        .collect())
}

/// For `/backpain shoes`: the member's active pairs near or past retirement, in one field.
pub async fn near_retirement(
    app: &App,
    caller: &Caller,
) -> Result<Option<EmbedField>, CommandError> {
    let today = Utc::now().date_naive();
    let unit = member_unit(app, caller.user_id).await?;
    let shoes = app.store.shoes().list(caller.user_id, today).await?;
    let lines = shoes.iter().filter(|s| !s.is_retired()).filter_map(|shoe| {
        let pct = view::percent(shoe.total_m(), shoe.retire_at_m);
        let state = match pct {
            p if p >= 100 => "past its retirement distance",
            p if p >= NEAR_RETIREMENT_PCT => "near retirement",
            _ => return None,
        };
        Some(format!(
            "{} · {} of {} ({pct}%): {state}",
            escape(&shoe.name),
            unit.show(shoe.total_m()),
            unit.show(shoe.retire_at_m)
        ))
    });
    Ok(view::lines_field("Your shoes", lines))
}
