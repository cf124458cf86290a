//! Record-store controls: the reference `DefaultRecordStore` behind a wrapper that
//! delegates every call and injects one bug (a positive control), or none (a correct
//! control); and [`SpecRecordStore`], a store written from the spec alone that takes
//! any accepted option of every reading (correct controls, one per configuration).

mod blocking;
mod fault;
mod fixed_map_name;
mod registered_twice;
mod spec_store;
mod update_as_put;

use crate::reference::ReferenceParts;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use storage_reference::DefaultRecordStore;
use storage_traits::{
    CallerProvenance, CompositeMutationObserver, ExpiryPolicy, ExpiryReason, FetchResult,
    IterationCursor, MapDataStore, MutationObserver, Record, RecordMetadata, RecordStore,
    RecordValue, StorageEngine,
};

pub use blocking::block_on_data_store;
pub use fault::RecordStoreFault;
use fixed_map_name::FixedMapName;
use registered_twice::RegisteredTwice;
pub use spec_store::{Choices, SpecRecordStore};
use update_as_put::UpdateAsPut;

use storage_conformance::doubles::ManualClock;
use storage_conformance::recordstore::RecordStoreParts;

/// The reference store with one [`RecordStoreFault`], or none; it keeps its own handles
/// on the injected data store, observers, clock and settings to misbehave with.
pub struct FaultyRecordStore {
    inner: DefaultRecordStore,
    fault: Option<RecordStoreFault>,
    data_store: Arc<dyn MapDataStore>,
    observers: CompositeMutationObserver,
    /// The inner store's observers under [`RecordStoreFault::InitRegistersObserversAgain`].
    registrations: Option<Arc<RegisteredTwice>>,
    clock: Arc<ManualClock>,
    default_expiry: ExpiryPolicy,
    max_cost: u64,
    /// The highest cost reported, under [`RecordStoreFault::OwnedCostNeverShrinks`].
    cost_reported: AtomicU64,
    /// The value each key's latest Client put persisted, under
    /// [`RecordStoreFault::FlushesStaleValue`].
    persisted: parking_lot::Mutex<HashMap<String, RecordValue>>,
}

impl FaultyRecordStore {
    /// The reference store over `parts`, with `fault`.
    pub fn new(fault: RecordStoreFault, parts: RecordStoreParts) -> Self {
        Self::with(Some(fault), parts)
    }

    /// The same wrapper with no fault: it must pass every property.
    pub fn correct(parts: RecordStoreParts) -> Self {
        Self::with(None, parts)
    }

    fn with(fault: Option<RecordStoreFault>, parts: RecordStoreParts) -> Self {
        let config = parts.config();
        let observers = CompositeMutationObserver::new(parts.observers.clone());
        let registrations = (fault == Some(RecordStoreFault::InitRegistersObserversAgain))
            .then(|| Arc::new(RegisteredTwice::new(observers.clone())));
        let inner_observers = match (fault, &registrations) {
            (Some(RecordStoreFault::OverwriteFiresPutWithoutOldValue), _) => {
                vec![Arc::new(UpdateAsPut(observers.clone())) as Arc<dyn MutationObserver>]
            }
            (_, Some(registrations)) => {
                vec![registrations.clone() as Arc<dyn MutationObserver>]
            }
            _ => parts.observers,
        };
        let inner_data_store = match fault {
            Some(RecordStoreFault::DataStoreMapNameFixed) => {
                Arc::new(FixedMapName(parts.data_store.clone())) as Arc<dyn MapDataStore>
            }
            _ => parts.data_store.clone(),
        };
        let inner = DefaultRecordStore::new(
            parts.map_name,
            parts.partition_id,
            parts.engine,
            inner_data_store,
            inner_observers,
            parts.clock.clone(),
            config,
        );
        Self {
            inner,
            fault,
            data_store: parts.data_store,
            observers,
            registrations,
            clock: parts.clock,
            default_expiry: parts.default_expiry,
            max_cost: parts.max_cost,
            cost_reported: AtomicU64::new(0),
            persisted: parking_lot::Mutex::new(HashMap::new()),
        }
    }

    fn has(&self, fault: RecordStoreFault) -> bool {
        self.fault == Some(fault)
    }

    /// Rewrites the metadata of the record of `key` in the engine, if there is one.
    fn rewrite(&self, key: &str, change: impl FnOnce(&mut RecordMetadata)) -> Option<Record> {
        let mut record = self.inner.storage().get(key)?;
        change(&mut record.metadata);
        self.inner.storage().put(key, record.clone());
        Some(record)
    }

    /// Evicts `key` whether it is clean or not.
    fn evict_anyway(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        let record = self.inner.storage().remove(key)?;
        self.observers.on_evict(key, &record, is_backup);
        Some(record.value)
    }

    /// Under [`RecordStoreFault::FlushesStaleValue`], flushes an unsaved record of
    /// `key` with the value its latest Client put persisted, then evicts it.
    fn flush_stale(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        let record = self.inner.storage().get(key)?;
        if !record.metadata.is_dirty() {
            return None;
        }
        let stale = self
            .persisted
            .lock()
            .get(key)
            .cloned()
            .unwrap_or_else(|| record.value.clone());
        let flush = self
            .data_store
            .flush_key(self.inner.name(), key, &stale, is_backup);
        block_on_data_store(flush).ok()?;
        self.evict_anyway(key, is_backup)
    }
}

#[async_trait]
impl RecordStore for FaultyRecordStore {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn partition_id(&self) -> u32 {
        if self.has(RecordStoreFault::PartitionIdZero) {
            return 0;
        }
        self.inner.partition_id()
    }

    async fn get(&self, key: &str, touch: bool) -> anyhow::Result<Option<Record>> {
        let saturated = self
            .inner
            .storage()
            .get(key)
            .is_some_and(|r| r.metadata.hits == u32::MAX);
        let record = self.inner.get(key, touch).await?;
        if self.has(RecordStoreFault::HitsWrap) && touch && saturated {
            return Ok(self.rewrite(key, |m| m.hits = 0));
        }
        Ok(record)
    }

    fn exists_in_memory(&self, key: &str) -> bool {
        self.inner.exists_in_memory(key)
    }

    async fn put(
        &self,
        key: &str,
        value: RecordValue,
        expiry: ExpiryPolicy,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let expiry = match self.fault {
            Some(RecordStoreFault::TtlIgnored) => ExpiryPolicy {
                ttl_millis: 0,
                ..expiry
            },
            Some(RecordStoreFault::TtlOneMillisecondEarly) if expiry.ttl_millis > 1 => {
                ExpiryPolicy {
                    ttl_millis: expiry.ttl_millis - 1,
                    ..expiry
                }
            }
            Some(RecordStoreFault::RecordPolicyIgnoredUnderDefault)
                if self.default_expiry != ExpiryPolicy::NONE =>
            {
                ExpiryPolicy::NONE
            }
            _ => expiry,
        };
        if self.has(RecordStoreFault::LoadWritesThrough) && provenance == CallerProvenance::Load {
            let map = self.inner.name();
            self.data_store
                .add(map, key, &value, 0, self.clock.now())
                .await?;
        }
        let persisted = (provenance == CallerProvenance::Client).then(|| value.clone());
        let result = self.inner.put(key, value, expiry, provenance).await;
        if let (Ok(_), Some(value)) = (&result, persisted) {
            self.persisted.lock().insert(key.to_string(), value);
        }
        match (&result, self.fault) {
            (Ok(Some(_)), Some(RecordStoreFault::VersionResetOnOverwrite)) => {
                self.rewrite(key, |m| m.version = 0);
            }
            (Ok(_), Some(RecordStoreFault::DirtyAfterWriteThrough))
                if provenance == CallerProvenance::Client =>
            {
                self.rewrite(key, |m| m.last_stored_time = 0);
            }
            (Err(_), Some(RecordStoreFault::CleanAfterFailedAdd)) => {
                self.rewrite(key, |m| m.last_stored_time = m.last_update_time);
            }
            (Err(_), Some(RecordStoreFault::ErrorSwallowed)) => return Ok(None),
            _ => {}
        }
        result
    }

    async fn remove(
        &self,
        key: &str,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let provenance = if self.has(RecordStoreFault::RemoveLeavesValueInDataStore) {
            CallerProvenance::Backup
        } else {
            provenance
        };
        let removed = self.inner.remove(key, provenance).await?;
        if self.has(RecordStoreFault::RemoveEventForMissingKey) && removed.is_none() {
            let placeholder = Record {
                value: RecordValue::OrTombstones { tags: Vec::new() },
                metadata: RecordMetadata::new(self.clock.now(), 1),
            };
            self.observers.on_remove(key, &placeholder, false);
        }
        Ok(removed)
    }

    async fn put_backup(
        &self,
        key: &str,
        record: Record,
        provenance: CallerProvenance,
    ) -> anyhow::Result<()> {
        self.inner.put_backup(key, record, provenance).await
    }

    async fn remove_backup(&self, key: &str, provenance: CallerProvenance) -> anyhow::Result<()> {
        self.inner.remove_backup(key, provenance).await
    }

    async fn get_all(&self, keys: &[String]) -> anyhow::Result<Vec<(String, Record)>> {
        self.inner.get_all(keys).await
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        if self.has(RecordStoreFault::CursorRestarts) {
            return self.inner.fetch_keys(&IterationCursor::start(), size);
        }
        self.inner.fetch_keys(cursor, size)
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        self.inner.fetch_entries(cursor, size)
    }

    fn for_each_boxed(&self, consumer: &mut dyn FnMut(&str, &Record), is_backup: bool) {
        if self.has(RecordStoreFault::ForEachBackupVisitsExpired) && is_backup {
            for (key, record) in self.inner.storage().snapshot_iter() {
                consumer(&key, &record);
            }
            return;
        }
        self.inner.for_each_boxed(consumer, is_backup);
    }

    fn size(&self) -> usize {
        self.inner.size()
    }

    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    fn owned_entry_cost(&self) -> u64 {
        let cost = self.inner.owned_entry_cost();
        if self.has(RecordStoreFault::OwnedCostNeverShrinks) {
            let before = self.cost_reported.fetch_max(cost, Ordering::Relaxed);
            return before.max(cost);
        }
        cost
    }

    fn has_expired(&self, key: &str, now: i64, is_backup: bool) -> ExpiryReason {
        self.inner.has_expired(key, now, is_backup)
    }

    fn evict_expired(&self, percentage: u32, now: i64, is_backup: bool) {
        if percentage >= 100 && self.has(RecordStoreFault::EvictExpiredSilently) {
            let engine = self.inner.storage();
            for (key, _) in engine.snapshot_iter() {
                if self.inner.has_expired(&key, now, is_backup) != ExpiryReason::NotExpired {
                    engine.remove(&key);
                }
            }
            return;
        }
        let percentage = if self.has(RecordStoreFault::EvictExpiredIgnoresPercentage) {
            100
        } else {
            percentage
        };
        self.inner.evict_expired(percentage, now, is_backup);
    }

    fn is_expirable(&self) -> bool {
        self.inner.is_expirable()
    }

    fn evict(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        if self.has(RecordStoreFault::FlushesStaleValue)
            && let Some(evicted) = self.flush_stale(key, is_backup)
        {
            return Some(evicted);
        }
        let evicted = self.inner.evict(key, is_backup);
        if self.has(RecordStoreFault::EvictsDirtyRecords) && evicted.is_none() {
            return self.evict_anyway(key, is_backup);
        }
        evicted
    }

    fn evict_all(&self, is_backup: bool) -> u32 {
        let flushed = if self.has(RecordStoreFault::FlushesStaleValue) {
            let keys: Vec<String> = self
                .inner
                .storage()
                .snapshot_iter()
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            keys.iter()
                .filter(|key| self.flush_stale(key, is_backup).is_some())
                .count()
        } else {
            0
        };
        let clean = self.inner.evict_all(is_backup) + u32::try_from(flushed).unwrap_or(u32::MAX);
        if !self.has(RecordStoreFault::EvictsDirtyRecords) {
            return clean;
        }
        let dirty = self.inner.storage().snapshot_iter();
        let evicted = dirty
            .iter()
            .filter_map(|(key, _)| self.evict_anyway(key, is_backup))
            .count();
        clean.saturating_add(u32::try_from(evicted).unwrap_or(u32::MAX))
    }

    fn should_evict(&self) -> bool {
        match self.fault {
            Some(RecordStoreFault::ShouldEvictWithoutLimit) => {
                self.inner.owned_entry_cost() > self.max_cost
            }
            Some(RecordStoreFault::ShouldEvictCountsEntries) => {
                let records = u64::try_from(self.inner.size()).unwrap_or(u64::MAX);
                self.max_cost > 0 && records > self.max_cost
            }
            _ => self.inner.should_evict(),
        }
    }

    fn init(&mut self) {
        self.inner.init();
        if let Some(registrations) = &self.registrations {
            registrations.register_again();
        }
        if self.has(RecordStoreFault::InitResetsStore) {
            self.inner.reset();
        }
    }

    fn clear(&self, is_backup: bool) -> u32 {
        self.inner.clear(is_backup)
    }

    fn reset(&self) {
        self.inner.reset();
    }

    fn destroy(&self) {
        self.inner.destroy();
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        self.inner.soft_flush().await
    }

    fn storage(&self) -> &dyn StorageEngine {
        self.inner.storage()
    }

    fn map_data_store(&self) -> &dyn MapDataStore {
        self.inner.map_data_store()
    }
}
