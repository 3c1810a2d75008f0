//! The server's distance leaderboard, for members who opted in.

use chrono::{Datelike, Days, NaiveDate};

use super::{refuse, Ctx, Period};
use crate::commands::CommandError;
use crate::reply::{Embed, Reply, COLOUR_INFO};

pub(super) fn server(ctx: &Ctx<'_>) -> Result<u64, CommandError> {
    ctx.guild
        .ok_or_else(|| refuse("Leaderboards belong to a server: use this in your club's server."))
}

pub(super) fn period_start(period: Period, today: NaiveDate) -> (NaiveDate, &'static str) {
    match period {
        Period::Week => (
            today - Days::new(u64::from(today.weekday().num_days_from_monday())),
            "this week",
        ),
        Period::Month => (today.with_day(1).unwrap_or(today), "this month"),
        Period::Year => (today.with_ordinal(1).unwrap_or(today), "this year"),
    }
}

pub(super) async fn leaderboard(ctx: &Ctx<'_>, period: Period) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let (since, label) = period_start(period, ctx.today);
    let standings = ctx.app.store.leaderboard().standings(guild, since).await?;
    let description = if standings.is_empty() {
        format!(
            "No runs logged {label} by members who joined. Join with `/shoes leaderboard-join`."
        )
    } else {
        standings
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{}. <@{}> · {}",
                    i + 1,
                    s.user_id,
                    ctx.unit.show(s.distance_m)
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Reply::embed(Embed {
        title: format!("Distance leaderboard: {label}"),
        description,
        fields: Vec::new(),
        footer: Some(format!(
            "Since {since}. Only members who joined appear; leave with /shoes leaderboard-leave."
        )),
        colour: Some(COLOUR_INFO),
        image: None,
    }))
}

pub(super) async fn join(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let joined = ctx
        .app
        .store
        .leaderboard()
        .join(guild, ctx.user, ctx.now)
        .await?;
    Ok(Reply::notice(if joined {
        "You're on this server's leaderboard. Leave any time with `/shoes leaderboard-leave`."
    } else {
        "You're already on this server's leaderboard."
    }))
}

pub(super) async fn leave(ctx: &Ctx<'_>) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let left = ctx.app.store.leaderboard().leave(guild, ctx.user).await?;
    Ok(Reply::notice(if left {
        "You're off this server's leaderboard."
    } else {
        "You weren't on this server's leaderboard."
    }))
}
