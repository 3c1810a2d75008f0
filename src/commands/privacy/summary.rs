//! What `/privacy` found or deleted, in words: "3 pairs, 30 runs and your settings", never
//! "33 rows".

/// A table's rows about the member: (table, rows, whether the rows are servers' and only
/// record that the member set them up).
pub type Count<'a> = (&'a str, u64, bool);

/// `1 pair`, `3 pairs`.
fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Where the member's own rows of a table come in a sentence, and the rows in words.
fn own(table: &str, n: u64) -> (u8, String) {
    let other = table.replace('_', " ");
    match table {
        "shoes" => (0, counted(n, "pair", "pairs")),
        "runs" => (1, counted(n, "run", "runs")),
        "shoe_drafts" => (
            2,
            counted(
                n,
                "pair waiting for your answer",
                "pairs waiting for your answer",
            ),
        ),
        "leaderboard_members" => (3, counted(n, "leaderboard place", "leaderboard places")),
        "member_prefs" => (4, "your settings".to_owned()),
        _ => (
            5,
            counted(n, &format!("{other} record"), &format!("{other} records")),
        ),
    }
}

/// What a server's row the member set up is: `warm-up tips`.
fn set_up(table: &str) -> String {
    match table {
        "tip_schedules" => "warm-up tips".to_owned(),
        "digest_schedules" => "club digest".to_owned(),
        other => other.replace('_', " "),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The member's own rows in words, pairs first.
fn own_rows(tables: &[Count]) -> Vec<String> {
    let mut rows: Vec<(u8, String)> = tables
        .iter()
        .filter(|(_, n, servers)| *n > 0 && !servers)
        .map(|(table, n, _)| own(table, *n))
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    rows.into_iter().map(|(_, text)| text).collect()
}

/// Servers' rows that record the member, as (what, `2 servers`).
fn servers(tables: &[Count]) -> Vec<(String, String)> {
    tables
        .iter()
        .filter(|(_, n, servers)| *n > 0 && *servers)
        .map(|(table, n, _)| (set_up(table), counted(*n, "server", "servers")))
        .collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The reply to the delete button.
pub fn deleted(tables: &[Count]) -> String {
    let (own, servers) = (own_rows(tables), servers(tables));
    if own.is_empty() && servers.is_empty() {
        return "There was nothing to delete: pacer held nothing about you.".to_owned();
    }
    let mut done = Vec::new();
    if !own.is_empty() {
        done.push(format!("deleted {}", and_list(&own)));
    }
    if !servers.is_empty() {
        let from: Vec<String> = servers
            .iter()
            .map(|(what, n)| format!("the {what} you set up in {n}"))
            .collect();
        done.push(format!("removed your name from {}", and_list(&from)));
    }
    format!(
        "{}. pacer holds nothing about you now.",
        capitalised(&done.join(", and "))
    )
}

/// The reply to `/privacy export`; `runs` are also in the CSV file.
pub fn exported(tables: &[Count], runs: u64) -> String {
    let (mut items, servers) = (own_rows(tables), servers(tables));
    if items.is_empty() && servers.is_empty() {
        return "pacer holds nothing about you; the file shows the empty tables.".to_owned();
    }
    items.extend(
        servers
            .iter()
            .map(|(what, n)| format!("that you set up the {what} in {n}")),
    );
    let csv = if runs > 0 {
        " Your runs are in the CSV file too, for a spreadsheet."
    } else {
        ""
    };
    format!(
        "Here is everything pacer holds about you: {}.{csv} `/privacy delete` deletes it.",
        and_list(&items)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_read_as_a_sentence() {
        let tables = [
            ("member_prefs", 1, false),
            ("runs", 30, false),
            ("shoes", 3, false),
            ("leaderboard_members", 1, false),
            ("shoe_drafts", 0, false),
            ("tip_schedules", 0, true),
        ];
        assert_eq!(
            deleted(&tables),
            "Deleted 3 pairs, 30 runs, 1 leaderboard place and your settings. pacer holds nothing about you now."
        );
        let admin = [
            ("runs", 1, false),
            ("tip_schedules", 2, true),
            ("digest_schedules", 1, true),
        ];
        assert_eq!(
            deleted(&admin),
            "Deleted 1 run, and removed your name from the warm-up tips you set up in 2 servers and the club digest you set up in 1 server. pacer holds nothing about you now."
        );
        assert_eq!(
            deleted(&[("runs", 0, false)]),
            "There was nothing to delete: pacer held nothing about you."
        );
        assert_eq!(
            deleted(&[("tip_schedules", 1, true)]),
            "Removed your name from the warm-up tips you set up in 1 server. pacer holds nothing about you now."
        );
        assert_eq!(
            deleted(&[("new_table", 2, false)]),
            "Deleted 2 new table records. pacer holds nothing about you now."
        );
    }

    #[test]
    fn exports_say_what_the_files_hold() {
        let tables = [
            ("runs", 2, false),
            ("shoes", 1, false),
            ("tip_schedules", 1, true),
        ];
        assert_eq!(
            exported(&tables, 2),
            "Here is everything pacer holds about you: 1 pair, 2 runs and that you set up the warm-up tips in 1 server. Your runs are in the CSV file too, for a spreadsheet. `/privacy delete` deletes it."
        );
        assert!(exported(&[], 0).starts_with("pacer holds nothing"));
    }
}
