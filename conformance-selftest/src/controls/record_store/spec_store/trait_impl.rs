//! The [`RecordStore`] implementation of [`SpecRecordStore`].

use anyhow::Context as _;
use async_trait::async_trait;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, ExpiryReason, FetchResult, IterationCursor, MapDataStore,
    Record, RecordStore, RecordValue, StorageEngine,
};

use super::SpecRecordStore;
use super::write::Side;
use storage_conformance::recordstore::readings::{
    COST_LIMIT_REACHES, OWNED_COST_WITH_OVERHEAD, SOFT_FLUSH_HARD_FLUSH,
};

/// What the store counts for each record in memory besides the engine's cost, where it
/// reads `recordstore_owned_cost` as with overhead: its policy and saved state.
const OVERHEAD_PER_RECORD: u64 = 32;

#[async_trait]
impl RecordStore for SpecRecordStore {
    fn name(&self) -> &str {
        &self.name
    }

    fn partition_id(&self) -> u32 {
        self.partition_id
    }

    async fn get(&self, key: &str, touch: bool) -> anyhow::Result<Option<Record>> {
        self.get_record(key, touch).await
    }

    fn exists_in_memory(&self, key: &str) -> bool {
        self.engine.contains_key(key)
    }

    async fn put(
        &self,
        key: &str,
        value: RecordValue,
        expiry: ExpiryPolicy,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        self.put_value(key, value, expiry, provenance).await
    }

    async fn remove(
        &self,
        key: &str,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        self.delete(key, provenance, Side::Primary).await
    }

    async fn put_backup(
        &self,
        key: &str,
        record: Record,
        provenance: CallerProvenance,
    ) -> anyhow::Result<()> {
        self.put_backup_record(key, record, provenance).await
    }

    async fn remove_backup(&self, key: &str, provenance: CallerProvenance) -> anyhow::Result<()> {
        self.delete(key, provenance, Side::Backup).await.map(drop)
    }

    async fn get_all(&self, keys: &[String]) -> anyhow::Result<Vec<(String, Record)>> {
        self.get_records(keys).await
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        self.engine.fetch_keys(cursor, size)
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        self.engine.fetch_entries(cursor, size)
    }

    fn for_each_boxed(&self, consumer: &mut dyn FnMut(&str, &Record), _is_backup: bool) {
        let now = self.now();
        let live: Vec<(String, Record)> = {
            let keys = self.memory();
            self.engine
                .snapshot_iter()
                .into_iter()
                .filter(|(key, record)| {
                    self.held(&keys, key)
                        .is_some_and(|(_, state)| !self.is_expired(record, &state, now))
                })
                .collect()
        };
        for (key, record) in &live {
            consumer(key, record);
        }
    }

    fn size(&self) -> usize {
        self.engine.len()
    }

    fn is_empty(&self) -> bool {
        self.engine.is_empty()
    }

    fn owned_entry_cost(&self) -> u64 {
        let engine = self.engine.estimated_cost();
        if self.choices.takes(OWNED_COST_WITH_OVERHEAD) {
            let records = u64::try_from(self.engine.len()).unwrap_or(u64::MAX);
            engine.saturating_add(records.saturating_mul(OVERHEAD_PER_RECORD))
        } else {
            engine
        }
    }

    fn has_expired(&self, key: &str, now: i64, _is_backup: bool) -> ExpiryReason {
        let keys = self.memory();
        self.held(&keys, key)
            .map_or(ExpiryReason::NotExpired, |(record, state)| {
                self.reason(&record, &state.policy, now)
            })
    }

    fn evict_expired(&self, percentage: u32, now: i64, is_backup: bool) {
        self.evict_expired_records(percentage, now, is_backup);
    }

    fn is_expirable(&self) -> bool {
        let keys = self.memory();
        self.engine.snapshot_iter().iter().any(|(key, _)| {
            let policy = keys.get(key).map_or(&self.default_expiry, |s| &s.policy);
            policy.ttl_millis > 0 || policy.max_idle_millis > 0
        })
    }

    fn evict(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        self.evict_one(key, is_backup)
    }

    fn evict_all(&self, is_backup: bool) -> u32 {
        self.evict_every(is_backup)
    }

    fn should_evict(&self) -> bool {
        let cost = self.owned_entry_cost();
        self.max_cost > 0
            && if self.choices.takes(COST_LIMIT_REACHES) {
                cost >= self.max_cost
            } else {
                cost > self.max_cost
            }
    }

    fn init(&mut self) {
        // The spec's "register observers": the injected ones start hearing from here.
        let pending = std::mem::take(&mut self.pending);
        self.observers.extend(pending);
    }

    fn clear(&self, is_backup: bool) -> u32 {
        self.clear_all(is_backup)
    }

    fn reset(&self) {
        self.reset_all();
    }

    fn destroy(&self) {
        self.destroy_all();
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let context = || format!("soft_flush of map {:?}: data store failed", self.name);
        if self.choices.takes(SOFT_FLUSH_HARD_FLUSH) {
            self.data_store.hard_flush().await.with_context(context)?;
            return Ok(0);
        }
        self.data_store.soft_flush().await.with_context(context)
    }

    fn storage(&self) -> &dyn StorageEngine {
        self.engine.as_ref()
    }

    fn map_data_store(&self) -> &dyn MapDataStore {
        self.data_store.as_ref()
    }
}
