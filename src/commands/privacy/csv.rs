//! The member's runs as CSV, beside the JSON export: one line a run, oldest first, with the
//! pair's nickname, for a spreadsheet.

use serde_json::{Map, Value};

use crate::store::MemberData;

pub const FILENAME: &str = "pacer-runs.csv";

const HEADER: &str = "date,pair,distance_km,distance_mi,note,logged_at,run_id";

/// One CSV field: quoted when it holds a comma, quote or line break, and with a `'` before
/// a leading `=`, `+`, `-`, `@` or tab, so a spreadsheet shows member text rather than
/// running it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn text<'a>(row: &'a Map<String, Value>, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn number(row: &Map<String, Value>, key: &str) -> i64 {
    row.get(key).and_then(Value::as_i64).unwrap_or_default()
}

/// The runs of an export as CSV, with a header line; just the header when there are none.
pub fn runs(data: &MemberData) -> Vec<u8> {
    let pair = |shoe_id: i64| {
        data.table("shoes")
            .iter()
            .find(|s| number(s, "shoe_id") == shoe_id)
            .map_or("", |s| text(s, "name"))
    };
    let mut runs: Vec<&Map<String, Value>> = data.table("runs").iter().collect();
    runs.sort_by_key(|r| (text(r, "run_on").to_owned(), number(r, "run_id")));
    let mut out = format!("{HEADER}\r\n");
    for run in runs {
        let metres = number(run, "distance_m") as f64;
        let line = [
            field(text(run, "run_on")),
            field(pair(number(run, "shoe_id"))),
            format!("{:.3}", metres / 1_000.0),
            format!(
                "{:.3}",
                metres / crate::commands::shoes::input::METRES_PER_MILE
            ),
            field(text(run, "note")),
            field(text(run, "logged_at")),
            number(run, "run_id").to_string(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: &Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn runs_become_lines_oldest_first_with_their_pair() {
        let mut data = MemberData::default();
        data.0.insert(
            "shoes".into(),
            vec![row(&json!({"shoe_id": 4, "name": "Blue, \"fast\" racers"}))],
        );
        data.0.insert(
            "runs".into(),
            vec![
                row(
                    &json!({"run_id": 9, "shoe_id": 4, "distance_m": 5000, "run_on": "2026-11-24",
                    "note": "=HYPERLINK(\"x\")", "logged_at": "2026-11-24T07:00:00+00:00"}),
                ),
                row(
                    &json!({"run_id": 3, "shoe_id": 4, "distance_m": 10000, "run_on": "2026-11-20",
                    "note": null, "logged_at": "2026-11-20T07:00:00+00:00"}),
                ),
            ],
        );
        let csv = String::from_utf8(runs(&data)).unwrap_or_default();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], HEADER);
        assert_eq!(
            lines[1],
            "2026-11-20,\"Blue, \"\"fast\"\" racers\",10.000,6.214,,2026-11-20T07:00:00+00:00,3"
        );
        assert_eq!(
            lines[2],
            "2026-11-24,\"Blue, \"\"fast\"\" racers\",5.000,3.107,\"'=HYPERLINK(\"\"x\"\")\",2026-11-24T07:00:00+00:00,9"
        );
        assert_eq!(lines[3], "");
        assert_eq!(
            runs(&MemberData::default()),
            format!("{HEADER}\r\n").into_bytes()
        );
    }
}
