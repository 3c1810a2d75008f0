//! Reading a member's runs summed per pair and date, for `/shoes weekly`: nothing new is
//! stored, the chart is drawn from the runs already logged.

use std::ops::RangeInclusive;

use anyhow::Context as _;
use chrono::NaiveDate;

use super::{day, db_id, Runs};

/// The member's distance on one pair on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairDay {
    pub shoe_id: i64,
    pub shoe_name: String,
    pub run_on: NaiveDate,
    pub distance_m: i64,
}

impl Runs<'_> {
    /// The member's distance per pair and date on the dates `days` (both ends included),
    /// oldest first.
    pub async fn per_pair_and_day(
        &self,
        user_id: u64,
        days: RangeInclusive<NaiveDate>,
    ) -> anyhow::Result<Vec<PairDay>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT r.shoe_id, s.name, r.run_on, CAST(SUM(r.distance_m) AS BIGINT) \
             FROM runs r JOIN shoes s ON s.shoe_id = r.shoe_id \
             WHERE r.user_id = $1 AND r.run_on >= $2 AND r.run_on <= $3 \
             GROUP BY r.shoe_id, s.name, r.run_on ORDER BY r.run_on, r.shoe_id",
        )
        .bind(db_id(user_id)?)
        .bind(day(*days.start()))
        .bind(day(*days.end()))
        .fetch_all(self.pool)
        .await
        .context("reading a member's runs per week")?;
        Ok(rows
            .into_iter()
            .filter_map(|(shoe_id, shoe_name, run_on, distance_m)| {
                let run_on = NaiveDate::parse_from_str(&run_on, "%Y-%m-%d").ok()?;
                Some(PairDay {
                    shoe_id,
                    shoe_name,
                    run_on,
                    distance_m,
                })
            })
            .collect())
    }
}
