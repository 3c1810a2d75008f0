//! The tip scheduler on its own: many schedules due in the same minute, one `run_due` step
//! after another, in this process, posting to the fake, which answers at once.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use pacer::config::{BotConfig, Config};
use pacer::store::{NewTipSchedule, Store};
use pacer::tips::{exponential_backoff, Clock, Pace, Scheduler};
use pacer::App;

use crate::fake::Fake;
use crate::load::median;
use crate::procs::TOKEN;

/// Server `k` of a benchmark: ids spread over shards like real ones.
pub fn guild(k: usize) -> u64 {
    ((k as u64 + 1) << 22) | 1
}

/// Saves `count` servers, each with a schedule whose next run is `due`.
pub async fn prepare(store: &Store, count: usize, due: DateTime<Utc>) -> anyhow::Result<()> {
    for k in 0..count {
        store.guilds().joined(guild(k), due).await?;
        store
            .tips()
            .set_up(NewTipSchedule {
                guild_id: guild(k),
                channel_id: 600_000_000_000_000_000 + k as u64,
                schedule: "weekly mon 07:00",
                timezone: "Europe/London",
                next_run_at: due.timestamp(),
                rotation_seed: i64::try_from(k).unwrap(),
                set_up_by: 800_000_000_000_000_001,
                now: due,
            })
            .await?;
    }
    Ok(())
}

struct Fixed(DateTime<Utc>);

impl Clock for Fixed {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// What stepping through one minute's due posts took.
pub struct StepRun {
    pub due: usize,
    pub posted: usize,
    pub steps: usize,
    pub median_step: Duration,
    pub max_step: Duration,
    pub total: Duration,
}

/// Steps until nothing is due, with `due` schedules due in the same minute.
pub async fn run(fake: &Fake, dir: &Path, due: usize) -> anyhow::Result<StepRun> {
    let url = format!("sqlite://{}", dir.join(format!("steps-{due}.db")).display());
    let config = Config::from_env(|name| match name {
        "DATABASE_URL" => Some(url.clone()),
        "PACER_CONTENT_DIR" => Some(concat!(env!("CARGO_MANIFEST_DIR"), "/content").to_owned()),
        _ => None,
    })?;
    let app = Arc::new(App::start(&config).await?);
    let now = Utc::now();
    prepare(&app.store, due, now - chrono::Duration::seconds(10)).await?;
    let bot = BotConfig::from_env(|name| match name {
        "DISCORD_TOKEN" => Some(TOKEN.to_owned()),
        "DISCORD_PROXY_URL" => Some(fake.url()),
        _ => None,
    })?;
    let scheduler = Scheduler {
        app: Arc::clone(&app),
        api: pacer::discord::standalone_tips_api(&bot)?,
        clock: Arc::new(Fixed(now)),
        grace: config.tips_grace,
        backoff: exponential_backoff,
        shards: None,
        // pacer's own cost: Discord's limit would space 10,000 posts over minutes.
        pace: Arc::new(Pace::unlimited()),
    };
    let (posts_before, _) = fake.posts();
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut posted = 0;
    loop {
        let step = Instant::now();
        let report = scheduler.run_due().await?;
        if report.due == 0 {
            break;
        }
        steps.push(step.elapsed());
        posted += report.posted;
    }
    let total = started.elapsed();
    let (posts_after, _) = fake.posts();
    anyhow::ensure!(
        posts_after - posts_before == due && posted == due,
        "expected {due} posts, the fake saw {} and the scheduler reported {posted}",
        posts_after - posts_before
    );
    app.store.close().await;
    Ok(StepRun {
        due,
        posted,
        steps: steps.len(),
        max_step: steps.iter().max().copied().unwrap_or_default(),
        median_step: median(&mut steps),
        total,
    })
}
