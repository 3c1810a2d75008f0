//! Spacing between tip posts, so a minute with thousands of due schedules stays inside
//! Discord's global limit of 50 requests a second per bot.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Hands out send times at most `per_second` apart, to any number of concurrent posters.
#[derive(Debug)]
pub struct Pace {
    gap: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pace {
    /// At most `per_second` posts a second (at least 1).
    pub fn per_second(per_second: u32) -> Pace {
        Pace {
            gap: Duration::from_secs(1) / per_second.max(1),
            next: Mutex::new(None),
        }
    }

    /// No spacing at all: for measuring pacer's own cost against a fake Discord.
    pub fn unlimited() -> Pace {
        Pace {
            gap: Duration::ZERO,
            next: Mutex::new(None),
        }
    }

    /// Waits for this caller's turn. Turns are handed out in call order; idle time earns no
    /// burst.
    pub async fn turn(&self) {
        if self.gap.is_zero() {
            return;
        }
        let at = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = next.map_or_else(Instant::now, |n| n.max(Instant::now()));
            *next = Some(at + self.gap);
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn turns_are_spaced_and_idle_time_earns_no_burst() {
        let pace = Pace::per_second(10);
        let start = Instant::now();
        for _ in 0..5 {
            pace.turn().await;
        }
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        tokio::time::sleep(Duration::from_secs(10)).await;
        let after_idle = Instant::now();
        pace.turn().await;
        pace.turn().await;
        assert_eq!(after_idle.elapsed(), Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_the_spacing() {
        let pace = std::sync::Arc::new(Pace::per_second(20));
        let start = Instant::now();
        let turns: Vec<_> = (0..20)
            .map(|_| {
                let pace = std::sync::Arc::clone(&pace);
                tokio::spawn(async move { pace.turn().await })
            })
            .collect();
        for turn in turns {
            turn.await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::from_millis(950));
    }

    #[tokio::test]
    async fn unlimited_never_waits() {
        let pace = Pace::unlimited();
        let start = std::time::Instant::now();
        for _ in 0..1000 {
            pace.turn().await;
        }
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
