//! Removals: `remove` and `remove_backup`.

use anyhow::Context as _;
use storage_traits::{CallerProvenance, MutationObserver as _, RecordValue};

use super::provenance::Persistence;
use super::side::Side;
use super::store::DefaultRecordStore;

impl DefaultRecordStore {
    /// Removes `key` on `side`: from the data store first (when `provenance` writes
    /// through, whether or not the key is in memory, since an evicted value is only
    /// there), then from memory, then `on_remove` if a live record was removed.
    pub(super) async fn delete(
        &self,
        key: &str,
        side: Side,
        provenance: CallerProvenance,
    ) -> anyhow::Result<Option<RecordValue>> {
        let _writes = self.writes.lock().await;
        let now = self.clock.now();
        if Persistence::of(provenance).writes_through() {
            let call = match side {
                Side::Primary => self.data_store.remove(&self.name, key, now),
                Side::Backup => self.data_store.remove_backup(&self.name, key, now),
            };
            let operation = side.remove_operation();
            call.await
                .with_context(|| self.failure(operation, key, operation))?;
        }

        let mut policies = self.memory.lock();
        let removed = self
            .live_record(&mut policies, key, now, side.is_backup())
            .and_then(|_| self.drop_record(&mut policies, key));
        if let Some(removed) = &removed {
            self.observers.on_remove(key, removed, side.is_backup());
        }
        Ok(removed.map(|removed| removed.value))
    }
}
