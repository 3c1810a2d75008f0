//! The server's distance leaderboard, for members who opted in. Its weeks, months and years
//! follow the calendar of the member asking (their time zone, or UTC); each run counts on the
//! date its runner gave it.

use std::ops::RangeInclusive;

use chrono::{Datelike, Days, Months, NaiveDate};

use super::{dates, refuse, zone, Ctx, Period};
use crate::commands::CommandError;
use crate::reply::{mention, Embed, Reply, COLOUR_INFO};

pub(super) fn server(ctx: &Ctx<'_>) -> Result<u64, CommandError> {
    ctx.guild.ok_or_else(|| {
        refuse("Leaderboards belong to a server that has pacer: use this in your club's server.")
    })
}

/// The dates of this week (from Monday), month or year around `today`, both ends included.
pub(super) fn period(
    period: Period,
    today: NaiveDate,
) -> (RangeInclusive<NaiveDate>, &'static str) {
    let (first, last, label) = match period {
        Period::Week => {
            let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            (monday, monday + Days::new(6), "this week")
        }
        Period::Month => {
            let first = today.with_day(1).unwrap_or(today);
            let last = first
                .checked_add_months(Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(today);
            (first, last, "this month")
        }
        Period::Year => (
            today.with_ordinal(1).unwrap_or(today),
            NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today),
            "this year",
        ),
    };
    (first..=last, label)
}

pub(super) async fn leaderboard(ctx: &Ctx<'_>, period: Period) -> Result<Reply, CommandError> {
    let guild = server(ctx)?;
    let (days, label) = self::period(period, ctx.today);
    let footer = format!(
        "{} to {} by your calendar, in {}. Only members who joined appear; leave with \
         /shoes leaderboard-leave.",
        dates::long(*days.start()),
        dates::long(*days.end()),
        ctx.zone.map_or("UTC".to_owned(), zone::described)
    );
    let standings = ctx.app.store.leaderboard().standings(guild, days).await?;
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
                    "{}. {} · {}",
                    i + 1,
                    mention::user(s.user_id),
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
        footer: Some(footer),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_run_monday_to_sunday_and_over_whole_months_and_years() {
        let sunday = day(2026, 11, 29);
        assert_eq!(
            period(Period::Week, sunday),
            (day(2026, 11, 23)..=sunday, "this week")
        );
        assert_eq!(
            period(Period::Week, day(2026, 11, 30)).0,
            day(2026, 11, 30)..=day(2026, 12, 6)
        );
        assert_eq!(
            period(Period::Month, day(2024, 2, 10)).0,
            day(2024, 2, 1)..=day(2024, 2, 29)
        );
        assert_eq!(
            period(Period::Month, day(2026, 12, 31)).0,
            day(2026, 12, 1)..=day(2026, 12, 31)
        );
        assert_eq!(
            period(Period::Year, sunday).0,
            day(2026, 1, 1)..=day(2026, 12, 31)
        );
    }
}
