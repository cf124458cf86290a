//! The [`DefaultRecordStore`] type, its construction, and the memory section every
//! operation goes through.

use std::fmt;
use std::sync::Arc;

use parking_lot::Mutex;
use storage_traits::{
    CompositeMutationObserver, MapDataStore, MutationObserver, Record, StorageEngine,
};

use super::builder::DefaultRecordStoreBuilder;
use super::config::RecordStoreConfig;
use super::expiry::ExpiryPolicies;
use crate::clock::Clock;

/// The reference [`RecordStore`](storage_traits::RecordStore): a
/// [`StorageEngine`] for memory, a [`MapDataStore`] for persistence, observers notified
/// through a [`CompositeMutationObserver`], an injectable [`Clock`] and a
/// [`RecordStoreConfig`]. The contract choices are listed in the
/// [module documentation](super).
pub struct DefaultRecordStore {
    pub(super) name: String,
    pub(super) partition_id: u32,
    pub(super) engine: Box<dyn StorageEngine>,
    pub(super) data_store: Arc<dyn MapDataStore>,
    pub(super) observers: CompositeMutationObserver,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) config: RecordStoreConfig,
    /// Held by writes and load-throughs across their data-store call and their engine
    /// update, so that memory and the data store see them in the same order.
    pub(super) writes: tokio::sync::Mutex<()>,
    /// Held for every change to memory and its notification, which never awaits: the
    /// synchronous operations (eviction, clear) and access updates cannot take the
    /// async lock, and observers must see changes in the order the engine made them.
    pub(super) memory: Mutex<ExpiryPolicies>,
}

impl DefaultRecordStore {
    /// A store for partition `partition_id` of map `name`, wired to the given parts.
    /// Everything is wired here: [`init`](storage_traits::RecordStore::init) does
    /// nothing.
    pub fn new(
        name: impl Into<String>,
        partition_id: u32,
        engine: Box<dyn StorageEngine>,
        data_store: Arc<dyn MapDataStore>,
        observers: Vec<Arc<dyn MutationObserver>>,
        clock: Arc<dyn Clock>,
        config: RecordStoreConfig,
    ) -> Self {
        Self {
            name: name.into(),
            partition_id,
            engine,
            data_store,
            observers: CompositeMutationObserver::new(observers),
            clock,
            config,
            writes: tokio::sync::Mutex::new(()),
            memory: Mutex::new(ExpiryPolicies::new(config.default_expiry())),
        }
    }

    /// A builder for partition `partition_id` of map `name`, defaulting to a
    /// [`HashMapEngine`](crate::HashMapEngine), a
    /// [`NullDataStore`](crate::NullDataStore), no observers, the
    /// [`SystemClock`](crate::SystemClock) and [`RecordStoreConfig::default`].
    pub fn builder(name: impl Into<String>, partition_id: u32) -> DefaultRecordStoreBuilder {
        DefaultRecordStoreBuilder::new(name.into(), partition_id)
    }

    /// The config this store was built with.
    pub fn config(&self) -> &RecordStoreConfig {
        &self.config
    }

    /// The error context of a failed data-store call: the operation, key and map.
    pub(super) fn failure(&self, operation: &str, key: &str, call: &str) -> String {
        format!(
            "{operation} of key {key:?} in map {:?} (partition {}): data store {call} failed",
            self.name, self.partition_id
        )
    }

    /// The record of `key` unless it has expired at `now`. An expired record found
    /// here leaves memory, reported with `on_evict(key, record, is_backup)`, so no
    /// operation ever sees it.
    pub(super) fn live_record(
        &self,
        policies: &mut ExpiryPolicies,
        key: &str,
        now: i64,
        is_backup: bool,
    ) -> Option<Record> {
        let record = self.engine.get(key)?;
        if policies.is_live(key, &record, now) {
            return Some(record);
        }
        if let Some(evicted) = self.drop_record(policies, key) {
            self.observers.on_evict(key, &evicted, is_backup);
        }
        None
    }

    /// Removes `key` from memory, with its expiry policy.
    pub(super) fn drop_record(&self, policies: &mut ExpiryPolicies, key: &str) -> Option<Record> {
        policies.forget(key);
        self.engine.remove(key)
    }

    /// Empties memory; the caller reports it.
    pub(super) fn drop_all(&self, policies: &mut ExpiryPolicies) -> usize {
        let removed = self.engine.len();
        self.engine.clear();
        policies.clear();
        removed
    }
}

impl fmt::Debug for DefaultRecordStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultRecordStore")
            .field("name", &self.name)
            .field("partition_id", &self.partition_id)
            .field("size", &self.engine.len())
            .field("observers", &self.observers)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}
