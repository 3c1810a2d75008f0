//! How worn a pair is, and what pacer makes of it: the wear levels that earn a one-time
//! warning (the store keeps them right as runs are logged, removed or moved), the stage a
//! pair is at (fresh, near retirement, past it), the whole percentage the bars fill to, and
//! the percentage every `/shoes` view shows. Plain arithmetic on metres: the store and the
//! views both call it, and it calls neither.

/// Wear levels, in percent of the retirement distance, that earn a one-time warning.
pub const WARNING_LEVELS: [i64; 4] = [70, 80, 90, 100];

/// From this share of its retirement distance a pair is "near retirement".
pub const NEAR_RETIREMENT_PCT: i64 = 80;

/// At this share a pair has reached its retirement distance.
pub const RETIREMENT_PCT: i64 = 100;

/// Whether a pair at `total_m` of `retire_at_m` has run at least `pct` percent of it. Exact
/// (no rounding), and safe for any inputs: negative totals count as none, a retirement
/// distance under 1 m as 1 m.
pub fn reached(total_m: i64, retire_at_m: i64, pct: i64) -> bool {
    let total = i128::from(total_m.max(0));
    let retire = i128::from(retire_at_m.max(1));
    total * 100 >= i128::from(pct) * retire
}

/// The highest of [`WARNING_LEVELS`] a pair at `total_m` of `retire_at_m` has reached; 0 for
/// none.
pub fn level_reached(total_m: i64, retire_at_m: i64) -> i64 {
    WARNING_LEVELS
        .iter()
        .rev()
        .copied()
        .find(|level| reached(total_m, retire_at_m, *level))
        .unwrap_or(0)
}

/// Whether a warning for `level` is the one for reaching the retirement distance itself
/// (rather than a share on the way there).
pub fn is_retirement_level(level: i64) -> bool {
    level >= RETIREMENT_PCT
}

/// Where a pair stands against its retirement distance: what the views colour and list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Under [`NEAR_RETIREMENT_PCT`].
    Fresh,
    /// From [`NEAR_RETIREMENT_PCT`] up to its retirement distance.
    Near,
    /// At or past its retirement distance ([`RETIREMENT_PCT`]).
    Past,
}

impl Stage {
    /// The stage of a pair at `total_m` of `retire_at_m`.
    pub fn of(total_m: i64, retire_at_m: i64) -> Stage {
        if reached(total_m, retire_at_m, RETIREMENT_PCT) {
            Stage::Past
        } else if reached(total_m, retire_at_m, NEAR_RETIREMENT_PCT) {
            Stage::Near
        } else {
            Stage::Fresh
        }
    }
}

/// Distance run over the retirement distance, as a fraction (0.5 is half worn), for
/// drawing to scale.
pub fn share(total_m: i64, retire_at_m: i64) -> f64 {
    total_m as f64 / retire_at_m.max(1) as f64
}

/// Share of the retirement distance run so far, in whole percent.
pub fn percent(total_m: i64, retire_at_m: i64) -> i64 {
    total_m * 100 / retire_at_m.max(1)
}

/// The share of the retirement distance run so far, as shown: `0%` for a new pair, one
/// decimal under 10 % (`2.9%`), whole numbers from there (`57%`, `122%`), rounded to the
/// nearest, except that it never rounds up onto a multiple of ten the pair has not reached.
/// So `70%`, `80%`, `90%` and `100%` appear exactly when the wear warning for that level
/// fires, and the text always agrees with the wear bar, which fills in tenths.
pub fn shown(total_m: i64, retire_at_m: i64) -> String {
    let total = i128::from(total_m.max(0));
    let retire = i128::from(retire_at_m.max(1));
    if total == 0 {
        return "0%".to_owned();
    }
    // Under 10 %: tenths of a percent, at most 9.9 so it never rounds up onto 10.
    if total * 10 < retire {
        let tenths = ((total * 1_000 + retire / 2) / retire).min(99);
        return format!("{}.{}%", tenths / 10, tenths % 10);
    }
    let mut whole = (total * 100 + retire / 2) / retire;
    if whole % 10 == 0 && total * 100 < whole * retire {
        whole -= 1;
    }
    format!("{whole}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_levels_are_reached_exactly_at_their_percentage() {
        assert_eq!(level_reached(0, 100_000), 0);
        assert_eq!(level_reached(69_999, 100_000), 0);
        assert_eq!(level_reached(70_000, 100_000), 70);
        assert_eq!(level_reached(89_999, 100_000), 80);
        assert_eq!(level_reached(100_000, 100_000), 100);
        assert_eq!(level_reached(900_000, 100_000), 100);
        assert_eq!(level_reached(i64::MAX, 1), 100);
        assert_eq!(level_reached(-5, 0), 0);
    }

    #[test]
    fn stages_change_exactly_at_eighty_and_a_hundred_percent() {
        assert_eq!(Stage::of(0, 800_000), Stage::Fresh);
        assert_eq!(Stage::of(639_999, 800_000), Stage::Fresh);
        assert_eq!(Stage::of(640_000, 800_000), Stage::Near);
        assert_eq!(Stage::of(799_999, 800_000), Stage::Near);
        assert_eq!(Stage::of(800_000, 800_000), Stage::Past);
        assert_eq!(Stage::of(2_000_000, 800_000), Stage::Past);
        assert_eq!(Stage::of(-5, 0), Stage::Fresh);
        assert_eq!(Stage::of(i64::MAX, 1), Stage::Past);
        assert_eq!(
            Stage::of(1, 0),
            Stage::Past,
            "a zero distance counts as 1 m"
        );
    }

    #[test]
    fn only_the_hundred_percent_level_is_the_retirement_warning() {
        assert!(!is_retirement_level(90));
        assert!(is_retirement_level(100));
        assert!(reached(80, 100, 80));
        assert!(!reached(79, 100, 80));
        assert!((share(400_000, 800_000) - 0.5).abs() < f64::EPSILON);
        assert!((share(5, 0) - 5.0).abs() < f64::EPSILON);
    }

    /// A pair retiring at 800 km, `m` metres in.
    fn of_800_km(m: i64) -> String {
        shown(m, 800_000)
    }

    #[test]
    fn under_ten_percent_shows_one_decimal() {
        assert_eq!(of_800_km(0), "0%");
        assert_eq!(
            of_800_km(23_000),
            "2.9%",
            "2.875 % rounds to the nearest tenth"
        );
        assert_eq!(of_800_km(5_000), "0.6%");
        assert_eq!(of_800_km(1), "0.0%");
        assert_eq!(of_800_km(79_000), "9.9%", "9.875 %");
        assert_eq!(of_800_km(79_999), "9.9%", "never 10 before it is reached");
        assert_eq!(of_800_km(80_000), "10%");
    }

    #[test]
    fn from_ten_percent_whole_numbers_to_the_nearest() {
        assert_eq!(of_800_km(83_999), "10%", "10.49 %");
        assert_eq!(of_800_km(84_000), "11%", "10.5 % rounds up");
        assert_eq!(of_800_km(459_000), "57%", "57.375 %");
        assert_eq!(of_800_km(463_000), "58%", "57.875 %");
        assert_eq!(shown(122_000, 100_000), "122%");
    }

    #[test]
    fn a_warning_level_shows_only_once_it_is_reached() {
        // 69.6 % is not 70 %: the 70 % warning has not fired yet.
        assert_eq!(shown(69_600, 100_000), "69%");
        assert_eq!(shown(69_999, 100_000), "69%");
        assert_eq!(shown(70_000, 100_000), "70%");
        assert_eq!(shown(70_400, 100_000), "70%");
        assert_eq!(shown(79_700, 100_000), "79%");
        assert_eq!(shown(89_500, 100_000), "89%");
        assert_eq!(
            of_800_km(799_999),
            "99%",
            "never 100 % before the pair gets there"
        );
        assert_eq!(of_800_km(800_000), "100%");
        assert_eq!(shown(100_400, 100_000), "100%");
        assert_eq!(shown(109_600, 100_000), "109%");
        // Other multiples of ten agree with the bar, which fills in tenths.
        assert_eq!(shown(59_600, 100_000), "59%");
        assert_eq!(shown(60_000, 100_000), "60%");
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        assert_eq!(shown(5, 0), "500%");
        assert_eq!(shown(-5, 100), "0%");
        assert_eq!(
            shown(i64::MAX, 1),
            format!("{}%", i128::from(i64::MAX) * 100)
        );
    }
}
