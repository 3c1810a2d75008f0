//! The `/shoes` command tree.

use super::action::{shoe as shoe_arg, Add, Edit, Log, Rename};
use super::refs::{RunRef, ShoeRef};
use super::{spec_settings, Action, Fix, Which};
use crate::commands::tree::{read, CommandSpec, OptionKind, OptionSpec, SubcommandSpec};
use crate::commands::{Action as AnyAction, Completer};

const fn shoe(which: Which, description: &'static str, required: bool) -> OptionSpec {
    OptionSpec {
        name: "shoe",
        description,
        kind: OptionKind::String,
        required,
        choices: &[],
        autocomplete: Some(Completer::Shoes(which)),
    }
}

const NAME: OptionSpec = OptionSpec::text(
    "name",
    "A nickname, 1-40 characters, e.g. Blue racers",
    true,
);
const BRAND: OptionSpec = OptionSpec::text("brand", "Brand, e.g. Brooks", false);
const MODEL: OptionSpec = OptionSpec::text("model", "Model, e.g. Ghost 16", false);
const RETIRE_AT: OptionSpec = OptionSpec::text(
    "retire_at",
    "Distance to retire it at (default 800 km / 500 mi)",
    false,
);

/// A logged run: its number in `/shoes history`, or an autocomplete value.
const RUN: OptionSpec = OptionSpec {
    name: "run",
    description: "Its number in /shoes history (1 is your latest run)",
    kind: OptionKind::String,
    required: true,
    choices: &[],
    autocomplete: Some(Completer::Runs),
};

pub(super) fn wrap(action: Action) -> AnyAction {
    AnyAction::Shoes(action)
}

pub const COMMAND: CommandSpec = CommandSpec {
    name: "shoes",
    description: "Log your running-shoe mileage, see wear and get retirement alerts",
    subcommands: &[
        SubcommandSpec {
            name: "add",
            description: "Add a pair of shoes",
            options: &[
                NAME,
                BRAND,
                MODEL,
                OptionSpec::text(
                    "start_distance",
                    "Distance already run in them, e.g. 120k",
                    false,
                ),
                RETIRE_AT,
                OptionSpec {
                    name: "default",
                    description: "Log runs to this pair unless you name another",
                    kind: OptionKind::Boolean,
                    required: false,
                    choices: &[],
                    autocomplete: None,
                },
            ],
            action: |args| read(Add::read(args), |add| wrap(Action::Add(add))),
        },
        SubcommandSpec {
            name: "log",
            description: "Log a run: 5, 5k, 3.1mi or 10000m",
            options: &[
                OptionSpec::text(
                    "distance",
                    "How far, e.g. 8, 8k, 5mi (plain numbers use your unit)",
                    true,
                ),
                shoe(
                    Which::Active,
                    "Which pair (your default if left out)",
                    false,
                ),
                spec_settings::DATE,
                OptionSpec::text("note", "A short note, e.g. parkrun", false),
            ],
            action: |args| read(Log::read(args), |log| wrap(Action::Log(log))),
        },
        SubcommandSpec {
            name: "list",
            description: "All your shoes with wear, runs and projected retirement",
            options: &[],
            action: |_| wrap(Action::List),
        },
        SubcommandSpec {
            name: "history",
            description: "Your latest runs, numbered, on one pair or all",
            options: &[shoe(
                Which::All,
                "Which pair (all your pairs if left out)",
                false,
            )],
            action: |args| wrap(Action::History(args.string("shoe").map(ShoeRef::parse))),
        },
        SubcommandSpec {
            name: "retire",
            description: "Retire a pair: it stays in your list but takes no more runs",
            options: &[shoe(Which::Active, "Which pair", true)],
            action: |args| wrap(Action::Retire(shoe_arg(args, "shoe"))),
        },
        SubcommandSpec {
            name: "unretire",
            description: "Bring a retired pair back",
            options: &[shoe(Which::Retired, "Which pair", true)],
            action: |args| wrap(Action::Unretire(shoe_arg(args, "shoe"))),
        },
        SubcommandSpec {
            name: "default",
            description: "Choose the pair runs are logged to when you name none",
            options: &[shoe(Which::Active, "Which pair", true)],
            action: |args| wrap(Action::Default(shoe_arg(args, "shoe"))),
        },
        SubcommandSpec {
            name: "rename",
            description: "Give a pair a new nickname",
            options: &[shoe(Which::All, "Which pair", true), NAME],
            action: |args| read(Rename::read(args), |rename| wrap(Action::Rename(rename))),
        },
        SubcommandSpec {
            name: "edit",
            description: "Change a pair's brand, model or retirement distance",
            options: &[
                shoe(Which::All, "Which pair", true),
                BRAND,
                MODEL,
                RETIRE_AT,
            ],
            action: |args| read(Edit::read(args), |edit| wrap(Action::Edit(edit))),
        },
        SubcommandSpec {
            name: "undo",
            description: "Remove your latest logged run (asks first)",
            options: &[],
            action: |_| wrap(Action::Undo),
        },
        SubcommandSpec {
            name: "run-remove",
            description: "Remove any logged run (asks first)",
            options: &[RUN],
            action: |args| {
                let run = RunRef::parse(args.string("run").unwrap_or_default());
                read(run, |run| wrap(Action::Fix(Fix::Remove(run))))
            },
        },
        SubcommandSpec {
            name: "run-move",
            description: "Move a logged run to another pair (asks first)",
            options: &[
                RUN,
                OptionSpec {
                    name: "to",
                    description: "The pair it belongs on",
                    kind: OptionKind::String,
                    required: true,
                    choices: &[],
                    autocomplete: Some(Completer::Shoes(Which::Active)),
                },
            ],
            action: |args| {
                let run = RunRef::parse(args.string("run").unwrap_or_default());
                let to = shoe_arg(args, "to");
                read(run, |run| wrap(Action::Fix(Fix::Move { run, to })))
            },
        },
        SubcommandSpec {
            name: "chart",
            description: "A chart of each active pair's distance against its retirement distance",
            options: &[],
            action: |_| wrap(Action::Chart),
        },
        SubcommandSpec {
            name: "weekly",
            description: "A chart of your distance per week over the last 12 weeks, by pair",
            options: &[],
            action: |_| wrap(Action::Weekly),
        },
        spec_settings::UNITS,
        spec_settings::TIMEZONE,
        spec_settings::LEADERBOARD,
        spec_settings::JOIN,
        spec_settings::LEAVE,
    ],
    admin: false,
};
