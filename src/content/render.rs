//! Turns content pages into embeds: items as fields, numbered source references, a sources
//! field and a footer with the oldest reviewed date and the disclaimer.

use chrono::NaiveDate;

use super::{Content, Page, Tip};
use crate::reply::{Embed, EmbedField};

/// Renders a page. `intro` replaces the page's own intro when the caller had to fill in a
/// placeholder.
pub fn page_embed(content: &Content, page: &Page, intro: &str, colour: u32) -> Embed {
    build(content, page, intro.trim().to_owned(), Vec::new(), colour)
}

/// Like [`page_embed`], with a line before the intro that says why the page is shown and
/// cites `lead_sources` (numbered first).
pub fn page_embed_led(
    content: &Content,
    page: &Page,
    lead: &str,
    lead_sources: &[String],
    colour: u32,
) -> Embed {
    let mut cited: Vec<&str> = Vec::new();
    let refs = references(&mut cited, lead_sources);
    let lead = if refs.is_empty() {
        lead.trim().to_owned()
    } else {
        format!("{} {refs}", lead.trim())
    };
    let description = format!("{lead}\n\n{}", page.intro.trim());
    build(content, page, description, cited, colour)
}

fn build<'a>(
    content: &Content,
    page: &'a Page,
    description: String,
    mut cited: Vec<&'a str>,
    colour: u32,
) -> Embed {
    let mut fields = Vec::with_capacity(page.items.len() + 1);
    for item in &page.items {
        let mut value = item.text.trim().to_owned();
        for cue in &item.cues {
            value.push_str("\n• ");
            value.push_str(cue.trim());
        }
        value.push_str("\n-# Sources: ");
        value.push_str(&references(&mut cited, &item.sources));
        fields.push(EmbedField {
            name: item.name.clone(),
            value,
        });
    }
    fields.push(sources_field(content, &cited));
    let reviewed = page.items.iter().map(|i| i.reviewed).min();
    Embed {
        title: page.title.clone(),
        description,
        fields,
        footer: Some(footer(content, reviewed)),
        colour: Some(colour),
        image: None,
    }
}

/// A warm-up tip as posted in a channel.
pub fn tip_embed(content: &Content, tip: &Tip) -> Embed {
    let cited: Vec<&str> = tip.sources.iter().map(String::as_str).collect();
    Embed {
        title: format!("{}: {}", tip.kind.heading(), tip.title.trim()),
        description: tip.text.trim().to_owned(),
        fields: vec![sources_field(content, &cited)],
        footer: Some(footer(content, Some(tip.reviewed))),
        colour: Some(crate::reply::COLOUR_INFO),
        image: None,
    }
}

/// `[1] [3]`, numbering each source the first time the page cites it.
fn references<'a>(cited: &mut Vec<&'a str>, ids: &'a [String]) -> String {
    ids.iter()
        .map(|id| {
            let n = match cited.iter().position(|c| c == id) {
                Some(i) => i + 1,
                None => {
                    cited.push(id);
                    cited.len()
                }
            };
            format!("[{n}]")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The numbered list of the sources a reply cites.
pub fn sources_field(content: &Content, cited: &[&str]) -> EmbedField {
    let lines: Vec<String> = cited
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let title = content
                .common
                .sources
                .get(*id)
                .map_or(*id, |s| s.title.as_str());
            format!("[{}] {title}", i + 1)
        })
        .collect();
    EmbedField {
        name: "Sources".to_owned(),
        value: lines.join("\n"),
    }
}

pub fn footer(content: &Content, reviewed: Option<NaiveDate>) -> String {
    match reviewed {
        Some(date) => format!(
            "Reviewed {} · {}",
            date.format("%Y-%m-%d"),
            content.common.disclaimer.trim()
        ),
        None => content.common.disclaimer.trim().to_owned(),
    }
}
