//! Guidance content, built into the binary from `content/` (or read from the folder
//! `PACER_CONTENT_DIR` names) once at startup and validated before the bot or the console starts. The files are data written by the project; the schema is strict
//! (`deny_unknown_fields`) so a typo in a key fails loudly instead of hiding text.

mod builtin;
mod render;
mod schema;
mod triage_rules;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub use builtin::{export, FILES};
pub use render::{footer, page_embed, page_embed_led, sources_field, tip_embed};
pub use schema::ContentError;
pub use triage_rules::MAX_GROUP;

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
    /// Warm-up tips are the core of the rotation; running tips (strength, load, recovery) join them.
    #[serde(default)]
    pub kind: TipKind,
    pub title: String,
    pub text: String,
    pub sources: Vec<String>,
    #[serde(deserialize_with = "date")]
    pub reviewed: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TipKind {
    #[default]
    WarmUp,
    Running,
}

impl TipKind {
    /// How a posted tip's title starts.
    pub fn heading(self) -> &'static str {
        match self {
            TipKind::WarmUp => "Warm-up tip",
            TipKind::Running => "Running tip",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TipsFile {
    tips: Vec<Tip>,
}

/// Fewer tips than this would repeat within most of a year of weekly posts.
pub const MIN_TIPS: usize = 40;

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
    /// Getting back to running after a bout of back pain.
    pub comeback: Page,
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
    /// Triage outcomes only: the item is shown only when the outcome was reached through a
    /// question with one of these reasons. Empty: always shown.
    #[serde(default)]
    pub only_for: Vec<String>,
}

/// `content/backpain/triage.toml`: the "should I see a physio?" questions and outcomes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    pub title: String,
    pub intro: String,
    /// Said on an outcome reached through "Not sure", which counts as yes on emergency and
    /// urgent questions.
    pub unsure: String,
    /// What backs treating "not sure" as yes.
    pub unsure_sources: Vec<String>,
    /// Asked in file order; the most urgent tier must come first.
    pub questions: Vec<Question>,
    /// Screens that ask several milder signs at once, by id.
    #[serde(default)]
    pub groups: BTreeMap<String, Group>,
    pub outcomes: Outcomes,
}

/// Questions of one urgent or physio tier asked together, with a button per sign.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The heading above the list of signs.
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub tier: Tier,
    /// One sign, as a question when asked alone or as a list line in a group.
    pub text: String,
    /// Button label when asked in a group.
    #[serde(default)]
    pub label: Option<String>,
    /// The group this question is asked in; emergency questions are always asked alone.
    #[serde(default)]
    pub group: Option<String>,
    /// Why a yes sends the member to its tier; outcome items can be shown only for some reasons.
    pub reason: String,
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
        Content::from_files(&|name| {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((path, text)),
                Err(e) => Err(ContentError::Read {
                    path,
                    reason: e.to_string(),
                }),
            }
        })
    }

    /// Parses and validates every file, each read by `files` from its path under `content/`.
    fn from_files(files: &Files) -> Result<Content, ContentError> {
        let page = |name: &str| parse::<Page>(files, &format!("backpain/{name}"));
        let content = Content {
            common: parse(files, "common.toml")?,
            backpain: Backpain {
                stretches_before: page("stretches-before.toml")?,
                stretches_after: page("stretches-after.toml")?,
                strength: page("strength.toml")?,
                shoes: page("shoes.toml")?,
                causes: page("causes.toml")?,
                plan: page("plan.toml")?,
                comeback: page("return.toml")?,
            },
            triage: parse(files, "backpain/triage.toml")?,
            tips: parse::<TipsFile>(files, "tips.toml")?.tips,
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
            ("backpain/return.toml", &b.comeback),
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

/// Reads one content file by its path under `content/`: the path to show in errors, and the text.
type Files<'a> = dyn Fn(&str) -> Result<(PathBuf, String), ContentError> + 'a;

fn parse<T: DeserializeOwned>(files: &Files, name: &str) -> Result<T, ContentError> {
    let (path, text) = files(name)?;
    toml::from_str(&text).map_err(|e| ContentError::Read {
        path,
        reason: e.to_string(),
    })
}
