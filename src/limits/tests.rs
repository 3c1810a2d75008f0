//! The reply checks against hand-built replies.

use super::*;
use crate::reply::{Button, ButtonStyle, Embed, EmbedField};

#[test]
fn oversized_replies_are_named() {
    let field = |n: usize| EmbedField {
        name: format!("f{n}"),
        value: "v".repeat(1_000),
    };
    let reply = Reply {
        content: Some("c".repeat(2_001)),
        embeds: vec![Embed {
            title: "t".into(),
            description: "d".into(),
            fields: (0..7).map(field).collect(),
            footer: None,
            colour: None,
            image: None,
        }],
        buttons: vec![vec![
            Button {
                label: "Yes".into(),
                custom_id: "x".repeat(101),
                style: ButtonStyle::Primary,
            };
            2
        ]],
        ..Reply::default()
    };
    let text: Vec<String> = check_reply("/demo", &reply)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        text.contains(&"/demo: the message content has 2001 characters (limit 0-2000)".to_owned()),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("all embeds together have 7")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("custom_id has 101 characters")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t.contains("is used twice")), "{text:?}");
}

#[test]
fn an_empty_reply_is_refused() {
    assert_eq!(check_reply("/x", &Reply::default()).len(), 1);
}

#[test]
fn command_names_follow_discords_pattern() {
    let refused = |name: &str| {
        let mut checker = Checker { found: Vec::new() };
        checker.name("/x", name);
        !checker.found.is_empty()
    };
    for good in [
        "stretches",
        "run-remove",
        "retire_at",
        "o'clock",
        "été",
        "दौड़",
        "วิ่ง",
        "5k",
    ] {
        assert!(!refused(good), "{good} is a valid name");
    }
    let longest = "a".repeat(32);
    assert!(!refused(&longest));
    for bad in [
        "",
        "Shoes",
        "two words",
        "shoes!",
        "emoji🏃",
        &"a".repeat(33),
    ] {
        assert!(refused(bad), "{bad:?} must be refused");
    }
}
