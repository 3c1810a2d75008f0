//! Tests of resolving invocations against the command tree.

use super::*;
use crate::commands::backpain::{Action as Backpain, When};
use crate::commands::COMMANDS;

fn raw(command: &str, sub: Option<&str>, options: &[(&str, RawValue)]) -> RawInvocation {
    RawInvocation {
        command: command.to_owned(),
        subcommand: sub.map(str::to_owned),
        options: options
            .iter()
            .map(|(name, value)| RawOption {
                name: (*name).to_owned(),
                value: value.clone(),
            })
            .collect(),
    }
}

#[test]
fn typed_and_typed_in_values_resolve_to_the_same_action() {
    let expected = Action::Backpain(Backpain::Stretches(Some(When::After)));
    for value in [
        RawValue::String("after".into()),
        RawValue::Text(" After ".into()),
    ] {
        let found = resolve(
            COMMANDS,
            &raw("backpain", Some("stretches"), &[("when", value)]),
        );
        assert_eq!(found, Ok(expected.clone()));
    }
    let none = resolve(COMMANDS, &raw("backpain", Some("stretches"), &[]));
    assert_eq!(none, Ok(Action::Backpain(Backpain::Stretches(None))));
}

#[test]
fn every_mismatch_with_the_tree_is_named() {
    let when = |v: RawValue| [("when", v)];
    let cases = [
        (raw("jog", None, &[]), "There is no command `/jog`."),
        (
            raw("backpain", None, &[]),
            "`/backpain` needs one of these subcommands",
        ),
        (
            raw("backpain", Some("yoga"), &[]),
            "has no subcommand `yoga`",
        ),
        (
            raw(
                "backpain",
                Some("strength"),
                &[("reps", RawValue::Unsupported)],
            ),
            "There is no option `reps` here. Usage: `/backpain strength`",
        ),
        (
            raw(
                "backpain",
                Some("stretches"),
                &when(RawValue::Boolean(true)),
            ),
            "The option `when` needs some text.",
        ),
        (
            raw("backpain", Some("stretches"), &when(RawValue::Unsupported)),
            "The option `when` needs some text.",
        ),
        (
            raw(
                "backpain",
                Some("stretches"),
                &when(RawValue::String("during".into())),
            ),
            "`during` is not a choice for `when`. Pick one of: before, after.",
        ),
        (
            raw(
                "backpain",
                Some("stretches"),
                &[
                    ("when", RawValue::Text("before".into())),
                    ("when", RawValue::Text("after".into())),
                ],
            ),
            "given more than once",
        ),
    ];
    for (invocation, message) in cases {
        let error = resolve(COMMANDS, &invocation).unwrap_err();
        assert!(
            error.to_string().contains(message),
            "{error} should contain {message}"
        );
    }
}

#[test]
fn usage_lines_come_from_the_tree() {
    let stretches = &COMMANDS[0].subcommands[0];
    assert_eq!(
        stretches.usage(COMMANDS[0]),
        "/backpain stretches [when:before|after]"
    );
}
