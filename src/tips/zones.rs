//! Time zones the way people type them: IANA names in any case, a city on its own, the common
//! abbreviations (which mean a region's clock with its summer time, not the fixed offset the
//! time zone database gives some of them), and `UTC+1` / `GMT-5` as fixed offsets with the
//! sign a person means. Ambiguous abbreviations are refused with the choices.

use std::str::FromStr;

use chrono_tz::{Tz, TZ_VARIANTS};

use crate::reply::Suggestion;

/// Abbreviations and region words, and the zone a person typing them means.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("utc", "UTC"),
    ("z", "UTC"),
    ("zulu", "UTC"),
    ("bst", "Europe/London"),
    ("uk", "Europe/London"),
    ("est", "America/New_York"),
    ("edt", "America/New_York"),
    ("et", "America/New_York"),
    ("eastern", "America/New_York"),
    ("cst", "America/Chicago"),
    ("cdt", "America/Chicago"),
    ("ct", "America/Chicago"),
    ("central", "America/Chicago"),
    ("mst", "America/Denver"),
    ("mdt", "America/Denver"),
    ("mt", "America/Denver"),
    ("mountain", "America/Denver"),
    ("pst", "America/Los_Angeles"),
    ("pdt", "America/Los_Angeles"),
    ("pt", "America/Los_Angeles"),
    ("pacific", "America/Los_Angeles"),
    ("akst", "America/Anchorage"),
    ("hst", "Pacific/Honolulu"),
    ("cet", "Europe/Berlin"),
    ("cest", "Europe/Berlin"),
    ("eet", "Europe/Athens"),
    ("eest", "Europe/Athens"),
    ("wet", "Europe/Lisbon"),
    ("west", "Europe/Lisbon"),
    ("aest", "Australia/Sydney"),
    ("aedt", "Australia/Sydney"),
    ("acst", "Australia/Adelaide"),
    ("awst", "Australia/Perth"),
    ("nzst", "Pacific/Auckland"),
    ("nzdt", "Pacific/Auckland"),
    ("jst", "Asia/Tokyo"),
    ("sast", "Africa/Johannesburg"),
];

/// Abbreviations that name more than one clock.
const AMBIGUOUS: &[(&str, &str)] = &[
    (
        "gmt",
        "GMT could be UK time (Europe/London, with summer time) or UTC all year. Type the one you mean.",
    ),
    (
        "ist",
        "IST could be India (Asia/Kolkata), Ireland (Europe/Dublin) or Israel (Asia/Jerusalem). Type the one you mean.",
    ),
];

/// Folders of aliases kept only for old systems; never suggested.
const HIDDEN: &[&str] = &[
    "Etc/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/", "SystemV/",
];

fn is_offered(name: &str) -> bool {
    name == "UTC" || (name.contains('/') && !HIDDEN.iter().any(|h| name.starts_with(h)))
}

/// `utc+1`, `gmt-5`, `utc +10`, `+2`: whole hours from -12 to +14, as the `Etc/GMT` zone
/// (whose POSIX sign is the reverse of what people write).
fn fixed_offset(key: &str) -> Option<Result<Tz, String>> {
    let rest = ["utc", "gmt", ""]
        .iter()
        .find_map(|prefix| key.strip_prefix(prefix))?;
    let rest = rest.replace(' ', "");
    let (sign, number) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' | '−' => (-1, rest.trim_start_matches(['-', '−'])),
        _ => return None,
    };
    let (hours, minutes) = number.split_once(':').unwrap_or((number, "00"));
    let hours: i32 = hours.parse().ok()?;
    if minutes.parse::<u32>().ok()? != 0 {
        return Some(Err(
            "Offsets with minutes aren't supported: type a city instead, such as Asia/Kolkata."
                .to_owned(),
        ));
    }
    let offset = sign * hours;
    if !(-12..=14).contains(&offset) {
        return Some(Err(format!("UTC{offset:+} is not a real offset.")));
    }
    let name = match offset {
        0 => "UTC".to_owned(),
        n => format!("Etc/GMT{:+}", -n),
    };
    Some(Tz::from_str(&name).map_err(|_| format!("UTC{offset:+} is not a real offset.")))
}

/// The zone a member or admin means by `typed`.
pub fn resolve(typed: &str) -> Result<Tz, String> {
    let key = typed.trim().to_lowercase();
    if key.is_empty() {
        return Err("Type a time zone, such as Europe/London or New York.".to_owned());
    }
    if let Some((_, why)) = AMBIGUOUS.iter().find(|(abbr, _)| *abbr == key) {
        return Err((*why).to_owned());
    }
    if let Some((_, name)) = ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == key) {
        return Tz::from_str(name).map_err(|_| unknown(typed));
    }
    if let Some(result) = fixed_offset(&key) {
        return result;
    }
    let underscored = key.replace(' ', "_");
    if let Some(tz) = TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(&underscored))
    {
        return Ok(*tz);
    }
    let cities: Vec<&Tz> = TZ_VARIANTS
        .iter()
        .filter(|tz| is_offered(tz.name()))
        .filter(|tz| {
            tz.name()
                .rsplit('/')
                .next()
                .is_some_and(|city| city.eq_ignore_ascii_case(&underscored))
        })
        .collect();
    match cities.as_slice() {
        [one] => Ok(**one),
        [] => Err(unknown(typed)),
        several => Err(format!(
            "More than one zone has that city: {}. Type the whole name.",
            several
                .iter()
                .map(|tz| tz.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn unknown(typed: &str) -> String {
    format!(
        "“{}” is not a time zone I know. Type a city (London, New York) or a name such as Europe/London.",
        crate::text::quote(typed)
    )
}

/// A zone in words: "London time", "UTC", "UTC+1 (no summer time)".
pub fn in_words(tz: Tz) -> String {
    let name = tz.name();
    if name == "UTC" {
        return "UTC".to_owned();
    }
    if let Some(posix) = name.strip_prefix("Etc/GMT") {
        // Etc/GMT-1 is one hour ahead of UTC.
        let offset: i32 = posix.parse().unwrap_or(0);
        return format!("UTC{:+} (no summer time)", -offset);
    }
    match name.rsplit_once('/') {
        Some((_, city)) => format!("{} time", city.replace('_', " ")),
        None => name.to_owned(),
    }
}

/// Autocomplete: what the typed text resolves to first, then offered zones whose name contains
/// it, those starting with it (or whose city does) before the rest.
pub fn suggest(typed: &str) -> Vec<Suggestion> {
    let key = typed.trim().to_lowercase().replace(' ', "_");
    let mut suggestions = Vec::new();
    if let Ok(tz) = resolve(typed) {
        suggestions.push(suggestion(tz));
    }
    let mut names: Vec<&str> = TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| is_offered(name) && name.to_lowercase().contains(&key))
        .collect();
    names.sort_by_key(|name| {
        let lower = name.to_lowercase();
        let city = lower.rsplit('/').next().unwrap_or_default().to_owned();
        (!(lower.starts_with(&key) || city.starts_with(&key)), *name)
    });
    for name in names {
        if suggestions.len() == crate::limits::MAX_SUGGESTIONS {
            break;
        }
        if let Ok(tz) = Tz::from_str(name) {
            if !suggestions.iter().any(|s: &Suggestion| s.value == name) {
                suggestions.push(suggestion(tz));
            }
        }
    }
    suggestions
}

fn suggestion(tz: Tz) -> Suggestion {
    let words = in_words(tz);
    let name = if words.starts_with("UTC") {
        words
    } else {
        format!("{} ({words})", tz.name())
    };
    Suggestion {
        name,
        value: tz.name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(typed: &str) -> String {
        resolve(typed).map_or_else(|e| format!("error: {e}"), |tz| tz.name().to_owned())
    }

    #[test]
    fn people_s_spellings_resolve_to_the_clock_they_mean() {
        for (typed, zone) in [
            ("Europe/London", "Europe/London"),
            ("europe/london", "Europe/London"),
            ("London", "Europe/London"),
            (" new york ", "America/New_York"),
            ("BST", "Europe/London"),
            ("EST", "America/New_York"),
            ("pst", "America/Los_Angeles"),
            ("UTC", "UTC"),
            ("UTC+1", "Etc/GMT-1"),
            ("GMT+1", "Etc/GMT-1"),
            ("utc -5", "Etc/GMT+5"),
            ("UTC+0", "UTC"),
            ("Etc/GMT-1", "Etc/GMT-1"),
        ] {
            assert_eq!(name(typed), zone, "{typed}");
        }
    }

    #[test]
    fn ambiguous_or_impossible_zones_are_refused_with_a_way_forward() {
        for (typed, hint) in [
            ("GMT", "Europe/London"),
            ("IST", "Asia/Kolkata"),
            ("UTC+5:30", "city"),
            ("UTC+15", "not a real offset"),
            ("Atlantis", "city"),
            ("", "Type a time zone"),
        ] {
            let error = resolve(typed).expect_err(typed);
            assert!(error.contains(hint), "{typed}: {error}");
        }
    }

    #[test]
    fn zones_read_in_words() {
        let words = |typed: &str| in_words(resolve(typed).unwrap());
        assert_eq!(words("London"), "London time");
        assert_eq!(words("new york"), "New York time");
        assert_eq!(words("UTC+1"), "UTC+1 (no summer time)");
        assert_eq!(words("utc-5"), "UTC-5 (no summer time)");
        assert_eq!(words("UTC"), "UTC");
    }

    #[test]
    fn suggestions_put_the_meant_zone_first_and_hide_aliases() {
        assert_eq!(suggest("london")[0].value, "Europe/London");
        assert_eq!(suggest("GMT+1")[0].value, "Etc/GMT-1");
        assert_eq!(suggest("GMT+1")[0].name, "UTC+1 (no summer time)");
        assert_eq!(suggest("london")[0].name, "Europe/London (London time)");
        assert_eq!(suggest("EST")[0].value, "America/New_York");
        let america = suggest("America/");
        assert_eq!(america.len(), 25);
        assert!(america.iter().all(|s| s.value.starts_with("America/")));
        for s in suggest("gmt").iter().chain(&suggest("us/")) {
            assert!(is_offered(&s.value), "{}", s.value);
        }
        assert!(suggest("ünïcødé").is_empty());
        assert_eq!(suggest("").len(), 25);
    }
}
