//! [`NullDataStore`]: persistence that persists nothing.

use async_trait::async_trait;
use storage_traits::{MapDataStore, RecordValue};

/// A [`MapDataStore`] that stores nothing and loads nothing; every call succeeds.
///
/// `is_null()` is true, so a record store can skip load-through and dirty tracking.
/// Nothing is ever pending: `pending_operation_count` is 0 and `soft_flush` returns 0.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullDataStore;

impl NullDataStore {
    /// The null data store.
    pub fn new() -> Self {
        Self
    }
}

#[async_trait]
impl MapDataStore for NullDataStore {
    async fn add(&self, _: &str, _: &str, _: &RecordValue, _: i64, _: i64) -> anyhow::Result<()> {
        Ok(())
    }

    async fn add_backup(
        &self,
        _: &str,
        _: &str,
        _: &RecordValue,
        _: i64,
        _: i64,
    ) -> anyhow::Result<()> {
        Ok(())
    }

    async fn remove(&self, _: &str, _: &str, _: i64) -> anyhow::Result<()> {
        Ok(())
    }

    async fn remove_backup(&self, _: &str, _: &str, _: i64) -> anyhow::Result<()> {
        Ok(())
    }

    async fn load(&self, _: &str, _: &str) -> anyhow::Result<Option<RecordValue>> {
        Ok(None)
    }

    async fn load_all(&self, _: &str, _: &[String]) -> anyhow::Result<Vec<(String, RecordValue)>> {
        Ok(Vec::new())
    }

    async fn remove_all(&self, _: &str, _: &[String]) -> anyhow::Result<()> {
        Ok(())
    }

    fn is_loadable(&self, _: &str) -> bool {
        true
    }

    fn pending_operation_count(&self) -> u64 {
        0
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        Ok(0)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        Ok(())
    }

    async fn flush_key(&self, _: &str, _: &str, _: &RecordValue, _: bool) -> anyhow::Result<()> {
        Ok(())
    }

    fn reset(&self) {}

    fn is_null(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lww;

    #[tokio::test]
    async fn stores_and_loads_nothing() -> anyhow::Result<()> {
        let store = NullDataStore::new();
        let value = lww(1);
        assert!(store.is_null());
        store.add("m", "k", &value, 0, 1).await?;
        store.add_backup("m", "k", &value, 0, 1).await?;
        store.flush_key("m", "k", &value, false).await?;
        assert_eq!(store.load("m", "k").await?, None);
        assert!(store.load_all("m", &["k".to_owned()]).await?.is_empty());
        store.remove("m", "k", 1).await?;
        store.remove_backup("m", "k", 1).await?;
        store.remove_all("m", &["k".to_owned()]).await?;
        assert!(store.is_loadable("k"));
        assert_eq!(store.pending_operation_count(), 0);
        assert_eq!(store.soft_flush().await?, 0);
        store.hard_flush().await?;
        store.reset();
        Ok(())
    }
}
