//! What a `/shoes` subcommand or button asks for, read into typed values where it arrives.
//! What can be checked without the member's settings is checked here, in the order the
//! options are listed; what needs their unit or their today is checked by the handler.

use chrono_tz::Tz;

use super::confirm::Answer;
use super::fixes::Fix;
use super::input::{DateInput, DistanceInput, Line, Nickname, Unit};
use super::refs::{RunId, ShoeRef};
use super::Period;
use crate::commands::tree::Args;
use crate::tips::zones;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Add(Add),
    Log(Log),
    List,
    /// A pair's runs, or the member's latest on every pair.
    History(Option<ShoeRef>),
    Retire(ShoeRef),
    Unretire(ShoeRef),
    Default(ShoeRef),
    Rename(Rename),
    Edit(Edit),
    Undo,
    /// The confirm button of `/shoes undo`, naming the run it offered to remove.
    UndoConfirm(RunId),
    UndoKeep,
    Chart,
    /// The member's distance per week over the last 12 weeks, as a chart.
    Weekly,
    Units(Unit),
    Leaderboard(Period),
    Join,
    Leave,
    /// Fixing runs and the other questions asked with buttons.
    Fix(Fix),
    /// Set the member's time zone, or say which it is.
    Timezone(Option<Tz>),
    /// An answer to "this pair is already past its retirement distance: save it anyway?"
    Confirm(Answer),
}

/// `/shoes add`.
#[derive(Debug, Clone, PartialEq)]
pub struct Add {
    pub name: Nickname,
    pub brand: Option<Line>,
    pub model: Option<Line>,
    /// What the pair has already run.
    pub start: Option<DistanceInput>,
    pub retire_at: Option<DistanceInput>,
    pub default: bool,
}

/// `/shoes log`.
#[derive(Debug, Clone, PartialEq)]
pub struct Log {
    pub distance: DistanceInput,
    /// The member's default pair when left out.
    pub shoe: Option<ShoeRef>,
    /// Today when left out.
    pub date: Option<DateInput>,
    pub note: Option<Line>,
}

/// `/shoes rename`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    pub shoe: ShoeRef,
    pub name: Nickname,
}

/// `/shoes edit`: whatever was given changes; giving nothing is refused by the handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub shoe: ShoeRef,
    pub brand: Option<Line>,
    pub model: Option<Line>,
    pub retire_at: Option<DistanceInput>,
}

/// An optional distance option.
fn distance(args: &Args, name: &str) -> Result<Option<DistanceInput>, String> {
    args.string(name).map(DistanceInput::parse).transpose()
}

/// A shoe option; required ones are always present (the tree checks), so an empty name is
/// never looked up in practice.
pub(super) fn shoe(args: &Args, name: &str) -> ShoeRef {
    ShoeRef::parse(args.string(name).unwrap_or_default())
}

impl Add {
    pub(super) fn read(args: &Args) -> Result<Add, String> {
        Ok(Add {
            name: Nickname::parse(args.string("name").unwrap_or_default())?,
            brand: Line::name_part("brand", args.string("brand"))?,
            model: Line::name_part("model", args.string("model"))?,
            start: distance(args, "start_distance")?,
            retire_at: distance(args, "retire_at")?,
            default: args.flag("default").unwrap_or(false),
        })
    }
}

impl Log {
    pub(super) fn read(args: &Args) -> Result<Log, String> {
        Ok(Log {
            distance: DistanceInput::parse(args.string("distance").unwrap_or_default())?,
            shoe: args.string("shoe").map(ShoeRef::parse),
            date: args.string("date").map(DateInput::new),
            note: Line::note(args.string("note"))?,
        })
    }
}

impl Rename {
    pub(super) fn read(args: &Args) -> Result<Rename, String> {
        Ok(Rename {
            shoe: shoe(args, "shoe"),
            name: Nickname::parse(args.string("name").unwrap_or_default())?,
        })
    }
}

impl Edit {
    pub(super) fn read(args: &Args) -> Result<Edit, String> {
        Ok(Edit {
            shoe: shoe(args, "shoe"),
            brand: Line::name_part("brand", args.string("brand"))?,
            model: Line::name_part("model", args.string("model"))?,
            retire_at: distance(args, "retire_at")?,
        })
    }
}

/// `/shoes timezone [zone]`: the zone named, checked against the time zone database.
pub(super) fn timezone(args: &Args) -> Result<Option<Tz>, String> {
    args.string("zone").map(zones::resolve).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::tree::{resolve, RawInvocation, RawOption, RawValue};
    use crate::commands::{Action as AnyAction, COMMANDS};

    fn shoes(sub: &str, options: &[(&str, &str)]) -> AnyAction {
        let raw = RawInvocation {
            command: "shoes".to_owned(),
            subcommand: Some(sub.to_owned()),
            options: options
                .iter()
                .map(|(name, value)| RawOption {
                    name: (*name).to_owned(),
                    value: RawValue::String((*value).to_owned()),
                })
                .collect(),
        };
        // Refused input still resolves: it is answered as a handler's refusal would be.
        resolve(COMMANDS, &raw).expect("fits the tree")
    }

    fn refused(action: AnyAction) -> String {
        match action {
            AnyAction::Refused(sentence) => sentence,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_log_reads_into_typed_values() {
        let options = [("distance", "5k"), ("shoe", "id:7"), ("note", " parkrun ")];
        let AnyAction::Shoes(Action::Log(log)) = shoes("log", &options) else {
            panic!("not a log");
        };
        assert_eq!(log.distance.run_metres(Unit::Mi), Ok(5_000));
        assert_eq!(log.shoe, Some(ShoeRef::Id(7)));
        assert_eq!(log.note.as_ref().map(Line::as_str), Some("parkrun"));
        assert_eq!(log.date, None);
    }

    #[test]
    fn the_first_option_in_the_list_is_refused_first() {
        let long = "n".repeat(300);
        let both = [("distance", "abc"), ("note", long.as_str())];
        assert!(refused(shoes("log", &both)).contains("is not a distance"));
        let note = [("distance", "5"), ("note", long.as_str())];
        assert!(refused(shoes("log", &note)).starts_with("The note can be at most"));
        let add = [("name", "id:3"), ("brand", long.as_str())];
        assert!(refused(shoes("add", &add)).contains("can't start with `id:`"));
        let run = [("run", "three")];
        assert!(refused(shoes("run-remove", &run)).contains("is not a run number"));
        let zone = [("zone", "Atlantis")];
        refused(shoes("timezone", &zone));
    }
}
