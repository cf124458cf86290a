//! [`MemoryEngine`]: the engine the kit injects into a record store under test.

use std::collections::BTreeMap;
use std::ops::Bound;

use parking_lot::Mutex;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

/// A [`StorageEngine`] on one ordered map behind one lock: simple enough to be obviously
/// right, which is all a part injected into a record store needs.
///
/// - A cursor's state is empty at the start, then a `1` byte followed by the last key
///   returned; a page holds the keys after it in byte order, `max(size, 1)` of them, so
///   a walk stays complete under concurrent writes.
/// - `estimated_cost` sums the stored `metadata.cost`, wrapping modulo 2^64.
/// - `snapshot_iter` copies the map under its lock: point in time.
/// - `random_samples` takes the first `sample_count` entries in key order (any entries
///   are a valid sample).
/// - `destroy` clears the map; the engine stays usable.
#[derive(Debug, Default)]
pub struct MemoryEngine {
    entries: Mutex<BTreeMap<String, Record>>,
}

impl MemoryEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }

    fn page<T>(
        &self,
        cursor: &IterationCursor,
        size: usize,
        item: impl Fn(&String, &Record) -> T,
    ) -> FetchResult<T> {
        if cursor.finished {
            return FetchResult {
                items: Vec::new(),
                next_cursor: cursor.clone(),
            };
        }
        let entries = self.entries.lock();
        // A foreign state is read as a position too: a walk never fails.
        let after = cursor
            .state
            .split_first()
            .map(|(_tag, last)| String::from_utf8_lossy(last).into_owned());
        let start = after.as_ref().map_or(Bound::Unbounded, Bound::Excluded);
        let mut range = entries.range::<String, _>((start, Bound::Unbounded));
        let page: Vec<(&String, &Record)> = range.by_ref().take(size.max(1)).collect();
        let finished = range.next().is_none();
        let state = match page.last() {
            Some((last, _)) => [&[1u8][..], last.as_bytes()].concat(),
            None => cursor.state.clone(),
        };
        FetchResult {
            items: page.iter().map(|(key, record)| item(key, record)).collect(),
            next_cursor: IterationCursor { state, finished },
        }
    }
}

impl StorageEngine for MemoryEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        self.entries.lock().insert(key.to_owned(), record)
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.entries.lock().get(key).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        self.entries.lock().remove(key)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.entries.lock().contains_key(key)
    }

    fn len(&self) -> usize {
        self.entries.lock().len()
    }

    fn is_empty(&self) -> bool {
        self.entries.lock().is_empty()
    }

    fn clear(&self) {
        self.entries.lock().clear();
    }

    fn destroy(&self) {
        self.clear();
    }

    fn estimated_cost(&self) -> u64 {
        self.entries
            .lock()
            .values()
            .fold(0u64, |total, r| total.wrapping_add(r.metadata.cost))
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        self.page(cursor, size, |key, _| key.clone())
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        self.page(cursor, size, |key, record| (key.clone(), record.clone()))
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        let entries = self.entries.lock();
        entries
            .iter()
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect()
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        let entries = self.entries.lock();
        entries
            .iter()
            .take(sample_count)
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect()
    }
}
