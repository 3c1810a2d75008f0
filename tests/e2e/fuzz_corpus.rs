//! Replays the fuzz target's corpus (`fuzz/corpus/interaction`, kept by `fuzz/run.sh`) through
//! the same check as the fuzzer: raw interaction JSON → resolved command → a reply that fits
//! Discord's limits, without a panic.

use std::path::Path;

use pacer::discord::replay::{check_payload, offline_app};

#[tokio::test]
async fn the_fuzz_corpus_replays_without_a_crash_or_a_reply_too_large() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/interaction");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the fuzz corpus is in the repository")
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{} inputs", files.len());
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("pacer.db").display());
    let app = offline_app(&url).await.unwrap();
    for file in &files {
        let payload = std::fs::read(file).unwrap();
        if let Err(broken) = check_payload(&app, &payload).await {
            panic!("{}: {broken}", file.display());
        }
    }
}
