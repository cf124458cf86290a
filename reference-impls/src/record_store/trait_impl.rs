//! The [`RecordStore`] implementation of [`DefaultRecordStore`].

use anyhow::Context as _;
use async_trait::async_trait;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, ExpiryReason, FetchResult, IterationCursor, MapDataStore,
    Record, RecordStore, RecordValue, StorageEngine,
};

use super::side::Side;
use super::store::DefaultRecordStore;
use super::write::Write;

/// Saturates a count of records at `u32::MAX`, the width the trait reports counts in.
fn count(records: usize) -> u32 {
    u32::try_from(records).unwrap_or(u32::MAX)
}

#[async_trait]
impl RecordStore for DefaultRecordStore {
    fn name(&self) -> &str {
        &self.name
    }

    fn partition_id(&self) -> u32 {
        self.partition_id
    }

    async fn get(&self, key: &str, touch: bool) -> anyhow::Result<Option<Record>> {
        self.read(key, touch, "get").await
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
        self.write(key, value, Write::Primary(expiry), provenance)
            .await
    }

    async fn remove(
        &self,
        key: &str,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        self.delete(key, Side::Primary, provenance).await
    }

    async fn put_backup(
        &self,
        key: &str,
        record: Record,
        provenance: CallerProvenance,
    ) -> anyhow::Result<()> {
        self.write(
            key,
            record.value,
            Write::Backup(record.metadata),
            provenance,
        )
        .await
        .map(drop)
    }

    async fn remove_backup(&self, key: &str, provenance: CallerProvenance) -> anyhow::Result<()> {
        self.delete(key, Side::Backup, provenance).await.map(drop)
    }

    async fn get_all(&self, keys: &[String]) -> anyhow::Result<Vec<(String, Record)>> {
        self.read_all(keys).await
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
        // Filtered under the memory lock, consumed outside it: the consumer may call
        // back into the store.
        let live: Vec<(String, Record)> = {
            let policies = self.memory.lock();
            let now = self.clock.now();
            self.engine
                .snapshot_iter()
                .into_iter()
                .filter(|(key, record)| policies.is_live(key, record, now))
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
        self.engine.estimated_cost()
    }

    fn has_expired(&self, key: &str, now: i64, _is_backup: bool) -> ExpiryReason {
        self.expiry_reason(key, now)
    }

    fn evict_expired(&self, percentage: u32, now: i64, is_backup: bool) {
        self.evict_expired_records(percentage, now, is_backup);
    }

    fn is_expirable(&self) -> bool {
        self.any_expirable()
    }

    fn evict(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        self.evict_clean(key, is_backup).map(|record| record.value)
    }

    fn evict_all(&self, is_backup: bool) -> u32 {
        count(self.evict_all_clean(is_backup))
    }

    fn should_evict(&self) -> bool {
        self.over_cost_limit()
    }

    fn init(&mut self) {
        // Everything is wired at construction.
    }

    fn clear(&self, _is_backup: bool) -> u32 {
        count(self.clear_memory())
    }

    fn reset(&self) {
        self.reset_memory();
    }

    fn destroy(&self) {
        self.destroy_memory();
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        self.data_store.soft_flush().await.with_context(|| {
            format!(
                "soft_flush of map {:?} (partition {}): data store soft_flush failed",
                self.name, self.partition_id
            )
        })
    }

    fn storage(&self) -> &dyn StorageEngine {
        self.engine.as_ref()
    }

    fn map_data_store(&self) -> &dyn MapDataStore {
        self.data_store.as_ref()
    }
}
