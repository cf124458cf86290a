//! [`InMemoryDataStore`]: a write-through store held in memory.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::RwLock;
use storage_traits::{MapDataStore, RecordValue};

use super::entry_key::{EntryKey, Namespace};
use crate::clock::{Clock, SystemClock};

/// A write-through [`MapDataStore`] held in memory, for tests and as a write-behind
/// delegate.
///
/// - Entries are addressed by (namespace, map, key): the same key in two maps is two
///   entries, and backup entries (`add_backup`, `remove_backup`, `flush_key` with
///   `is_backup`) live apart from primary ones (`add`, `remove`, `remove_all`, `load`,
///   `load_all`).
/// - Each entry keeps the `expiration_time` it was written with. The store reads the
///   time from its injected [`Clock`] (the wall clock for [`InMemoryDataStore::new`]),
///   not from the `now` arguments, and never serves an entry that has expired:
///   `expiration_time != 0 && expiration_time <= now`. Expired entries stay stored
///   until overwritten or removed.
/// - Writes land before the call returns, so nothing is ever pending: `is_loadable` is
///   always true, `pending_operation_count` is 0, `soft_flush` returns 0, `hard_flush`
///   does nothing, and `reset` (which clears queues) keeps every stored entry.
/// - `flush_key` writes the value now and keeps the entry's expiration time, or 0 when
///   the entry is new.
pub struct InMemoryDataStore {
    entries: RwLock<HashMap<EntryKey, Stored>>,
    clock: Arc<dyn Clock>,
}

/// A stored value and when it stops being served.
struct Stored {
    value: RecordValue,
    expiration_time: i64,
}

impl InMemoryDataStore {
    /// An empty store on the wall clock.
    pub fn new() -> Self {
        Self::with_clock(Arc::new(SystemClock))
    }

    /// An empty store that reads the time from `clock`.
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        Self {
            entries: RwLock::new(HashMap::new()),
            clock,
        }
    }

    /// The unexpired backup value of `key` in `map`, if any.
    pub fn backup_value(&self, map: &str, key: &str) -> Option<RecordValue> {
        self.live_value(&EntryKey::new(Namespace::Backup, map, key))
    }

    /// How many entries are stored, primary and backup, expired ones included.
    pub fn len(&self) -> usize {
        self.entries.read().len()
    }

    /// Whether no entry is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.read().is_empty()
    }

    fn live_value(&self, entry: &EntryKey) -> Option<RecordValue> {
        let now = self.clock.now();
        let entries = self.entries.read();
        let stored = entries.get(entry)?;
        let expired = stored.expiration_time != 0 && stored.expiration_time <= now;
        (!expired).then(|| stored.value.clone())
    }

    fn write(&self, entry: EntryKey, value: &RecordValue, expiration_time: i64) {
        self.entries.write().insert(
            entry,
            Stored {
                value: value.clone(),
                expiration_time,
            },
        );
    }
}

impl Default for InMemoryDataStore {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for InMemoryDataStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryDataStore")
            .field("entries", &self.len())
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl MapDataStore for InMemoryDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.write(EntryKey::primary(map, key), value, expiration_time);
        Ok(())
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.write(
            EntryKey::new(Namespace::Backup, map, key),
            value,
            expiration_time,
        );
        Ok(())
    }

    async fn remove(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.entries.write().remove(&EntryKey::primary(map, key));
        Ok(())
    }

    async fn remove_backup(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.entries
            .write()
            .remove(&EntryKey::new(Namespace::Backup, map, key));
        Ok(())
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        Ok(self.live_value(&EntryKey::primary(map, key)))
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let mut seen = HashSet::new();
        Ok(keys
            .iter()
            .filter(|key| seen.insert(key.as_str()))
            .filter_map(|key| {
                self.live_value(&EntryKey::primary(map, key))
                    .map(|value| (key.clone(), value))
            })
            .collect())
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        let mut entries = self.entries.write();
        for key in keys {
            entries.remove(&EntryKey::primary(map, key));
        }
        Ok(())
    }

    fn is_loadable(&self, _key: &str) -> bool {
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

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        let mut entries = self.entries.write();
        entries
            .entry(EntryKey::new(Namespace::of(is_backup), map, key))
            .and_modify(|stored| stored.value = value.clone())
            .or_insert_with(|| Stored {
                value: value.clone(),
                expiration_time: 0,
            });
        Ok(())
    }

    fn reset(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::lww;
    use storage_conformance::doubles::ManualClock;

    fn store_at(start: i64) -> (Arc<ManualClock>, InMemoryDataStore) {
        let clock = Arc::new(ManualClock::new(start));
        let store = InMemoryDataStore::with_clock(Arc::clone(&clock) as Arc<dyn Clock>);
        (clock, store)
    }

    fn keys(names: &[&str]) -> Vec<String> {
        names.iter().map(|k| (*k).to_owned()).collect()
    }

    #[tokio::test]
    async fn maps_and_backups_are_separate_spaces() -> anyhow::Result<()> {
        let (_, store) = store_at(1_000);
        store.add("a", "k", &lww(1), 0, 0).await?;
        store.add("b", "k", &lww(2), 0, 0).await?;
        store.add_backup("a", "k", &lww(3), 0, 0).await?;
        assert_eq!(store.load("a", "k").await?, Some(lww(1)));
        assert_eq!(store.load("b", "k").await?, Some(lww(2)));
        assert_eq!(store.backup_value("a", "k"), Some(lww(3)));
        assert_eq!(store.backup_value("b", "k"), None);
        assert_eq!(store.len(), 3);

        store.remove("a", "k", 0).await?;
        assert_eq!(store.load("a", "k").await?, None);
        assert_eq!(
            store.backup_value("a", "k"),
            Some(lww(3)),
            "primary removal only"
        );
        store.remove_backup("a", "k", 0).await?;
        assert_eq!(store.backup_value("a", "k"), None);
        assert_eq!(store.load("b", "k").await?, Some(lww(2)));
        Ok(())
    }

    #[tokio::test]
    async fn expired_entries_are_not_served() -> anyhow::Result<()> {
        let (clock, store) = store_at(1_000);
        store.add("m", "soon", &lww(1), 1_010, 0).await?;
        store.add("m", "never", &lww(2), 0, 0).await?;
        store.add_backup("m", "soon", &lww(3), 1_010, 0).await?;
        clock.set(1_009);
        assert_eq!(store.load("m", "soon").await?, Some(lww(1)));
        clock.set(1_010);
        assert_eq!(
            store.load("m", "soon").await?,
            None,
            "expired at the deadline"
        );
        assert_eq!(store.backup_value("m", "soon"), None);
        let loaded = store.load_all("m", &keys(&["soon", "never"])).await?;
        assert_eq!(loaded, vec![("never".to_owned(), lww(2))]);
        Ok(())
    }

    #[tokio::test]
    async fn load_all_returns_present_keys_once_in_request_order() -> anyhow::Result<()> {
        let (_, store) = store_at(1_000);
        for (i, key) in ["x", "y", "z"].into_iter().enumerate() {
            store.add("m", key, &lww(i as i64), 0, 0).await?;
        }
        let loaded = store
            .load_all("m", &keys(&["z", "missing", "x", "z", "x"]))
            .await?;
        assert_eq!(
            loaded,
            vec![("z".to_owned(), lww(2)), ("x".to_owned(), lww(0))]
        );
        store.remove_all("m", &keys(&["x", "z"])).await?;
        assert_eq!(
            store.load_all("m", &keys(&["x", "y", "z"])).await?,
            vec![("y".to_owned(), lww(1))]
        );
        Ok(())
    }

    #[tokio::test]
    async fn flush_key_writes_now_and_keeps_the_expiration_time() -> anyhow::Result<()> {
        let (clock, store) = store_at(1_000);
        store.add("m", "k", &lww(1), 2_000, 0).await?;
        store.flush_key("m", "k", &lww(2), false).await?;
        store.flush_key("m", "new", &lww(3), false).await?;
        store.flush_key("m", "k", &lww(4), true).await?;
        assert_eq!(store.load("m", "k").await?, Some(lww(2)));
        assert_eq!(store.backup_value("m", "k"), Some(lww(4)));
        clock.set(2_000);
        assert_eq!(store.load("m", "k").await?, None, "expiration time kept");
        assert_eq!(
            store.load("m", "new").await?,
            Some(lww(3)),
            "new entry never expires"
        );
        Ok(())
    }

    #[tokio::test]
    async fn nothing_is_pending_and_reset_keeps_data() -> anyhow::Result<()> {
        let (_, store) = store_at(1_000);
        store.add("m", "k", &lww(1), 0, 0).await?;
        assert!(store.is_loadable("k"));
        assert!(!store.is_null());
        assert_eq!(store.pending_operation_count(), 0);
        assert_eq!(store.soft_flush().await?, 0);
        store.hard_flush().await?;
        store.reset();
        assert_eq!(store.load("m", "k").await?, Some(lww(1)));
        Ok(())
    }
}
