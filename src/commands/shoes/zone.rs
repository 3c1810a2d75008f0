//! A member's own time zone (`/shoes timezone`): it decides their "today", every date they
//! leave out or write as a word, the latest date a run may have, and where the leaderboard's
//! weeks, months and years begin for them. Members without one live on UTC dates.

use std::str::FromStr;

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;

use super::dates::{self, Today};
use super::input::Unit;
use super::Ctx;
use crate::commands::{Caller, CommandError};
use crate::reply::{Reply, Suggestion};
use crate::store::MemberPrefs;
use crate::tips::zones;
use crate::App;

/// What the member chose, read in one query.
pub(super) struct Member {
    pub unit: Unit,
    pub zone: Option<Tz>,
}

pub(super) async fn member(app: &App, user: u64) -> anyhow::Result<Member> {
    Ok(Member::of(&app.store.prefs().get(user).await?))
}

impl Member {
    /// The member's stored choices, with kilometres and UTC dates where they made none.
    pub(super) fn of(prefs: &MemberPrefs) -> Member {
        Member {
            unit: prefs
                .unit
                .as_deref()
                .and_then(Unit::from_code)
                .unwrap_or(Unit::Km),
            // A name the time zone database no longer has counts as none.
            zone: prefs.timezone.as_deref().and_then(|z| Tz::from_str(z).ok()),
        }
    }
}

/// The member's today at `now`.
pub(super) fn today(zone: Option<Tz>, now: DateTime<Utc>) -> Today {
    match zone {
        Some(tz) => Today::zoned(now.with_timezone(&tz).date_naive()),
        None => Today::unzoned(now.date_naive()),
    }
}

/// `London time (Europe/London)`, `UTC`, `UTC+1 (no summer time)`.
pub(super) fn described(tz: Tz) -> String {
    let words = zones::in_words(tz);
    if words.starts_with("UTC") {
        words
    } else {
        format!("{words} ({})", tz.name())
    }
}

/// `/shoes timezone [zone]`: saves the member's zone, or says which one their dates follow.
pub(super) async fn timezone(ctx: &Ctx<'_>, zone: Option<Tz>) -> Result<Reply, CommandError> {
    let Some(tz) = zone else {
        return Ok(Reply::notice(match ctx.zone {
            Some(tz) => format!(
                "Your dates follow {}: today is {} there. Change it with `/shoes timezone zone:`.",
                described(tz),
                dates::short(ctx.today)
            ),
            None => format!(
                "You haven't set a time zone, so your dates are UTC dates: today is {}. Set \
                 yours with `/shoes timezone zone:London` (a city, a name such as \
                 Europe/London, or UTC+1).",
                dates::short(ctx.today)
            ),
        }));
    };
    ctx.app
        .store
        .prefs()
        .set_timezone(ctx.user, tz.name())
        .await?;
    let today = today(Some(tz), ctx.now).date;
    Ok(Reply::notice(format!(
        "Your time zone is now {}: today is {} there. Runs logged without a date, `today`, \
         `yesterday` and weekdays count from it, and so do the leaderboard's weeks, months and \
         years.",
        described(tz),
        dates::short(today)
    )))
}

/// The date option's autocomplete: what the typed text means first, then the last seven days
/// (`Today (Sun 29 Nov)`, `Yesterday (Sat 28 Nov)`, `Fri 27 Nov`...) that match it. Values are
/// `YYYY-MM-DD`.
fn suggest(typed: &str, today: Today) -> Vec<Suggestion> {
    let key = typed.trim().to_lowercase();
    let mut suggestions = Vec::new();
    if !key.is_empty() {
        if let Ok(date) = dates::parse_date(Some(typed), today) {
            suggestions.push(suggestion(dates::long(date), date));
        }
    }
    for back in 0..7 {
        let Some(date) = today.date.checked_sub_days(Days::new(back)) else {
            break;
        };
        let label = match back {
            0 => format!("Today ({})", dates::short(date)),
            1 => format!("Yesterday ({})", dates::short(date)),
            _ => dates::short(date),
        };
        let value = date.format("%Y-%m-%d").to_string();
        let matches = key.is_empty() || label.to_lowercase().contains(&key) || value.contains(&key);
        if matches && !suggestions.iter().any(|s| s.value == value) {
            suggestions.push(suggestion(label, date));
        }
    }
    suggestions
}

fn suggestion(name: String, date: NaiveDate) -> Suggestion {
    Suggestion {
        name,
        value: date.format("%Y-%m-%d").to_string(),
    }
}

/// Autocomplete for a run's date: the member's last seven days, in their zone.
pub async fn suggest_dates(
    app: &App,
    caller: &Caller,
    typed: &str,
) -> anyhow::Result<Vec<Suggestion>> {
    let member = member(app, caller.user_id).await?;
    Ok(suggest(typed, today(member.zone, Utc::now())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sunday 29 November 2026, for a member without a time zone.
    fn sunday() -> Today {
        Today::unzoned(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap())
    }

    #[test]
    fn the_autocomplete_offers_the_last_seven_days() {
        let all = suggest("", sunday());
        let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Today (Sun 29 Nov)",
                "Yesterday (Sat 28 Nov)",
                "Fri 27 Nov",
                "Thu 26 Nov",
                "Wed 25 Nov",
                "Tue 24 Nov",
                "Mon 23 Nov"
            ]
        );
        assert_eq!(all[0].value, "2026-11-29");
        assert_eq!(all[6].value, "2026-11-23");
        // What the text means comes first, then the matching days.
        let typed = suggest("nov 20", sunday());
        assert_eq!(typed[0].name, "Fri 20 Nov 2026");
        assert_eq!(typed[0].value, "2026-11-20");
        let sat = suggest("sat", sunday());
        assert_eq!(sat.len(), 1);
        assert_eq!(sat[0].value, "2026-11-28");
        assert_eq!(suggest("fri", sunday())[0].value, "2026-11-27");
        assert!(suggest("zzz", sunday()).is_empty());
    }

    #[test]
    fn today_is_the_member_s_date_and_the_latest_is_tomorrow_only_without_a_zone() {
        let now = "2026-11-29T19:25:00Z".parse::<DateTime<Utc>>().unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let kiritimati = zones::resolve("UTC+14").unwrap();
        assert_eq!(today(Some(kiritimati), now), Today::zoned(day(30)));
        let new_york = zones::resolve("new york").unwrap();
        assert_eq!(today(Some(new_york), now), Today::zoned(day(29)));
        assert_eq!(today(None, now).latest, day(30));
        assert_eq!(described(new_york), "New York time (America/New_York)");
        assert_eq!(described(kiritimati), "UTC+14 (no summer time)");
    }
}
