//! Finding a pair from what the member typed: its nickname in any case, the nickname without
//! its emoji and punctuation, or a prefix that names one pair only (`daily` for "👟 Daily
//! trainers"). Near misses (a letter or two off, or the start of a later word) are not used;
//! they are suggested.

/// What a typed name found among the member's pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The nickname itself, in any case.
    Exact(i64),
    /// The only pair whose letters are, or start with, the typed ones: used, and named in the
    /// reply so the member sees which.
    Guessed(i64),
    /// Several pairs start that way.
    Several(Vec<String>),
    /// No pair, but these are close.
    Close(Vec<String>),
    Nothing,
}

/// Pairs named in a refusal at most.
const NAMED: usize = 3;

/// The letters and digits of a name, lowercased, words separated by one space.
pub fn letters(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance between two short strings: insertions, deletions, substitutions and swaps of
/// two neighbouring letters (`dialy` is one edit from `daily`).
fn edits(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// How many edits a typed name of `len` letters may be off by and still be suggested.
fn tolerance(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Matches `typed` against the member's `pairs` (id, nickname).
pub fn find(typed: &str, pairs: &[(i64, String)]) -> Found {
    let exact = typed.trim().to_lowercase();
    if let Some((id, _)) = pairs.iter().find(|(_, n)| n.trim().to_lowercase() == exact) {
        return Found::Exact(*id);
    }
    let key = letters(typed);
    if key.is_empty() {
        return Found::Nothing;
    }
    let keyed: Vec<(i64, &str, String)> = pairs
        .iter()
        .map(|(id, name)| (*id, name.as_str(), letters(name)))
        .collect();
    for matches in [
        |k: &str, l: &str| l == k,
        |k: &str, l: &str| l.starts_with(k),
    ] {
        let found: Vec<&(i64, &str, String)> =
            keyed.iter().filter(|(_, _, l)| matches(&key, l)).collect();
        match found.as_slice() {
            [] => {}
            [(id, _, _)] => return Found::Guessed(*id),
            several => return Found::Several(names(several.iter().map(|(_, n, _)| *n))),
        }
    }
    let length = key.chars().count();
    // No nickname is longer: nothing this long is a near miss.
    if length > super::input::MAX_NAME_CHARS + 2 {
        return Found::Nothing;
    }
    let mut close: Vec<(usize, &str)> = keyed
        .iter()
        .filter_map(|(_, name, l)| {
            let start: String = l.chars().take(length).collect();
            let word_start = l.split(' ').any(|w| w.starts_with(&key)) && length >= 3;
            let off = edits(&key, l).min(edits(&key, &start));
            (off <= tolerance(length) || word_start).then_some((off, *name))
        })
        .collect();
    close.sort_by_key(|(off, _)| *off);
    if close.is_empty() {
        return Found::Nothing;
    }
    Found::Close(names(close.into_iter().map(|(_, n)| n)))
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    names.take(NAMED).map(str::to_owned).collect()
}

/// `A`, `A or B`, `A, B or C`, each in bold and escaped.
pub fn either(names: &[String]) -> String {
    let bold: Vec<String> = names
        .iter()
        .map(|n| format!("**{}**", crate::text::escape(n)))
        .collect();
    match bold.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<(i64, String)> {
        [
            (1, "👟 Daily trainers"),
            (2, "Race-day flats!"),
            (3, "Dirt runners"),
            (4, "Blue racers"),
        ]
        .into_iter()
        .map(|(id, n)| (id, n.to_owned()))
        .collect()
    }

    #[test]
    fn exact_names_in_any_case_then_letters_then_a_unique_prefix() {
        let p = pairs();
        assert_eq!(find("👟 daily TRAINERS", &p), Found::Exact(1));
        assert_eq!(find("Daily trainers", &p), Found::Guessed(1));
        assert_eq!(find("daily", &p), Found::Guessed(1));
        assert_eq!(find("DAI", &p), Found::Guessed(1));
        assert_eq!(find("race day flats", &p), Found::Guessed(2));
        assert_eq!(find("race", &p), Found::Guessed(2));
        assert_eq!(find("blue", &p), Found::Guessed(4));
    }

    #[test]
    fn ambiguous_prefixes_list_the_pairs() {
        assert_eq!(
            find("d", &pairs()),
            Found::Several(vec!["👟 Daily trainers".into(), "Dirt runners".into()])
        );
    }

    #[test]
    fn near_misses_are_suggested_not_used() {
        let p = pairs();
        assert_eq!(
            find("dialy", &p),
            Found::Close(vec!["👟 Daily trainers".into()])
        );
        assert_eq!(
            find("daily trainer", &p),
            Found::Guessed(1),
            "a prefix of the letters"
        );
        assert_eq!(
            find("dayli trainers", &p),
            Found::Close(vec!["👟 Daily trainers".into()])
        );
        assert_eq!(
            find("trainers", &p),
            Found::Close(vec!["👟 Daily trainers".into()])
        );
        assert_eq!(
            find("blue racer5", &p),
            Found::Close(vec!["Blue racers".into()])
        );
        assert_eq!(find("zz", &p), Found::Nothing);
        assert_eq!(find("🏃", &p), Found::Nothing);
        assert_eq!(find("", &p), Found::Nothing);
    }

    #[test]
    fn edit_distance_and_wording() {
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("same", "same"), 0);
        assert_eq!(edits("dialy", "daily"), 1);
        assert_eq!(letters("  👟 Daily--trainers! "), "daily trainers");
        assert_eq!(either(&["A".into()]), "**A**");
        assert_eq!(either(&["A".into(), "B".into()]), "**A** or **B**");
        assert_eq!(
            either(&["A".into(), "B".into(), "C".into()]),
            "**A**, **B** or **C**"
        );
    }
}
