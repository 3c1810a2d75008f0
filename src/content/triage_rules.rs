//! Load-time rules of the triage file: most urgent tier first, emergency signs asked one per
//! screen, groups that fit a message's buttons, outcome items that name real reasons, and the
//! emergency numbers in every outcome that must carry them.

use std::collections::HashSet;

use super::schema::{invalid, non_empty, valid_id, ContentError};
use super::{Content, Page, Tier, EMERGENCY_PLACEHOLDER};
use crate::limits::MAX_BUTTON_LABEL;

const FILE: &str = "backpain/triage.toml";

/// Signs on one group screen: their buttons and the three controls fit in Discord's rows.
pub const MAX_GROUP: usize = 8;

impl Content {
    pub(super) fn validate_triage(&self) -> Result<(), ContentError> {
        let triage = &self.triage;
        non_empty(FILE, "title", "the title", &triage.title)?;
        non_empty(FILE, "intro", "the intro", &triage.intro)?;
        non_empty(FILE, "unsure", "the not-sure note", &triage.unsure)?;
        self.validate_sources(FILE, "unsure_sources", &triage.unsure_sources)?;
        self.validate_questions()?;
        self.validate_groups()?;
        self.validate_outcomes()
    }

    fn validate_questions(&self) -> Result<(), ContentError> {
        let triage = &self.triage;
        let mut ids = HashSet::new();
        let mut previous = Tier::Emergency;
        for q in &triage.questions {
            valid_id(FILE, &q.id)?;
            if !ids.insert(q.id.as_str()) {
                return Err(invalid(FILE, &q.id, "the question id is used twice"));
            }
            non_empty(FILE, &q.id, "the question", &q.text)?;
            valid_id(FILE, &q.reason)?;
            self.validate_sources(FILE, &q.id, &q.sources)?;
            Self::validate_reviewed(FILE, &q.id, q.reviewed)?;
            if q.tier < previous {
                return Err(invalid(
                    FILE,
                    &q.id,
                    "questions must go from the most urgent tier to the least",
                ));
            }
            previous = q.tier;
        }
        for tier in [Tier::Emergency, Tier::Urgent, Tier::Physio] {
            if !triage.questions.iter().any(|q| q.tier == tier) {
                return Err(invalid(
                    FILE,
                    "questions",
                    format!("no question has tier {tier:?}"),
                ));
            }
        }
        Ok(())
    }

    fn validate_groups(&self) -> Result<(), ContentError> {
        let triage = &self.triage;
        let mut finished: HashSet<&str> = HashSet::new();
        let mut current: Option<(&str, Tier, usize)> = None;
        for q in &triage.questions {
            let Some(group) = q.group.as_deref() else {
                current = None;
                continue;
            };
            if q.tier == Tier::Emergency {
                return Err(invalid(
                    FILE,
                    &q.id,
                    "emergency questions are asked one per screen, never in a group",
                ));
            }
            if !triage.groups.contains_key(group) {
                return Err(invalid(FILE, &q.id, format!("no [groups.{group}]")));
            }
            let label = q.label.as_deref().unwrap_or_default();
            non_empty(FILE, &q.id, "the button label of a grouped question", label)?;
            if label.chars().count() > MAX_BUTTON_LABEL {
                return Err(invalid(
                    FILE,
                    &q.id,
                    format!("the label is over {MAX_BUTTON_LABEL} characters"),
                ));
            }
            current = match current {
                Some((id, tier, n)) if id == group => {
                    if tier != q.tier {
                        return Err(invalid(FILE, &q.id, "a group holds one tier only"));
                    }
                    Some((id, tier, n + 1))
                }
                _ if finished.contains(group) => {
                    return Err(invalid(FILE, &q.id, "a group's questions must be adjacent"));
                }
                _ => Some((group, q.tier, 1)),
            };
            if let Some((id, _, n)) = current {
                finished.insert(id);
                if n > MAX_GROUP {
                    return Err(invalid(
                        FILE,
                        id,
                        format!("a group holds at most {MAX_GROUP} questions"),
                    ));
                }
            }
        }
        for (id, group) in &triage.groups {
            non_empty(FILE, id, "the group's text", &group.text)?;
            if !finished.contains(id.as_str()) {
                return Err(invalid(FILE, id, "no question is in this group"));
            }
        }
        Ok(())
    }

    fn validate_outcomes(&self) -> Result<(), ContentError> {
        let triage = &self.triage;
        let o = &triage.outcomes;
        let reasons = |tier: Tier| -> HashSet<&str> {
            triage
                .questions
                .iter()
                .filter(|q| q.tier == tier)
                .map(|q| q.reason.as_str())
                .collect()
        };
        let pages = [
            ("outcomes.emergency", &o.emergency, reasons(Tier::Emergency)),
            ("outcomes.urgent", &o.urgent, reasons(Tier::Urgent)),
            ("outcomes.physio", &o.physio, reasons(Tier::Physio)),
            ("outcomes.selfcare", &o.selfcare, HashSet::new()),
        ];
        for (name, page, known) in &pages {
            for item in &page.items {
                if let Some(unknown) = item.only_for.iter().find(|r| !known.contains(r.as_str())) {
                    return Err(invalid(
                        FILE,
                        &format!("{name}, {}", item.name),
                        format!("no question of this outcome's tier has reason `{unknown}`"),
                    ));
                }
            }
        }
        if !o.emergency.intro.contains(EMERGENCY_PLACEHOLDER) {
            return Err(invalid(
                FILE,
                "outcomes.emergency",
                format!("the intro must contain {EMERGENCY_PLACEHOLDER}"),
            ));
        }
        // The milder outcomes end with the safety net: the emergency signs and the number.
        for (name, page) in [
            ("outcomes.physio", &o.physio),
            ("outcomes.selfcare", &o.selfcare),
        ] {
            if !ends_with_safety_net(page) {
                return Err(invalid(
                    FILE,
                    name,
                    format!("the last item must name the emergency signs with {EMERGENCY_PLACEHOLDER}, for every answer"),
                ));
            }
        }
        Ok(())
    }
}

fn ends_with_safety_net(page: &Page) -> bool {
    page.items
        .last()
        .is_some_and(|item| item.only_for.is_empty() && item.text.contains(EMERGENCY_PLACEHOLDER))
}

impl Content {
    /// Guidance pages outside the triage show every item.
    pub(super) fn validate_no_reasons(&self) -> Result<(), ContentError> {
        for (file, page) in self.pages() {
            if file.starts_with(FILE) {
                continue;
            }
            if let Some(item) = page.items.iter().find(|i| !i.only_for.is_empty()) {
                return Err(invalid(
                    file,
                    &item.name,
                    "only triage outcomes use only_for",
                ));
            }
        }
        Ok(())
    }
}
