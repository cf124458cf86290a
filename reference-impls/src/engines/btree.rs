//! [`BTreeEngine`]: an ordered map behind a read-write lock.

use std::collections::BTreeMap;
use std::ops::Bound;

use parking_lot::RwLock;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use super::cursor::{self, Page, PageSource};
use super::sampling;

/// A [`StorageEngine`] on a `BTreeMap` behind a `parking_lot::RwLock`.
///
/// - Cursors are positions in byte order of the keys (see the crate docs); a page is a
///   range scan from the position, O(log len + size).
/// - `estimated_cost` is a running total of the stored `metadata.cost`, kept under the
///   same lock as the map. It wraps modulo 2^64 instead of panicking on overflow.
/// - `snapshot_iter` copies the map under the read lock.
/// - `destroy` clears the map; the engine stays usable.
#[derive(Debug, Default)]
pub struct BTreeEngine {
    inner: RwLock<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    map: BTreeMap<String, Record>,
    cost: u64,
}

impl BTreeEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }
}

impl StorageEngine for BTreeEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        let mut inner = self.inner.write();
        inner.cost = inner.cost.wrapping_add(record.metadata.cost);
        let old = inner.map.insert(key.to_owned(), record);
        if let Some(old) = &old {
            inner.cost = inner.cost.wrapping_sub(old.metadata.cost);
        }
        old
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.inner.read().map.get(key).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let mut inner = self.inner.write();
        let old = inner.map.remove(key);
        if let Some(old) = &old {
            inner.cost = inner.cost.wrapping_sub(old.metadata.cost);
        }
        old
    }

    fn contains_key(&self, key: &str) -> bool {
        self.inner.read().map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.inner.read().map.len()
    }

    fn is_empty(&self) -> bool {
        self.inner.read().map.is_empty()
    }

    fn clear(&self) {
        let mut inner = self.inner.write();
        inner.map.clear();
        inner.cost = 0;
    }

    fn destroy(&self) {
        self.clear();
    }

    fn estimated_cost(&self) -> u64 {
        self.inner.read().cost
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        cursor::fetch_keys(self, cursor, size)
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        cursor::fetch_entries(self, cursor, size)
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        let inner = self.inner.read();
        inner
            .map
            .iter()
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect()
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        let inner = self.inner.read();
        sampling::reservoir(inner.map.iter(), sample_count, |(k, r)| {
            (k.clone(), r.clone())
        })
    }
}

impl PageSource for BTreeEngine {
    fn fill<T>(&self, page: &mut Page<T>, item: impl Fn(&Record) -> T) {
        let inner = self.inner.read();
        // Owned, because the bound borrows the page that `offer` mutates below.
        let start = page.position().range_start().map(str::to_owned);
        let bounds = (start.as_ref().map(String::as_str), Bound::Unbounded);
        // Keys come in ascending order, so the scan stops at the first key past the page.
        let range = inner.map.range::<str, _>(bounds);
        for (key, record) in range {
            if page.offer(key, || item(record)) {
                break;
            }
        }
    }
}
