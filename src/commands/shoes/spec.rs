//! The `/shoes` command tree.

use super::{Action, Period, Which};
use crate::commands::tree::{Choice, CommandSpec, OptionKind, OptionSpec, SubcommandSpec};
use crate::commands::{Action as AnyAction, Completer};

use super::input::Unit;

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

fn wrap(action: Action) -> AnyAction {
    AnyAction::Shoes(action)
}

fn shoe_arg(args: &crate::commands::tree::Args) -> String {
    args.owned("shoe").unwrap_or_default()
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
            action: |args| {
                wrap(Action::Add {
                    name: args.owned("name").unwrap_or_default(),
                    brand: args.owned("brand"),
                    model: args.owned("model"),
                    start: args.owned("start_distance"),
                    retire_at: args.owned("retire_at"),
                    default: args.flag("default").unwrap_or(false),
                })
            },
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
                OptionSpec::text("date", "YYYY-MM-DD (today if left out)", false),
                OptionSpec::text("note", "A short note, e.g. parkrun", false),
            ],
            action: |args| {
                wrap(Action::Log {
                    distance: args.owned("distance").unwrap_or_default(),
                    shoe: args.owned("shoe"),
                    date: args.owned("date"),
                    note: args.owned("note"),
                })
            },
        },
        SubcommandSpec {
            name: "list",
            description: "All your shoes with wear, runs and projected retirement",
            options: &[],
            action: |_| wrap(Action::List),
        },
        SubcommandSpec {
            name: "history",
            description: "The latest runs logged on a pair",
            options: &[shoe(Which::All, "Which pair", true)],
            action: |args| wrap(Action::History(shoe_arg(args))),
        },
        SubcommandSpec {
            name: "retire",
            description: "Retire a pair: it stays in your list but takes no more runs",
            options: &[shoe(Which::Active, "Which pair", true)],
            action: |args| wrap(Action::Retire(shoe_arg(args))),
        },
        SubcommandSpec {
            name: "unretire",
            description: "Bring a retired pair back",
            options: &[shoe(Which::Retired, "Which pair", true)],
            action: |args| wrap(Action::Unretire(shoe_arg(args))),
        },
        SubcommandSpec {
            name: "default",
            description: "Choose the pair runs are logged to when you name none",
            options: &[shoe(Which::Active, "Which pair", true)],
            action: |args| wrap(Action::Default(shoe_arg(args))),
        },
        SubcommandSpec {
            name: "rename",
            description: "Give a pair a new nickname",
            options: &[shoe(Which::All, "Which pair", true), NAME],
            action: |args| {
                wrap(Action::Rename {
                    shoe: shoe_arg(args),
                    name: args.owned("name").unwrap_or_default(),
                })
            },
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
            action: |args| {
                wrap(Action::Edit {
                    shoe: shoe_arg(args),
                    brand: args.owned("brand"),
                    model: args.owned("model"),
                    retire_at: args.owned("retire_at"),
                })
            },
        },
        SubcommandSpec {
            name: "undo",
            description: "Remove your latest logged run (asks first)",
            options: &[],
            action: |_| wrap(Action::Undo),
        },
        SubcommandSpec {
            name: "chart",
            description: "A chart of each active pair's distance against its retirement distance",
            options: &[],
            action: |_| wrap(Action::Chart),
        },
        SubcommandSpec {
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
        },
        SubcommandSpec {
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
        },
        SubcommandSpec {
            name: "leaderboard-join",
            description: "Show your distance on this server's leaderboard",
            options: &[],
            action: |_| wrap(Action::Join),
        },
        SubcommandSpec {
            name: "leaderboard-leave",
            description: "Take your distance off this server's leaderboard",
            options: &[],
            action: |_| wrap(Action::Leave),
        },
    ],
    admin: false,
};
