//! Waiting for what the bot does in the background by polling for it, instead of sleeping a
//! fixed time and hoping it was long enough.

use std::time::Duration;

/// How often `eventually` checks.
const POLL: Duration = Duration::from_millis(50);

/// Polls `check` every 50 ms for up to 5 s; whether it came to hold.
pub async fn eventually(check: impl AsyncFnMut() -> bool) -> bool {
    eventually_within(POLL * 100, POLL, check).await
}

/// Polls `check` every `poll` until it holds; whether it did within `limit`. The limit is a
/// deadline: a check still running when it passes is cut short.
pub async fn eventually_within(
    limit: Duration,
    poll: Duration,
    mut check: impl AsyncFnMut() -> bool,
) -> bool {
    let polling = async {
        while !check().await {
            tokio::time::sleep(poll).await;
        }
    };
    tokio::time::timeout(limit, polling).await.is_ok()
}
