//! Property tests of everything that reads what members type or renders it: distances,
//! dates, nicknames, notes, the schedule grammar and cron, time zones, custom_ids, unit
//! conversion, the wear percentage and bar, quoting, and fitting replies to Discord's limits.
//! Round trips where there is one; otherwise: never a panic, and every message fits.
//!
//! Each property runs `PROPTEST_CASES` cases (proptest reads the variable; 256 when unset):
//! `PROPTEST_CASES=10000 cargo test --lib proptests` is the long run (README, Development).

mod input;
mod replies;
mod schedule;

use proptest::prelude::*;

use crate::limits::MAX_CONTENT;
use crate::text::MAX_QUOTE_CHARS;

/// Text a member could type, and worse: any Unicode, number-like junk, markdown and
/// mentions, multi-byte letters and emoji, and values thousands of characters long.
pub fn member_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 .,+-]{0,12}(k|km|mi|m|miles|KM| metres)?",
        "[-0-9: ]{0,12}",
        "(@everyone|@here|<@[0-9]{1,5}>|\\*\\*|`|_|~~|\\|\\||>|#|\\[x\\]\\(y\\)|é|🏃‍♀️|👟|\u{200b}| ){0,30}",
        (any::<String>(), 100usize..1_500).prop_map(|(s, n)| s.repeat(n).chars().take(6_000).collect()),
        ("[é🏃a5 ]{1,4}", 1_000usize..26_000).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// An error message a member sees: short enough to send, quoting at most a short piece of
/// their input, with no mention left to ping.
pub fn assert_message(message: &str, input: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        message.chars().count() <= MAX_CONTENT / 4,
        "{} chars",
        message.len()
    );
    prop_assert!(!message.contains("@everyone") && !message.contains("@here"));
    let piece: String = input.trim().chars().take(MAX_QUOTE_CHARS + 1).collect();
    // (Checked on input that escaping leaves alone: escaped, 49 backslashes are 98.)
    if piece.chars().count() > MAX_QUOTE_CHARS && crate::text::escape(&piece) == piece {
        prop_assert!(
            !message.contains(&piece),
            "echoed more than {MAX_QUOTE_CHARS} chars"
        );
    }
    Ok(())
}
