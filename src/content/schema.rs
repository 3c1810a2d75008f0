//! Checks on content that the TOML schema alone cannot express.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::Utc;

use super::{Content, Item, MIN_TIPS};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ContentError {
    #[error("cannot read {path}: {reason}", path = path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{file}, {item}: {problem}")]
    Invalid {
        file: String,
        item: String,
        problem: String,
    },
}

pub(super) fn invalid(file: &str, item: &str, problem: impl Into<String>) -> ContentError {
    ContentError::Invalid {
        file: file.to_owned(),
        item: item.to_owned(),
        problem: problem.into(),
    }
}

/// Ids end up in `custom_ids` and the database: a-z, 0-9 and '-' only.
pub(super) fn valid_id(file: &str, id: &str) -> Result<(), ContentError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return Err(invalid(file, id, "ids use a-z, 0-9 and '-' only"));
    }
    Ok(())
}

pub(super) fn non_empty(
    file: &str,
    item: &str,
    what: &str,
    text: &str,
) -> Result<(), ContentError> {
    if text.trim().is_empty() {
        return Err(invalid(file, item, format!("{what} is empty")));
    }
    Ok(())
}

impl Content {
    pub(super) fn validate(&self) -> Result<(), ContentError> {
        let common = "common.toml";
        non_empty(
            common,
            "disclaimer",
            "the disclaimer",
            &self.common.disclaimer,
        )?;
        non_empty(
            common,
            "emergency_numbers",
            "the emergency numbers",
            &self.common.emergency_numbers,
        )?;
        for (id, source) in &self.common.sources {
            non_empty(common, id, "the source title", &source.title)?;
        }
        for (file, page) in self.pages() {
            non_empty(file, "title", "the title", &page.title)?;
            non_empty(file, "intro", "the intro", &page.intro)?;
            if page.items.is_empty() {
                return Err(invalid(file, &page.title, "a page needs at least one item"));
            }
            for item in &page.items {
                self.validate_item(file, item)?;
            }
        }
        self.validate_no_reasons()?;
        self.validate_triage()?;
        self.validate_tips()
    }

    fn validate_tips(&self) -> Result<(), ContentError> {
        let file = "tips.toml";
        if self.tips.len() < MIN_TIPS {
            return Err(invalid(
                file,
                "tips",
                format!(
                    "{} tips; a rotation needs at least {MIN_TIPS}",
                    self.tips.len()
                ),
            ));
        }
        let mut ids = HashSet::new();
        for tip in &self.tips {
            valid_id(file, &tip.id)?;
            if !ids.insert(tip.id.as_str()) {
                return Err(invalid(file, &tip.id, "the tip id is used twice"));
            }
            non_empty(file, &tip.id, "the title", &tip.title)?;
            non_empty(file, &tip.id, "the text", &tip.text)?;
            self.validate_sources(file, &tip.id, &tip.sources)?;
            Self::validate_reviewed(file, &tip.id, tip.reviewed)?;
        }
        Ok(())
    }

    pub(super) fn validate_item(&self, file: &str, item: &Item) -> Result<(), ContentError> {
        non_empty(file, &item.name, "the name", &item.name)?;
        non_empty(file, &item.name, "the text", &item.text)?;
        for cue in &item.cues {
            non_empty(file, &item.name, "a cue", cue)?;
        }
        self.validate_sources(file, &item.name, &item.sources)?;
        Self::validate_reviewed(file, &item.name, item.reviewed)
    }

    pub(super) fn validate_sources(
        &self,
        file: &str,
        item: &str,
        ids: &[String],
    ) -> Result<(), ContentError> {
        if ids.is_empty() {
            return Err(invalid(file, item, "every item needs at least one source"));
        }
        match ids.iter().find(|id| !self.common.sources.contains_key(*id)) {
            Some(unknown) => Err(invalid(
                file,
                item,
                format!("source `{unknown}` is not listed in common.toml [sources]"),
            )),
            None => Ok(()),
        }
    }

    pub(super) fn validate_reviewed(
        file: &str,
        item: &str,
        reviewed: chrono::NaiveDate,
    ) -> Result<(), ContentError> {
        if reviewed > Utc::now().date_naive() {
            return Err(invalid(
                file,
                item,
                format!("reviewed date {reviewed} is in the future"),
            ));
        }
        Ok(())
    }
}
