//! The `/shoes` subcommands about the member's settings and the server's leaderboard, and
//! the date option of `/shoes log`.

use super::spec::wrap;
use super::{Action, Period};
use crate::commands::tree::{Choice, OptionKind, OptionSpec, SubcommandSpec};
use crate::commands::Completer;

use super::input::Unit;

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
    action: |args| wrap(Action::Timezone(args.owned("zone"))),
};

pub(super) const UNITS: SubcommandSpec = SubcommandSpec {
    name: "units",
    description: "Show distances in kilometres or miles",
    options: &[OptionSpec {
        name: "unit",
        description: "km or mi",
        kind: OptionKind::String,
        required: true,
        choices: &[
            Choice {
                label: "Kilometres",
                value: "km",
            },
            Choice {
                label: "Miles",
                value: "mi",
            },
        ],
        autocomplete: None,
    }],
    action: |args| {
        let unit = args
            .string("unit")
            .and_then(Unit::from_code)
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
        choices: &[
            Choice {
                label: "This week",
                value: "week",
            },
            Choice {
                label: "This month",
                value: "month",
            },
            Choice {
                label: "This year",
                value: "year",
            },
        ],
        autocomplete: None,
    }],
    action: |args| {
        let period = match args.string("period") {
            Some("month") => Period::Month,
            Some("year") => Period::Year,
            _ => Period::Week,
        };
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
