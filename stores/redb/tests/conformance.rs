//! The conformance kit on [`RedbDataStore`], write-through (reopened: the file closed
//! and opened again) and write-behind (the reference write-behind store in front of it,
//! reopened as a new queue over the same file). Each store has a file of its own in a
//! temporary directory, so tests run in parallel.

use std::sync::Arc;

use conformance_selftest::reference::{reopen_write_behind, write_behind_over};
use storage_conformance::doubles::ManualClock;
use storage_conformance::map_data_store_conformance;
use storage_redb::RedbDataStore;
use storage_reference::WriteBehindDataStore;

/// A store over a file of its own.
fn redb_store(clock: Arc<ManualClock>) -> RedbDataStore {
    RedbDataStore::in_temporary_dir(clock).unwrap_or_else(|e| panic!("{e:#}"))
}

/// The reference write-behind store in front of [`redb_store`], as the suite runs it.
fn write_behind_redb_store(clock: Arc<ManualClock>) -> WriteBehindDataStore<RedbDataStore> {
    write_behind_over(Arc::new(redb_store(clock)))
}

map_data_store_conformance!(redb, redb_store, reopen = RedbDataStore::reopen);
map_data_store_conformance!(
    write_behind_redb,
    write_behind_redb_store,
    kind = WriteBehind,
    reopen = reopen_write_behind
);
