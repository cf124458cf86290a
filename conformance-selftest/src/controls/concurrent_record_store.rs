//! The concurrency controls for record stores: the reference `DefaultRecordStore` behind
//! a wrapper with one race ([`ConcurrentStoreFault`]), or none.

use crate::reference::ReferenceParts;
use std::sync::Arc;

use async_trait::async_trait;
use storage_reference::DefaultRecordStore;
use storage_traits::{
    CallerProvenance, CompositeMutationObserver, ExpiryPolicy, ExpiryReason, FetchResult,
    IterationCursor, MapDataStore, MutationObserver, Record, RecordStore, RecordValue,
    StorageEngine,
};

use storage_conformance::doubles::ManualClock;
use storage_conformance::property::PropertyInfo;
use storage_conformance::recordstore::RecordStoreParts;

/// The single race a [`RacyRecordStore`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcurrentStoreFault {
    /// A primary `put` decides between `on_put` and `on_update` from a read of the
    /// engine made before the write: two concurrent puts of a new key both fire `on_put`.
    EventFromStaleRead,
    /// A touching `get` reads the record, then writes it back with one more hit in a
    /// separate step: a concurrent put's version bump or another touch's hit is lost.
    TouchWritesBackStaleRecord,
    /// A primary `put` returns a value read before the write instead of the one the
    /// write replaced (its notifications are right): two concurrent puts of a new key
    /// both return `None`.
    PutReturnsStaleValue,
    /// A primary `put` writes the value to the data store itself, outside the store's
    /// write order, then puts it in memory as already persisted: two concurrent puts of
    /// one key can reach the data store in one order and memory in the other.
    PersistsOutsideWriteOrder,
}

impl ConcurrentStoreFault {
    /// Every concurrency fault of record stores.
    pub const ALL: [ConcurrentStoreFault; 4] = [
        ConcurrentStoreFault::EventFromStaleRead,
        ConcurrentStoreFault::TouchWritesBackStaleRecord,
        ConcurrentStoreFault::PutReturnsStaleValue,
        ConcurrentStoreFault::PersistsOutsideWriteOrder,
    ];

    /// The property that must catch this fault.
    pub fn target(self) -> PropertyInfo {
        use storage_conformance::recordstore::concurrent::{
            CONCURRENT_EVENTS, CONCURRENT_LINEARIZABLE, CONCURRENT_METADATA,
            CONCURRENT_WRITE_THROUGH,
        };
        match self {
            ConcurrentStoreFault::EventFromStaleRead => CONCURRENT_EVENTS,
            ConcurrentStoreFault::TouchWritesBackStaleRecord => CONCURRENT_METADATA,
            ConcurrentStoreFault::PutReturnsStaleValue => CONCURRENT_LINEARIZABLE,
            ConcurrentStoreFault::PersistsOutsideWriteOrder => CONCURRENT_WRITE_THROUGH,
        }
    }
}

/// Forwards every notification except primary `on_put` and `on_update`, which the
/// [`RacyRecordStore`] sends itself.
#[derive(Debug)]
struct WithoutPrimaryWrites(CompositeMutationObserver);

impl MutationObserver for WithoutPrimaryWrites {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        if is_backup {
            self.0.on_put(key, record, old_value, is_backup);
        }
    }
    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    ) {
        if is_backup {
            self.0
                .on_update(key, record, old_value, new_value, is_backup);
        }
    }
    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_remove(key, record, is_backup);
    }
    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_evict(key, record, is_backup);
    }
    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_load(key, record, is_backup);
    }
    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.0.on_replication_put(key, record, populate_index);
    }
    fn on_clear(&self) {
        self.0.on_clear();
    }
    fn on_reset(&self) {
        self.0.on_reset();
    }
    fn on_destroy(&self, is_shutdown: bool) {
        self.0.on_destroy(is_shutdown);
    }
}

/// The reference store with one [`ConcurrentStoreFault`], or none.
///
/// The wrapper sends the primary `on_put` and `on_update` itself, deciding between them
/// from the replaced value the write returns (or, with
/// [`ConcurrentStoreFault::EventFromStaleRead`], from a read made before the write,
/// which [`ConcurrentStoreFault::PutReturnsStaleValue`] returns instead).
/// Puts and removes hold a lock of the wrapper from the write to its notifications, so
/// the notifications follow the order of the writes: the fault is the one race.
pub struct RacyRecordStore {
    inner: DefaultRecordStore,
    observers: CompositeMutationObserver,
    clock: Arc<ManualClock>,
    fault: Option<ConcurrentStoreFault>,
    order: tokio::sync::Mutex<()>,
}

impl RacyRecordStore {
    /// The store over `parts`, with `fault`.
    pub fn new(fault: ConcurrentStoreFault, parts: RecordStoreParts) -> Self {
        Self::with(Some(fault), parts)
    }

    /// The same wrapper without a fault: it must pass.
    pub fn correct(parts: RecordStoreParts) -> Self {
        Self::with(None, parts)
    }

    fn with(fault: Option<ConcurrentStoreFault>, parts: RecordStoreParts) -> Self {
        // The parts' config carries the default expiry the kit injects.
        let config = parts.config();
        let observers = CompositeMutationObserver::new(parts.observers);
        let inner = DefaultRecordStore::new(
            parts.map_name,
            parts.partition_id,
            parts.engine,
            parts.data_store,
            vec![Arc::new(WithoutPrimaryWrites(observers.clone())) as Arc<dyn MutationObserver>],
            parts.clock.clone(),
            config,
        );
        Self {
            inner,
            observers,
            clock: parts.clock,
            fault,
            order: tokio::sync::Mutex::new(()),
        }
    }

    fn has(&self, fault: ConcurrentStoreFault) -> bool {
        self.fault == Some(fault)
    }

    /// Lets other tasks and threads run inside the racy section.
    async fn widen_race_window() {
        tokio::task::yield_now().await;
        super::concurrent_engine::widen_race_window();
    }
}

#[async_trait]
impl RecordStore for RacyRecordStore {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn partition_id(&self) -> u32 {
        self.inner.partition_id()
    }

    async fn get(&self, key: &str, touch: bool) -> anyhow::Result<Option<Record>> {
        if !(touch && self.has(ConcurrentStoreFault::TouchWritesBackStaleRecord)) {
            return self.inner.get(key, touch).await;
        }
        let Some(mut record) = self.inner.get(key, false).await? else {
            return Ok(None);
        };
        Self::widen_race_window().await;
        record.metadata.on_access(self.clock.now());
        self.inner.storage().put(key, record.clone());
        Ok(Some(record))
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
        let seen = self.inner.storage().get(key).map(|r| r.value);
        let stale_event = self.has(ConcurrentStoreFault::EventFromStaleRead);
        let stale_return = self.has(ConcurrentStoreFault::PutReturnsStaleValue);
        if stale_event || stale_return {
            Self::widen_race_window().await;
        }
        let provenance = if self.has(ConcurrentStoreFault::PersistsOutsideWriteOrder)
            && provenance == CallerProvenance::Client
        {
            let now = self.clock.now();
            let name = self.inner.name().to_string();
            self.inner
                .map_data_store()
                .add(&name, key, &value, 0, now)
                .await?;
            Self::widen_race_window().await;
            CallerProvenance::Load
        } else {
            provenance
        };
        let _order = self.order.lock().await;
        let old = self.inner.put(key, value, expiry, provenance).await?;
        let (before, returned) = match (stale_event, stale_return) {
            (true, _) => (seen, old),
            (_, true) => (old, seen),
            _ => (old.clone(), old),
        };
        if let Some(record) = self.inner.storage().get(key) {
            match &before {
                None => self.observers.on_put(key, &record, None, false),
                Some(previous) => {
                    self.observers
                        .on_update(key, &record, previous, &record.value, false);
                }
            }
        }
        Ok(returned)
    }

    async fn remove(
        &self,
        key: &str,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let _order = self.order.lock().await;
        self.inner.remove(key, provenance).await
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
        self.inner.for_each_boxed(consumer, is_backup);
    }

    fn size(&self) -> usize {
        self.inner.size()
    }

    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    fn owned_entry_cost(&self) -> u64 {
        self.inner.owned_entry_cost()
    }

    fn has_expired(&self, key: &str, now: i64, is_backup: bool) -> ExpiryReason {
        self.inner.has_expired(key, now, is_backup)
    }

    fn evict_expired(&self, percentage: u32, now: i64, is_backup: bool) {
        self.inner.evict_expired(percentage, now, is_backup);
    }

    fn is_expirable(&self) -> bool {
        self.inner.is_expirable()
    }

    fn evict(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        self.inner.evict(key, is_backup)
    }

    fn evict_all(&self, is_backup: bool) -> u32 {
        self.inner.evict_all(is_backup)
    }

    fn should_evict(&self) -> bool {
        self.inner.should_evict()
    }

    fn init(&mut self) {
        self.inner.init();
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
