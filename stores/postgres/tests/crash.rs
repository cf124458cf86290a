//! Crash durability for real: a child process (this test binary, running the ignored
//! test `crash_child`) writes a stream to a [`PostgresDataStore`] table and is killed
//! with SIGKILL in the middle of it; a store opened over the table with a new connection
//! must hold every write the child acknowledged (write-through) or flushed
//! (write-behind). The server itself is not crashed: what a committed write survives
//! there is PostgreSQL's business.

use std::process::Command;
use std::sync::Arc;

use conformance_selftest::reference::write_behind_over;
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::DataStoreKind;
use storage_conformance::datastore::crash::{CrashTarget, check_crash_by_kill, run_crash_child};
use storage_conformance::doubles::ManualClock;
use storage_postgres::testing::{TemporarySchema, database_url};
use storage_postgres::{PostgresDataStore, PostgresOptions};

/// The server, schema and table the child writes to.
const URL_ENV: &str = "PG_CRASH_CHILD_URL";
const SCHEMA_ENV: &str = "PG_CRASH_CHILD_SCHEMA";
const TABLE_ENV: &str = "PG_CRASH_CHILD_TABLE";
/// `write_through` (the default) or `write_behind`: the store the child writes to.
const KIND_ENV: &str = "PG_CRASH_CHILD_KIND";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// The child: writes the crash stream to the table its parent named, until killed.
#[test]
#[ignore = "the child process of the crash tests below, which run it"]
fn crash_child() {
    let options = PostgresOptions::from_url(&env(URL_ENV))
        .unwrap_or_else(|e| panic!("{e:#}"))
        .in_table(&env(SCHEMA_ENV), &env(TABLE_ENV));
    let runtime = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let written = runtime.block_on(async {
        let store = PostgresDataStore::new(options, Arc::new(ManualClock::default()));
        if std::env::var(KIND_ENV).as_deref() == Ok("write_behind") {
            run_crash_child(&write_behind_over(Arc::new(store))).await
        } else {
            run_crash_child(&store).await
        }
    });
    written.unwrap_or_else(|e| panic!("{e:#}"));
}

/// Crashes a child writing to a fresh table of one temporary schema per case.
struct PostgresCrash {
    kind: DataStoreKind,
    url: String,
    schema: TemporarySchema,
}

impl CrashTarget for PostgresCrash {
    type Storage = PostgresOptions;
    type Store = PostgresDataStore;

    fn storage(&self) -> anyhow::Result<PostgresOptions> {
        Ok(self.schema.next_table())
    }

    fn child(&self, table: &PostgresOptions) -> Command {
        let mut command = Command::new(std::env::current_exe().unwrap_or_default());
        let kind = match self.kind {
            DataStoreKind::WriteBehind => "write_behind",
            _ => "write_through",
        };
        command
            .args(["--exact", "crash_child", "--ignored", "--nocapture"])
            .env(URL_ENV, &self.url)
            .env(SCHEMA_ENV, &table.schema)
            .env(TABLE_ENV, &table.table)
            .env(KIND_ENV, kind);
        command
    }

    fn reopen(
        &self,
        table: &PostgresOptions,
        clock: Arc<ManualClock>,
    ) -> anyhow::Result<PostgresDataStore> {
        Ok(PostgresDataStore::new(table.clone(), clock))
    }
}

fn kill(kind: DataStoreKind) {
    let url = database_url();
    let schema = TemporarySchema::create(&url).unwrap_or_else(|e| panic!("{e:#}"));
    let target = PostgresCrash { kind, url, schema };
    // Few cases: each one starts a process.
    let config = RunConfig::from_env()
        .unwrap_or_else(|e| panic!("{e}"))
        .cases(12);
    check_crash_by_kill(&config, "PostgresDataStore (crash child)", kind, target)
        .unwrap_or_else(|e| panic!("{e}"))
        .assert_ok();
}

#[test]
fn postgres_keeps_every_acknowledged_write_across_sigkill() {
    kill(DataStoreKind::WriteThrough);
}

#[test]
fn write_behind_over_postgres_keeps_what_it_flushed_across_sigkill() {
    kill(DataStoreKind::WriteBehind);
}
