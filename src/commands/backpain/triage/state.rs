//! The triage so far, as carried in a button's `custom_id`: a fingerprint of the question list
//! (so a button made before the questions changed is refused, not misread) and one character
//! per answered screen. Nothing about the answers is stored anywhere else.

use crate::content::Triage;

use super::flow::screens;

/// More answers than any sane question list; keeps `custom_ids` far below 100 characters.
pub const MAX_ANSWERS: usize = 60;

/// One screen's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// "No", or "None of these" on a group screen.
    No,
    /// "Not sure": a yes on emergency and urgent screens, a no on the milder ones.
    Unsure,
    /// "Yes" to the screen's n-th sign (0 when the screen asks one question).
    Sign(usize),
}

impl Answer {
    fn code(self) -> char {
        match self {
            Answer::No => 'n',
            Answer::Unsure => 'u',
            // Signs are 1-based in the encoding; a screen holds at most `MAX_GROUP` (8) signs,
            // and anything else encodes as '0', which no state parses.
            Answer::Sign(n) => u32::try_from(n + 1)
                .ok()
                .filter(|&d| d <= 8)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or('0'),
        }
    }

    fn from_code(c: char) -> Option<Answer> {
        match c {
            'n' => Some(Answer::No),
            'u' => Some(Answer::Unsure),
            '1'..='8' => Some(Answer::Sign(c.to_digit(10)? as usize - 1)),
            _ => None,
        }
    }
}

/// Its `Debug` leaves the answers out: they are health information and must not be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct State {
    fingerprint: u32,
    answers: Vec<Answer>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("fingerprint", &format_args!("{:08x}", self.fingerprint))
            .field("answered", &self.answers.len())
            .finish()
    }
}

impl State {
    /// Before the first answer.
    pub fn new(triage: &Triage) -> State {
        State {
            fingerprint: fingerprint(triage),
            answers: Vec::new(),
        }
    }

    /// Reads `<8 hex digits>.<answers>`.
    pub fn parse(text: &str) -> Option<State> {
        let (hex, answers) = text.split_once('.')?;
        if hex.len() != 8 || answers.len() > MAX_ANSWERS {
            return None;
        }
        Some(State {
            fingerprint: u32::from_str_radix(hex, 16).ok()?,
            answers: answers
                .chars()
                .map(Answer::from_code)
                .collect::<Option<_>>()?,
        })
    }

    pub fn encode(&self) -> String {
        let answers: String = self.answers.iter().map(|a| a.code()).collect();
        format!("{:08x}.{answers}", self.fingerprint)
    }

    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// Whether the state was made for this question list.
    pub fn fits(&self, triage: &Triage) -> bool {
        self.fingerprint == fingerprint(triage)
    }

    pub fn after(&self, answer: Answer) -> State {
        let mut next = self.clone();
        next.answers.push(answer);
        next
    }

    /// The state one answer earlier, for the Back button.
    pub fn back(&self) -> State {
        let mut previous = self.clone();
        previous.answers.pop();
        previous
    }

    /// Every state a button can carry for this question list: "No" up to each screen, then
    /// each answer that screen offers.
    pub fn every(triage: &Triage) -> Vec<State> {
        let start = State::new(triage);
        let mut states = vec![start.clone()];
        let mut prefix = start;
        for screen in screens(triage) {
            states.push(prefix.after(Answer::Unsure));
            for sign in 0..screen.len {
                states.push(prefix.after(Answer::Sign(sign)));
            }
            prefix = prefix.after(Answer::No);
            states.push(prefix.clone());
        }
        states
    }
}

/// FNV-1a over the question ids, tiers and groups: stable across builds and Rust versions.
fn fingerprint(triage: &Triage) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for q in &triage.questions {
        let group = q.group.as_deref().unwrap_or_default();
        let bytes = q.id.bytes().chain([b':', q.tier as u8, b':']);
        for byte in bytes.chain(group.bytes()).chain([b';']) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}
