//! Asking before saving a pair already past its retirement distance: `/shoes add` with a
//! `start_distance` at or past `retire_at` (kept as a draft until the member answers, since
//! a button holds too little to carry the pair), and `/shoes edit` lowering `retire_at` to
//! or below what the pair has run (the button carries the new distance).

use super::refs::ShoeRef;
use super::{find_shoe, refuse, view, wear, write_refusal, Action, Ctx};
use crate::commands::{Action as AnyAction, ButtonSpec, CommandError};
use crate::reply::{Button, ButtonStyle, Reply};
use crate::store::{NewShoe, Shoe, ShoeDraft, ShoeEdit};

/// A member's answer to one of these questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// About the draft with this id.
    Add(i64, AddAnswer),
    /// Retire this pair at this many metres after all.
    RetireAt(i64, i64),
    KeepRetireAt,
}

pub(super) async fn answered(ctx: &Ctx<'_>, answer: Answer) -> Result<Reply, CommandError> {
    match answer {
        Answer::Add(draft, answer) => add_answered(ctx, draft, answer).await,
        Answer::RetireAt(shoe, metres) => retire_at_confirmed(ctx, shoe, metres).await,
        Answer::KeepRetireAt => {
            Ok(Reply::notice("Kept the retirement distance as it was.").updating_source())
        }
    }
}

/// How the member answered the question about a new pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddAnswer {
    /// Add it as typed.
    AsTyped,
    /// Add it with the start and retirement distances the other way round.
    Swapped,
    Cancel,
}

/// `p1:shoeadd:<draft>:<yes|swap|no>`.
pub const ADD_BUTTON: ButtonSpec = ButtonSpec {
    kind: "shoeadd",
    action: |state| {
        let (draft, answer) = state.split_once(':')?;
        let answer = match answer {
            "yes" => AddAnswer::AsTyped,
            "swap" => AddAnswer::Swapped,
            "no" => AddAnswer::Cancel,
            _ => return None,
        };
        let draft = draft.parse().ok()?;
        Some(AnyAction::Shoes(Action::Confirm(Answer::Add(
            draft, answer,
        ))))
    },
};

/// `p1:retireat:<shoe>:<metres>` or `p1:retireat:keep`.
pub const RETIRE_AT_BUTTON: ButtonSpec = ButtonSpec {
    kind: "retireat",
    action: |state| {
        let answer = match state.split_once(':') {
            None if state == "keep" => Answer::KeepRetireAt,
            None => return None,
            Some((shoe, metres)) => Answer::RetireAt(shoe.parse().ok()?, metres.parse().ok()?),
        };
        Some(AnyAction::Shoes(Action::Confirm(answer)))
    },
};

/// " It is already 88% worn." from 70 % on, where the wear warnings begin.
pub(super) fn worn_note(total_m: i64, retire_at_m: i64) -> String {
    if crate::wear::level_reached(total_m, retire_at_m) > 0 {
        format!(" It is already {} worn.", wear::shown(total_m, retire_at_m))
    } else {
        String::new()
    }
}

/// Keeps the new pair and asks whether to add it.
pub(super) async fn ask_add(ctx: &Ctx<'_>, draft: ShoeDraft) -> Result<Reply, CommandError> {
    let id = ctx
        .app
        .store
        .drafts()
        .save(ctx.user, &draft, ctx.now)
        .await?;
    let unit = ctx.unit;
    let text = format!(
        "**{}** would start at {}, {} its retirement distance of {} ({} worn). Add it anyway, \
         or were the two distances the other way round?",
        crate::text::escape(&draft.name),
        unit.show(draft.start_m),
        if draft.start_m > draft.retire_at_m {
            "past"
        } else {
            "at"
        },
        unit.show(draft.retire_at_m),
        wear::shown(draft.start_m, draft.retire_at_m)
    );
    let mut buttons = vec![Button {
        label: "Add it anyway".to_owned(),
        custom_id: ADD_BUTTON.custom_id(&format!("{id}:yes")),
        style: ButtonStyle::Danger,
    }];
    if draft.start_m > draft.retire_at_m {
        buttons.push(Button {
            label: format!(
                "Start at {}, retire at {}",
                unit.show(draft.retire_at_m),
                unit.show(draft.start_m)
            ),
            custom_id: ADD_BUTTON.custom_id(&format!("{id}:swap")),
            style: ButtonStyle::Primary,
        });
    }
    buttons.push(Button {
        label: "Cancel".to_owned(),
        custom_id: ADD_BUTTON.custom_id(&format!("{id}:no")),
        style: ButtonStyle::Secondary,
    });
    Ok(Reply::notice(text).with_buttons(buttons))
}

async fn add_answered(
    ctx: &Ctx<'_>,
    draft_id: i64,
    answer: AddAnswer,
) -> Result<Reply, CommandError> {
    let taken = ctx
        .app
        .store
        .drafts()
        .take(ctx.user, draft_id, ctx.now)
        .await?;
    let Some(draft) = taken else {
        return Ok(Reply::notice(
            "This question was answered already or has expired, so nothing was added. Run \
             `/shoes add` again.",
        )
        .updating_source());
    };
    let (start_m, retire_at_m) = match answer {
        AddAnswer::Cancel => {
            return Ok(Reply::notice("Nothing was added.").updating_source());
        }
        AddAnswer::AsTyped => (draft.start_m, draft.retire_at_m),
        AddAnswer::Swapped => (draft.retire_at_m, draft.start_m),
    };
    let shoe = NewShoe {
        user_id: ctx.user,
        name: &draft.name,
        brand: draft.brand.as_deref(),
        model: draft.model.as_deref(),
        start_m,
        retire_at_m,
        make_default: draft.make_default != 0,
        now: ctx.now,
    };
    Ok(save_new(ctx, shoe).await?.updating_source())
}

/// Adds a pair and says so: its retirement distance, where it starts, how worn it already is
/// and whether runs now go to it.
pub(super) async fn save_new(ctx: &Ctx<'_>, new: NewShoe<'_>) -> Result<Reply, CommandError> {
    let id = ctx
        .app
        .store
        .shoes()
        .add(new.clone())
        .await
        .map_err(|e| write_refusal(e, new.name))?;
    let shoe = find_shoe(ctx, &ShoeRef::Id(id)).await?;
    let mut text = format!(
        "Added {}. It retires at {}",
        view::title(&shoe),
        ctx.unit.show(shoe.retire_at_m)
    );
    if shoe.start_m > 0 {
        text.push_str(&format!(", starting from {}", ctx.unit.show(shoe.start_m)));
    }
    text.push('.');
    text.push_str(&worn_note(shoe.total_m(), shoe.retire_at_m));
    if shoe.is_default {
        text.push_str(" Runs go to this pair unless you name another.");
    }
    Ok(Reply::notice(text))
}

/// Asks before retiring `shoe` at `retire_at_m`, which it has already run.
pub(super) fn ask_retire_at(ctx: &Ctx<'_>, shoe: &Shoe, retire_at_m: i64, done: &str) -> Reply {
    let unit = ctx.unit;
    let text = format!(
        "{done}{} has run {}: retiring it at {} puts it {} its retirement distance ({} worn), \
         and its wear warnings start again. Set {} anyway?",
        view::title(shoe),
        unit.show(shoe.total_m()),
        unit.show(retire_at_m),
        if shoe.total_m() > retire_at_m {
            "past"
        } else {
            "at"
        },
        wear::shown(shoe.total_m(), retire_at_m),
        unit.show(retire_at_m)
    );
    Reply::notice(text).with_buttons(vec![
        Button {
            label: format!("Set {}", unit.show(retire_at_m)),
            custom_id: RETIRE_AT_BUTTON.custom_id(&format!("{}:{retire_at_m}", shoe.id)),
            style: ButtonStyle::Danger,
        },
        Button {
            label: format!("Keep {}", unit.show(shoe.retire_at_m)),
            custom_id: RETIRE_AT_BUTTON.custom_id("keep"),
            style: ButtonStyle::Secondary,
        },
    ])
}

async fn retire_at_confirmed(
    ctx: &Ctx<'_>,
    shoe_id: i64,
    retire_at_m: i64,
) -> Result<Reply, CommandError> {
    if !(1..=super::input::MAX_SHOE_M).contains(&retire_at_m) {
        return Err(refuse(
            "That button no longer works. Run `/shoes edit` again.",
        ));
    }
    let shoe = find_shoe(ctx, &ShoeRef::Id(shoe_id)).await?;
    let change = ShoeEdit {
        retire_at_m: Some(retire_at_m),
        ..ShoeEdit::default()
    };
    ctx.app
        .store
        .shoes()
        .edit(ctx.user, shoe.id, change)
        .await?;
    Ok(Reply::notice(updated(ctx, &shoe, retire_at_m)).updating_source())
}

/// `Updated **Daily trainers**: retires at 500.0 km (120% worn).`
pub(super) fn updated(ctx: &Ctx<'_>, shoe: &Shoe, retire_at_m: i64) -> String {
    format!(
        "Updated {}: retires at {} ({} worn).",
        view::title(shoe),
        ctx.unit.show(retire_at_m),
        wear::shown(shoe.total_m(), retire_at_m)
    )
}
