//! `/shoes list`'s last four weeks: how far the member ran and how much of it each pair
//! carried, so rotating pairs (linked with fewer injuries in an observational study,
//! Malisoux 2015) is visible. Worked out from the stored runs; nothing new is kept.

use chrono::{Days, NaiveDate};

use super::input::{escape, Unit};
use crate::reply::EmbedField;
use crate::store::PairDay;

/// The window `/shoes list` sums: the 28 days ending today.
pub const DAYS: u64 = 28;

/// Pairs named in the field, most distance first.
const SHOWN: usize = 5;

/// The first date of the window ending `today`.
pub fn since(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(DAYS - 1)).unwrap_or(today)
}

/// Distance per pair over the window, largest first, with the pair's name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rotation {
    pub pairs: Vec<(String, i64)>,
}

impl Rotation {
    pub fn of(days: &[PairDay]) -> Rotation {
        let mut pairs: Vec<(i64, String, i64)> = Vec::new();
        for day in days {
            match pairs.iter_mut().find(|(id, _, _)| *id == day.shoe_id) {
                Some(pair) => pair.2 += day.distance_m,
                None => pairs.push((day.shoe_id, day.shoe_name.clone(), day.distance_m)),
            }
        }
        pairs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        Rotation {
            pairs: pairs.into_iter().map(|(_, name, m)| (name, m)).collect(),
        }
    }

    pub fn total_m(&self) -> i64 {
        self.pairs.iter().map(|(_, m)| m).sum()
    }

    /// The field: the total, then each pair's share; a line on rotating when more than one
    /// pair carried the distance.
    pub fn field(&self, unit: Unit) -> EmbedField {
        let total = self.total_m();
        let mut value = match self.pairs.len() {
            0 => "No runs logged in the last 4 weeks.".to_owned(),
            1 => format!("{}, all on one pair.", unit.show(total)),
            n => format!("{} on {n} pairs:", unit.show(total)),
        };
        if self.pairs.len() > 1 {
            // Five lines of the longest escaped names stay far inside a field's 1,024.
            for (name, m) in self.pairs.iter().take(SHOWN) {
                let share = (m * 100 + total / 2) / total.max(1);
                value.push_str(&format!(
                    "\n{} · {} ({share}%)",
                    escape(name),
                    unit.show(*m)
                ));
            }
            if self.pairs.len() > SHOWN {
                value.push_str(&format!("\nand {} more", self.pairs.len() - SHOWN));
            }
            value.push_str(
                "\n-# Runners who rotated pairs had fewer injuries in one study; \
                 a link, not proof (Malisoux 2015).",
            );
        }
        EmbedField {
            name: "Last 4 weeks".to_owned(),
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(shoe_id: i64, name: &str, date: &str, distance_m: i64) -> PairDay {
        PairDay {
            shoe_id,
            shoe_name: name.to_owned(),
            run_on: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            distance_m,
        }
    }

    #[test]
    fn each_pair_s_share_of_the_last_four_weeks() {
        let rotation = Rotation::of(&[
            day(1, "Blue", "2026-11-02", 10_000),
            day(2, "Daily", "2026-11-10", 5_000),
            day(1, "Blue", "2026-11-20", 15_000),
        ]);
        assert_eq!(rotation.total_m(), 30_000);
        let field = rotation.field(Unit::Km);
        assert!(
            field.value.starts_with("30.0 km on 2 pairs:"),
            "{}",
            field.value
        );
        assert!(
            field.value.contains("Blue · 25.0 km (83%)"),
            "{}",
            field.value
        );
        assert!(
            field.value.contains("Daily · 5.0 km (17%)"),
            "{}",
            field.value
        );
        assert!(field.value.contains("a link, not proof"));
    }

    #[test]
    fn one_pair_or_none_say_so_plainly() {
        let one = Rotation::of(&[day(1, "Blue", "2026-11-02", 8_000)]);
        assert_eq!(one.field(Unit::Km).value, "8.0 km, all on one pair.");
        let none = Rotation::default().field(Unit::Km);
        assert_eq!(none.value, "No runs logged in the last 4 weeks.");
        assert_eq!(
            since(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).to_string(),
            "2026-11-02"
        );
    }
}
