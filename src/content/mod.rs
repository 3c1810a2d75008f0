//! Guidance content, loaded from `content/` once at startup and validated before the bot or the
//! console starts. The files are data written by the project; the schema is strict
//! (`deny_unknown_fields`) so a typo in a key fails loudly instead of hiding text.

mod render;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub use render::{footer, page_embed, sources_field, tip_embed};
pub use schema::ContentError;

/// Everything under `content/`.
#[derive(Debug, Clone)]
pub struct Content {
    pub common: Common,
    pub backpain: Backpain,
    pub triage: Triage,
    /// Warm-up tips for the scheduled posts, `content/tips.toml`.
    pub tips: Vec<Tip>,
}

/// One warm-up tip, posted on its own.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub id: String,
    pub title: String,
    pub text: String,
    pub sources: Vec<String>,
    #[serde(deserialize_with = "date")]
    pub reviewed: NaiveDate,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TipsFile {
    tips: Vec<Tip>,
}

/// Fewer tips than this would repeat too soon in a weekly rotation.
pub const MIN_TIPS: usize = 16;

/// `content/common.toml`: the footer disclaimer, emergency numbers and the list of sources that
/// items cite by id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Common {
    pub disclaimer: String,
    /// Neutral list shown by the emergency outcome until a server sets its own number.
    pub emergency_numbers: String,
    pub sources: BTreeMap<String, Source>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// The guidance pages of `/backpain`, one file each under `content/backpain/`.
#[derive(Debug, Clone)]
pub struct Backpain {
    pub stretches_before: Page,
    pub stretches_after: Page,
    pub strength: Page,
    pub shoes: Page,
    pub causes: Page,
    pub plan: Page,
}

/// One reply's worth of guidance: a title, a short intro and items.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    pub intro: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub name: String,
    pub text: String,
    /// Short form cues or bullet points.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Ids from `common.toml`'s `[sources]`.
    pub sources: Vec<String>,
    #[serde(deserialize_with = "date")]
    pub reviewed: NaiveDate,
}

/// `content/backpain/triage.toml`: the "should I see a physio?" questions and outcomes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    pub title: String,
    pub intro: String,
    /// Asked in file order; the most urgent tier must come first.
    pub questions: Vec<Question>,
    pub outcomes: Outcomes,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub tier: Tier,
    pub text: String,
    pub sources: Vec<String>,
    #[serde(deserialize_with = "date")]
    pub reviewed: NaiveDate,
}

/// How urgent a "yes" to a question is. Ordered from most to least urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Emergency,
    Urgent,
    Physio,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    pub emergency: Page,
    pub urgent: Page,
    pub physio: Page,
    pub selfcare: Page,
}

/// The placeholder in the emergency outcome that is replaced by the emergency numbers.
pub const EMERGENCY_PLACEHOLDER: &str = "{emergency_numbers}";

impl Content {
    /// Reads and validates every file under `dir`.
    pub fn load(dir: &Path) -> Result<Content, ContentError> {
        let page = |name: &str| read::<Page>(&dir.join("backpain").join(name));
        let content = Content {
            common: read(&dir.join("common.toml"))?,
            backpain: Backpain {
                stretches_before: page("stretches-before.toml")?,
                stretches_after: page("stretches-after.toml")?,
                strength: page("strength.toml")?,
                shoes: page("shoes.toml")?,
                causes: page("causes.toml")?,
                plan: page("plan.toml")?,
            },
            triage: read(&dir.join("backpain").join("triage.toml"))?,
            tips: read::<TipsFile>(&dir.join("tips.toml"))?.tips,
        };
        content.validate()?;
        Ok(content)
    }

    /// The guidance pages with the file each came from, for validation and counting.
    pub fn pages(&self) -> Vec<(&'static str, &Page)> {
        let b = &self.backpain;
        let o = &self.triage.outcomes;
        vec![
            ("backpain/stretches-before.toml", &b.stretches_before),
            ("backpain/stretches-after.toml", &b.stretches_after),
            ("backpain/strength.toml", &b.strength),
            ("backpain/shoes.toml", &b.shoes),
            ("backpain/causes.toml", &b.causes),
            ("backpain/plan.toml", &b.plan),
            ("backpain/triage.toml [outcomes.emergency]", &o.emergency),
            ("backpain/triage.toml [outcomes.urgent]", &o.urgent),
            ("backpain/triage.toml [outcomes.physio]", &o.physio),
            ("backpain/triage.toml [outcomes.selfcare]", &o.selfcare),
        ]
    }
}

/// A `reviewed` date: a bare TOML date (`2026-11-24`) or the same as a string.
fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    use serde::de::Error;
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::Datetime(datetime) if datetime.time.is_none() => datetime.to_string(),
        toml::Value::String(text) => text,
        other => {
            return Err(D::Error::custom(format!(
                "expected a date like 2026-11-24, found a {}",
                other.type_str()
            )))
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| D::Error::custom(format!("{text:?} is not a date like 2026-11-24: {e}")))
}

fn read<T: DeserializeOwned>(path: &Path) -> Result<T, ContentError> {
    let text = std::fs::read_to_string(path).map_err(|e| ContentError::Read {
        path: PathBuf::from(path),
        reason: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| ContentError::Read {
        path: PathBuf::from(path),
        reason: e.to_string(),
    })
}
