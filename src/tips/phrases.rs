//! Schedules in words, as admins type them: `daily 6:30pm`, `every monday at 7am`,
//! `mondays 7:00`, `weekly mon,thu 07:00`, `weekdays 6am`. Each becomes a day set and a time,
//! stored in a canonical form this grammar reads back (`daily 18:30`, `weekly monday 07:00`,
//! `weekly mon,thu 07:00`), and every schedule, cron included, is described in words.

/// Monday first, as `cron` and people in most clubs count the week.
const DAYS: [(&str, &str, &str); 7] = [
    ("monday", "mon", "MON"),
    ("tuesday", "tue", "TUE"),
    ("wednesday", "wed", "WED"),
    ("thursday", "thu", "THU"),
    ("friday", "fri", "FRI"),
    ("saturday", "sat", "SAT"),
    ("sunday", "sun", "SUN"),
];

/// Words that only make a phrase read well.
const FILLER: &[&str] = &["every", "each", "at", "on", "and", "weekly", "the", "&"];

/// A schedule in words: the days it runs and the local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Monday first.
    days: [bool; 7],
    hour: u32,
    minute: u32,
}

/// Whether the text starts like a schedule in words, so a failure can say how to write one.
pub fn looks_like_words(lower: &str) -> bool {
    let first = lower.split_whitespace().next().unwrap_or_default();
    matches!(first, "daily" | "weekly" | "every" | "everyday") || day_set(first).is_some()
}

fn day_set(word: &str) -> Option<[bool; 7]> {
    let mut days = [false; 7];
    match word {
        "daily" | "day" | "days" | "everyday" => days = [true; 7],
        "weekdays" | "weekday" => days[..5].fill(true),
        "weekends" | "weekend" => days[5..].fill(true),
        _ => {
            let singular = word.strip_suffix('s').unwrap_or(word);
            let index = DAYS.iter().position(|(long, short, _)| {
                *long == word
                    || *long == singular
                    || *short == word
                    || (singular.len() >= 3 && long.starts_with(singular))
            })?;
            days[index] = true;
        }
    }
    Some(days)
}

/// `7`, `07:00`, `7:30`, `7.30`, with an optional `am`/`pm` (joined or as the next word),
/// `noon` and `midnight`.
fn time(word: &str, next: Option<&str>) -> Option<((u32, u32), bool)> {
    match word {
        "noon" | "midday" => return Some(((12, 0), false)),
        "midnight" => return Some(((0, 0), false)),
        _ => {}
    }
    let (clock, joined) = match word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) {
        Some(clock) => (clock, Some(&word[word.len() - 2..])),
        None => (word, None),
    };
    let separate = next.filter(|n| matches!(*n, "am" | "pm"));
    let half = joined.or(separate);
    let (h, m) = clock.split_once([':', '.']).unwrap_or((clock, "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let hour = match half {
        Some(_) if h == 0 || h > 12 => return None,
        Some("am") => h % 12,
        Some(_) => h % 12 + 12,
        None => h,
    };
    (hour < 24 && m < 60).then_some(((hour, m), separate.is_some()))
}

/// Reads a schedule in words; `None` when the text is not one.
pub fn parse(lower: &str) -> Option<Preset> {
    let cleaned = lower.replace(',', " ");
    let words: Vec<&str> = cleaned
        .split_whitespace()
        .filter(|w| !FILLER.contains(w))
        .collect();
    let mut days = [false; 7];
    let mut at = None;
    let mut i = 0;
    while i < words.len() {
        if let Some(set) = day_set(words[i]) {
            days.iter_mut().zip(set).for_each(|(d, s)| *d |= s);
        } else if let Some((clock, used_next)) = time(words[i], words.get(i + 1).copied()) {
            if at.replace(clock).is_some() {
                return None;
            }
            i += usize::from(used_next);
        } else {
            return None;
        }
        i += 1;
    }
    let (hour, minute) = at?;
    days.contains(&true)
        .then_some(Preset { days, hour, minute })
}

impl Preset {
    fn every_day(&self) -> bool {
        self.days == [true; 7]
    }

    /// The form stored and shown back: `daily 07:00`, `weekly monday 07:00`,
    /// `weekly mon,thu 07:00`.
    pub fn canonical(&self) -> String {
        let clock = format!("{:02}:{:02}", self.hour, self.minute);
        if self.every_day() {
            return format!("daily {clock}");
        }
        let chosen: Vec<&(&str, &str, &str)> = self.chosen().collect();
        let days = match chosen.as_slice() {
            [(long, _, _)] => (*long).to_owned(),
            many => many
                .iter()
                .map(|(_, short, _)| *short)
                .collect::<Vec<_>>()
                .join(","),
        };
        format!("weekly {days} {clock}")
    }

    /// As a 6-field cron expression (seconds first).
    pub fn cron(&self) -> String {
        let days = if self.every_day() {
            "*".to_owned()
        } else {
            let names: Vec<&str> = self.chosen().map(|(_, _, cron)| *cron).collect();
            names.join(",")
        };
        format!("0 {} {} * * {days}", self.minute, self.hour)
    }

    fn chosen(
        &self,
    ) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> + '_ {
        DAYS.iter()
            .zip(self.days)
            .filter(|(_, on)| *on)
            .map(|(day, _)| day)
    }

    /// `every Monday and Thursday at 07:00`.
    pub fn words(&self) -> String {
        format!(
            "{} at {:02}:{:02}",
            days_words(self.days),
            self.hour,
            self.minute
        )
    }
}

/// `every day`, `every weekday`, `every Monday and Thursday`.
fn days_words(days: [bool; 7]) -> String {
    match days {
        [true, true, true, true, true, true, true] => "every day".to_owned(),
        [true, true, true, true, true, false, false] => "every weekday".to_owned(),
        _ => {
            let names = DAYS.iter().zip(days).filter(|(_, on)| *on);
            format!(
                "every {}",
                list(
                    &names
                        .map(|((long, _, _), _)| capitalised(long))
                        .collect::<Vec<_>>()
                )
            )
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A 6-field cron expression with weekday names, in words, when it is a common shape (fixed
/// minute, listed hours, listed days of the week or of the month, listed months).
pub fn cron_words(expression: &str) -> Option<String> {
    let fields: Vec<&str> = expression.split(' ').collect();
    let [seconds, minute, hours, day_of_month, month, day_of_week] = fields.as_slice() else {
        return None;
    };
    let numbers =
        |field: &str| -> Option<Vec<u32>> { field.split(',').map(|n| n.parse().ok()).collect() };
    let minute: u32 = minute.parse().ok()?;
    if *seconds != "0" {
        return None;
    }
    let times: Vec<String> = numbers(hours)?
        .into_iter()
        .map(|h| format!("{h:02}:{minute:02}"))
        .collect();
    let mut when = match (*day_of_month, *day_of_week) {
        ("*" | "?", "*" | "?") => "every day".to_owned(),
        ("*" | "?", days) => {
            let mut set = [false; 7];
            for part in days.split(',') {
                let index = |name: &str| {
                    DAYS.iter()
                        .position(|(_, _, n)| n.eq_ignore_ascii_case(name))
                };
                match part.split_once('-') {
                    Some((from, to)) => set[index(from)?..=index(to)?].fill(true),
                    None => set[index(part)?] = true,
                }
            }
            days_words(set)
        }
        (days, _) => {
            let days: Vec<String> = numbers(days)?.iter().map(u32::to_string).collect();
            format!("on day {} of the month", list(&days))
        }
    };
    if *month != "*" {
        let names = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let months: Option<Vec<String>> = numbers(month)?
            .into_iter()
            .map(|m| {
                names
                    .get(usize::try_from(m).ok()?.checked_sub(1)?)
                    .map(|n| (*n).to_owned())
            })
            .collect();
        when = format!("{when} in {}", list(&months?));
    }
    Some(format!("{when} at {}", list(&times)))
}
