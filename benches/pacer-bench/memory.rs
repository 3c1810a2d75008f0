//! Memory and start: start to commands registered and idle RSS over fresh starts, and RSS
//! with many servers in READY.

use std::path::Path;
use std::time::Duration;

use crate::fake::Fake;
use crate::load::median;
use crate::procs::Bot;
use crate::report::Report;
use crate::scheduler;
use crate::usage::{rss_kib, status_kib};
use crate::Options;

/// Start to commands registered, and idle RSS, over several fresh starts; the responder's
/// idle RSS beside them.
pub async fn startup(options: &Options, dir: &Path, report: &mut Report) -> anyhow::Result<()> {
    let fake = Fake::start(Vec::new()).await?;
    let (mut starts, mut idle) = (Vec::new(), Vec::new());
    for n in 0..options.startups {
        let url = format!("sqlite://{}", dir.join(format!("start-{n}.db")).display());
        let bot = Bot::pacer(&fake, dir, &url).await?;
        starts.extend(bot.start_to_registered);
        tokio::time::sleep(Duration::from_secs(3)).await;
        idle.push((
            rss_kib(bot.pid),
            status_kib(bot.pid, "RssAnon"),
            status_kib(bot.pid, "RssFile"),
        ));
        bot.stop().await?;
    }
    let floor = Bot::responder(&fake).await?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let floor_rss = rss_kib(floor.pid);
    floor.stop().await?;
    idle.sort_unstable();
    report.startup(median(&mut starts), &starts, &idle, floor_rss);
    Ok(())
}

/// RSS with many servers, each with a tip schedule, listed in READY.
pub async fn loaded_memory(
    options: &Options,
    dir: &Path,
    report: &mut Report,
) -> anyhow::Result<()> {
    let count = options.schedules;
    let url = format!("sqlite://{}", dir.join("loaded.db").display());
    let store = pacer::store::Store::open(&url).await?;
    let later = chrono::Utc::now() + chrono::Duration::days(1);
    scheduler::prepare(&store, count, later).await?;
    store.close().await;
    let fake = Fake::start((0..count).map(scheduler::guild).collect()).await?;
    let bot = Bot::pacer(&fake, dir, &url).await?;
    // Every GUILD_CREATE read and the scheduler settled.
    tokio::time::sleep(Duration::from_secs(10)).await;
    report.loaded(count, rss_kib(bot.pid), bot.start_to_registered);
    bot.stop().await
}
