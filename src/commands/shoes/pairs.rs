//! Managing pairs: add, retire, unretire, default, rename, edit. Adding or editing a pair
//! into or past its retirement distance asks first (see `confirm.rs`).

use super::action::{Add, Edit, Rename};
use super::input::{quote, text_of, DistanceInput, Unit};
use super::refs::ShoeRef;
use super::{confirm, find_shoe, refuse, view, write_refusal, Ctx};
use crate::commands::CommandError;
use crate::reply::Reply;
use crate::store::{NewShoe, ShoeDraft, ShoeEdit, WriteError};

pub(super) async fn add(ctx: &Ctx<'_>, add: &Add) -> Result<Reply, CommandError> {
    let name = add.name.as_str();
    let (brand, model) = (text_of(add.brand.as_ref()), text_of(add.model.as_ref()));
    let start_m = add
        .start
        .map_or(Ok(0), |start| start.metres(ctx.unit))
        .map_err(refuse)?;
    let retire_at_m = match add.retire_at {
        Some(retire_at) => retire_distance(retire_at, ctx.unit)?,
        None => ctx.unit.default_retire_at(),
    };
    if crate::wear::Stage::of(start_m, retire_at_m) == crate::wear::Stage::Past {
        // Refuse a taken nickname now, not after the question.
        if ctx
            .app
            .store
            .shoes()
            .find_by_name(ctx.user, name)
            .await?
            .is_some()
        {
            return Err(write_refusal(WriteError::DuplicateName, name));
        }
        let draft = ShoeDraft {
            name: name.to_owned(),
            brand: brand.map(str::to_owned),
            model: model.map(str::to_owned),
            start_m,
            retire_at_m,
            make_default: i64::from(add.default),
        };
        return confirm::ask_add(ctx, draft).await;
    }
    let new = NewShoe {
        user_id: ctx.user,
        name,
        brand,
        model,
        start_m,
        retire_at_m,
        make_default: add.default,
        now: ctx.now,
    };
    confirm::save_new(ctx, new).await
}

fn retire_distance(distance: DistanceInput, unit: Unit) -> Result<i64, CommandError> {
    distance.retire_metres(unit).map_err(refuse)
}

pub(super) async fn retire(ctx: &Ctx<'_>, shoe: &ShoeRef) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if shoe.is_retired() {
        return Err(refuse(format!(
            "“{}” is already retired.",
            quote(&shoe.name)
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
                let next = find_shoe(ctx, &ShoeRef::Id(id)).await?;
                let why = match next.last_run {
                    Some(_) => "the pair you ran in most recently",
                    None => "your newest pair",
                };
                text.push_str(&format!(
                    " Runs now go to {}, {why}; `/shoes default` picks another.",
                    view::title(&next)
                ));
            }
            None => text.push_str(
                " You have no active pair left: bring one back with `/shoes unretire` or add one with `/shoes add`.",
            ),
        }
    }
    Ok(Reply::notice(text))
}

pub(super) async fn unretire(ctx: &Ctx<'_>, shoe: &ShoeRef) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, shoe).await?;
    if !shoe.is_retired() {
        return Err(refuse(format!("“{}” is not retired.", quote(&shoe.name))));
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

pub(super) async fn make_default(ctx: &Ctx<'_>, shoe: &ShoeRef) -> Result<Reply, CommandError> {
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

pub(super) async fn rename(ctx: &Ctx<'_>, rename: &Rename) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, &rename.shoe).await?;
    let name = rename.name.as_str();
    ctx.app
        .store
        .shoes()
        .rename(ctx.user, shoe.id, name)
        .await
        .map_err(|e| write_refusal(e, name))?;
    Ok(Reply::notice(format!(
        "“{}” is now called **{}**.",
        quote(&shoe.name),
        quote(name)
    )))
}

pub(super) async fn edit(ctx: &Ctx<'_>, edit: &Edit) -> Result<Reply, CommandError> {
    let shoe = find_shoe(ctx, &edit.shoe).await?;
    let (brand, model) = (text_of(edit.brand.as_ref()), text_of(edit.model.as_ref()));
    let retire_at_m = edit
        .retire_at
        .map(|distance| retire_distance(distance, ctx.unit))
        .transpose()?;
    if brand.is_none() && model.is_none() && retire_at_m.is_none() {
        return Err(refuse(
            "Tell me what to change: `brand`, `model` or `retire_at`.",
        ));
    }
    let change = ShoeEdit {
        brand,
        model,
        retire_at_m: None,
    };
    let past = retire_at_m.filter(|m| shoe.total_m() >= *m);
    let shoes = ctx.app.store.shoes();
    if let Some(retire_at_m) = past {
        // Brand and model change at once; the retirement distance waits for the answer.
        let mut done = String::new();
        if brand.is_some() || model.is_some() {
            shoes.edit(ctx.user, shoe.id, change).await?;
            done.push_str("Saved the brand and model. ");
        }
        let shoe = find_shoe(ctx, &ShoeRef::Id(shoe.id)).await?;
        return Ok(confirm::ask_retire_at(ctx, &shoe, retire_at_m, &done));
    }
    shoes
        .edit(
            ctx.user,
            shoe.id,
            ShoeEdit {
                retire_at_m,
                ..change
            },
        )
        .await?;
    let updated = find_shoe(ctx, &ShoeRef::Id(shoe.id)).await?;
    let mut text = confirm::updated(ctx, &updated, updated.retire_at_m);
    if retire_at_m.is_some() {
        text.push_str(&confirm::worn_note(updated.total_m(), updated.retire_at_m));
    }
    Ok(Reply::notice(text))
}
