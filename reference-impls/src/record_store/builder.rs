//! [`DefaultRecordStoreBuilder`]: a [`DefaultRecordStore`] with defaults for every part.

use std::sync::Arc;

use storage_traits::{MapDataStore, MutationObserver, StorageEngine};

use super::config::RecordStoreConfig;
use super::store::DefaultRecordStore;
use crate::clock::{Clock, SystemClock};
use crate::data_stores::NullDataStore;
use crate::engines::HashMapEngine;

/// Builds a [`DefaultRecordStore`]; see [`DefaultRecordStore::builder`] for the
/// defaults.
pub struct DefaultRecordStoreBuilder {
    name: String,
    partition_id: u32,
    engine: Option<Box<dyn StorageEngine>>,
    data_store: Option<Arc<dyn MapDataStore>>,
    observers: Vec<Arc<dyn MutationObserver>>,
    clock: Option<Arc<dyn Clock>>,
    config: RecordStoreConfig,
}

impl DefaultRecordStoreBuilder {
    pub(super) fn new(name: String, partition_id: u32) -> Self {
        Self {
            name,
            partition_id,
            engine: None,
            data_store: None,
            observers: Vec::new(),
            clock: None,
            config: RecordStoreConfig::default(),
        }
    }

    /// Keeps records in `engine`.
    pub fn engine(mut self, engine: Box<dyn StorageEngine>) -> Self {
        self.engine = Some(engine);
        self
    }

    /// Persists through `data_store`.
    pub fn data_store(mut self, data_store: Arc<dyn MapDataStore>) -> Self {
        self.data_store = Some(data_store);
        self
    }

    /// Notifies `observer`, after the observers added before it.
    pub fn observer(mut self, observer: Arc<dyn MutationObserver>) -> Self {
        self.observers.push(observer);
        self
    }

    /// Reads the time from `clock`.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Uses `config`.
    pub fn config(mut self, config: RecordStoreConfig) -> Self {
        self.config = config;
        self
    }

    /// The store.
    pub fn build(self) -> DefaultRecordStore {
        DefaultRecordStore::new(
            self.name,
            self.partition_id,
            self.engine.unwrap_or_else(default_engine),
            self.data_store.unwrap_or_else(default_data_store),
            self.observers,
            self.clock.unwrap_or_else(default_clock),
            self.config,
        )
    }
}

/// The engine of a store built without one.
pub(super) fn default_engine() -> Box<dyn StorageEngine> {
    Box::new(HashMapEngine::new())
}

/// The data store of a store built without one.
pub(super) fn default_data_store() -> Arc<dyn MapDataStore> {
    Arc::new(NullDataStore::new())
}

/// The clock of a store built without one.
pub(super) fn default_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}
