//! [`RecordStoreFactory`]: one shared [`DefaultRecordStore`] per map and partition.

use std::fmt;
use std::sync::Arc;

use dashmap::DashMap;
use storage_traits::{MapDataStore, MutationObserver, StorageEngine};

use super::builder::{default_clock, default_data_store, default_engine};
use super::config::RecordStoreConfig;
use super::store::DefaultRecordStore;
use crate::clock::Clock;

/// Makes the engine of each new store.
pub type EngineFactory = Arc<dyn Fn() -> Box<dyn StorageEngine> + Send + Sync>;

/// Creates record stores on first use and hands out the same one for the same
/// `(map, partition)` afterwards. Every store gets its own engine, from the engine
/// factory, and shares the factory's data store, observers, clock and config.
pub struct RecordStoreFactory {
    engine_factory: EngineFactory,
    data_store: Arc<dyn MapDataStore>,
    observers: Vec<Arc<dyn MutationObserver>>,
    clock: Arc<dyn Clock>,
    config: RecordStoreConfig,
    stores: DashMap<(String, u32), Arc<DefaultRecordStore>>,
}

impl RecordStoreFactory {
    /// A factory wiring every store to these parts.
    pub fn new(
        engine_factory: EngineFactory,
        data_store: Arc<dyn MapDataStore>,
        observers: Vec<Arc<dyn MutationObserver>>,
        clock: Arc<dyn Clock>,
        config: RecordStoreConfig,
    ) -> Self {
        Self {
            engine_factory,
            data_store,
            observers,
            clock,
            config,
            stores: DashMap::new(),
        }
    }

    /// The store of `partition_id` of `map`, created on the first call for that pair.
    pub fn get_or_create(&self, map: &str, partition_id: u32) -> Arc<DefaultRecordStore> {
        self.stores
            .entry((map.to_owned(), partition_id))
            .or_insert_with(|| {
                Arc::new(DefaultRecordStore::new(
                    map,
                    partition_id,
                    (self.engine_factory)(),
                    Arc::clone(&self.data_store),
                    self.observers.clone(),
                    Arc::clone(&self.clock),
                    self.config,
                ))
            })
            .clone()
    }

    /// How many stores have been created.
    pub fn len(&self) -> usize {
        self.stores.len()
    }

    /// Whether no store has been created yet.
    pub fn is_empty(&self) -> bool {
        self.stores.is_empty()
    }
}

impl fmt::Debug for RecordStoreFactory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStoreFactory")
            .field("stores", &self.stores.len())
            .field("observers", &self.observers.len())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Default for RecordStoreFactory {
    /// The [`DefaultRecordStore::builder`] defaults: a
    /// [`HashMapEngine`](crate::HashMapEngine) per store, a
    /// [`NullDataStore`](crate::NullDataStore), no observers, the
    /// [`SystemClock`](crate::SystemClock) and the default config.
    fn default() -> Self {
        Self::new(
            Arc::new(default_engine),
            default_data_store(),
            Vec::new(),
            default_clock(),
            RecordStoreConfig::default(),
        )
    }
}
