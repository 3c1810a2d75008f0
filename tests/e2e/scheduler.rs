//! The tip scheduler with a fake clock and a scripted Discord, on a real SQLite database:
//! daylight saving, downtime, two processes racing, the rotation, and Discord's failures.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pacer::config::Config;
use pacer::reply::Reply;
use pacer::store::NewTipSchedule;
use pacer::tips::schedule::TipSchedule;
use pacer::tips::{Clock, Pace, PostError, Scheduler, StepReport, TipsApi, IN_FLIGHT};
use pacer::App;
use tempfile::TempDir;

use crate::bot::content_dir;

pub struct FakeClock(pub Mutex<DateTime<Utc>>);

impl FakeClock {
    fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Records posts (channel, tip title, time) and answers from a script, then with success.
#[derive(Default)]
pub struct FakeApi {
    script: Mutex<VecDeque<PostError>>,
    pub posts: Mutex<Vec<(u64, String)>>,
    pub told: Mutex<Vec<(u64, String)>>,
    /// How long Discord takes to answer a post.
    pub delay: Duration,
    in_flight: AtomicUsize,
    /// The most posts waiting for Discord at once.
    pub most_in_flight: AtomicUsize,
}

#[async_trait::async_trait]
impl TipsApi for FakeApi {
    async fn post(&self, channel_id: u64, reply: &Reply) -> Result<(), PostError> {
        if let Some(error) = self.script.lock().unwrap().pop_front() {
            return Err(error);
        }
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(self.delay).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        let title = reply.embeds[0].title.clone();
        self.posts.lock().unwrap().push((channel_id, title));
        Ok(())
    }

    async fn tell(&self, user_id: u64, text: &str) -> anyhow::Result<()> {
        self.told.lock().unwrap().push((user_id, text.to_owned()));
        Ok(())
    }

    async fn missing_permissions(&self, _: u64, _: u64) -> anyhow::Result<Vec<&'static str>> {
        Ok(Vec::new())
    }
}

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn app(dir: &TempDir) -> Arc<App> {
    app_on(&format!(
        "sqlite://{}",
        dir.path().join("pacer.db").display()
    ))
    .await
}

pub async fn app_on(database_url: &str) -> Arc<App> {
    let config = Config {
        database_url: database_url.to_owned(),
        content_dir: content_dir(),
        tips_grace: chrono::Duration::hours(2),
        tips_per_second: 20,
    };
    Arc::new(App::start(&config).await.unwrap())
}

pub fn scheduler(app: &Arc<App>, api: &Arc<FakeApi>, clock: &Arc<FakeClock>) -> Scheduler {
    Scheduler {
        app: Arc::clone(app),
        api: Arc::clone(api) as Arc<dyn TipsApi>,
        clock: Arc::clone(clock) as Arc<dyn Clock>,
        grace: chrono::Duration::hours(2),
        backoff: |_| Duration::from_millis(5),
        shards: None,
        pace: Arc::new(Pace::unlimited()),
    }
}

/// Sets up `guild`'s schedule, first due at its next run after `from`.
pub async fn set_up(
    app: &App,
    guild: u64,
    text: &str,
    zone: &str,
    from: DateTime<Utc>,
) -> DateTime<Utc> {
    let schedule = TipSchedule::parse(text, zone).unwrap();
    let first = schedule.next_after(from).unwrap();
    app.store
        .tips()
        .set_up(NewTipSchedule {
            guild_id: guild,
            channel_id: guild + 1_000,
            schedule: text,
            timezone: zone,
            next_run_at: first.timestamp(),
            rotation_seed: guild as i64,
            set_up_by: 42,
            now: from,
        })
        .await
        .unwrap();
    first
}

struct Setup {
    _dir: TempDir,
    app: Arc<App>,
    api: Arc<FakeApi>,
    clock: Arc<FakeClock>,
    scheduler: Scheduler,
}

async fn setup(now: &str) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir).await;
    let api = Arc::new(FakeApi::default());
    let clock = Arc::new(FakeClock(Mutex::new(utc(now))));
    let scheduler = scheduler(&app, &api, &clock);
    Setup {
        _dir: dir,
        app,
        api,
        clock,
        scheduler,
    }
}

/// Steps the clock from due time to due time, returning when each post went out.
async fn post_times(s: &Setup, guild: u64, n: usize) -> Vec<String> {
    let mut times = Vec::new();
    for _ in 0..n {
        let row = s.app.store.tips().get(guild).await.unwrap().unwrap();
        let due = DateTime::from_timestamp(row.next_run_at.unwrap(), 0).unwrap();
        s.clock.set(due);
        let report = s.scheduler.run_due().await.unwrap();
        assert_eq!(report.posted, 1, "{report:?}");
        times.push(due.to_rfc3339());
    }
    times
}

#[tokio::test]
async fn weekly_and_daily_posts_keep_local_time_across_daylight_saving() {
    // (start, schedule, zone, the first two posts in UTC). Clocks change on 29 March and
    // 25 October 2026 in London, on 8 March and 1 November 2026 in New York.
    let cases = [
        (
            "2026-03-16T00:00:00Z",
            "weekly monday 07:00",
            "Europe/London",
            ["2026-03-23T07:00:00+00:00", "2026-03-30T06:00:00+00:00"],
        ),
        (
            "2026-10-19T00:00:00Z",
            "weekly monday 07:00",
            "Europe/London",
            ["2026-10-19T06:00:00+00:00", "2026-10-26T07:00:00+00:00"],
        ),
        (
            "2026-03-28T00:00:00Z",
            "daily 07:00",
            "Europe/London",
            ["2026-03-28T07:00:00+00:00", "2026-03-29T06:00:00+00:00"],
        ),
        (
            "2026-10-24T00:00:00Z",
            "daily 07:00",
            "Europe/London",
            ["2026-10-24T06:00:00+00:00", "2026-10-25T07:00:00+00:00"],
        ),
        (
            "2026-03-07T00:00:00Z",
            "daily 07:00",
            "America/New_York",
            ["2026-03-07T12:00:00+00:00", "2026-03-08T11:00:00+00:00"],
        ),
        (
            "2026-10-31T00:00:00Z",
            "daily 07:00",
            "America/New_York",
            ["2026-10-31T11:00:00+00:00", "2026-11-01T12:00:00+00:00"],
        ),
        (
            "2026-03-01T00:00:00Z",
            "weekly sunday 09:00",
            "America/New_York",
            ["2026-03-01T14:00:00+00:00", "2026-03-08T13:00:00+00:00"],
        ),
        (
            "2026-10-25T00:00:00Z",
            "weekly sunday 09:00",
            "America/New_York",
            ["2026-10-25T13:00:00+00:00", "2026-11-01T14:00:00+00:00"],
        ),
    ];
    for (start, schedule, zone, expected) in cases {
        let s = setup(start).await;
        let start = s.clock.now();
        // The first London weekly case starts a week early: three posts, the last two checked.
        let skip = usize::from(start == utc("2026-03-16T00:00:00Z"));
        set_up(&s.app, 1, schedule, zone, start).await;
        let times = post_times(&s, 1, 2 + skip).await;
        assert_eq!(times[skip..], expected, "{schedule} in {zone} from {start}");
    }
}

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
async fn the_rotation_shows_every_tip_before_any_repeats() {
    let s = setup("2026-01-01T00:00:00Z").await;
    set_up(&s.app, 9, "daily 07:00", "UTC", s.clock.now()).await;
    let n = s.app.content.tips.len();
    post_times(&s, 9, 2 * n + 3).await;
    let titles: Vec<String> = s
        .api
        .posts
        .lock()
        .unwrap()
        .iter()
        .map(|p| p.1.clone())
        .collect();
    let all: HashSet<&String> = titles.iter().collect();
    assert_eq!(all.len(), n);
    for cycle in titles.chunks(n).filter(|c| c.len() == n) {
        assert_eq!(
            cycle.iter().collect::<HashSet<_>>().len(),
            n,
            "a full cycle without repeats"
        );
    }
    assert!(
        titles.windows(2).all(|w| w[0] != w[1]),
        "never the same tip twice in a row"
    );
}

#[tokio::test]
async fn a_refused_channel_disables_the_schedule_and_tells_the_admin_once() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 10, "daily 07:00", "UTC", s.clock.now()).await;
    s.api.script.lock().unwrap().push_back(PostError::Refused {
        status: 403,
        code: 50013,
        message: "Missing Permissions".into(),
    });
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
    s.api.script.lock().unwrap().push_back(PostError::Refused {
        status: 403,
        code: 50013,
        message: "Missing Permissions".into(),
    });
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
        .push_back(PostError::Rejected("HTTP 400".into()));
    s.clock.set(due);
    let report = s.scheduler.run_due().await.unwrap();
    assert_eq!(report.failed, 1);
    let row = s.app.store.tips().get(14).await.unwrap().unwrap();
    assert!(!row.disabled, "a rejected post does not stop the schedule");
    assert_eq!(row.rotation_pos, 0, "the tip was not used up");
    assert!(
        row.last_error.unwrap().contains("HTTP 400"),
        "the cause is kept"
    );
    s.clock.set(due + chrono::Duration::days(1));
    assert_eq!(s.scheduler.run_due().await.unwrap().posted, 1);
    let first = pacer::tips::tip_at(&s.app.content, 14, 0).unwrap();
    assert_eq!(
        s.api.posts.lock().unwrap()[0].1,
        format!("Warm-up tip: {}", first.title)
    );
}

#[tokio::test]
async fn rate_limits_are_waited_out_and_server_errors_retried() {
    let s = setup("2026-11-24T06:00:00Z").await;
    let due = set_up(&s.app, 11, "daily 07:00", "UTC", s.clock.now()).await;
    s.api.script.lock().unwrap().extend([
        PostError::RateLimited(Duration::from_millis(200)),
        PostError::Failed("HTTP 500".into()),
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
        .extend((0..3).map(|_| PostError::Failed("HTTP 502".into())));
    s.clock.set(due + chrono::Duration::days(1));
    assert_eq!(s.scheduler.run_due().await.unwrap().failed, 1);
    let row = s.app.store.tips().get(11).await.unwrap().unwrap();
    assert!(!row.disabled);
    assert_eq!(
        row.next_run_at,
        Some((due + chrono::Duration::days(2)).timestamp())
    );
    assert!(row.last_error.unwrap().contains("gave up after 3 attempts"));
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
    let app = Arc::clone(&s.app);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        app.stopping.send_replace(true);
    });
    let started = std::time::Instant::now();
    let report = tokio::time::timeout(Duration::from_secs(5), s.scheduler.run_due())
        .await
        .expect("the step ends soon after shutdown")
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(report.failed, 1);
    let row = s.app.store.tips().get(15).await.unwrap().unwrap();
    assert!(row
        .last_error
        .unwrap()
        .starts_with("interrupted by shutdown"));
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
