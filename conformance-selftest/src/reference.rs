//! The reference implementations as the suites run them: the reference record store over
//! the parts the kit hands a factory ([`ReferenceParts`]), and the reference write-behind
//! store in front of a delegate with a flush delay long enough that nothing is flushed
//! during a case unless the case asks (the data store suite's write-behind properties
//! assume that).

use std::sync::Arc;

use storage_conformance::doubles::ManualClock;
use storage_conformance::recordstore::RecordStoreParts;
use storage_reference::{
    DefaultRecordStore, InMemoryDataStore, RecordStoreConfig, WriteBehindConfig,
    WriteBehindDataStore,
};
use storage_traits::MapDataStore;

/// The reference record store built from the kit's [`RecordStoreParts`].
pub trait ReferenceParts {
    /// The config of a reference store over these parts: the default expiry policy and
    /// the cost limit.
    fn config(&self) -> RecordStoreConfig;

    /// The reference `DefaultRecordStore` over these parts, with [`Self::config`], on
    /// the kit's clock.
    fn into_default_record_store(self) -> DefaultRecordStore;
}

impl ReferenceParts for RecordStoreParts {
    fn config(&self) -> RecordStoreConfig {
        RecordStoreConfig {
            default_ttl_millis: self.default_expiry.ttl_millis,
            default_max_idle_millis: self.default_expiry.max_idle_millis,
            max_cost: self.max_cost,
        }
    }

    fn into_default_record_store(self) -> DefaultRecordStore {
        let config = self.config();
        DefaultRecordStore::new(
            self.map_name,
            self.partition_id,
            self.engine,
            self.data_store,
            self.observers,
            self.clock,
            config,
        )
    }
}

/// The reference write-behind store as the suite runs it: over an in-memory delegate on
/// `clock` ([`write_behind_over`]).
///
/// # Panics
/// As [`write_behind_over`].
pub fn write_behind_over_memory(
    clock: Arc<ManualClock>,
) -> WriteBehindDataStore<InMemoryDataStore> {
    write_behind_over(Arc::new(InMemoryDataStore::with_clock(clock)))
}

/// The reference write-behind store in front of `delegate` as the suite runs it: with a
/// flush delay of an hour, so that nothing is flushed during a case unless the case asks
/// (the suite's write-behind properties assume that).
///
/// # Panics
/// Only if the reference store rejects its constant configuration or is built outside a
/// tokio runtime; the suite builds stores inside its runtime, where a panic would be
/// reported as a failure of the case.
pub fn write_behind_over<D: MapDataStore + 'static>(delegate: Arc<D>) -> WriteBehindDataStore<D> {
    let config = WriteBehindConfig {
        flush_delay: std::time::Duration::from_secs(3600),
        ..WriteBehindConfig::default()
    };
    WriteBehindDataStore::new(delegate, config)
        .unwrap_or_else(|e| panic!("the reference write-behind store: {e}"))
}

/// Reopens a write-behind store as [`write_behind_over_memory`] builds it: a new store
/// with the same settings over the same delegate, standing for storage that outlives
/// the store in front of it. Dropping the old store stops its flush task, and what it
/// still had queued is lost (the kit flushes first).
///
/// # Errors
/// When the new store cannot be built (outside a tokio runtime).
pub fn reopen_write_behind<D: MapDataStore + 'static>(
    store: WriteBehindDataStore<D>,
    _clock: Arc<ManualClock>,
) -> anyhow::Result<WriteBehindDataStore<D>> {
    let delegate = Arc::clone(store.delegate());
    let config = store.config().clone();
    drop(store);
    WriteBehindDataStore::new(delegate, config)
}
