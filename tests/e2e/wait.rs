//! Waiting for what the bot does in the background by polling for it, instead of sleeping a
//! fixed time and hoping it was long enough.

use std::time::Duration;

/// How often the checks run.
const POLL: Duration = Duration::from_millis(50);

/// Polls `check` every 50 ms, at most 100 times (about 5 s); whether it came to hold.
pub async fn eventually(check: impl AsyncFnMut() -> bool) -> bool {
    eventually_within(POLL * 100, check).await
}

/// Polls `check` every 50 ms until it holds or about `limit` has passed; whether it held.
pub async fn eventually_within(limit: Duration, mut check: impl AsyncFnMut() -> bool) -> bool {
    let tries = limit.as_millis() / POLL.as_millis();
    for _ in 0..tries.max(1) {
        if check().await {
            return true;
        }
        tokio::time::sleep(POLL).await;
    }
    false
}
