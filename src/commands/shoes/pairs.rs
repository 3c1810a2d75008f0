//! Managing pairs: add, retire, unretire, default, rename, edit.

use super::input::{self, escape, parse_distance, parse_name, parse_text, Unit};
use super::{find_shoe, refuse, view, write_refusal, Ctx, ID_PREFIX};
use crate::commands::CommandError;
use crate::reply::Reply;
use crate::store::{NewShoe, ShoeEdit};

#[allow(clippy::too_many_arguments)]
pub(super) async fn add(
    ctx: &Ctx<'_>,
    name: &str,
    brand: Option<&str>,
    model: Option<&str>,
    start: Option<&str>,
    retire_at: Option<&str>,
    make_default: bool,
) -> Result<Reply, CommandError> {
    let name = parse_name(name).map_err(refuse)?;
    let brand = parse_text("brand", brand, input::MAX_NAME_CHARS).map_err(refuse)?;
    let model = parse_text("model", model, input::MAX_NAME_CHARS).map_err(refuse)?;
    let start_m = start
        .map_or(Ok(0), |t| parse_distance(t, ctx.unit))
        .map_err(refuse)?;
    let retire_at_m = match retire_at {
        Some(text) => retire_distance(text, ctx.unit)?,
        None => ctx.unit.default_retire_at(),
    };
    let id = ctx
        .app
        .store
        .shoes()
        .add(NewShoe {
            user_id: ctx.user,
            name: &name,
            brand: brand.as_deref(),
            model: model.as_deref(),
            start_m,
            retire_at_m,
            make_default,
            now: ctx.now,
        })
        .await
        .map_err(|e| write_refusal(e, &name))?;
    let shoe = find_shoe(ctx, &format!("{ID_PREFIX}{id}")).await?;
    let mut text = format!(
        "Added {}. It retires at {}",
        view::title(&shoe),
        ctx.unit.show(shoe.retire_at_m)
    );
    if shoe.start_m > 0 {
        text.push_str(&format!(", starting from {}", ctx.unit.show(shoe.start_m)));
    }
    text.push('.');
    if shoe.is_default {
        text.push_str(" Runs go to this pair unless you name another.");
    }
    Ok(Reply::notice(text))
}

pub(super) fn retire_distance(text: &str, unit: Unit) -> Result<i64, CommandError> {
    match parse_distance(text, unit).map_err(refuse)? {
        0 => Err(refuse("The retirement distance must be above zero.")),
        metres => Ok(metres),
    }
}

pub(super) async fn retire(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(format!(
            "“{}” is already retired.",
            escape(&shoe.name)
        )));
    }
    let shoes = ctx.app.store.shoes();
    shoes.retire(ctx.user, shoe.id, ctx.now).await?;
    let mut text = format!(
        "Retired {} at {}.",
        view::title(&shoe),
        ctx.unit.show(shoe.total_m())
    );
    if shoe.is_default {
        match shoes.default_shoe(ctx.user).await? {
            Some(id) => {
                let next = find_shoe(ctx, &format!("{ID_PREFIX}{id}")).await?;
                text.push_str(&format!(" Runs now go to {}.", view::title(&next)));
            }
            None => text.push_str(" You have no active pair left; add one with `/shoes add`."),
        }
    }
    Ok(Reply::notice(text))
}

pub(super) async fn unretire(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if !shoe.is_retired() {
        return Err(refuse(format!("“{}” is not retired.", escape(&shoe.name))));
    }
    ctx.app
        .store
        .shoes()
        .unretire(ctx.user, shoe.id)
        .await
        .map_err(|e| write_refusal(e, &shoe.name))?;
    Ok(Reply::notice(format!(
        "{} is back in use.",
        view::title(&shoe)
    )))
}

pub(super) async fn make_default(ctx: &Ctx<'_>, shoe: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(
            "A retired pair can't be the default. Unretire it first.",
        ));
    }
    ctx.app.store.shoes().set_default(ctx.user, shoe.id).await?;
    Ok(Reply::notice(format!(
        "Runs now go to {} unless you name another pair.",
        view::title(&shoe)
    )))
}

pub(super) async fn rename(ctx: &Ctx<'_>, shoe: &str, name: &str) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let name = parse_name(name).map_err(refuse)?;
    ctx.app
        .store
        .shoes()
        .rename(ctx.user, shoe.id, &name)
        .await
        .map_err(|e| write_refusal(e, &name))?;
    Ok(Reply::notice(format!(
        "“{}” is now called **{}**.",
        escape(&shoe.name),
        escape(&name)
    )))
}

pub(super) async fn edit(
    ctx: &Ctx<'_>,
    shoe: &str,
    brand: Option<&str>,
    model: Option<&str>,
    retire_at: Option<&str>,
) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    let brand = parse_text("brand", brand, input::MAX_NAME_CHARS).map_err(refuse)?;
    let model = parse_text("model", model, input::MAX_NAME_CHARS).map_err(refuse)?;
    let retire_at_m = retire_at
        .map(|t| retire_distance(t, ctx.unit))
        .transpose()?;
    if brand.is_none() && model.is_none() && retire_at_m.is_none() {
        return Err(refuse(
            "Tell me what to change: `brand`, `model` or `retire_at`.",
        ));
    }
    let change = ShoeEdit {
        brand: brand.as_deref(),
        model: model.as_deref(),
        retire_at_m,
    };
    ctx.app
        .store
        .shoes()
        .edit(ctx.user, shoe.id, change)
        .await?;
    let updated = find_shoe(ctx, &format!("{ID_PREFIX}{}", shoe.id)).await?;
    Ok(Reply::notice(format!(
        "Updated {}: retires at {}.",
        view::title(&updated),
        ctx.unit.show(updated.retire_at_m)
    )))
}
