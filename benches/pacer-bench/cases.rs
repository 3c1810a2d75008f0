//! The interactions the benchmark offers, as Discord would send them.

use std::sync::Arc;

use serde_json::{json, Value};

use crate::fake::ID_BASE;
use crate::payloads::interaction;

/// Members taking part in the `/shoes` runs, each with one pair.
pub const MEMBERS: usize = 1000;

/// A kind of interaction, and what its reply must contain to count as answered well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Stretches,
    ShoesAdd,
    ShoesLog,
    ShoeAutocomplete,
}

impl Case {
    pub fn label(self) -> &'static str {
        match self {
            Case::Stretches => "/backpain stretches",
            Case::ShoesAdd => "/shoes add",
            Case::ShoesLog => "/shoes log",
            Case::ShoeAutocomplete => "/shoes log shoe: autocomplete",
        }
    }

    /// A string the expected reply holds.
    pub fn marker(self) -> &'static str {
        match self {
            Case::Stretches => "\"embeds\"",
            Case::ShoesAdd => "Added",
            Case::ShoesLog => "Logged",
            Case::ShoeAutocomplete => "Racers",
        }
    }

    /// The i-th interaction of a run.
    fn payload(self, i: usize) -> Value {
        let member = format!("{}", 810_000_000_000_000_000u64 + (i % MEMBERS) as u64);
        let (kind, sub) = match self {
            Case::Stretches => (
                2,
                json!({"name": "stretches", "type": 1,
                    "options": [{"name": "when", "type": 3, "value": "before"}]}),
            ),
            Case::ShoesAdd => (
                2,
                json!({"name": "add", "type": 1,
                    "options": [{"name": "name", "type": 3, "value": "Racers"}]}),
            ),
            Case::ShoesLog => (
                2,
                json!({"name": "log", "type": 1,
                    "options": [{"name": "distance", "type": 3, "value": "5k"}]}),
            ),
            Case::ShoeAutocomplete => (
                4,
                json!({"name": "log", "type": 1,
                    "options": [{"name": "shoe", "type": 3, "value": "ra", "focused": true}]}),
            ),
        };
        let command = if self == Case::Stretches {
            "backpain"
        } else {
            "shoes"
        };
        let data =
            json!({"id": "910000000000000000", "name": command, "type": 1, "options": [sub]});
        let mut payload = interaction(&(ID_BASE + i as u64).to_string(), kind, data);
        payload["member"]["user"]["id"] = json!(member);
        payload
    }

    /// `count` interactions, serialised ahead so that building them costs nothing in a run.
    pub fn frames(self, count: usize) -> Vec<Arc<str>> {
        (0..count)
            .map(|i| Arc::from(self.payload(i).to_string()))
            .collect()
    }
}
