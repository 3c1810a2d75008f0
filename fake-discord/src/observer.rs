//! What differs between users of the fake: an [`Observer`] hears of each request and of the
//! events worth measuring, and may answer requests the fake has no route for.

use std::future::Future;

use axum::body::Bytes;
use axum::http::Method;
use serde_json::Value;

/// One REST request the bot made.
pub struct Call {
    pub method: Method,
    /// The path without the `/api/v10` prefix, e.g. `/interactions/1/tok/callback`.
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

/// A JSON answer to a request, with its HTTP status.
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply { status: 200, body }
    }
}

/// Hooks called by the fake's tasks as traffic passes. Every method has a default that does
/// nothing, so an observer implements only what it looks at. They run on the fake's request
/// and session tasks: whatever they keep must be shareable across threads.
pub trait Observer: Send + Sync + 'static {
    /// Every API request, before the fake answers it. An answer returned here replaces the
    /// fake's own: a scripted failure, or a route the fake does not know.
    fn request(&self, call: &Call) -> impl Future<Output = Option<Reply>> + Send {
        let _ = call;
        async { None }
    }

    /// The bot answered interaction `id` (its callback) with `body`.
    fn callback(&self, id: &str, body: &[u8]) {
        let _ = (id, body);
    }

    /// The bot edited the original reply of the interaction whose token is `token`.
    fn edited(&self, token: &str, body: &[u8]) {
        let _ = (token, body);
    }

    /// The bot posted a message in `channel`, and the fake answers it as sent.
    fn posted(&self, channel: &str) {
        let _ = channel;
    }

    /// The bot overwrote its command tree.
    fn registered(&self) {}

    /// A session sent IDENTIFY (`d` given here); READY and the servers are queued for it and
    /// it is the session frames go to.
    fn identified(&self, identify: &Value) {
        let _ = identify;
    }

    /// A [`crate::Frame::Prepared`] frame with this `tag` is written to the socket.
    fn sent(&self, tag: usize) {
        let _ = tag;
    }
}
