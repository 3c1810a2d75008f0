//! The real content files: they load, fit Discord's limits, cover every topic of the
//! guidance brief, and are written in our own words.

use std::collections::HashSet;
use std::path::PathBuf;

use pacer::check::inspect;

use crate::gateway::content;

#[test]
fn the_real_content_loads_and_every_reply_fits_discord() {
    let report = inspect(&content());
    assert_eq!(report.violations, vec![]);
    assert!(report.replies > 20, "{report:?}");
}

/// All the prose a member can see, lowercased.
fn all_text() -> String {
    let content = content();
    let triage = &content.triage;
    let mut text = vec![
        triage.intro.clone(),
        triage.unsure.clone(),
        content.common.disclaimer.clone(),
    ];
    text.extend(triage.groups.values().map(|g| g.text.clone()));
    text.extend(triage.questions.iter().filter_map(|q| q.label.clone()));
    for (_, page) in content.pages() {
        text.push(page.title.clone());
        text.push(page.intro.clone());
        for item in &page.items {
            text.push(item.name.clone());
            text.push(item.text.clone());
            text.extend(item.cues.iter().cloned());
        }
    }
    text.extend(triage.questions.iter().map(|q| q.text.clone()));
    for tip in &content.tips {
        text.push(tip.title.clone());
        text.push(tip.text.clone());
    }
    text.join("\n").to_lowercase()
}

#[test]
fn every_topic_of_the_brief_is_covered() {
    let text = all_text();
    let topics: [(&str, &[&str]); 12] = [
        ("1 causes", &["form", "imbalance", "recovery"]),
        ("2 risk factors", &["previous", "core", "hip flexor"]),
        ("3 shoes", &["fitted", "cushioning", "tread", "upper"]),
        ("4 gait analysis", &["gait"]),
        ("5 self-checks", &["single-leg", "hamstring"]),
        (
            "6 core and strength",
            &["plank", "bridge", "crunch", "squat", "lunge", "deadlift"],
        ),
        ("7 tight muscles", &["hamstring", "hip flexor", "glute"]),
        (
            "8 stretches",
            &[
                "leg swing",
                "walking lunge",
                "pigeon",
                "twist",
                "calf",
                "quad",
            ],
        ),
        ("9 low impact", &["swim", "cycl", "yoga"]),
        ("10 recovery", &["rest day", "strength"]),
        ("11 getting help", &["physio", "ibuprofen", "chiropract"]),
        ("12 checklist", &["listen to your body"]),
    ];
    for (topic, words) in topics {
        for word in words {
            assert!(text.contains(word), "topic {topic}: no mention of {word:?}");
        }
    }
}

#[test]
fn the_brief_s_unsafe_advice_is_corrected() {
    let text = all_text();
    for must in [
        "both legs",
        "saddle",
        "bladder",
        "bed rest",
        "with food",
        "don't drive",
    ] {
        assert!(text.contains(must), "content never says {must:?}");
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_run_of_eight_words_is_copied_from_the_facts_sheet() {
    let facts = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/guidance/facts.md");
    let Ok(facts) = std::fs::read_to_string(&facts) else {
        eprintln!(
            "notice: {} not found; skipping the copy check",
            facts.display()
        );
        return;
    };
    let facts = words(&facts);
    let runs: HashSet<&[String]> = facts.windows(8).collect();
    let ours = words(&all_text());
    let copied: Vec<String> = ours
        .windows(8)
        .filter(|w| runs.contains(w))
        .map(|w| w.join(" "))
        .collect();
    assert!(copied.is_empty(), "copied from facts.md: {copied:#?}");
}
