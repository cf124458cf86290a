//! Reads: `get` and `get_all`, with load-through from the data store.

use std::collections::HashSet;

use anyhow::Context as _;
use storage_traits::{MutationObserver as _, Record, RecordMetadata};

use super::cost::estimate_cost;
use super::store::DefaultRecordStore;

impl DefaultRecordStore {
    /// The live record of `key`, from memory or else loaded through; with `touch`, an
    /// access is recorded first. `operation` names the caller in errors.
    pub(super) async fn read(
        &self,
        key: &str,
        touch: bool,
        operation: &str,
    ) -> anyhow::Result<Option<Record>> {
        match self.read_memory(key, touch) {
            Some(record) => Ok(Some(record)),
            None => self.load_through(key, touch, operation).await,
        }
    }

    /// The live records of the distinct `keys`, in request order, without touching.
    pub(super) async fn read_all(&self, keys: &[String]) -> anyhow::Result<Vec<(String, Record)>> {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for key in keys {
            if !seen.insert(key.as_str()) {
                continue;
            }
            if let Some(record) = self.read(key, false, "get_all").await? {
                found.push((key.clone(), record));
            }
        }
        Ok(found)
    }

    /// The live record of `key` in memory, after recording an access when `touch`.
    fn read_memory(&self, key: &str, touch: bool) -> Option<Record> {
        let mut policies = self.memory.lock();
        let now = self.clock.now();
        let mut record = self.live_record(&mut policies, key, now, false)?;
        if touch {
            record.metadata.on_access(now);
            self.engine.put(key, record.clone());
        }
        Some(record)
    }

    /// Loads `key` from the data store into memory, clean, and reports `on_load`.
    ///
    /// Runs under the write lock: a load that raced a write could otherwise put the
    /// value the write replaced back into memory.
    async fn load_through(
        &self,
        key: &str,
        touch: bool,
        operation: &str,
    ) -> anyhow::Result<Option<Record>> {
        let _writes = self.writes.lock().await;
        // A write may have stored the key while this task waited for the lock.
        if let Some(record) = self.read_memory(key, touch) {
            return Ok(Some(record));
        }
        if !self.data_store.is_loadable(key) {
            return Ok(None);
        }
        let loaded = self
            .data_store
            .load(&self.name, key)
            .await
            .with_context(|| self.failure(operation, key, "load"))?;
        let Some(value) = loaded else {
            return Ok(None);
        };

        let _memory = self.memory.lock();
        let now = self.clock.now();
        let mut metadata = RecordMetadata::new(now, estimate_cost(key, &value));
        metadata.on_store(now);
        if touch {
            metadata.on_access(now);
        }
        let record = Record { value, metadata };
        self.engine.put(key, record.clone());
        self.observers.on_load(key, &record, false);
        Ok(Some(record))
    }
}
