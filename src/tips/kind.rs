//! What a schedule posts: a warm-up tip or the weekly club digest. Both share the claim,
//! the delivery and the failure handling; only the table, the post and the words differ.

use chrono::{DateTime, Utc};

use super::tip_at;
use crate::content::tip_embed;
use crate::reply::Reply;
use crate::store::{Store, TipScheduleRow, Tips};
use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tip,
    Digest,
}

/// One post, ready to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub kind: Kind,
    pub reply: Reply,
    /// What the log says was posted: the tip's id, or `digest`.
    pub label: String,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Tip, Kind::Digest];

    /// The table of this kind's schedules.
    pub fn schedules(self, store: &Store) -> Tips<'_> {
        match self {
            Kind::Tip => store.tips(),
            Kind::Digest => store.digests(),
        }
    }

    /// What is posted, in the admin's direct message.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Tip => "warm-up tip",
            Kind::Digest => "weekly club digest",
        }
    }

    /// How an admin starts a stopped schedule again.
    pub fn restart(self) -> &'static str {
        match self {
            Kind::Tip => "run `/tips setup` or `/tips resume`",
            Kind::Digest => "run `/club digest` again",
        }
    }

    /// The post for place `pos` of the schedule's rotation, at `now`.
    pub async fn compose(
        self,
        app: &App,
        row: &TipScheduleRow,
        pos: i64,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Post> {
        match self {
            Kind::Tip => Ok(Post::tip(app, row.rotation_seed, pos)?),
            Kind::Digest => super::digest::compose(app, row, pos, now).await,
        }
    }
}

impl Post {
    /// The tip at place `pos` of a rotation.
    pub fn tip(app: &App, seed: i64, pos: i64) -> anyhow::Result<Post> {
        let tip = tip_at(&app.content, seed, pos)?;
        Ok(Post {
            kind: Kind::Tip,
            reply: Reply::embed(tip_embed(&app.content, tip)),
            label: tip.id.clone(),
        })
    }
}
