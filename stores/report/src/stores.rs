//! The real stores as report subjects.

use std::sync::{Arc, OnceLock};

use conformance_selftest::reference::{reopen_write_behind, write_behind_over};
use conformance_selftest::report::suites::DATA_STORE;
use conformance_selftest::report::{Role, Subject, catalog};
use storage_conformance::config::RunConfig;
use storage_conformance::datastore::{DataStoreKind, check_persistent_data_store_property};
use storage_conformance::doubles::ManualClock;
use storage_conformance::outcome::Outcome;
use storage_postgres::PostgresDataStore;
use storage_postgres::testing::{TemporarySchema, check_reachable, database_url};
use storage_redb::RedbDataStore;

/// The kit's catalog, then the four real-store subjects.
pub fn catalog_with_stores() -> Vec<Subject> {
    let mut subjects = catalog();
    subjects.extend([
        postgres("postgres_data_store", DataStoreKind::WriteThrough),
        postgres(
            "write_behind_postgres_data_store",
            DataStoreKind::WriteBehind,
        ),
        redb_subject(),
        Subject::persistent_data_store(
            "write_behind_redb_data_store",
            Role::Reference,
            DataStoreKind::WriteBehind,
            |clock: Arc<ManualClock>| write_behind_over(Arc::new(redb_store(clock))),
            ("reopen_write_behind", reopen_write_behind),
        )
        .waiting(),
    ]);
    subjects
}

fn redb_store(clock: Arc<ManualClock>) -> RedbDataStore {
    RedbDataStore::in_temporary_dir(clock).unwrap_or_else(|e| panic!("{e:#}"))
}

fn redb_subject() -> Subject {
    Subject::persistent_data_store(
        "redb_data_store",
        Role::Reference,
        DataStoreKind::WriteThrough,
        redb_store,
        ("RedbDataStore::reopen", RedbDataStore::reopen),
    )
    .waiting()
}

/// Whether the PostgreSQL server answers, asked once per run.
fn postgres_unreachable() -> Option<&'static str> {
    static REACHABLE: OnceLock<Result<(), String>> = OnceLock::new();
    REACHABLE
        .get_or_init(|| check_reachable(&database_url()).map_err(|e| format!("{e:#}")))
        .as_ref()
        .err()
        .map(String::as_str)
}

/// A PostgreSQL subject of `kind`: each property runs in a temporary schema of its own,
/// each store on a table of its own in it; skipped, with the reason, without a server.
fn postgres(name: &'static str, kind: DataStoreKind) -> Subject {
    let check = move |id: &str, config: &RunConfig| -> Result<Outcome, String> {
        if let Some(reason) = postgres_unreachable() {
            return Ok(Outcome::Skipped {
                reason: format!("{reason} (set DATABASE_URL, or start the local server)"),
            });
        }
        let schema =
            Arc::new(TemporarySchema::create(&database_url()).map_err(|e| format!("{e:#}"))?);
        let stores =
            move |clock: Arc<ManualClock>| PostgresDataStore::in_temporary_schema(&schema, clock);
        match kind {
            DataStoreKind::WriteBehind => check_persistent_data_store_property(
                id,
                config,
                name,
                kind,
                move |clock| write_behind_over(Arc::new(stores(clock))),
                (
                    "storage_postgres::reopen_write_behind",
                    storage_postgres::reopen_write_behind,
                ),
            ),
            _ => check_persistent_data_store_property(
                id,
                config,
                name,
                kind,
                stores,
                ("PostgresDataStore::reopen", PostgresDataStore::reopen),
            ),
        }
    };
    Subject {
        name: name.to_string(),
        suite: DATA_STORE.name,
        properties: DATA_STORE.properties,
        readings: DATA_STORE.readings,
        pins: Vec::new(),
        role: Role::Reference,
        check: Arc::new(check),
        waits: true,
    }
}
