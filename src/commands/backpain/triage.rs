//! "Should I see a physio?": red-flag questions asked one at a time, most urgent tier first,
//! with Yes/No buttons. The answers travel in the buttons' custom_ids and are never stored.
//! The first "yes" decides the outcome (its question's tier); "no" to everything ends in
//! self-care.

use crate::commands::stale_button;
use crate::content::{
    footer, page_embed, sources_field, Content, Tier, Triage, EMERGENCY_PLACEHOLDER,
};
use crate::reply::{
    Button, ButtonStyle, Embed, Reply, COLOUR_EMERGENCY, COLOUR_INFO, COLOUR_URGENT,
};

use super::TRIAGE_BUTTON;

/// Where a finished triage sends the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Call the emergency number now.
    Emergency,
    /// Same-day advice: urgent GP appointment or a non-emergency helpline.
    Urgent,
    /// Book a physiotherapist or GP.
    Physio,
    /// Look after it yourself, and when to come back.
    SelfCare,
}

/// The triage so far, as carried in a button: a fingerprint of the question list (so that a
/// button made before the questions changed is refused, not misread) and the answers.
/// Its `Debug` leaves the answers out: they are health information and must not be logged.
#[derive(Clone, PartialEq, Eq)]
pub struct State {
    fingerprint: u32,
    answers: String,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("fingerprint", &format_args!("{:08x}", self.fingerprint))
            .field("answered", &self.answers.len())
            .finish()
    }
}

/// More answers than any sane question list; keeps custom_ids far below 100 characters.
const MAX_ANSWERS: usize = 60;

impl State {
    /// Reads `<8 hex digits>.<answers>`, answers being `y`/`n` only.
    pub fn parse(text: &str) -> Option<State> {
        let (hex, answers) = text.split_once('.')?;
        let valid = hex.len() == 8
            && answers.len() <= MAX_ANSWERS
            && answers.chars().all(|c| c == 'y' || c == 'n');
        if !valid {
            return None;
        }
        Some(State {
            fingerprint: u32::from_str_radix(hex, 16).ok()?,
            answers: answers.to_owned(),
        })
    }

    pub fn answers(&self) -> &str {
        &self.answers
    }

    fn encode(&self) -> String {
        format!("{:08x}.{}", self.fingerprint, self.answers)
    }

    fn after(&self, answer: char) -> State {
        let mut answers = self.answers.clone();
        answers.push(answer);
        State {
            fingerprint: self.fingerprint,
            answers,
        }
    }

    /// Every state a button can carry for this question list.
    pub fn every(triage: &Triage) -> Vec<State> {
        let fingerprint = fingerprint(triage);
        let n = triage.questions.len();
        let mut states = Vec::with_capacity(2 * n);
        for asked in 0..n {
            let noes = "n".repeat(asked);
            states.push(State {
                fingerprint,
                answers: format!("{noes}y"),
            });
            states.push(State {
                fingerprint,
                answers: format!("{noes}n"),
            });
        }
        states
    }
}

/// What comes after a run of answers: the next question (by index) or an outcome. `None` when
/// the answers cannot have come from this question list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Ask(usize),
    Done(Outcome),
}

pub fn next_step(triage: &Triage, answers: &str) -> Option<Step> {
    let questions = &triage.questions;
    if answers.len() > questions.len() {
        return None;
    }
    if let Some(yes) = answers.find('y') {
        if yes + 1 != answers.len() {
            return None;
        }
        return Some(Step::Done(match questions[yes].tier {
            Tier::Emergency => Outcome::Emergency,
            Tier::Urgent => Outcome::Urgent,
            Tier::Physio => Outcome::Physio,
        }));
    }
    if answers.len() == questions.len() {
        return Some(Step::Done(Outcome::SelfCare));
    }
    Some(Step::Ask(answers.len()))
}

/// FNV-1a over the question ids and tiers: stable across builds and Rust versions.
fn fingerprint(triage: &Triage) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for q in &triage.questions {
        for byte in q.id.bytes().chain([b':', q.tier as u8, b';']) {
            hash ^= u32::from(byte);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

/// `/backpain physio`: the intro and the first question.
pub fn start(content: &Content) -> Reply {
    let state = State {
        fingerprint: fingerprint(&content.triage),
        answers: String::new(),
    };
    question(content, &state, 0).ephemeral()
}

/// A button press: the next question or the outcome, replacing the message that was pressed.
/// `emergency_number` is the server's own, if it set one.
pub fn step(content: &Content, state: &State, emergency_number: Option<&str>) -> Reply {
    if state.fingerprint != fingerprint(&content.triage) {
        return stale_button();
    }
    match next_step(&content.triage, &state.answers) {
        Some(Step::Ask(index)) => question(content, state, index)
            .ephemeral()
            .updating_source(),
        Some(Step::Done(outcome)) => outcome_reply(content, state, outcome, emergency_number)
            .ephemeral()
            .updating_source(),
        None => stale_button(),
    }
}

fn question(content: &Content, state: &State, index: usize) -> Reply {
    let triage = &content.triage;
    let q = &triage.questions[index];
    let mut description = String::new();
    if index == 0 {
        description.push_str(triage.intro.trim());
        description.push_str("\n\n");
    }
    description.push_str(&format!("**{}**", q.text.trim()));
    let cited: Vec<&str> = q.sources.iter().map(String::as_str).collect();
    let embed = Embed {
        title: format!("{} · question {}", triage.title, index + 1),
        description,
        fields: vec![sources_field(content, &cited)],
        footer: Some(footer(content, Some(q.reviewed))),
        colour: Some(COLOUR_INFO),
        image: None,
    };
    let yes_style = if q.tier == Tier::Emergency {
        ButtonStyle::Danger
    } else {
        ButtonStyle::Primary
    };
    Reply::embed(embed).with_buttons(vec![
        Button {
            label: "Yes".to_owned(),
            custom_id: TRIAGE_BUTTON.custom_id(&state.after('y').encode()),
            style: yes_style,
        },
        Button {
            label: "No".to_owned(),
            custom_id: TRIAGE_BUTTON.custom_id(&state.after('n').encode()),
            style: ButtonStyle::Secondary,
        },
    ])
}

fn outcome_reply(
    content: &Content,
    state: &State,
    outcome: Outcome,
    emergency_number: Option<&str>,
) -> Reply {
    let outcomes = &content.triage.outcomes;
    let (page, colour) = match outcome {
        Outcome::Emergency => (&outcomes.emergency, COLOUR_EMERGENCY),
        Outcome::Urgent => (&outcomes.urgent, COLOUR_URGENT),
        Outcome::Physio => (&outcomes.physio, COLOUR_INFO),
        Outcome::SelfCare => (&outcomes.selfcare, COLOUR_INFO),
    };
    let because = match state.answers.find('y') {
        Some(i) => format!(
            "You answered yes to: *{}*",
            content.triage.questions[i].text.trim()
        ),
        None => "You answered no to every question.".to_owned(),
    };
    let numbers = emergency_number.unwrap_or(content.common.emergency_numbers.trim());
    let intro = page.intro.replace(EMERGENCY_PLACEHOLDER, numbers);
    Reply::embed(page_embed(
        content,
        page,
        &format!("{because}\n\n{}", intro.trim()),
        colour,
    ))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn content() -> Content {
        Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content")
    }

    fn first(content: &Content, tier: Tier) -> usize {
        content
            .triage
            .questions
            .iter()
            .position(|q| q.tier == tier)
            .unwrap()
    }

    #[test]
    fn the_first_yes_decides_the_outcome_by_its_tier() {
        let content = content();
        let t = &content.triage;
        let n = t.questions.len();
        assert_eq!(next_step(t, ""), Some(Step::Ask(0)));
        assert_eq!(next_step(t, "y"), Some(Step::Done(Outcome::Emergency)));
        assert_eq!(next_step(t, "n"), Some(Step::Ask(1)));
        let yes_at = |i: usize| format!("{}y", "n".repeat(i));
        assert_eq!(
            next_step(t, &yes_at(first(&content, Tier::Urgent))),
            Some(Step::Done(Outcome::Urgent))
        );
        assert_eq!(
            next_step(t, &yes_at(first(&content, Tier::Physio))),
            Some(Step::Done(Outcome::Physio))
        );
        assert_eq!(
            next_step(t, &yes_at(n - 1)),
            Some(Step::Done(Outcome::Physio))
        );
        assert_eq!(
            next_step(t, &"n".repeat(n)),
            Some(Step::Done(Outcome::SelfCare))
        );
    }

    #[test]
    fn answers_no_question_list_could_produce_are_refused() {
        let content = content();
        let t = &content.triage;
        let n = t.questions.len();
        assert_eq!(next_step(t, "yn"), None, "nothing is asked after a yes");
        assert_eq!(next_step(t, &"n".repeat(n + 1)), None);
        for bad in [
            "",
            "1234abcd",
            "1234abc.n",
            "1234abcdz.n",
            "zzzzzzzz.n",
            "1234abcd.x",
            "1234abcd.N",
        ] {
            assert_eq!(State::parse(bad), None, "{bad:?}");
        }
        let long = format!("1234abcd.{}", "n".repeat(MAX_ANSWERS + 1));
        assert_eq!(State::parse(&long), None);
    }

    #[test]
    fn buttons_round_trip_and_every_state_is_reachable() {
        let content = content();
        let start = start(&content);
        assert!(start.ephemeral && !start.update_source);
        let ids: Vec<&str> = start.custom_ids().collect();
        assert_eq!(ids.len(), 2);
        let states = State::every(&content.triage);
        assert_eq!(states.len(), 2 * content.triage.questions.len());
        for state in &states {
            let reply = step(&content, state, None);
            assert!(reply.update_source, "{:?}", state.answers());
            assert_eq!(State::parse(&state.encode()).as_ref(), Some(state));
        }
    }

    #[test]
    fn answers_never_show_in_debug_output() {
        let state = State::parse("1234abcd.nny").unwrap();
        assert_eq!(
            format!("{state:?}"),
            "State { fingerprint: 1234abcd, answered: 3 }"
        );
    }

    #[test]
    fn the_emergency_outcome_lists_the_numbers_and_says_why() {
        let content = content();
        let state = State::every(&content.triage).remove(0);
        assert_eq!(state.answers(), "y");
        let reply = step(&content, &state, None);
        let description = &reply.embeds[0].description;
        assert!(
            description.starts_with("You answered yes to: *"),
            "{description}"
        );
        assert!(description.contains(content.common.emergency_numbers.trim()));
        assert!(!description.contains(EMERGENCY_PLACEHOLDER));
        let own = step(&content, &state, Some("112"));
        assert!(
            own.embeds[0].description.contains("(112)"),
            "{}",
            own.embeds[0].description
        );
        assert!(!own.embeds[0].description.contains("911"));
        assert_eq!(reply.embeds[0].colour, Some(COLOUR_EMERGENCY));
        assert!(reply.buttons.is_empty());
    }
}
