//! The plain reply model every command returns. Only `crate::discord` turns it into serenity
//! types; the console renders it as text; `crate::limits` checks it against Discord's limits.

/// Brand colour used on guidance embeds.
pub const COLOUR_INFO: u32 = 0x2f_80_ed;
/// Colour for the emergency outcome of the triage.
pub const COLOUR_EMERGENCY: u32 = 0xd9_30_25;
/// Colour for urgent (same-day) advice.
pub const COLOUR_URGENT: u32 = 0xf2_99_4a;

/// Discord's inline markup, which each reader's app shows rendered: a channel by its name, a
/// member by their name (a reply's allowed mentions decide whether that pings them; pacer's
/// posts ping nobody), a moment in the reader's own time zone. The one place replies write it.
pub mod mention {
    /// `<#id>`: the channel's name, as a link.
    pub fn channel(id: u64) -> String {
        format!("<#{id}>")
    }

    /// `<@id>`: the member's name.
    pub fn user(id: u64) -> String {
        format!("<@{id}>")
    }

    /// `<t:unix:F> (<t:unix:R>)`: the full date and time, then how far off it is ("in 3
    /// days"), both in the reader's own time zone.
    pub fn when(unix: i64) -> String {
        format!("<t:{unix}:F> (<t:{unix}:R>)")
    }
}

/// What the bot says in answer to one interaction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: Option<String>,
    pub embeds: Vec<Embed>,
    /// Rows of buttons; Discord allows five rows of five.
    pub buttons: Vec<Vec<Button>>,
    /// Files sent with the message (a chart, a data export).
    pub attachments: Vec<Attachment>,
    /// Only the member who asked can see it.
    pub ephemeral: bool,
    /// For button presses: replace the message that holds the button instead of sending a new one.
    pub update_source: bool,
}

impl Reply {
    /// A short ephemeral text, as used for errors and notices.
    pub fn notice(text: impl Into<String>) -> Self {
        Reply {
            content: Some(text.into()),
            ephemeral: true,
            ..Reply::default()
        }
    }

    pub fn embed(embed: Embed) -> Self {
        Reply {
            embeds: vec![embed],
            ..Reply::default()
        }
    }

    #[must_use]
    pub fn ephemeral(mut self) -> Self {
        self.ephemeral = true;
        self
    }

    #[must_use]
    pub fn updating_source(mut self) -> Self {
        self.update_source = true;
        self
    }

    #[must_use]
    pub fn with_buttons(mut self, row: Vec<Button>) -> Self {
        self.buttons.push(row);
        self
    }

    /// Every `custom_id` on the reply, in order.
    pub fn custom_ids(&self) -> impl Iterator<Item = &str> {
        self.buttons.iter().flatten().map(|b| b.custom_id.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<EmbedField>,
    pub footer: Option<String>,
    pub colour: Option<u32>,
    /// File name of an attachment shown as the embed's image.
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EmbedField {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Danger,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    pub label: String,
    pub custom_id: String,
    pub style: ButtonStyle,
}

#[derive(Clone, PartialEq)]
pub struct Attachment {
    pub filename: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Attachment({:?}, {} bytes)",
            self.filename,
            self.bytes.len()
        )
    }
}

/// One autocomplete suggestion: what the member sees and the value the bot receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::mention;

    #[test]
    fn mentions_are_discord_markup() {
        assert_eq!(mention::channel(42), "<#42>");
        assert_eq!(mention::user(7), "<@7>");
        assert_eq!(
            mention::when(1_700_000_000),
            "<t:1700000000:F> (<t:1700000000:R>)"
        );
    }
}
