//! The weekly club digest: the distance and runs of the members who joined the server's
//! leaderboard over the 7 days before the post (in the schedule's time zone), the top
//! distances, and one warm-up tip from the digest's own rotation (so the tips channel never
//! skips one). Members who did not join are never read, so never counted or named.

use std::ops::RangeInclusive;

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::kind::{Kind, Post};
use super::schedule::TipSchedule;
use crate::reply::{mention, Embed, Reply, COLOUR_INFO};
use crate::store::{Standing, TipScheduleRow};
use crate::App;

/// How many members the digest names.
pub const TOP: usize = 5;

/// The digest due at `now` for the schedule `row`, with the tip at place `pos`.
pub async fn compose(
    app: &App,
    row: &TipScheduleRow,
    pos: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Post> {
    let zone = TipSchedule::load(&row.schedule, &row.timezone)
        .map_err(|error| anyhow::anyhow!(error))?
        .timezone();
    let today = now.with_timezone(&zone).date_naive();
    let days = (today - Days::new(7))..=(today - Days::new(1));
    let guild = row.guild_id.get();
    let week = app.store.leaderboard().week(guild, days.clone()).await?;
    let mut reply = digest(&week, days);
    let tip = Post::tip(app, row.rotation_seed, pos)?;
    reply.embeds.extend(tip.reply.embeds);
    Ok(Post {
        kind: Kind::Digest,
        reply,
        label: format!("digest with {}", tip.label),
    })
}

fn km(metres: i64) -> String {
    format!("{:.1} km", metres as f64 / 1000.0)
}

/// The digest's summary of the week `days`: members' ids appear only as mentions, which a
/// post sent with pacer's allowed mentions never pings.
pub fn digest(week: &[(Standing, i64)], days: RangeInclusive<NaiveDate>) -> Reply {
    let title = format!(
        "Club week: {} – {}",
        days.start().format("%a %-d %b"),
        days.end().format("%a %-d %b")
    );
    let distance: i64 = week.iter().map(|(s, _)| s.distance_m).sum();
    let runs: i64 = week.iter().map(|(_, runs)| runs).sum();
    let description = if runs == 0 {
        "No runs were logged this week by members on the leaderboard.\n\n\
         Join with `/shoes leaderboard-join` and log your runs with `/shoes log`: next week's \
         digest counts them."
            .to_owned()
    } else {
        let top: Vec<String> = week
            .iter()
            .take(TOP)
            .enumerate()
            .map(|(i, (s, _))| {
                format!(
                    "{}. {} {}",
                    i + 1,
                    mention::user(s.user_id),
                    km(s.distance_m)
                )
            })
            .collect();
        format!(
            "**{}** ({:.1} mi) in **{runs} run{}** by {} member{} on the leaderboard.\n\n\
             **Top distances**\n{}\n\n\
             -# Only members who joined with `/shoes leaderboard-join` are counted.",
            km(distance),
            distance as f64 / 1609.344,
            if runs == 1 { "" } else { "s" },
            week.len(),
            if week.len() == 1 { "" } else { "s" },
            top.join("\n")
        )
    };
    Reply::embed(Embed {
        title,
        description,
        fields: Vec::new(),
        footer: Some("pacer weekly digest: the 7 days before this post".to_owned()),
        colour: Some(COLOUR_INFO),
        image: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(user_id: u64, distance_m: i64, runs: i64) -> (Standing, i64) {
        (
            Standing {
                user_id,
                distance_m,
            },
            runs,
        )
    }

    #[test]
    fn the_digest_sums_the_week_and_names_the_top_five() {
        let from = NaiveDate::from_ymd_opt(2026, 11, 16).unwrap();
        let until = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let week: Vec<_> = (1..=7)
            .map(|i| line(i, 10_000 - i.cast_signed() * 1000, 2))
            .collect();
        let reply = digest(&week, from..=until);
        let embed = &reply.embeds[0];
        assert_eq!(embed.title, "Club week: Mon 16 Nov – Sun 22 Nov");
        assert!(embed
            .description
            .starts_with("**42.0 km** (26.1 mi) in **14 runs** by 7 members"));
        assert!(embed.description.contains("1. <@1> 9.0 km\n"));
        assert!(embed.description.contains("5. <@5> 5.0 km"));
        assert!(!embed.description.contains("<@6>"), "top five only");

        let empty = digest(&[], from..=until);
        assert!(empty.embeds[0]
            .description
            .starts_with("No runs were logged"));
    }
}
