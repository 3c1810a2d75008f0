//! The triage table, built from the real content file so that a new question cannot slip in
//! untested: a yes to each question alone gives its tier, "not sure" on each emergency or
//! urgent screen gives at least that tier, and Back then another answer changes the outcome.

use std::path::Path;

use super::flow::{next_step, screens, Cause, Finding, Outcome, Step};
use super::state::{Answer, State, MAX_ANSWERS};
use super::{start, step};
use crate::content::{Content, Tier, EMERGENCY_PLACEHOLDER};
use crate::reply::{Reply, COLOUR_EMERGENCY};

fn content() -> Content {
    Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content")
}

/// "No" to every screen before `screen`, then `answer`.
fn answering(content: &Content, screen: usize, answer: Answer) -> State {
    let mut state = State::new(&content.triage);
    for _ in 0..screen {
        state = state.after(Answer::No);
    }
    state.after(answer)
}

fn text(reply: &Reply) -> String {
    let embed = &reply.embeds[0];
    let mut text = format!("{}\n{}", embed.title, embed.description);
    for field in &embed.fields {
        text.push_str(&format!("\n{}\n{}", field.name, field.value));
    }
    text
}

#[test]
fn a_yes_to_any_one_question_gives_its_tier() {
    let content = content();
    let t = &content.triage;
    for (index, screen) in screens(t).iter().enumerate() {
        for question in screen.questions() {
            let state = answering(&content, index, Answer::Sign(question - screen.first));
            let want = Finding {
                outcome: t.questions[question].tier.into(),
                cause: Cause::Yes(question),
            };
            assert_eq!(
                next_step(t, state.answers()),
                Some(Step::Done(want)),
                "{}",
                t.questions[question].id
            );
        }
    }
}

#[test]
fn not_sure_counts_as_yes_on_emergency_and_urgent_screens_and_as_no_after() {
    let content = content();
    let t = &content.triage;
    let screens = screens(t);
    for (index, screen) in screens.iter().enumerate() {
        let state = answering(&content, index, Answer::Unsure);
        let step = next_step(t, state.answers());
        match screen.tier {
            Tier::Emergency | Tier::Urgent => {
                let Some(Step::Done(finding)) = step else {
                    panic!("screen {index}: {step:?}");
                };
                assert!(finding.outcome <= screen.tier.into(), "screen {index}");
                assert_eq!(finding.cause, Cause::Unsure(index));
                let reply = super::step(&content, &state, None);
                assert!(text(&reply).contains(t.unsure.trim()), "screen {index}");
            }
            Tier::Physio => {
                let want = if index + 1 == screens.len() {
                    Step::Done(Finding {
                        outcome: Outcome::SelfCare,
                        cause: Cause::Nothing { unsure: true },
                    })
                } else {
                    Step::Ask(index + 1)
                };
                assert_eq!(step, Some(want), "screen {index}");
            }
        }
    }
}

#[test]
fn back_then_a_different_answer_changes_the_outcome() {
    let content = content();
    let t = &content.triage;
    let screens = screens(t);
    for (index, screen) in screens.iter().enumerate() {
        let yes = answering(&content, index, Answer::Sign(0));
        let Some(Step::Done(first)) = next_step(t, yes.answers()) else {
            panic!("screen {index}");
        };
        let back = yes.back();
        assert_eq!(next_step(t, back.answers()), Some(Step::Ask(index)));
        let no = back.after(Answer::No);
        match next_step(t, no.answers()) {
            Some(Step::Ask(next)) => assert_eq!(next, index + 1),
            Some(Step::Done(other)) => {
                assert_eq!(other.outcome, Outcome::SelfCare);
                assert_ne!(other.outcome, first.outcome, "{screen:?}");
            }
            None => panic!("screen {index}"),
        }
    }
    // A whole walk: yes to the first emergency question, Back, then no to everything.
    let mut state = answering(&content, 0, Answer::Sign(0)).back();
    for _ in 0..screens.len() {
        state = state.after(Answer::No);
    }
    let selfcare = Finding {
        outcome: Outcome::SelfCare,
        cause: Cause::Nothing { unsure: false },
    };
    assert_eq!(next_step(t, state.answers()), Some(Step::Done(selfcare)));
}

#[test]
fn answers_no_question_list_could_produce_are_refused() {
    let content = content();
    let t = &content.triage;
    let n = screens(t).len();
    let decided = answering(&content, 0, Answer::Sign(0)).after(Answer::No);
    assert_eq!(next_step(t, decided.answers()), None, "nothing after a yes");
    let too_many = answering(&content, n, Answer::No);
    assert_eq!(next_step(t, too_many.answers()), None);
    let no_such_sign = answering(&content, 0, Answer::Sign(1));
    assert_eq!(next_step(t, no_such_sign.answers()), None, "one sign only");
    for bad in [
        "",
        "1234abcd",
        "1234abc.n",
        "1234abcdz.n",
        "zzzzzzzz.n",
        "1234abcd.x",
        "1234abcd.y",
        "1234abcd.9",
        "1234abcd.0",
        "1234abcd.N",
    ] {
        assert_eq!(State::parse(bad), None, "{bad:?}");
    }
    let long = format!("1234abcd.{}", "n".repeat(MAX_ANSWERS + 1));
    assert_eq!(State::parse(&long), None);
}

#[test]
fn screens_say_where_the_member_is_and_offer_not_sure_and_back() {
    let content = content();
    let n = screens(&content.triage).len();
    let first = start(&content);
    assert!(first.ephemeral && !first.update_source);
    assert!(first.embeds[0]
        .title
        .ends_with(&format!("question 1 of {n}")));
    let labels = |reply: &Reply| -> Vec<String> {
        reply
            .buttons
            .iter()
            .flatten()
            .map(|b| b.label.clone())
            .collect()
    };
    assert_eq!(labels(&first), ["Yes", "No", "Not sure"]);
    let second = step(&content, &answering(&content, 0, Answer::No), None);
    assert!(second.update_source);
    assert!(second.embeds[0]
        .title
        .ends_with(&format!("question 2 of {n}")));
    assert_eq!(labels(&second), ["Yes", "No", "Not sure", "Back"]);
    for reply in [&first, &second] {
        let embed = &reply.embeds[0];
        assert!(embed.fields.is_empty(), "sources only on the outcome");
        assert_eq!(embed.footer, None, "the disclaimer only on the outcome");
    }
    // A group screen: a button per sign, then None of these, Not sure and Back.
    let screens = screens(&content.triage);
    let (index, group) = screens
        .iter()
        .enumerate()
        .find(|(_, s)| s.group.is_some())
        .expect("a group screen");
    let reply = step(
        &content,
        &answering(&content, index, Answer::No).back(),
        None,
    );
    let labels = labels(&reply);
    assert_eq!(labels.len(), group.len + 3, "{labels:?}");
    assert_eq!(labels[group.len..], ["None of these", "Not sure", "Back"]);
}

#[test]
fn every_state_round_trips_and_renders() {
    let content = content();
    for state in State::every(&content.triage) {
        assert_eq!(State::parse(&state.encode()).as_ref(), Some(&state));
        let reply = step(&content, &state, None);
        assert!(reply.update_source, "{}", state.encode());
        assert!(!text(&reply).contains(EMERGENCY_PLACEHOLDER));
    }
}

#[test]
fn outcomes_show_only_what_fits_the_answers() {
    let content = content();
    let t = &content.triage;
    let yes_to = |id: &str| {
        let question = t.questions.iter().position(|q| q.id == id).expect(id);
        let (index, screen) = screens(t)
            .into_iter()
            .enumerate()
            .find(|(_, s)| s.questions().contains(&question))
            .expect("its screen");
        text(&step(
            &content,
            &answering(&content, index, Answer::Sign(question - screen.first)),
            None,
        ))
    };
    assert!(yes_to("weight").contains("Aged 60 or over?"));
    assert!(!yes_to("fever").contains("Aged 60 or over?"));
    assert!(yes_to("chest").contains("Chest pain comes first"));
    assert!(!yes_to("chest").contains("cauda equina"));
    assert!(yes_to("saddle").contains("cauda equina"));
    assert!(yes_to("tummy-sudden").contains("aortic aneurysm"));
    assert!(yes_to("minor-fall").contains("broken bone"));
    assert!(yes_to("inflammatory").contains("inflammatory back pain"));
    assert!(!yes_to("weeks").contains("inflammatory back pain"));
}

#[test]
fn the_milder_outcomes_end_with_the_emergency_signs_and_number() {
    let content = content();
    let screens = screens(&content.triage);
    let mut states = vec![answering(&content, screens.len() - 1, Answer::No)];
    let physio = screens.iter().position(|s| s.tier == Tier::Physio).unwrap();
    for sign in 0..screens[physio].len {
        states.push(answering(&content, physio, Answer::Sign(sign)));
    }
    for state in states {
        for (number, expected) in [
            (None, content.common.emergency_numbers.trim()),
            (Some("112"), "112"),
        ] {
            let reply = step(&content, &state, number);
            let fields = &reply.embeds[0].fields;
            let last = &fields[fields.len() - 2]; // the last item, before the sources
            assert!(last.value.contains(expected), "{}", last.value);
            assert!(last.value.contains("both legs"), "{}", last.value);
        }
    }
}

#[test]
fn answers_never_show_in_debug_output() {
    let state = State::parse("1234abcd.nnu").unwrap();
    assert_eq!(
        format!("{state:?}"),
        "State { fingerprint: 1234abcd, answered: 3 }"
    );
}

#[test]
fn the_emergency_outcome_lists_the_numbers_and_says_why() {
    let content = content();
    let state = answering(&content, 0, Answer::Sign(0));
    let reply = step(&content, &state, None);
    let description = &reply.embeds[0].description;
    assert!(
        description.starts_with("You answered yes to: *"),
        "{description}"
    );
    assert!(description.contains(content.common.emergency_numbers.trim()));
    assert!(!description.contains(EMERGENCY_PLACEHOLDER));
    let own = step(&content, &state, Some("112"));
    assert!(own.embeds[0].description.contains("(112)"));
    assert!(!own.embeds[0].description.contains("911"));
    assert_eq!(reply.embeds[0].colour, Some(COLOUR_EMERGENCY));
    let labels: Vec<&str> = reply
        .buttons
        .iter()
        .flatten()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(labels, ["Back"], "only a way to change the last answer");
}
