//! Which screen comes next and where the answers lead. Screens follow the question file: an
//! emergency question always has a screen of its own, a group of milder signs shares one.
//! The first sign answered yes (or "not sure" on an emergency or urgent screen) decides the
//! outcome by its tier; as tiers go from most to least urgent, that is the most urgent one.

use crate::content::{Tier, Triage};

use super::state::Answer;

/// Where a finished triage sends the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

impl From<Tier> for Outcome {
    fn from(tier: Tier) -> Outcome {
        match tier {
            Tier::Emergency => Outcome::Emergency,
            Tier::Urgent => Outcome::Urgent,
            Tier::Physio => Outcome::Physio,
        }
    }
}

/// One screen: a question alone, or a group's adjacent questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen<'a> {
    /// Index of its first question.
    pub first: usize,
    pub len: usize,
    pub tier: Tier,
    pub group: Option<&'a str>,
}

impl Screen<'_> {
    pub fn questions(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.len
    }

    /// Whether "not sure" here counts as yes.
    pub fn unsure_is_yes(&self) -> bool {
        self.tier <= Tier::Urgent
    }
}

pub fn screens(triage: &Triage) -> Vec<Screen<'_>> {
    let mut screens: Vec<Screen<'_>> = Vec::new();
    for (index, q) in triage.questions.iter().enumerate() {
        let group = q.group.as_deref();
        match screens.last_mut() {
            Some(last) if group.is_some() && last.group == group => last.len += 1,
            _ => screens.push(Screen {
                first: index,
                len: 1,
                tier: q.tier,
                group,
            }),
        }
    }
    screens
}

/// Why the triage ended where it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Yes to this question.
    Yes(usize),
    /// "Not sure" on this screen, counted as yes.
    Unsure(usize),
    /// No sign applied; `unsure` when "not sure" was answered on a milder screen.
    Nothing { unsure: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    pub outcome: Outcome,
    pub cause: Cause,
}

/// What comes after the answers: the next screen (by index) or the outcome. `None` when the
/// answers cannot have come from this question list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Ask(usize),
    Done(Finding),
}

pub fn next_step(triage: &Triage, answers: &[Answer]) -> Option<Step> {
    let screens = screens(triage);
    let mut unsure = false;
    for (index, answer) in answers.iter().enumerate() {
        let screen = screens.get(index)?;
        let finding = match *answer {
            Answer::No => None,
            Answer::Unsure if screen.unsure_is_yes() => Some(Finding {
                outcome: screen.tier.into(),
                cause: Cause::Unsure(index),
            }),
            Answer::Unsure => {
                unsure = true;
                None
            }
            Answer::Sign(sign) if sign < screen.len => Some(Finding {
                outcome: screen.tier.into(),
                cause: Cause::Yes(screen.first + sign),
            }),
            Answer::Sign(_) => return None,
        };
        if let Some(finding) = finding {
            // Nothing is asked after the answer that decided the outcome.
            return (index + 1 == answers.len()).then_some(Step::Done(finding));
        }
    }
    if answers.len() == screens.len() {
        return Some(Step::Done(Finding {
            outcome: Outcome::SelfCare,
            cause: Cause::Nothing { unsure },
        }));
    }
    Some(Step::Ask(answers.len()))
}

/// The reasons whose outcome items apply: the question answered yes, or every question of a
/// screen the member was not sure about.
pub fn reasons(triage: &Triage, cause: Cause) -> Vec<&str> {
    let questions = match cause {
        Cause::Yes(question) => question..question + 1,
        Cause::Unsure(screen) => screens(triage).get(screen).map_or(0..0, Screen::questions),
        Cause::Nothing { .. } => 0..0,
    };
    triage
        .questions
        .get(questions)
        .unwrap_or_default()
        .iter()
        .map(|q| q.reason.as_str())
        .collect()
}
