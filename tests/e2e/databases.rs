//! A fresh database for each store test: `SQLite` always, `PostgreSQL` as well when
//! `PACER_TEST_POSTGRES_URL` names a server.

use chrono::Utc;
use sqlx::Connection;
use tempfile::TempDir;

/// A database for one test; a `PostgreSQL` one is dropped at the end.
pub struct TestDb {
    pub url: String,
    _dir: Option<TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub async fn drop_now(self) {
        if let Some((admin, name)) = self.postgres {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    }
}

/// `SQLite` in a temporary folder, plus a fresh `PostgreSQL` database when configured.
pub async fn databases() -> Vec<TestDb> {
    let dir = tempfile::tempdir().unwrap();
    let mut dbs = vec![TestDb {
        url: format!("sqlite://{}", dir.path().join("pacer.db").display()),
        _dir: Some(dir),
        postgres: None,
    }];
    match std::env::var("PACER_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.trim().is_empty() => {
            let name = format!(
                "pacer_test_{}_{}",
                std::process::id(),
                Utc::now()
                    .timestamp_nanos_opt()
                    .unwrap_or_default()
                    .unsigned_abs()
            );
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("PACER_TEST_POSTGRES_URL is set but PostgreSQL is not reachable");
            sweep_stale(&mut conn).await;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .unwrap();
            // Same server and options, another database: `scheme://who@host/db?options`.
            let (address, options) = match admin.split_once('?') {
                Some((address, options)) => (address, Some(options)),
                None => (admin.as_str(), None),
            };
            let base = address.rsplit_once('/').map_or(address, |(base, _)| base);
            let url = match options {
                Some(options) => format!("{base}/{name}?{options}"),
                None => format!("{base}/{name}"),
            };
            dbs.push(TestDb {
                url,
                _dir: None,
                postgres: Some((admin.clone(), name)),
            });
        }
        _ => {
            eprintln!("notice: PACER_TEST_POSTGRES_URL is not set; store tests run on SQLite only");
        }
    }
    dbs
}

/// Drops test databases left by earlier runs that were killed before their clean-up. Test
/// databases are named `pacer_test_<pid>_<nanoseconds>`; only those created over an hour ago
/// are dropped, so test runs going on at the same time never lose theirs.
async fn sweep_stale(conn: &mut sqlx::PgConnection) {
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT
        .get_or_init(|| async {
            let hour_ago = Utc::now() - chrono::Duration::hours(1);
            let cutoff = hour_ago
                .timestamp_nanos_opt()
                .unwrap_or_default()
                .unsigned_abs();
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT datname FROM pg_database WHERE datname LIKE 'pacer\\_test\\_%'",
            )
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
            let stale = names.iter().filter(|name| {
                name.rsplit('_')
                    .next()
                    .and_then(|nanos| nanos.parse::<u64>().ok())
                    .is_some_and(|created| created < cutoff)
            });
            for name in stale {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut *conn)
                    .await;
            }
        })
        .await;
}
