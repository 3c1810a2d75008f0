//! The interactions the benchmark offers, as Discord would send them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fake_discord::payloads::interaction;
use serde_json::{json, Value};

use crate::fake::ID_BASE;

/// Members taking part in the `/shoes` runs, each with one pair.
pub const MEMBERS: usize = 1000;
/// The first member's user id; member `k` is this plus `k`.
pub const MEMBER_BASE: u64 = 810_000_000_000_000_000;
/// The shortest run logged, in metres: the shortest pacer accepts.
const SHORTEST_M: u64 = 100;

/// `/shoes log` interactions made so far in this process. The n-th is member `n % MEMBERS`
/// logging `SHORTEST_M + n / MEMBERS` metres, so no two are the same run (same member,
/// distance and date), which pacer would ask about instead of logging, across every run of a
/// bench.
static LOGS: AtomicUsize = AtomicUsize::new(0);

/// The `/shoes log` number (see [`LOGS`]) of a stored run, if the bench logged it.
pub fn log_number(user_id: u64, distance_m: u64) -> Option<usize> {
    let member = usize::try_from(user_id.checked_sub(MEMBER_BASE)?).ok()?;
    let step = usize::try_from(distance_m.checked_sub(SHORTEST_M)?).ok()?;
    (member < MEMBERS).then(|| step * MEMBERS + member)
}

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

    /// The i-th interaction of a run, from member `member`; `log` is its number among the
    /// `/shoes log`s.
    fn payload(self, i: usize, member: usize, log: usize) -> Value {
        let member = (MEMBER_BASE + (member % MEMBERS) as u64).to_string();
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
                    "options": [{"name": "distance", "type": 3,
                        "value": format!("{}m", SHORTEST_M + (log / MEMBERS) as u64)}]}),
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
        self.numbered(count)
            .1
            .into_iter()
            .map(|p| Arc::from(p.to_string()))
            .collect()
    }

    /// `count` interactions, and for `/shoes log` the number of the first (see [`LOGS`]).
    pub fn numbered(self, count: usize) -> (usize, Vec<Value>) {
        let first = if self == Case::ShoesLog {
            LOGS.fetch_add(count, Ordering::Relaxed)
        } else {
            0
        };
        let member = |i: usize| if self == Case::ShoesLog { first + i } else { i };
        let payloads = (0..count)
            .map(|i| self.payload(i, member(i), first + i))
            .collect();
        (first, payloads)
    }

    /// One interaction from each of `members`, in that order.
    pub fn by_members(self, members: &[usize]) -> Vec<Arc<str>> {
        members
            .iter()
            .enumerate()
            .map(|(i, member)| Arc::from(self.payload(i, *member, 0).to_string()))
            .collect()
    }
}
