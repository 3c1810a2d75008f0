//! A scratch `PostgreSQL` database for the `postgres` runs.

use sqlx::{Connection as _, Executor as _, PgConnection};

/// A database of its own on the server, dropped after the run.
pub struct Scratch {
    admin: String,
    name: String,
    pub url: String,
}

impl Scratch {
    pub async fn create(admin: &str) -> anyhow::Result<Scratch> {
        let name = format!("pacer_bench_{}", std::process::id());
        let mut conn = PgConnection::connect(admin).await?;
        conn.execute(format!("DROP DATABASE IF EXISTS {name}").as_str())
            .await?;
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await?;
        let base = admin.rsplit_once('/').map_or(admin, |(base, _)| base);
        Ok(Scratch {
            admin: admin.to_owned(),
            url: format!("{base}/{name}"),
            name,
        })
    }

    pub async fn drop(self) -> anyhow::Result<()> {
        let mut conn = PgConnection::connect(&self.admin).await?;
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        conn.execute(drop.as_str()).await?;
        Ok(())
    }
}
