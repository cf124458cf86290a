//! The conformance kit on [`PostgresDataStore`], write-through and write-behind, each
//! reopened over the same table by a new connection. Each test creates a schema of its
//! own on the server at `DATABASE_URL` (the local PostgreSQL by default), each store a
//! table of its own in it, and the schema is dropped when the test ends.

use std::sync::Arc;

use conformance_selftest::reference::write_behind_over;
use storage_conformance::doubles::ManualClock;
use storage_conformance::map_data_store_conformance;
use storage_postgres::testing::{TemporarySchema, database_url};
use storage_postgres::{PostgresDataStore, reopen_write_behind};
use storage_reference::WriteBehindDataStore;

/// Fresh stores, each over a table of its own in a new temporary schema.
fn postgres_stores() -> impl Fn(Arc<ManualClock>) -> PostgresDataStore + Send + Sync + 'static {
    let url = database_url();
    let schema = Arc::new(
        TemporarySchema::create(&url)
            .unwrap_or_else(|e| panic!("{e:#} (is PostgreSQL running? see README.md)")),
    );
    move |clock| PostgresDataStore::in_temporary_schema(&schema, clock)
}

/// The reference write-behind store in front of fresh PostgreSQL stores, as the suite
/// runs it.
fn write_behind_postgres_stores()
-> impl Fn(Arc<ManualClock>) -> WriteBehindDataStore<PostgresDataStore> + Send + Sync + 'static {
    let stores = postgres_stores();
    move |clock| write_behind_over(Arc::new(stores(clock)))
}

map_data_store_conformance!(
    postgres,
    postgres_stores(),
    reopen = PostgresDataStore::reopen
);
map_data_store_conformance!(
    write_behind_postgres,
    write_behind_postgres_stores(),
    kind = WriteBehind,
    reopen = reopen_write_behind
);
