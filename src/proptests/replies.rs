//! custom_ids, the wear percentage and bar, resolving raw invocations, and fitting replies.

use proptest::prelude::*;

use super::member_text;
use crate::commands::shoes::input::MAX_SHOE_M;
use crate::commands::tree::{resolve, RawInvocation, RawOption, RawValue};
use crate::commands::{parse_button, stale_command, Action, BUTTONS, COMMANDS};
use crate::fit::{fit, fitted_suggestions};
use crate::limits::{check_reply, MAX_CUSTOM_ID};
use crate::reply::{Attachment, Button, ButtonStyle, Embed, EmbedField, Reply, Suggestion};

proptest! {
    #[test]
    fn every_button_state_round_trips_through_its_custom_id(spec in 0..BUTTONS.len(), state in member_text()) {
        let spec = BUTTONS[spec];
        prop_assert_eq!(parse_button(&spec.custom_id(&state)), (spec.action)(&state));
        if let Some(Action::Backpain(crate::commands::backpain::Action::Triage(found))) = (spec.action)(&state) {
            let again = parse_button(&spec.custom_id(&found.encode()));
            prop_assert_eq!(again, Some(Action::Backpain(crate::commands::backpain::Action::Triage(found))));
        }
    }

    #[test]
    fn undo_buttons_name_their_run(id in 0i64..i64::MAX) {
        let custom_id = crate::commands::shoes::UNDO_BUTTON.custom_id(&id.to_string());
        prop_assert!(custom_id.len() <= MAX_CUSTOM_ID);
        prop_assert_eq!(
            parse_button(&custom_id),
            Some(Action::Shoes(crate::commands::shoes::Action::UndoConfirm(crate::commands::shoes::refs::RunId(id))))
        );
    }

    #[test]
    fn any_custom_id_is_read_without_panicking(custom_id in member_text()) {
        let _ = parse_button(&custom_id);
    }

    #[test]
    fn wear_is_monotonic_and_the_bar_always_has_ten_cells(
        total in 0..=10 * MAX_SHOE_M, extra in 0..=MAX_SHOE_M, retire in 1..=MAX_SHOE_M,
    ) {
        let pct = crate::wear::percent(total, retire);
        prop_assert!(pct >= 0);
        prop_assert!(crate::wear::percent(total + extra, retire) >= pct);
        prop_assert_eq!(pct >= 100, total >= retire);
        let bar = crate::commands::shoes::view::wear_bar(pct);
        prop_assert_eq!(bar.chars().count(), 10);
        let filled = bar.chars().filter(|c| *c == '▰').count() as i64;
        prop_assert_eq!(filled, pct.min(100) / 10);
    }

    #[test]
    fn any_invocation_resolves_or_gets_a_reply_that_fits(
        command in prop_oneof![Just("shoes".to_owned()), Just("tips".to_owned()), member_text()],
        sub in proptest::option::of(prop_oneof![Just("log".to_owned()), Just("setup".to_owned()), member_text()]),
        options in proptest::collection::vec((prop_oneof![Just("distance".to_owned()), member_text()], member_text()), 0..4),
    ) {
        let raw = RawInvocation {
            command,
            subcommand: sub,
            options: options.into_iter().map(|(name, value)| RawOption { name, value: RawValue::String(value) }).collect(),
        };
        match resolve(COMMANDS, &raw) {
            Ok(action) => prop_assert!(!action.label().is_empty()),
            Err(error) => prop_assert_eq!(check_reply("stale", &stale_command(&error)), vec![]),
        }
    }

    #[test]
    fn a_fitted_reply_breaks_no_limit(reply in reply()) {
        let mut reply = reply;
        fit(&mut reply);
        prop_assert_eq!(check_reply("fitted", &reply), vec![]);
        // Fitting a fitted reply changes nothing.
        let before = reply.clone();
        prop_assert!(fit(&mut reply).is_empty());
        prop_assert_eq!(reply, before);
    }

    #[test]
    fn fitted_suggestions_fit(suggestions in proptest::collection::vec((member_text(), "[a-z:0-9]{1,120}"), 0..40)) {
        let fitted = fitted_suggestions(suggestions.into_iter().map(|(name, value)| Suggestion { name, value }).collect());
        prop_assert!(fitted.len() <= 25);
        for s in fitted {
            prop_assert!((1..=100).contains(&s.name.chars().count()));
            prop_assert!((1..=100).contains(&s.value.chars().count()));
        }
    }
}

/// Text of at least one character: mostly short, sometimes thousands of characters.
fn some_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]\\PC{0,39}",
        1 => ("[xé🏃][xé🏃 ]{0,4}", 100usize..1_000).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// Replies of every shape, many too big for Discord; titles, labels and field texts are
/// never empty (an empty one is a bug to find, not a size to cut).
fn reply() -> impl Strategy<Value = Reply> {
    let field = (some_text(), some_text()).prop_map(|(name, value)| EmbedField { name, value });
    let embed = (
        some_text(),
        some_text(),
        proptest::collection::vec(field, 0..30),
        proptest::option::of(some_text()),
    )
        .prop_map(|(title, description, fields, footer)| Embed {
            title,
            description,
            fields,
            footer,
            colour: None,
            image: None,
        });
    let button = (some_text(), "[a-z0-9:]{1,100}").prop_map(|(label, custom_id)| Button {
        label,
        custom_id,
        style: ButtonStyle::Primary,
    });
    let rows = proptest::collection::vec(proptest::collection::vec(button, 1..8), 0..7);
    (
        some_text(),
        proptest::collection::vec(embed, 0..12),
        rows,
        0usize..12,
    )
        .prop_map(|(content, embeds, buttons, files)| {
            let mut seen = std::collections::HashSet::new();
            let buttons = buttons
                .into_iter()
                .map(|row| {
                    row.into_iter()
                        .filter(|b| seen.insert(b.custom_id.clone()))
                        .collect::<Vec<_>>()
                })
                .filter(|row| !row.is_empty())
                .collect();
            let attachments = (0..files)
                .map(|i| Attachment {
                    filename: format!("{i}.txt"),
                    bytes: vec![0; 10],
                })
                .collect();
            Reply {
                content: Some(content),
                embeds,
                buttons,
                attachments,
                ..Reply::default()
            }
        })
}
