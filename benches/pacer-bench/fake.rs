//! The benchmark's Discord on 127.0.0.1: the shared fake (the `fake-discord` crate) with an
//! observer that keeps stamps and counters only, so its own cost per interaction stays flat
//! however long a run is. It stamps each interaction into the run's probe once its frame is
//! on the socket and again when its callback arrives.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fake_discord::{lock, FakeDiscord, Frame, Observer};
use tokio::sync::watch;

use crate::probe::Probe;

/// Interaction ids are `ID_BASE + index`, so a callback's path gives its index back.
pub const ID_BASE: u64 = 950_000_000_000_000_000;

/// What the benchmark keeps of the fake's traffic: atomics, and the current run's probe.
struct Stamps {
    epoch: Instant,
    probe: Mutex<Arc<Probe>>,
    /// When the command tree was registered, in ns since `epoch` (0: not yet).
    registered: watch::Sender<u64>,
    /// Messages posted in channels, and when the last one arrived.
    posts: AtomicUsize,
    last_post: AtomicU64,
}

impl Stamps {
    fn now(&self) -> u64 {
        stamp(self.epoch)
    }

    fn probe(&self) -> Arc<Probe> {
        Arc::clone(&lock(&self.probe))
    }
}

impl Observer for Stamps {
    fn callback(&self, id: &str, body: &[u8]) {
        let at = self.now();
        if let Some(index) = index_of(id) {
            self.probe().answer(index, at, body);
        }
    }

    fn edited(&self, token: &str, body: &[u8]) {
        let id = token.strip_prefix("interaction-token-").unwrap_or_default();
        if let Some(index) = index_of(id) {
            self.probe().edited(index, body);
        }
    }

    fn posted(&self, _channel: &str) {
        self.posts.fetch_add(1, Ordering::AcqRel);
        self.last_post.store(self.now(), Ordering::Release);
    }

    fn registered(&self) {
        self.registered.send_replace(self.now());
    }

    fn sent(&self, index: usize) {
        // Stamped before the probe's lock is taken: a wait for it is not the bot's time.
        let at = self.now();
        if let Some(slot) = self.probe().sent.get(index) {
            slot.store(at, Ordering::Release);
        }
    }
}

#[derive(Clone)]
pub struct Fake {
    discord: FakeDiscord<Stamps>,
}

impl Fake {
    /// Starts the fake; READY lists `guilds`, each then sent as `GUILD_CREATE`.
    pub async fn start(guilds: Vec<u64>) -> anyhow::Result<Fake> {
        let stamps = Stamps {
            epoch: Instant::now(),
            probe: Mutex::new(Arc::new(Probe::new(0, ""))),
            registered: watch::channel(0).0,
            posts: AtomicUsize::new(0),
            last_post: AtomicU64::new(0),
        };
        let guilds = guilds.iter().map(u64::to_string).collect();
        let discord = FakeDiscord::start(guilds, stamps).await?;
        Ok(Fake { discord })
    }

    fn stamps(&self) -> &Stamps {
        self.discord.observer()
    }

    pub fn url(&self) -> String {
        self.discord.url()
    }

    pub fn now(&self) -> u64 {
        self.stamps().now()
    }

    /// The instant of a stamp.
    pub fn instant(&self, stamp: u64) -> Instant {
        self.stamps().epoch + Duration::from_nanos(stamp)
    }

    /// Starts a new run: callbacks from here on are stamped into `probe`.
    pub fn arm(&self, probe: Arc<Probe>) {
        *lock(&self.stamps().probe) = probe;
    }

    /// Forgets the gateway session, before the next bot connects.
    pub fn disconnect(&self) {
        self.discord.disconnect();
        self.stamps().registered.send_replace(0);
    }

    /// Waits for the next bot to connect and register its commands; returns when that was.
    pub async fn registered(&self, within: Duration) -> anyhow::Result<Instant> {
        let mut registered = self.stamps().registered.subscribe();
        let at = tokio::time::timeout(within, registered.wait_for(|at| *at > 0))
            .await
            .map_err(|_| anyhow::anyhow!("the bot did not register its commands"))??;
        Ok(self.instant(*at))
    }

    /// Queues an interaction frame for the gateway; false when no bot is connected.
    pub fn send(&self, index: usize, data: Arc<str>) -> bool {
        self.discord.send(Frame::Prepared {
            event: "INTERACTION_CREATE",
            data,
            tag: index,
        })
    }

    /// Messages posted so far, and when the last one arrived.
    pub fn posts(&self) -> (usize, Instant) {
        let last = self.stamps().last_post.load(Ordering::Acquire);
        (
            self.stamps().posts.load(Ordering::Acquire),
            self.instant(last),
        )
    }
}

fn stamp(epoch: Instant) -> u64 {
    // Never 0, which means "not yet".
    u64::try_from(epoch.elapsed().as_nanos())
        .unwrap_or(u64::MAX)
        .max(1)
}

/// The index in a run of the interaction with this id.
fn index_of(id: &str) -> Option<usize> {
    id.parse::<u64>()
        .ok()
        .and_then(|id| id.checked_sub(ID_BASE))
        .and_then(|i| usize::try_from(i).ok())
}
