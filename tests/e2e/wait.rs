//! Waiting for what the bot does in the background by polling for it, instead of sleeping a
//! fixed time and hoping it was long enough.

use std::time::Duration;

/// Polls `check` every 50 ms, at most 100 times (about 5 s); whether it came to hold.
pub async fn eventually(mut check: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..100 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}
