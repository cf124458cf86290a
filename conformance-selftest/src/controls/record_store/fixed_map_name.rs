//! [`FixedMapName`]: the data store behind [`RecordStoreFault::DataStoreMapNameFixed`].

use std::sync::Arc;

use async_trait::async_trait;
use storage_traits::{MapDataStore, RecordValue};

use storage_conformance::recordstore::MAP_NAME;

#[cfg(doc)]
use super::RecordStoreFault;

/// Passes every call on to the injected data store with the kit's default map name,
/// [`MAP_NAME`], whatever map the caller named: the store it serves names a constant
/// instead of its own map. It persists and loads back consistently, so only the
/// arguments of the calls give it away.
pub(super) struct FixedMapName(pub(super) Arc<dyn MapDataStore>);

#[async_trait]
impl MapDataStore for FixedMapName {
    async fn add(
        &self,
        _map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.0.add(MAP_NAME, key, value, expiration_time, now).await
    }

    async fn add_backup(
        &self,
        _map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.0
            .add_backup(MAP_NAME, key, value, expiration_time, now)
            .await
    }

    async fn remove(&self, _map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.0.remove(MAP_NAME, key, now).await
    }

    async fn remove_backup(&self, _map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.0.remove_backup(MAP_NAME, key, now).await
    }

    async fn load(&self, _map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        self.0.load(MAP_NAME, key).await
    }

    async fn load_all(
        &self,
        _map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        self.0.load_all(MAP_NAME, keys).await
    }

    async fn remove_all(&self, _map: &str, keys: &[String]) -> anyhow::Result<()> {
        self.0.remove_all(MAP_NAME, keys).await
    }

    fn is_loadable(&self, key: &str) -> bool {
        self.0.is_loadable(key)
    }

    fn pending_operation_count(&self) -> u64 {
        self.0.pending_operation_count()
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        self.0.soft_flush().await
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        self.0.hard_flush().await
    }

    async fn flush_key(
        &self,
        _map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        self.0.flush_key(MAP_NAME, key, value, is_backup).await
    }

    fn reset(&self) {
        self.0.reset();
    }

    fn is_null(&self) -> bool {
        self.0.is_null()
    }
}
