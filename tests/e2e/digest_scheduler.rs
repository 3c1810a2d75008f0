//! The weekly digest through the tip scheduler, in process with a fake clock and a scripted
//! Discord, on `SQLite` and (when configured) `PostgreSQL`: the totals of the 7 days before the
//! post for members who joined only, exactly one post when two processes race, the tips'
//! rotation left alone, and Discord's refusals and errors.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use pacer::reply::Reply;
use pacer::store::{NewRun, NewShoe, NewTipSchedule};
use pacer::tips::schedule::TipSchedule;
use pacer::tips::{Clock, PostError, TipsApi};
use pacer::App;

use crate::databases::databases;
use crate::scheduler::{app_on, scheduler, utc, FakeApi, FakeClock};

/// Records every reply posted, answering from a script first.
#[derive(Default)]
struct Recorder {
    script: Mutex<VecDeque<PostError>>,
    posts: Mutex<Vec<(u64, Reply)>>,
    told: Mutex<Vec<(u64, String)>>,
}

#[async_trait::async_trait]
impl TipsApi for Recorder {
    async fn post(&self, channel_id: u64, reply: &Reply) -> Result<(), PostError> {
        if let Some(error) = self.script.lock().unwrap().pop_front() {
            return Err(error);
        }
        self.posts.lock().unwrap().push((channel_id, reply.clone()));
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

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn runs(app: &App, user: u64, days: &[(&str, i64)]) {
    let now = utc("2026-11-23T06:00:00Z");
    let shoe = app
        .store
        .shoes()
        .add(NewShoe {
            user_id: user,
            name: "Racers",
            brand: None,
            model: None,
            start_m: 0,
            retire_at_m: 800_000,
            make_default: true,
            now,
        })
        .await
        .unwrap();
    for (day, distance_m) in days {
        let run_on = date(day);
        let logged = app
            .store
            .runs()
            .log(NewRun {
                user_id: user,
                shoe_id: shoe,
                distance_m: *distance_m,
                run_on,
                note: None,
                now,
                compare: run_on..=run_on,
            })
            .await
            .unwrap();
        assert!(logged.is_some());
    }
}

/// Sets up a weekly digest for `guild`, due Monday 23 November 07:00 UTC; or, for
/// `table_is_tips`, daily tips at 18:00, not yet due.
async fn digest_for(app: &App, guild: u64, table_is_tips: bool) {
    let (text, from) = if table_is_tips {
        ("daily 18:00", "2026-11-23T08:00:00Z")
    } else {
        ("weekly monday 07:00", "2026-11-22T00:00:00Z")
    };
    let schedule = TipSchedule::parse(text, "UTC").unwrap();
    let first = schedule.next_after(utc(from)).unwrap();
    let new = NewTipSchedule {
        guild_id: guild,
        channel_id: guild + 1_000,
        schedule: text,
        timezone: "UTC",
        next_run_at: first.timestamp(),
        rotation_seed: guild.cast_signed(),
        set_up_by: 42,
        now: first,
    };
    let store = if table_is_tips {
        app.store.tips()
    } else {
        app.store.digests()
    };
    store.set_up(new).await.unwrap();
}

#[tokio::test]
async fn a_due_digest_counts_only_members_who_joined_and_posts_once() {
    for db in databases().await {
        let (one, two) = (app_on(&db.url).await, app_on(&db.url).await);
        let api = Arc::new(Recorder::default());
        let clock = Arc::new(FakeClock(Mutex::new(utc("2026-11-23T07:00:10Z"))));
        let dummy = Arc::new(FakeApi::default());
        let (mut a, mut b) = (
            scheduler(&one, &dummy, &clock),
            scheduler(&two, &dummy, &clock),
        );
        a.api = api.clone() as Arc<dyn TipsApi>;
        b.api = api.clone() as Arc<dyn TipsApi>;
        let guild = 7_000;
        // The week is Monday 16 to Sunday 22 November: the post's day and before are not in it.
        runs(
            &one,
            1,
            &[
                ("2026-11-15", 3_000),
                ("2026-11-16", 10_000),
                ("2026-11-22", 5_000),
                ("2026-11-23", 7_000),
            ],
        )
        .await;
        runs(&one, 2, &[("2026-11-20", 12_000)]).await;
        runs(&one, 3, &[("2026-11-18", 50_000)]).await;
        let board = one.store.leaderboard();
        let at = clock.now();
        board.join(guild, 1, at).await.unwrap();
        board.join(guild, 2, at).await.unwrap();
        // Member 3 joined another server's leaderboard only.
        board.join(8_000, 3, at).await.unwrap();
        digest_for(&one, guild, false).await;
        digest_for(&one, guild, true).await;

        let (ra, rb) = tokio::join!(a.run_due(), b.run_due());
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(ra.posted + rb.posted, 1, "{ra:?} {rb:?}");
        // Whoever read it due too late lost the claim, or found it no longer due.
        assert!(ra.failed + rb.failed + ra.skipped + rb.skipped == 0);
        assert_eq!(a.run_due().await.unwrap().due, 0);
        let posts = api.posts.lock().unwrap().clone();
        assert_eq!(posts.len(), 1);
        let (channel, reply) = &posts[0];
        assert_eq!(*channel, guild + 1_000);
        let summary = &reply.embeds[0];
        assert_eq!(summary.title, "Club week: Mon 16 Nov – Sun 22 Nov");
        assert!(
            summary
                .description
                .starts_with("**27.0 km** (16.8 mi) in **3 runs** by 2 members"),
            "{}",
            summary.description
        );
        assert!(summary
            .description
            .contains("1. <@1> 15.0 km\n2. <@2> 12.0 km"));
        assert!(!summary.description.contains("<@3>"));
        assert!(!summary.description.contains("50"));
        assert!(reply.embeds[1].title.contains("tip: "));

        let digest = one.store.digests().get(guild).await.unwrap().unwrap();
        assert_eq!(digest.rotation_pos, 1);
        assert_eq!(
            digest.next_run_at,
            Some(utc("2026-11-30T07:00:00Z").timestamp())
        );
        let tips = one.store.tips().get(guild).await.unwrap().unwrap();
        assert_eq!(tips.rotation_pos, 0, "the tips channel skips nothing");
        assert_eq!(tips.last_post_at, None);
        one.store.close().await;
        two.store.close().await;
        db.drop_now().await;
    }
}

#[tokio::test]
async fn a_refused_digest_stops_and_tells_the_admin_once_and_errors_are_retried() {
    for db in databases().await {
        let app = app_on(&db.url).await;
        let api = Arc::new(Recorder::default());
        let clock = Arc::new(FakeClock(Mutex::new(utc("2026-11-23T07:00:10Z"))));
        let mut s = scheduler(&app, &Arc::new(FakeApi::default()), &clock);
        s.api = api.clone() as Arc<dyn TipsApi>;

        digest_for(&app, 7_001, false).await;
        api.script
            .lock()
            .unwrap()
            .push_back(crate::scheduler::MISSING_PERMISSIONS);
        let report = s.run_due().await.unwrap();
        assert_eq!((report.posted, report.failed), (0, 1), "{report:?}");
        let row = app.store.digests().get(7_001).await.unwrap().unwrap();
        assert!(row.disabled && row.next_run_at.is_none());
        assert!(row.last_error.unwrap().contains("50013"));
        let told = api.told.lock().unwrap().clone();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].0, 42);
        assert!(
            told[0].1.contains("weekly club digest") && told[0].1.contains("/club digest"),
            "{}",
            told[0].1
        );
        *clock.0.lock().unwrap() = utc("2026-11-30T07:00:10Z");
        assert_eq!(s.run_due().await.unwrap().due, 0, "stopped: never retried");
        assert_eq!(api.told.lock().unwrap().len(), 1, "told once");

        digest_for(&app, 7_002, false).await;
        *clock.0.lock().unwrap() = utc("2026-11-23T07:00:10Z");
        api.script.lock().unwrap().extend([
            PostError::ServerError { status: 502 },
            PostError::RateLimited(std::time::Duration::from_millis(20)),
        ]);
        let report = s.run_due().await.unwrap();
        assert_eq!(report.posted, 1, "{report:?}");
        assert_eq!(api.posts.lock().unwrap().len(), 1);
        let row = app.store.digests().get(7_002).await.unwrap().unwrap();
        assert_eq!(row.last_error, None);
        assert!(row.last_post_at.is_some());
        app.store.close().await;
        db.drop_now().await;
    }
}
