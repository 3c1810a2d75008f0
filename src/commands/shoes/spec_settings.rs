//! The `/shoes` subcommands about the member's settings and the server's leaderboard, and
//! the date option of `/shoes log`.

use super::action;
use super::spec::wrap;
use super::{Action, Period};
use crate::commands::tree::{choices, read, OptionKind, OptionSpec, SubcommandSpec};
use crate::commands::Completer;

use super::input::Unit;

choices!(Unit {
    Km => "km", "Kilometres";
    Mi => "mi", "Miles";
});

choices!(Period {
    Week => "week", "This week";
    Month => "month", "This month";
    Year => "year", "This year";
});

/// A run's date, with the member's last seven days offered.
pub(super) const DATE: OptionSpec = OptionSpec {
    name: "date",
    description: "When you ran: today, yesterday, sat, 20 Nov or 2026-11-20 (today if left out)",
    kind: OptionKind::String,
    required: false,
    choices: &[],
    autocomplete: Some(Completer::RunDate),
};

pub(super) const TIMEZONE: SubcommandSpec = SubcommandSpec {
    name: "timezone",
    description: "Your time zone: it decides your today and your leaderboard weeks",
    options: &[OptionSpec {
        name: "zone",
        description: "A city or zone, e.g. London, New York, Europe/Berlin, UTC+1",
        kind: OptionKind::String,
        required: false,
        choices: &[],
        autocomplete: Some(Completer::Timezone),
    }],
    action: |args| read(action::timezone(args), |zone| wrap(Action::Timezone(zone))),
};

pub(super) const UNITS: SubcommandSpec = SubcommandSpec {
    name: "units",
    description: "Show distances in kilometres or miles",
    options: &[OptionSpec {
        name: "unit",
        description: "km or mi",
        kind: OptionKind::String,
        required: true,
        choices: Unit::CHOICES,
        autocomplete: None,
    }],
    action: |args| {
        // Required, and checked against `Unit::CHOICES` by the tree: always present.
        let unit = args
            .string("unit")
            .and_then(Unit::from_choice)
            .unwrap_or(Unit::Km);
        wrap(Action::Units(unit))
    },
};

pub(super) const LEADERBOARD: SubcommandSpec = SubcommandSpec {
    name: "leaderboard",
    description: "This server's distance totals, for members who joined",
    options: &[OptionSpec {
        name: "period",
        description: "This week (default), this month or this year",
        kind: OptionKind::String,
        required: false,
        choices: Period::CHOICES,
        autocomplete: None,
    }],
    action: |args| {
        // Left out means this week, as the description says. Any value given was checked
        // against `Period::CHOICES` by the tree, which refuses others with the list.
        let period = args
            .string("period")
            .and_then(Period::from_choice)
            .unwrap_or(Period::Week);
        wrap(Action::Leaderboard(period))
    },
};

pub(super) const JOIN: SubcommandSpec = SubcommandSpec {
    name: "leaderboard-join",
    description: "Show your distance on this server's leaderboard",
    options: &[],
    action: |_| wrap(Action::Join),
};

pub(super) const LEAVE: SubcommandSpec = SubcommandSpec {
    name: "leaderboard-leave",
    description: "Take your distance off this server's leaderboard",
    options: &[],
    action: |_| wrap(Action::Leave),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tree::{resolve, RawInvocation, RawOption, RawValue};
    use crate::commands::{Action as AnyAction, COMMANDS};

    fn leaderboard(period: &str) -> Result<AnyAction, String> {
        let raw = RawInvocation {
            command: "shoes".to_owned(),
            subcommand: Some("leaderboard".to_owned()),
            options: vec![RawOption {
                name: "period".to_owned(),
                value: RawValue::Text(period.to_owned()),
            }],
        };
        resolve(COMMANDS, &raw).map_err(|e| e.to_string())
    }

    #[test]
    fn every_choice_reads_back_as_its_own_variant() {
        for period in Period::ALL {
            assert_eq!(Period::from_choice(period.choice().value), Some(*period));
        }
        for unit in Unit::ALL {
            assert_eq!(Unit::from_choice(unit.choice().value), Some(*unit));
            assert_eq!(unit.choice().value, unit.code(), "the stored code");
        }
        assert_eq!(Period::CHOICES.len(), Period::ALL.len());
        assert_eq!(Period::from_choice("fortnight"), None);
    }

    #[test]
    fn a_value_outside_the_choices_is_refused_with_the_list() {
        assert_eq!(
            leaderboard("Month"),
            Ok(AnyAction::Shoes(Action::Leaderboard(Period::Month)))
        );
        let refused = leaderboard("fortnight").unwrap_err();
        assert!(refused.contains("week, month, year"), "{refused}");
    }
}
