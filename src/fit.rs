//! The last step before anything is sent: a reply that breaks one of Discord's size limits is
//! cut to fit (text shortened with an ellipsis at a character boundary, surplus items dropped)
//! and a warning is logged, so that Discord never refuses it and the member never sees
//! "interaction failed". Every front end calls [`fitted`] on every reply.

use std::borrow::Cow;

use crate::limits::*;
use crate::reply::{Reply, Suggestion};
use crate::text::shorten;

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// Shortens `text` in place to at most `max` characters; true when it had to.
fn cut(text: &mut String, max: usize) -> bool {
    if chars(text) <= max {
        return false;
    }
    *text = shorten(text, max).into_owned();
    true
}

/// The reply as it may be sent: the same one when it fits, otherwise a copy cut to
/// Discord's limits, with a warning naming `label` (never the text, which may be a
/// member's).
pub fn fitted<'r>(label: &str, reply: &'r Reply) -> Cow<'r, Reply> {
    let mut copy = reply.clone();
    let cuts = fit(&mut copy);
    if cuts.is_empty() {
        Cow::Borrowed(reply)
    } else {
        tracing::warn!(label, ?cuts, "reply cut to fit Discord's limits");
        Cow::Owned(copy)
    }
}

/// Cuts `reply` to Discord's limits; returns what had to be cut (empty when it fit).
pub fn fit(reply: &mut Reply) -> Vec<&'static str> {
    let mut cuts = Vec::new();
    let mut note = |cut: bool, what: &'static str| {
        if cut && !cuts.contains(&what) {
            cuts.push(what);
        }
    };
    if let Some(content) = &mut reply.content {
        note(cut(content, MAX_CONTENT), "content");
    }
    note(reply.embeds.len() > MAX_EMBEDS, "embeds");
    reply.embeds.truncate(MAX_EMBEDS);
    // Whatever is left of the characters all embeds may have together.
    let mut budget = MAX_EMBEDS_TOTAL;
    let mut kept = 0;
    for embed in &mut reply.embeds {
        if budget < 1 {
            break;
        }
        kept += 1;
        note(cut(&mut embed.title, MAX_EMBED_TITLE.min(budget)), "title");
        budget -= chars(&embed.title);
        let max = MAX_EMBED_DESCRIPTION.min(budget);
        note(cut(&mut embed.description, max), "description");
        budget -= chars(&embed.description);
        note(embed.fields.len() > MAX_EMBED_FIELDS, "fields");
        embed.fields.truncate(MAX_EMBED_FIELDS);
        let mut fields = 0;
        for field in &mut embed.fields {
            // A field needs a name and a value of at least one character each.
            if budget < 2 {
                break;
            }
            fields += 1;
            note(
                cut(&mut field.name, MAX_FIELD_NAME.min(budget - 1)),
                "field",
            );
            budget -= chars(&field.name);
            note(cut(&mut field.value, MAX_FIELD_VALUE.min(budget)), "field");
            budget -= chars(&field.value);
        }
        note(fields < embed.fields.len(), "fields");
        embed.fields.truncate(fields);
        if let Some(footer) = &mut embed.footer {
            if budget < 1 {
                embed.footer = None;
                note(true, "footer");
            } else {
                note(cut(footer, MAX_FOOTER.min(budget)), "footer");
                budget -= chars(footer);
            }
        }
    }
    note(kept < reply.embeds.len(), "embeds");
    reply.embeds.truncate(kept);
    note(reply.buttons.len() > MAX_ROWS, "buttons");
    reply.buttons.truncate(MAX_ROWS);
    for row in &mut reply.buttons {
        let before = row.len();
        // A custom_id cannot be cut without breaking the button: such a button goes.
        row.retain(|b| (1..=MAX_CUSTOM_ID).contains(&chars(&b.custom_id)));
        note(
            row.len() < before || row.len() > MAX_BUTTONS_PER_ROW,
            "buttons",
        );
        row.truncate(MAX_BUTTONS_PER_ROW);
        for button in row.iter_mut() {
            note(cut(&mut button.label, MAX_BUTTON_LABEL), "button label");
        }
    }
    reply.buttons.retain(|row| !row.is_empty());
    let before = reply.attachments.len();
    reply
        .attachments
        .retain(|a| a.bytes.len() <= MAX_ATTACHMENT_BYTES);
    reply.attachments.truncate(MAX_ATTACHMENTS);
    note(reply.attachments.len() < before, "attachments");
    cuts
}

/// Autocomplete suggestions as they may be sent: at most 25, names cut to 100 characters;
/// a value that is empty or too long cannot be cut, so its suggestion is dropped.
pub fn fitted_suggestions(mut suggestions: Vec<Suggestion>) -> Vec<Suggestion> {
    let before = suggestions.len();
    suggestions.retain(|s| (1..=MAX_SUGGESTION_NAME).contains(&chars(&s.value)));
    suggestions.truncate(MAX_SUGGESTIONS);
    let mut cuts = before > suggestions.len();
    for suggestion in &mut suggestions {
        if suggestion.name.is_empty() {
            suggestion.name = suggestion.value.clone();
        }
        cuts |= cut(&mut suggestion.name, MAX_SUGGESTION_NAME);
    }
    if cuts {
        tracing::warn!("autocomplete suggestions cut to fit Discord's limits");
    }
    suggestions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Attachment, Button, ButtonStyle, Embed, EmbedField};

    #[test]
    fn replies_that_fit_are_not_copied() {
        let reply = Reply::notice("fine");
        assert!(matches!(fitted("t", &reply), Cow::Borrowed(_)));
    }

    #[test]
    fn an_oversized_reply_is_cut_to_every_limit() {
        let field = |n: usize| EmbedField {
            name: format!("{n}").repeat(300),
            value: "é".repeat(2_000),
        };
        let embed = Embed {
            title: "🏃".repeat(300),
            description: "d".repeat(5_000),
            fields: (0..30).map(field).collect(),
            footer: Some("f".repeat(3_000)),
            colour: None,
            image: None,
        };
        let button = |id: String| Button {
            label: "L".repeat(90),
            custom_id: id,
            style: ButtonStyle::Primary,
        };
        let mut reply = Reply {
            content: Some("🏃".repeat(100_000)),
            embeds: vec![embed; 12],
            buttons: (0..7)
                .map(|r| (0..7).map(|b| button(format!("{r}:{b}"))).collect())
                .collect(),
            attachments: vec![Attachment {
                filename: "big.bin".into(),
                bytes: vec![0; MAX_ATTACHMENT_BYTES + 1],
            }],
            ..Reply::default()
        };
        reply.buttons[0][0].custom_id = "x".repeat(101);
        let fitted = fitted("test", &reply).into_owned();
        assert_eq!(check_reply("test", &fitted), vec![]);
        let content = fitted.content.as_deref().unwrap();
        assert_eq!(content.chars().count(), MAX_CONTENT);
        assert!(content.ends_with('…'));
        assert!(fitted.attachments.is_empty());
        assert_eq!(fitted.buttons.len(), MAX_ROWS);
    }

    #[test]
    fn suggestions_are_cut_or_dropped() {
        let s = |name: &str, value: &str| Suggestion {
            name: name.into(),
            value: value.into(),
        };
        let mut many: Vec<Suggestion> = (0..30).map(|i| s("a", &i.to_string())).collect();
        many.insert(0, s(&"n".repeat(500), &"v".repeat(101)));
        many.insert(0, s("", "id:1"));
        let fitted = fitted_suggestions(many);
        assert_eq!(fitted.len(), MAX_SUGGESTIONS);
        assert_eq!(fitted[0], s("id:1", "id:1"));
    }
}
