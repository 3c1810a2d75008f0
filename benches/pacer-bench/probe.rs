//! What one load run observed, per interaction: when it went out, when and how it was
//! answered. Stamps and counters only, written from whichever task saw the event.

use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// What pacer says when its bounded in-flight work is full.
pub const BUSY: &str = "pacer is busy";

/// How an interaction was answered, as stored in [`Probe::kinds`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Unanswered = 0,
    /// The reply held the run's marker.
    Expected = 1,
    /// The busy notice.
    Busy = 2,
    /// Anything else, a deferral included.
    Other = 3,
}

impl Kind {
    pub fn of(value: u8) -> Kind {
        match value {
            1 => Kind::Expected,
            2 => Kind::Busy,
            3 => Kind::Other,
            _ => Kind::Unanswered,
        }
    }
}

/// Per-interaction stamps of one load run, in nanoseconds since the fake started (0: not yet).
pub struct Probe {
    pub sent: Vec<AtomicU64>,
    pub answered: Vec<AtomicU64>,
    /// A [`Kind`] per interaction, from its first answer.
    pub kinds: Vec<AtomicU8>,
    /// Answers whose body holds the run's marker (the expected reply), and the others; the
    /// busy notices are counted among the others and again on their own.
    pub ok: AtomicUsize,
    pub unexpected: AtomicUsize,
    pub busy: AtomicUsize,
    /// Deferred replies edited in later with the marker.
    pub late_ok: AtomicUsize,
    marker: &'static str,
    /// The first unexpected answer other than the busy notice, to show what went wrong.
    pub first_unexpected: Mutex<Option<String>>,
}

impl Probe {
    pub fn new(count: usize, marker: &'static str) -> Probe {
        Probe {
            sent: (0..count).map(|_| AtomicU64::new(0)).collect(),
            answered: (0..count).map(|_| AtomicU64::new(0)).collect(),
            kinds: (0..count).map(|_| AtomicU8::new(0)).collect(),
            ok: AtomicUsize::new(0),
            unexpected: AtomicUsize::new(0),
            busy: AtomicUsize::new(0),
            late_ok: AtomicUsize::new(0),
            marker,
            first_unexpected: Mutex::new(None),
        }
    }

    /// Interactions answered so far, in any way.
    pub fn answers(&self) -> usize {
        self.ok.load(Ordering::Acquire) + self.unexpected.load(Ordering::Acquire)
    }

    /// The answer to interaction `index` arrived at `at` with `body`.
    pub fn answer(&self, index: usize, at: u64, body: &[u8]) {
        let (Some(slot), Some(kind)) = (self.answered.get(index), self.kinds.get(index)) else {
            return;
        };
        slot.store(at, Ordering::Release);
        let text = String::from_utf8_lossy(body);
        let seen = if text.contains(self.marker) {
            self.ok.fetch_add(1, Ordering::AcqRel);
            Kind::Expected
        } else {
            self.unexpected.fetch_add(1, Ordering::AcqRel);
            if text.contains(BUSY) {
                self.busy.fetch_add(1, Ordering::AcqRel);
                Kind::Busy
            } else {
                let mut first = self
                    .first_unexpected
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                first.get_or_insert_with(|| text.into_owned());
                Kind::Other
            }
        };
        kind.store(seen as u8, Ordering::Release);
    }

    /// A deferred reply to interaction `index` was edited in with `body`.
    pub fn edited(&self, index: usize, body: &[u8]) {
        if index < self.sent.len() && String::from_utf8_lossy(body).contains(self.marker) {
            self.late_ok.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// How interaction `index` was answered.
    pub fn kind(&self, index: usize) -> Kind {
        Kind::of(
            self.kinds
                .get(index)
                .map_or(0, |k| k.load(Ordering::Acquire)),
        )
    }
}
