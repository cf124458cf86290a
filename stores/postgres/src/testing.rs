//! Storage of its own for each test: a temporary schema per test, a table per store,
//! dropped with the schema when the last store over it is gone.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use tokio_postgres::NoTls;

use crate::options::{PostgresOptions, quote};

/// The server tests use when `DATABASE_URL` is not set: the local PostgreSQL with trust
/// authentication.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// `DATABASE_URL`, or [`DEFAULT_DATABASE_URL`].
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_string())
}

/// The start of every temporary schema's name, which goes on with its creation time in
/// seconds since the epoch.
const PREFIX: &str = "mds_";

/// How old a temporary schema must be for [`TemporarySchema::create`] to drop it as
/// left behind: far longer than any test.
pub const LEFT_BEHIND_AFTER: Duration = Duration::from_secs(3600);

/// How long [`check_reachable`] waits for the server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// `Ok` when the server at `url` accepts a connection (within a few seconds), `Err`
/// with the reason otherwise. Callable from anywhere, inside a tokio runtime or not.
pub fn check_reachable(url: &str) -> anyhow::Result<()> {
    let options = PostgresOptions::from_url(url)?;
    let mut config = options.connection;
    config.connect_timeout(CONNECT_TIMEOUT);
    on_own_runtime(async move {
        let (client, connection) = config.connect(NoTls).await?;
        tokio::spawn(connection);
        client.simple_query("SELECT 1").await?;
        Ok(())
    })
    .with_context(|| format!("PostgreSQL at {url} is not reachable"))
}

/// A schema created for a test and dropped (with every table in it) when this value is
/// dropped. Each store built with
/// [`PostgresDataStore::in_temporary_schema`](crate::PostgresDataStore::in_temporary_schema)
/// gets a table of its own in it and keeps the schema alive.
#[derive(Debug)]
pub struct TemporarySchema {
    options: PostgresOptions,
    tables: AtomicU64,
}

impl TemporarySchema {
    /// Creates a schema with a name no other test uses on the server `url`, and drops
    /// the temporary schemas older than [`LEFT_BEHIND_AFTER`] (a test process that
    /// ends before its last store is dropped leaves its schema behind). Callable from
    /// anywhere, inside a tokio runtime or not.
    pub fn create(url: &str) -> anyhow::Result<Self> {
        static CREATED: AtomicU64 = AtomicU64::new(0);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{PREFIX}{}_{}_{}_{}",
            now.as_secs(),
            now.subsec_nanos(),
            std::process::id(),
            CREATED.fetch_add(1, Ordering::Relaxed)
        );
        let options = PostgresOptions::from_url(url)?.in_table(&name, "");
        let cutoff = now.as_secs().saturating_sub(LEFT_BEHIND_AFTER.as_secs());
        execute(
            &options,
            format!(
                "CREATE SCHEMA {name};
                 DO $$ DECLARE old text; BEGIN
                   FOR old IN SELECT nspname FROM pg_namespace
                     WHERE nspname ~ '^{PREFIX}[0-9]+_'
                       AND split_part(nspname, '_', 2)::bigint < {cutoff}
                   LOOP
                     -- Another test may be dropping it at the same moment: fine.
                     BEGIN
                       EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', old);
                     EXCEPTION WHEN OTHERS THEN NULL;
                     END;
                   END LOOP;
                 END $$",
                name = quote(&name)
            ),
        )
        .with_context(|| format!("could not create the schema {name} on {url}"))?;
        Ok(Self {
            options,
            tables: AtomicU64::new(0),
        })
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.options.schema
    }

    /// Options naming a table of the schema that no earlier call named.
    pub fn next_table(&self) -> PostgresOptions {
        let table = format!("entries_{}", self.tables.fetch_add(1, Ordering::Relaxed));
        self.options.clone().in_table(&self.options.schema, &table)
    }
}

impl Drop for TemporarySchema {
    fn drop(&mut self) {
        let sql = format!("DROP SCHEMA IF EXISTS {} CASCADE", quote(self.name()));
        if let Err(e) = execute(&self.options, sql) {
            // A drop cannot fail; the schema is left behind, and the reason told.
            eprintln!(
                "the temporary schema {} was not dropped: {e:#}",
                self.name()
            );
        }
    }
}

/// Runs `sql` on a connection of its own.
fn execute(options: &PostgresOptions, sql: String) -> anyhow::Result<()> {
    let config = options.connection.clone();
    on_own_runtime(async move {
        let (client, connection) = config.connect(NoTls).await?;
        tokio::spawn(connection);
        client.batch_execute(&sql).await?;
        Ok(())
    })
}

/// Runs `work` to completion on a runtime of its own on a thread of its own, so that it
/// works the same inside a tokio runtime (where blocking on another would panic) and
/// outside one.
fn on_own_runtime<F>(work: F) -> anyhow::Result<()>
where
    F: Future<Output = Result<(), tokio_postgres::Error>> + Send + 'static,
{
    std::thread::spawn(move || -> anyhow::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("could not build a tokio runtime")?;
        Ok(runtime.block_on(work)?)
    })
    .join()
    .map_err(|_| anyhow::anyhow!("the PostgreSQL helper thread panicked"))?
}
