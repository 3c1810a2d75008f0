//! The tip scheduler with a fake clock and a scripted Discord, on a real `SQLite` database:
//! daylight saving, two processes racing and the rotation (downtime and Discord's failures
//! are in `scheduler_failures`).

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use pacer::config::{Config, LogFormat};
use pacer::reply::Reply;
use pacer::store::NewTipSchedule;
use pacer::tips::schedule::TipSchedule;
use pacer::tips::{Clock, Pace, PostError, Refusal, Scheduler, TipsApi};
use pacer::App;
use tempfile::TempDir;

use crate::bot::content_dir;

pub struct FakeClock(pub Mutex<DateTime<Utc>>);

impl FakeClock {
    pub fn set(&self, at: DateTime<Utc>) {
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
    pub script: Mutex<VecDeque<PostError>>,
    pub posts: Mutex<Vec<(u64, String)>>,
    pub told: Mutex<Vec<(u64, String)>>,
    /// How long Discord takes to answer a post.
    pub delay: Duration,
    pub in_flight: AtomicUsize,
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

pub const MISSING_PERMISSIONS: PostError = PostError::ChannelRefused {
    why: Refusal::MissingPermission,
    code: 50013,
};

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
        content_dir: Some(content_dir()),
        tips_grace: chrono::Duration::hours(2),
        tips_per_second: 20,
        log_format: LogFormat::default(),
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
            rotation_seed: guild.cast_signed(),
            set_up_by: 42,
            now: from,
        })
        .await
        .unwrap();
    first
}

pub struct Setup {
    _dir: TempDir,
    pub app: Arc<App>,
    pub api: Arc<FakeApi>,
    pub clock: Arc<FakeClock>,
    pub scheduler: Scheduler,
}

pub async fn setup(now: &str) -> Setup {
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
pub async fn post_times(s: &Setup, guild: u64, n: usize) -> Vec<String> {
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
