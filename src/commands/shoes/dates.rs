//! Run dates as people type them: `today`, `yesterday`, a weekday (`sat`, `saturday`: the
//! most recent one, today included; `last sat`: the one before today), a day and a month in
//! either order (`20 Nov`, `Nov 20`, `20 November 2026`: the most recent such date when the
//! year is left out), and year-first numbers (`2026-11-20`, `2026-1-5`, `2026/1/5`). Refusals
//! say what is wrong ("November has 30 days", "that looks like a time"), never echoing the
//! text inside backticks.

use chrono::{Datelike, Days, Month, NaiveDate, Weekday};

/// The member's today, and the latest date a run may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub date: NaiveDate,
    /// Today, for a member who set a time zone; tomorrow otherwise, since the day may already
    /// have begun for a member east of UTC.
    pub latest: NaiveDate,
}

impl Today {
    /// Today in the member's own time zone.
    pub fn zoned(date: NaiveDate) -> Today {
        Today { date, latest: date }
    }

    /// The UTC date, for a member who set no time zone.
    pub fn unzoned(date: NaiveDate) -> Today {
        Today {
            date,
            latest: date.succ_opt().unwrap_or(date),
        }
    }
}

impl From<NaiveDate> for Today {
    fn from(date: NaiveDate) -> Today {
        Today::unzoned(date)
    }
}

const FIRST_YEAR: i32 = 2000;

/// A run date as typed. It is read only once the member's today is known: `sat` or `20 Nov`
/// mean a date only from there, and the refusals show today's date as the example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateInput(String);

impl DateInput {
    pub fn new(text: &str) -> DateInput {
        DateInput(text.to_owned())
    }

    /// The date meant, from 2000-01-01 to `today.latest`.
    fn on(&self, today: Today) -> Result<NaiveDate, String> {
        parse_date(Some(&self.0), today)
    }

    /// The date meant, or today when none was given.
    pub fn or_today(date: Option<&DateInput>, today: Today) -> Result<NaiveDate, String> {
        date.map_or(Ok(today.date), |date| date.on(today))
    }
}

/// A run date from 2000-01-01 to `today.latest`, or `today.date` when left out.
pub fn parse_date(text: Option<&str>, today: impl Into<Today>) -> Result<NaiveDate, String> {
    let today = today.into();
    let Some(text) = text else {
        return Ok(today.date);
    };
    let date = read(text, today)?;
    if date.year() < FIRST_YEAR {
        return Err("Dates before 2000 are not accepted.".to_owned());
    }
    if date > today.latest {
        return Err(format!(
            "{} is in the future. Log runs once you have run them.",
            long(date)
        ));
    }
    Ok(date)
}

/// `Sun 29 Nov`.
pub fn short(date: NaiveDate) -> String {
    date.format("%a %-d %b").to_string()
}

/// `Sun 29 Nov 2026`.
pub fn long(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn read(text: &str, today: Today) -> Result<NaiveDate, String> {
    let key = text.trim().to_lowercase();
    match key.as_str() {
        "" => {
            return Err(format!(
                "Give the day you ran, e.g. `today`, `yesterday`, `sat`, `20 Nov` or {}.",
                today.date.format("%Y-%m-%d")
            ))
        }
        "today" => return Ok(today.date),
        "yesterday" => return Ok(today.date.pred_opt().unwrap_or(today.date)),
        _ => {}
    }
    if let Some(day) = weekday(&key) {
        return Ok(last(day, today.date));
    }
    if let Some(day) = key.strip_prefix("last ").and_then(|w| weekday(w.trim())) {
        return Ok(last(day, today.date.pred_opt().unwrap_or(today.date)));
    }
    if looks_like_a_time(&key) {
        return Err(format!(
            "That looks like a time. Give the day you ran instead, e.g. `today`, `yesterday` \
             or {}.",
            today.date.format("%Y-%m-%d")
        ));
    }
    if let Some(result) = numeric(&key, today) {
        return result;
    }
    if let Some(result) = with_month_name(&key, today) {
        return result;
    }
    Err(format!(
        "“{}” is not a date pacer reads. Try `today`, `yesterday`, a weekday such as `sat`, \
         `20 Nov`, or YYYY-MM-DD such as {}.",
        crate::text::quote(text),
        today.date.format("%Y-%m-%d")
    ))
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The latest `day` on or before `from`.
fn last(day: Weekday, from: NaiveDate) -> NaiveDate {
    let back = (7 + from.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
    from.checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(from)
}

fn looks_like_a_time(key: &str) -> bool {
    let has_digit = key.chars().any(|c| c.is_ascii_digit());
    let clock = key.contains(':');
    let meridiem = ["am", "pm", "a.m.", "p.m."].iter().any(|m| {
        key.strip_suffix(m).is_some_and(|rest| {
            let rest = rest.trim();
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    });
    has_digit && (clock || meridiem)
}

/// `2026-11-20`, `2026-1-5`, `2026/1/5`, `2026.1.5`; day-first and month-first orders are
/// refused, since countries read them differently.
fn numeric(key: &str, today: Today) -> Option<Result<NaiveDate, String>> {
    if !key
        .chars()
        .all(|c| c.is_ascii_digit() || "-/. ".contains(c))
        || !key.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let parts: Vec<&str> = key
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let year = i32::try_from(number(y)?).ok()?;
            Some(ymd(year, number(m)?, number(d)?))
        }
        [_, _, y] if y.len() == 4 => Some(Err(order_differs(today))),
        [a, b] if a.len() <= 2 && b.len() <= 2 => Some(Err(order_differs(today))),
        _ => Some(Err(format!(
            "That is not a date pacer reads. Write it as YYYY-MM-DD, e.g. {}.",
            today.date.format("%Y-%m-%d")
        ))),
    }
}

fn order_differs(today: Today) -> String {
    format!(
        "Countries put the day and the month in different orders: write the month as a word \
         (`20 Nov`) or the date as YYYY-MM-DD, e.g. {}.",
        today.date.format("%Y-%m-%d")
    )
}

/// A checked calendar date, or what is wrong with it.
fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    let name = month_name(month).ok_or_else(|| {
        format!("There is no month {month}: months go from 1 to 12, as in YYYY-MM-DD.")
    })?;
    if day == 0 {
        return Err("Days of the month start at 1.".to_owned());
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        let days = days_in(year, month);
        if month == 2 {
            format!("February {year} has {days} days.")
        } else {
            format!("{name} has {days} days.")
        }
    })
}

fn month_name(month: u32) -> Option<&'static str> {
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())?;
    Some(month.name())
}

fn days_in(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year, month, *d).is_some())
        .unwrap_or(28)
}

/// `20 Nov`, `Nov 20`, `20th November`, `Nov 20, 2026`, `20 Nov 2026`.
fn with_month_name(key: &str, today: Today) -> Option<Result<NaiveDate, String>> {
    let words: Vec<&str> = key
        .split([' ', ',', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let month_at = words.iter().position(|w| month_number(w).is_some())?;
    let month = month_number(words[month_at])?;
    // A weekday beside the date (`Fri 20 Nov 2026`) adds nothing.
    let others: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| *i != month_at && weekday(w).is_none())
        .map(|(_, w)| *w)
        .collect();
    let (day, year) = match others.as_slice() {
        [day] => (day_number(day)?, None),
        [day, year] if year.len() == 4 => (day_number(day)?, Some(year.parse::<i32>().ok()?)),
        _ => return None,
    };
    if let Some(year) = year {
        return Some(ymd(year, month, day));
    }
    // No year: the most recent such date, going back past years without a 29 February.
    if let Err(why) = ymd(2000, month, day) {
        return Some(Err(why));
    }
    let latest = today.latest;
    let found = (0..8).find_map(|back| {
        let date = NaiveDate::from_ymd_opt(latest.year() - back, month, day)?;
        (date <= latest).then_some(date)
    });
    Some(found.ok_or_else(|| "That date is too far back.".to_owned()))
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    (1..=12u32).find(|m| {
        month_name(*m).is_some_and(|name| {
            let name = name.to_lowercase();
            name.starts_with(word)
        })
    })
}

fn day_number(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    (digits.len() <= 2).then(|| digits.parse().ok()).flatten()
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
