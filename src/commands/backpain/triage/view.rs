//! The triage's screens and outcomes as replies. Questions carry no sources or footer: those
//! are shown once, on the outcome, with the sources of the sign that led there.

use crate::content::{page_embed_led, Content, Item, Page, Tier, EMERGENCY_PLACEHOLDER};
use crate::reply::{
    Button, ButtonStyle, Embed, Reply, COLOUR_EMERGENCY, COLOUR_INFO, COLOUR_URGENT,
};

use super::super::TRIAGE_BUTTON;
use super::flow::{reasons, Cause, Finding, Outcome, Screen};
use super::state::{Answer, State};

fn button(label: &str, state: &State, style: ButtonStyle) -> Button {
    Button {
        label: label.to_owned(),
        custom_id: TRIAGE_BUTTON.custom_id(&state.encode()),
        style,
    }
}

/// Screen `index` of `screens`, reached with `state`.
pub fn question(content: &Content, state: &State, screens: &[Screen<'_>], index: usize) -> Reply {
    let triage = &content.triage;
    let screen = screens[index];
    let mut description = String::new();
    if index == 0 {
        description.push_str(triage.intro.trim());
        description.push_str("\n\n");
    }
    let questions = &triage.questions[screen.questions()];
    let mut rows = Vec::new();
    let mut controls = match screen.group.and_then(|id| triage.groups.get(id)) {
        Some(group) => {
            description.push_str(&format!("**{}**", group.text.trim()));
            for q in questions {
                description.push_str(&format!("\n• {}", q.text.trim()));
            }
            let signs: Vec<Button> = questions
                .iter()
                .enumerate()
                .map(|(sign, q)| {
                    let label = q.label.as_deref().unwrap_or(q.id.as_str());
                    button(
                        label,
                        &state.after(Answer::Sign(sign)),
                        ButtonStyle::Primary,
                    )
                })
                .collect();
            rows.extend(
                signs
                    .chunks(crate::limits::MAX_BUTTONS_PER_ROW)
                    .map(<[_]>::to_vec),
            );
            vec![button(
                "None of these",
                &state.after(Answer::No),
                ButtonStyle::Secondary,
            )]
        }
        None => {
            let text = questions.first().map_or("", |q| q.text.trim());
            description.push_str(&format!("**{text}**"));
            let yes_style = if screen.tier == Tier::Emergency {
                ButtonStyle::Danger
            } else {
                ButtonStyle::Primary
            };
            vec![
                button("Yes", &state.after(Answer::Sign(0)), yes_style),
                button("No", &state.after(Answer::No), ButtonStyle::Secondary),
            ]
        }
    };
    controls.push(button(
        "Not sure",
        &state.after(Answer::Unsure),
        ButtonStyle::Secondary,
    ));
    if index > 0 {
        controls.push(button("Back", &state.back(), ButtonStyle::Secondary));
    }
    rows.push(controls);
    let embed = Embed {
        title: format!(
            "{} · question {} of {}",
            triage.title.trim(),
            index + 1,
            screens.len()
        ),
        description,
        colour: Some(COLOUR_INFO),
        ..Embed::default()
    };
    let mut reply = Reply::embed(embed);
    reply.buttons = rows;
    reply
}

/// The outcome, showing only the items that fit why the member got there, with the server's
/// emergency number (or the neutral list) filled in, and a Back button to change the last answer.
pub fn outcome(
    content: &Content,
    state: &State,
    finding: Finding,
    screens: &[Screen<'_>],
    emergency_number: Option<&str>,
) -> Reply {
    let triage = &content.triage;
    let outcomes = &triage.outcomes;
    let (page, colour) = match finding.outcome {
        Outcome::Emergency => (&outcomes.emergency, COLOUR_EMERGENCY),
        Outcome::Urgent => (&outcomes.urgent, COLOUR_URGENT),
        Outcome::Physio => (&outcomes.physio, COLOUR_INFO),
        Outcome::SelfCare => (&outcomes.selfcare, COLOUR_INFO),
    };
    let numbers = emergency_number.unwrap_or(content.common.emergency_numbers.trim());
    let page = shown(page, &reasons(triage, finding.cause), numbers);
    let (lead, lead_sources) = lead(content, finding.cause, screens);
    let embed = page_embed_led(content, &page, &lead, &lead_sources, colour);
    Reply::embed(embed).with_buttons(vec![button("Back", &state.back(), ButtonStyle::Secondary)])
}

/// The line saying why: the sign answered yes or not sure, with its sources.
fn lead(content: &Content, cause: Cause, screens: &[Screen<'_>]) -> (String, Vec<String>) {
    let triage = &content.triage;
    let unsure = triage.unsure.trim();
    match cause {
        Cause::Yes(question) => {
            let q = &triage.questions[question];
            (
                format!("You answered yes to: *{}*", q.text.trim()),
                q.sources.clone(),
            )
        }
        Cause::Unsure(screen) => {
            let questions = &triage.questions[screens[screen].questions()];
            let signs: Vec<&str> = questions.iter().map(|q| q.text.trim()).collect();
            let mut sources: Vec<String> = Vec::new();
            let cited = questions.iter().flat_map(|q| &q.sources);
            for id in cited.chain(&triage.unsure_sources) {
                if !sources.contains(id) {
                    sources.push(id.clone());
                }
            }
            let what = if signs.len() == 1 {
                format!("*{}*", signs[0])
            } else {
                format!("one of these: *{}*", signs.join("; "))
            };
            (format!("You weren't sure about {what}\n{unsure}"), sources)
        }
        Cause::Nothing { unsure: false } => {
            ("You answered no to every question.".to_owned(), Vec::new())
        }
        Cause::Nothing { unsure: true } => (
            "No warning sign applied. You weren't sure about some of the last questions: if one \
             of them does fit, book a physio or GP."
                .to_owned(),
            Vec::new(),
        ),
    }
}

/// The outcome page with only the items for these reasons, and the emergency numbers filled in.
fn shown(page: &Page, reasons: &[&str], numbers: &str) -> Page {
    let fill = |text: &str| text.replace(EMERGENCY_PLACEHOLDER, numbers);
    let applies = |item: &&Item| {
        item.only_for.is_empty() || item.only_for.iter().any(|r| reasons.contains(&r.as_str()))
    };
    Page {
        title: page.title.clone(),
        intro: fill(&page.intro),
        items: page
            .items
            .iter()
            .filter(applies)
            .map(|item| Item {
                text: fill(&item.text),
                cues: item.cues.iter().map(|c| fill(c)).collect(),
                ..item.clone()
            })
            .collect(),
    }
}
