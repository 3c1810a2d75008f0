//! The gateway as the health check sees it: this process's shards and which are connected.

use std::sync::Arc;

use serenity::all::{ConnectionStage, ShardManager};

use crate::telemetry::{FrontEndHealth, SHARDS_RUNNING};

pub struct Shards(pub Arc<ShardManager>);

#[async_trait::async_trait]
impl FrontEndHealth for Shards {
    async fn check(&self) -> Result<String, String> {
        let (connected, total) = {
            let runners = self.0.runners.lock().await;
            let connected = runners
                .values()
                .filter(|runner| runner.stage == ConnectionStage::Connected)
                .count();
            (connected, runners.len())
        };
        metrics::gauge!(SHARDS_RUNNING).set(connected as f64);
        if connected == 0 {
            Err(format!("gateway: none of {total} shard(s) connected"))
        } else {
            Ok(format!("{connected} of {total} shard(s) connected"))
        }
    }
}
