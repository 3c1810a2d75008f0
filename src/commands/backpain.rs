//! `/backpain`: guidance pages from `content/backpain/` and the physio triage.

mod triage;

use super::tree::{choices, CommandSpec, OptionKind, OptionSpec, SubcommandSpec};
use super::{Action as AnyAction, ButtonSpec, Caller, CommandError};
use crate::content::{page_embed, Content, Page};
use crate::reply::{EmbedField, Reply, COLOUR_INFO};
use crate::App;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `None` shows both the warm-up and the cool-down.
    Stretches(Option<When>),
    Strength,
    Shoes,
    Causes,
    Plan,
    /// Getting back to running after a bout of back pain.
    Return,
    /// Starts the triage.
    Physio,
    /// A triage button: the answers so far, carried in the `custom_id`.
    Triage(triage::State),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Before,
    After,
}

choices!(When {
    Before => "before", "Before a run";
    After => "after", "After a run";
});

pub const COMMAND: CommandSpec = CommandSpec {
    name: "backpain",
    description:
        "Back care for runners: stretches, strength, shoes, causes and when to see a physio",
    subcommands: &[
        SubcommandSpec {
            name: "stretches",
            description: "Dynamic moves before a run, static stretches after",
            options: &[OptionSpec {
                name: "when",
                description: "Before or after your run (both if left out)",
                kind: OptionKind::String,
                required: false,
                choices: When::CHOICES,
                autocomplete: None,
            }],
            action: |args| {
                // Left out means both; any value given was checked against `When::CHOICES`.
                let when = args.string("when").and_then(When::from_choice);
                AnyAction::Backpain(Action::Stretches(when))
            },
        },
        SubcommandSpec {
            name: "strength",
            description: "Core, hip and strength exercises with form cues and dosing",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Strength),
        },
        SubcommandSpec {
            name: "shoes",
            description: "Shoe check: fit, cushioning, support and signs of wear",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Shoes),
        },
        SubcommandSpec {
            name: "physio",
            description: "Should I see a physio? A few yes/no questions, red flags first",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Physio),
        },
        SubcommandSpec {
            name: "causes",
            description: "Why runners get back pain, risk factors and two self-checks",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Causes),
        },
        SubcommandSpec {
            name: "plan",
            description: "A balanced week: runs, strength, mobility and rest",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Plan),
        },
        SubcommandSpec {
            name: "return",
            description: "Back to running after back pain: walk-run steps and when to ease off",
            options: &[],
            action: |_| AnyAction::Backpain(Action::Return),
        },
    ],
    admin: false,
};

/// The answer buttons of the triage.
pub const TRIAGE_BUTTON: ButtonSpec = ButtonSpec {
    kind: "triage",
    action: |state| triage::State::parse(state).map(|s| AnyAction::Backpain(Action::Triage(s))),
};

pub async fn run(app: &App, caller: &Caller, action: &Action) -> Result<Reply, CommandError> {
    if let (Action::Triage(state), Some(guild)) = (action, caller.guild_id) {
        // The server may have set its own emergency number for the emergency outcome.
        let number = app.store.settings().emergency_number(guild).await?;
        return Ok(triage::step(&app.content, state, number.as_deref()));
    }
    let mut reply = render(&app.content, action);
    if *action == Action::Shoes {
        // The shoe check ends with the member's own pairs that are due; that part is theirs
        // alone, so the reply becomes private when it is there.
        if let Some(field) = super::shoes::near_retirement(app, caller).await? {
            if let Some(embed) = reply.embeds.first_mut() {
                embed.fields.push(field);
                reply.ephemeral = true;
            }
        }
    }
    Ok(reply)
}

/// Every `/backpain` reply is a pure function of the content.
pub fn render(content: &Content, action: &Action) -> Reply {
    let guidance = |page: &Page| page_embed(content, page, &page.intro, COLOUR_INFO);
    let b = &content.backpain;
    match action {
        Action::Stretches(Some(When::Before)) => Reply::embed(guidance(&b.stretches_before)),
        Action::Stretches(Some(When::After)) => Reply::embed(guidance(&b.stretches_after)),
        Action::Stretches(None) => Reply {
            embeds: vec![guidance(&b.stretches_before), guidance(&b.stretches_after)],
            ..Reply::default()
        },
        Action::Strength => Reply::embed(guidance(&b.strength)),
        Action::Shoes => Reply::embed(guidance(&b.shoes)),
        Action::Causes => Reply::embed(guidance(&b.causes)),
        Action::Plan => Reply::embed(guidance(&b.plan)),
        Action::Return => Reply::embed(guidance(&b.comeback)),
        Action::Physio => triage::start(content),
        Action::Triage(state) => triage::step(content, state, None),
    }
}

/// Each subcommand with each choice, and every step and outcome of the triage.
pub fn every_reply(content: &Content) -> Vec<(String, Reply)> {
    let mut replies: Vec<(String, Reply)> = [
        ("stretches", Action::Stretches(None)),
        (
            "stretches when:before",
            Action::Stretches(Some(When::Before)),
        ),
        ("stretches when:after", Action::Stretches(Some(When::After))),
        ("strength", Action::Strength),
        ("shoes", Action::Shoes),
        ("causes", Action::Causes),
        ("plan", Action::Plan),
        ("return", Action::Return),
        ("physio", Action::Physio),
    ]
    .into_iter()
    .map(|(label, action)| (format!("/backpain {label}"), render(content, &action)))
    .collect();
    // `/backpain shoes` can end with the member's due pairs: check the page with a full field.
    let mut with_pairs = render(content, &Action::Shoes);
    if let Some(embed) = with_pairs.embeds.first_mut() {
        embed.fields.push(EmbedField {
            name: "Your shoes".to_owned(),
            value: "x".repeat(crate::limits::MAX_FIELD_VALUE),
        });
    }
    replies.push((
        "/backpain shoes, with the member's pairs".to_owned(),
        with_pairs,
    ));
    for state in triage::State::every(&content.triage) {
        let label = format!("/backpain physio, state `{}`", state.encode());
        replies.push((label, render(content, &Action::Triage(state))));
    }
    replies
}
