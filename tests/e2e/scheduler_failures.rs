//! The tip scheduler when Discord fails or the process is down, with a fake clock and a
//! scripted Discord: refused channels, failed posts, rate limits, shutdown and pacing.

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pacer::tips::{Clock, Pace, PostError, Scheduler, StepReport, IN_FLIGHT};

use crate::scheduler::{
    app, scheduler, set_up, setup, utc, FakeApi, FakeClock, MISSING_PERMISSIONS,
};
use crate::wait::eventually;

#[tokio::test]
async fn after_half_an_hour_down_the_missed_tip_goes_out_once_late() {
    let s = setup("2026-11-23T00:00:00Z").await;
    let due = set_up(
        &s.app,
        7,
        "weekly monday 07:00",
        "Europe/London",
        s.clock.now(),
    )
    .await;
    s.clock.set(due + chrono::Duration::minutes(30));
    let report = s.scheduler.run_due().await.unwrap();
    assert_eq!((report.posted, report.skipped), (1, 0));
    assert_eq!(
        s.scheduler.run_due().await.unwrap(),
        StepReport::default(),
        "once only"
    );
    let row = s.app.store.tips().get(7).await.unwrap().unwrap();
    assert_eq!(
        row.next_run_at,
        Some(utc("2026-11-30T07:00:00Z").timestamp())
    );
}

#[tokio::test]
async fn after_three_days_down_nothing_floods_and_the_next_tip_is_on_time() {
    let s = setup("2026-11-20T00:00:00Z").await;
    let due = set_up(&s.app, 8, "daily 06:30", "Europe/London", s.clock.now()).await;
    assert_eq!(due, utc("2026-11-20T06:30:00Z"));
    s.clock.set(utc("2026-11-23T09:00:00Z"));
    let report = s.scheduler.run_due().await.unwrap();
    assert_eq!((report.posted, report.skipped), (0, 1), "{report:?}");
    assert!(s.api.posts.lock().unwrap().is_empty());
    let row = s.app.store.tips().get(8).await.unwrap().unwrap();
    assert_eq!(
        row.next_run_at,
        Some(utc("2026-11-24T06:30:00Z").timestamp())
    );
    s.clock.set(utc("2026-11-24T06:30:00Z"));
    assert_eq!(s.scheduler.run_due().await.unwrap().posted, 1);
}

#[tokio::test]
async fn a_refused_channel_disables_the_schedule_and_tells_the_admin_once() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 10, "daily 07:00", "UTC", s.clock.now()).await;
    s.api.script.lock().unwrap().push_back(MISSING_PERMISSIONS);
    s.clock.set(due);
    let report = s.scheduler.run_due().await.unwrap();
    assert_eq!(report.failed, 1);
    let row = s.app.store.tips().get(10).await.unwrap().unwrap();
    assert!(row.disabled && row.next_run_at.is_none());
    assert!(row.last_error.unwrap().contains("50013"));
    let told = s.api.told.lock().unwrap().clone();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, 42, "the admin who set it up");
    // Discord would refuse again, but a disabled schedule is not tried again.
    s.api.script.lock().unwrap().push_back(MISSING_PERMISSIONS);
    s.clock.set(due + chrono::Duration::days(2));
    assert_eq!(s.scheduler.run_due().await.unwrap(), StepReport::default());
    assert_eq!(s.api.told.lock().unwrap().len(), 1, "told once");
    assert_eq!(
        s.api.script.lock().unwrap().len(),
        1,
        "no post was attempted"
    );
}

#[tokio::test]
async fn a_failed_post_keeps_its_tip_for_the_next_run() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 14, "daily 07:00", "UTC", s.clock.now()).await;
    s.api
        .script
        .lock()
        .unwrap()
        .push_back(PostError::Rejected { status: 400 });
    s.clock.set(due);
    let report = s.scheduler.run_due().await.unwrap();
    assert_eq!(report.failed, 1);
    let row = s.app.store.tips().get(14).await.unwrap().unwrap();
    assert!(!row.disabled, "a rejected post does not stop the schedule");
    assert_eq!(row.rotation_pos, 0, "the tip was not used up");
    assert_eq!(
        row.last_error.as_deref(),
        Some("Discord didn't accept the tip (HTTP 400); pacer will try again at the next post"),
        "the cause is kept, in words for admins"
    );
    s.clock.set(due + chrono::Duration::days(1));
    assert_eq!(s.scheduler.run_due().await.unwrap().posted, 1);
    let first = pacer::tips::tip_at(&s.app.content, 14, 0).unwrap();
    assert_eq!(
        s.api.posts.lock().unwrap()[0].1,
        format!("{}: {}", first.kind.heading(), first.title)
    );
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_server_errors_retried() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 11, "daily 07:00", "UTC", s.clock.now()).await;
    s.api.script.lock().unwrap().extend([
        PostError::RateLimited(Duration::from_millis(200)),
        PostError::ServerError { status: 500 },
    ]);
    s.clock.set(due);
    let started = std::time::Instant::now();
    assert_eq!(s.scheduler.run_due().await.unwrap().posted, 1);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "retry_after was honoured"
    );

    // Three server errors in a row: recorded, schedule kept for its next run.
    s.api
        .script
        .lock()
        .unwrap()
        .extend((0..3).map(|_| PostError::ServerError { status: 502 }));
    s.clock.set(due + chrono::Duration::days(1));
    assert_eq!(s.scheduler.run_due().await.unwrap().failed, 1);
    let row = s.app.store.tips().get(11).await.unwrap().unwrap();
    assert!(!row.disabled);
    assert_eq!(
        row.next_run_at,
        Some((due + chrono::Duration::days(2)).timestamp())
    );
    assert_eq!(
        row.last_error.as_deref(),
        Some("Discord was having problems (server error 502) after 3 tries; pacer will try again at the next post")
    );
}

#[tokio::test]
async fn shutdown_cuts_a_long_wait_short() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 15, "daily 07:00", "UTC", s.clock.now()).await;
    s.api
        .script
        .lock()
        .unwrap()
        .push_back(PostError::RateLimited(Duration::from_secs(50)));
    s.clock.set(due);
    let shutdown = async {
        // Shutdown once the post met its rate limit: the step is in its long wait.
        let limited = eventually(async || s.api.script.lock().unwrap().is_empty()).await;
        assert!(
            limited,
            "timed out waiting for the post to meet its scripted rate limit"
        );
        s.app.stopping.send_replace(true);
    };
    let started = std::time::Instant::now();
    let step = tokio::time::timeout(Duration::from_secs(5), s.scheduler.run_due());
    let (step, ()) = tokio::join!(step, shutdown);
    let report = step.expect("the step ends soon after shutdown").unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(report.failed, 1);
    let row = s.app.store.tips().get(15).await.unwrap().unwrap();
    let error = row.last_error.unwrap_or_default();
    assert!(error.ends_with("shutting down; pacer will try again at the next post"));
}

#[tokio::test]
async fn a_crowded_minute_posts_several_at_once_within_the_pace() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    let api = Arc::new(FakeApi {
        delay: Duration::from_millis(50),
        ..FakeApi::default()
    });
    let clock = Arc::new(FakeClock(Mutex::new(utc("2026-11-24T06:00:00Z"))));
    let scheduler = Scheduler {
        pace: Arc::new(Pace::per_second(100)),
        ..scheduler(&app, &api, &clock)
    };
    let mut due = clock.now();
    for guild in 1..=40 {
        due = set_up(&app, guild, "daily 07:00", "UTC", clock.now()).await;
    }
    clock.set(due);
    let started = std::time::Instant::now();
    let report = scheduler.run_due().await.unwrap();
    assert_eq!(report.posted, 40, "{report:?}");
    let channels: HashSet<u64> = api.posts.lock().unwrap().iter().map(|p| p.0).collect();
    assert_eq!(channels.len(), 40, "every server once");
    // 40 posts at 100 a second: the last may go 390 ms after the first, no sooner.
    assert!(started.elapsed() >= Duration::from_millis(390));
    let most = api.most_in_flight.load(Ordering::SeqCst);
    assert!(
        (2..=IN_FLIGHT).contains(&most),
        "posts overlap, up to {IN_FLIGHT}: {most}"
    );
    assert_eq!(scheduler.run_due().await.unwrap(), StepReport::default());
}
