//! Round retirement distances after a change of unit. How worn a pair is (levels, stage,
//! percent, share) is the domain's, in [`crate::wear`]; the two the views use most are
//! re-exported here.

use super::input::{Unit, METRES_PER_MILE};
pub use crate::wear::{share, shown};

fn metres_per(unit: Unit) -> f64 {
    match unit {
        Unit::Km => 1_000.0,
        Unit::Mi => METRES_PER_MILE,
    }
}

/// A round retirement distance in `unit` near `retire_at_m`: to the nearest 10 from 100 up
/// (800 km is 497.1 mi and becomes 500 mi), the nearest 5 from 20 up, else the nearest whole
/// one (never 0). In metres.
// Rounds a stored i64 distance by at most a few metres: back inside i64.
#[allow(clippy::cast_possible_truncation)]
pub fn round_retire_at(retire_at_m: i64, unit: Unit) -> i64 {
    let value = unit.value(retire_at_m);
    let step = if value >= 100.0 {
        10.0
    } else if value >= 20.0 {
        5.0
    } else {
        1.0
    };
    let round = ((value / step).round() * step).max(1.0);
    (round * metres_per(unit)).round() as i64
}

/// Whether a retirement distance reads as an odd number in `unit` (`497.1 mi`), so that
/// [`round_retire_at`] would change what the member sees.
pub fn needs_rounding(retire_at_m: i64, unit: Unit) -> bool {
    unit.show(round_retire_at(retire_at_m, unit)) != unit.show(retire_at_m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retirement_distances_round_to_what_a_runner_would_pick() {
        // The defaults of each unit map onto each other.
        assert_eq!(
            round_retire_at(800_000, Unit::Mi),
            Unit::Mi.default_retire_at()
        );
        assert_eq!(
            round_retire_at(Unit::Mi.default_retire_at(), Unit::Km),
            800_000
        );
        assert_eq!(
            Unit::Mi.show(round_retire_at(300_000, Unit::Mi)),
            "190.0 mi"
        );
        assert_eq!(Unit::Mi.show(round_retire_at(50_000, Unit::Mi)), "30.0 mi");
        assert_eq!(Unit::Mi.show(round_retire_at(10_000, Unit::Mi)), "6.0 mi");
        assert_eq!(
            Unit::Km.show(round_retire_at(100, Unit::Km)),
            "1.0 km",
            "never 0"
        );
        assert!(needs_rounding(800_000, Unit::Mi));
        assert!(!needs_rounding(Unit::Mi.default_retire_at(), Unit::Mi));
        assert!(!needs_rounding(800_000, Unit::Km));
        assert!(
            needs_rounding(Unit::Mi.default_retire_at(), Unit::Km),
            "804.7 km"
        );
    }
}
