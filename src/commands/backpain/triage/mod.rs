//! "Should I see a physio?": red-flag questions, most urgent tier first, answered with Yes,
//! No or Not sure (and Back). Emergency signs are asked one per screen; milder signs may share
//! a screen with a button each. The answers travel in the buttons' `custom_ids` and are never
//! stored.

mod flow;
mod state;
mod view;

#[cfg(test)]
mod tests;

pub use state::State;

use flow::{next_step, screens, Step};

use crate::commands::stale_button;
use crate::content::Content;
use crate::reply::Reply;

/// `/backpain physio`: the intro and the first question.
pub fn start(content: &Content) -> Reply {
    let state = State::new(&content.triage);
    view::question(content, &state, &screens(&content.triage), 0).ephemeral()
}

/// A button press: the next question or the outcome, replacing the message that was pressed.
/// `emergency_number` is the server's own, if it set one.
pub fn step(content: &Content, state: &State, emergency_number: Option<&str>) -> Reply {
    let triage = &content.triage;
    if !state.fits(triage) {
        return stale_button();
    }
    let screens = screens(triage);
    let reply = match next_step(triage, state.answers()) {
        Some(Step::Ask(index)) => view::question(content, state, &screens, index),
        Some(Step::Done(finding)) => {
            view::outcome(content, state, finding, &screens, emergency_number)
        }
        None => return stale_button(),
    };
    reply.ephemeral().updating_source()
}
