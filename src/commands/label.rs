//! Which interaction a metric is about: its kind and its name in the static command tree,
//! never anything a member typed. The counters themselves are [`crate::telemetry`]'s.

use std::time::Duration;

use super::tree::RawInvocation;
use super::{backpain, club, privacy, shoes, tips, Action, Outcome, BUTTONS, COMMANDS};
use crate::telemetry;

impl Action {
    /// `Shoes::Log`: the group and the variant, without their values, which can be a
    /// member's data (nicknames, notes, triage answers) and must not reach the logs; input
    /// refused where it arrived is just `Refused`.
    pub fn label(&self) -> String {
        let (group, name) = match self {
            Action::Backpain(action) => ("Backpain", backpain_name(action)),
            Action::Shoes(action) => ("Shoes", shoes_name(action)),
            Action::Privacy(action) => ("Privacy", privacy_name(*action)),
            Action::Club(action) => ("Club", club_name(action)),
            Action::Tips(action) => ("Tips", tips_name(action)),
            // The refused input is the member's: only that it was refused is named.
            Action::Refused(_) => return "Refused".to_owned(),
        };
        format!("{group}::{name}")
    }
}

fn backpain_name(action: &backpain::Action) -> &'static str {
    use backpain::Action as A;
    match action {
        A::Stretches(_) => "Stretches",
        A::Strength => "Strength",
        A::Shoes => "Shoes",
        A::Causes => "Causes",
        A::Plan => "Plan",
        A::Return => "Return",
        A::Physio => "Physio",
        A::Triage(_) => "Triage",
    }
}

fn shoes_name(action: &shoes::Action) -> &'static str {
    use shoes::Action as A;
    match action {
        A::Add(_) => "Add",
        A::Log(_) => "Log",
        A::List => "List",
        A::History(_) => "History",
        A::Retire(_) => "Retire",
        A::Unretire(_) => "Unretire",
        A::Default(_) => "Default",
        A::Rename(_) => "Rename",
        A::Edit(_) => "Edit",
        A::Undo => "Undo",
        A::UndoConfirm(_) => "UndoConfirm",
        A::UndoKeep => "UndoKeep",
        A::Chart => "Chart",
        A::Weekly => "Weekly",
        A::Units(_) => "Units",
        A::Leaderboard(_) => "Leaderboard",
        A::Join => "Join",
        A::Leave => "Leave",
        A::Fix(_) => "Fix",
        A::Timezone(_) => "Timezone",
        A::Confirm(_) => "Confirm",
    }
}

fn privacy_name(action: privacy::Action) -> &'static str {
    use privacy::Action as A;
    match action {
        A::Export => "Export",
        A::Delete => "Delete",
        A::DeleteConfirmed => "DeleteConfirmed",
        A::DeleteCancelled => "DeleteCancelled",
    }
}

fn club_name(action: &club::Action) -> &'static str {
    match action {
        club::Action::EmergencyNumber(_) => "EmergencyNumber",
        club::Action::Digest(_) => "Digest",
    }
}

fn tips_name(action: &tips::Action) -> &'static str {
    use tips::Action as A;
    match action {
        A::Setup { .. } => "Setup",
        A::Status => "Status",
        A::Pause => "Pause",
        A::Resume => "Resume",
        A::Off => "Off",
        A::Now => "Now",
        A::Preview => "Preview",
    }
}

/// Which interaction, for labels: its kind and its name in the static command tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    kind: &'static str,
    command: String,
}

impl Label {
    /// A slash command: `shoes log`, or `unknown` for a name the tree does not have.
    pub fn command(raw: &RawInvocation) -> Label {
        Label {
            kind: "command",
            command: tree_name(raw),
        }
    }

    /// Suggestions for an option of a slash command.
    pub fn autocomplete(raw: &RawInvocation) -> Label {
        Label {
            kind: "autocomplete",
            command: tree_name(raw),
        }
    }

    /// A button press, by the kind in its `custom_id` (`triage`), never its state.
    pub fn button(custom_id: &str) -> Label {
        let kind = custom_id.split(':').nth(1).unwrap_or_default();
        let known = BUTTONS.iter().find(|b| b.kind == kind).map(|b| b.kind);
        Label {
            kind: "button",
            command: known.unwrap_or("unknown").to_owned(),
        }
    }

    /// Counts one interaction and how long its reply took to work out.
    pub fn record(&self, outcome: Outcome, elapsed: Duration) {
        telemetry::interaction(self.kind, &self.command, outcome.as_str(), elapsed);
    }
}

/// `command subcommand` as the tree spells them.
fn tree_name(raw: &RawInvocation) -> String {
    let Some(command) = COMMANDS.iter().find(|c| c.name == raw.command) else {
        return "unknown".to_owned();
    };
    let sub = raw.subcommand.as_deref();
    match command.subcommands.iter().find(|s| Some(s.name) == sub) {
        Some(sub) => format!("{} {}", command.name, sub.name),
        None => command.name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use metrics_exporter_prometheus::PrometheusBuilder;

    use super::*;
    use crate::commands::tree::{Args, OptionKind, Value};
    use crate::telemetry::{database_error, tip};

    fn raw(command: &str, subcommand: Option<&str>) -> RawInvocation {
        RawInvocation {
            command: command.to_owned(),
            subcommand: subcommand.map(str::to_owned),
            options: Vec::new(),
        }
    }

    #[test]
    fn labels_are_tree_names_only() {
        assert_eq!(tree_name(&raw("shoes", Some("log"))), "shoes log");
        assert_eq!(tree_name(&raw("backpain", Some("nope"))), "backpain");
        assert_eq!(tree_name(&raw("Secret pair", None)), "unknown");
        let triage = crate::commands::BUTTONS[0];
        let pressed = Label::button(&triage.custom_id("yes-no-private-state"));
        assert_eq!(pressed.command, triage.kind);
        assert_eq!(Label::button("p1:made-up:x").command, "unknown");
    }

    /// A value every option of that name accepts, so that no subcommand refuses its input.
    fn valid(option: &crate::commands::tree::OptionSpec) -> Value {
        let text = match (option.kind, option.choices.first(), option.name) {
            (OptionKind::Boolean, ..) => return Value::Boolean(true),
            (OptionKind::Channel, ..) => return Value::Channel(700_000_000_000_000_005),
            (_, Some(choice), _) => choice.value,
            (_, None, "name" | "shoe" | "to") => "Racers",
            (_, None, "zone" | "timezone") => "UTC",
            (_, None, "schedule") => "daily 07:00",
            (_, None, _) => "5",
        };
        Value::String(text.to_owned())
    }

    #[test]
    fn every_subcommand_is_labelled_with_its_own_variant() {
        for command in COMMANDS {
            for sub in command.subcommands {
                let values = sub.options.iter().map(|o| (o.name, valid(o))).collect();
                let action = (sub.action)(&Args::checked(values));
                let label = action.label();
                let (group, name) = label.split_once("::").unwrap_or_default();
                let debug = format!("{action:?}");
                assert!(
                    debug.starts_with(&format!("{group}({name}")),
                    "{label} for {debug}"
                );
            }
        }
    }

    #[test]
    fn recorded_interactions_render_as_prometheus_text() {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            let label = Label::command(&raw("shoes", Some("log")));
            label.record(Outcome::Ok, Duration::from_millis(3));
            label.record(Outcome::Shed, Duration::from_millis(1));
            database_error(&anyhow::Error::new(sqlx::Error::PoolTimedOut).context("x"));
            database_error(&anyhow::anyhow!("not the database"));
            tip("posted");
        });
        let text = handle.render();
        for line in [
            r#"pacer_interactions_total{kind="command",command="shoes log",outcome="ok"} 1"#,
            r#"pacer_interactions_total{kind="command",command="shoes log",outcome="shed"} 1"#,
            "pacer_database_errors_total 1",
            r#"pacer_tips_total{outcome="posted"} 1"#,
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
    }
}
