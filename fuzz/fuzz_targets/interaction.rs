//! Raw interaction JSON, as Discord sends it over the gateway → serenity's parsing → the
//! command tree → the command core (on a real SQLite database) → a reply that must fit
//! Discord's limits. A crash is a panic anywhere on that path or a reply that breaks a limit.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pacer::discord::replay::{check_payload, offline_app};
use pacer::App;

struct Harness {
    runtime: tokio::runtime::Runtime,
    app: App,
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let file = std::env::temp_dir().join(format!("pacer-fuzz-{}.db", std::process::id()));
        let url = format!("sqlite://{}", file.display());
        let app = runtime
            .block_on(offline_app(&url))
            .expect("pacer starts on a fresh database");
        Harness { runtime, app }
    })
}

fuzz_target!(|payload: &[u8]| {
    let harness = harness();
    if let Err(broken) = harness
        .runtime
        .block_on(check_payload(&harness.app, payload))
    {
        panic!("{broken}");
    }
});
