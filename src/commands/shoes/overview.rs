//! Looking at pairs: the list, the chart, the unit, autocomplete and the `/backpain shoes`
//! summary.

use chrono::Utc;

use super::input::escape;
use super::projection::{self, Logging};
use super::rotation::{self, Rotation};
use super::{chart, member_unit, refuse, view, wear, Ctx, Which, ID_PREFIX};
use crate::commands::{Caller, CommandError};
use crate::reply::{Attachment, Embed, EmbedField, Reply, Suggestion, COLOUR_INFO};
use crate::wear::{Stage, NEAR_RETIREMENT_PCT, RETIREMENT_PCT};
use crate::App;

pub(super) async fn list(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx.pairs().await?;
    if shoes.is_empty() {
        return Ok(Reply::notice(
            "You have no shoes yet. Add a pair with `/shoes add name:Blue racers`.",
        ));
    }
    let days = ctx
        .app
        .store
        .runs()
        .per_pair_and_day(ctx.user, rotation::since(ctx.today)..=ctx.today)
        .await?;
    let rotation = Rotation::of(&days);
    Ok(Reply::embed(view::list(&shoes, &rotation, ctx.unit, ctx.today)).ephemeral())
}

pub(super) async fn chart(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let shoes = ctx.pairs().await?;
    let unit = ctx.unit;
    let bars: Vec<chart::Bar> = shoes
        .iter()
        .filter(|s| !s.is_retired())
        .take(chart::MAX_BARS)
        .map(|s| {
            let projected = projection::project(Logging::of(s), ctx.today);
            chart::Bar {
                label: s.name.clone(),
                share: wear::share(s.total_m(), s.retire_at_m),
                stage: Stage::of(s.total_m(), s.retire_at_m),
                detail: format!(
                    "{:.0} of {:.0} {}",
                    unit.value(s.total_m()),
                    unit.value(s.retire_at_m),
                    unit.code()
                ),
                end: format!(
                    "{} · {}",
                    wear::shown(s.total_m(), s.retire_at_m),
                    projection::brief(projected)
                ),
            }
        })
        .collect();
    if bars.is_empty() {
        return Err(refuse(
            "You have no active pairs to chart. Add one with `/shoes add`.",
        ));
    }
    let png = tokio::task::spawn_blocking(move || chart::render(&bars))
        .await
        .map_err(anyhow::Error::from)??;
    let embed = Embed {
        title: "Shoe wear".to_owned(),
        description: format!(
            "Each bar is a pair's distance so far against its own retirement distance \
             (the line at {RETIREMENT_PCT}%; amber from {NEAR_RETIREMENT_PCT}%, red from \
             {RETIREMENT_PCT}%), with its projected retirement."
        ),
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
        let state = match Stage::of(shoe.total_m(), shoe.retire_at_m) {
            Stage::Past => "past its retirement distance",
            Stage::Near => "near retirement",
            Stage::Fresh => return None,
        };
        Some(format!(
            "{} · {} of {} ({}): {state}",
            escape(&shoe.name),
            unit.show(shoe.total_m()),
            unit.show(shoe.retire_at_m),
            wear::shown(shoe.total_m(), shoe.retire_at_m)
        ))
    });
    Ok(view::lines_field("Your shoes", lines))
}
