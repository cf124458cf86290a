//! [`HashMapEngine`]: a concurrent hash map with a running cost total.

use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;
use dashmap::mapref::entry::Entry;
use parking_lot::RwLock;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use super::cursor::{self, Page, PageSource};
use super::sampling;

/// A [`StorageEngine`] on a sharded concurrent hash map (`dashmap`), for speed.
///
/// - Cursors are positions in byte order of the keys (see the crate docs): a page scans
///   every shard and keeps the smallest `max(size, 1)` keys after the position, so a
///   page costs O(len) but a walk stays complete under concurrent puts and removes.
/// - `estimated_cost` is a running total of the stored `metadata.cost`, updated while
///   the key's shard is locked, so it matches the stored records whenever no write is
///   in flight. It wraps modulo 2^64 instead of panicking on overflow.
/// - `snapshot_iter` is point-in-time: writers (`put`, `remove`, `clear`) hold a shared
///   gate while they change the map, and a snapshot holds it exclusively while it copies
///   the shards one by one, so no write lands between two shards. Writers still run in
///   parallel with one another; readers never wait.
/// - `destroy` clears the map; the engine stays usable.
#[derive(Debug, Default)]
pub struct HashMapEngine {
    map: DashMap<String, Record>,
    cost: AtomicU64,
    /// Shared by writers, exclusive for a snapshot.
    gate: RwLock<()>,
}

impl HashMapEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }
}

impl StorageEngine for HashMapEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        let _writing = self.gate.read();
        let added = record.metadata.cost;
        // The entry holds the shard's write lock, so the total moves with the map.
        match self.map.entry(key.to_owned()) {
            Entry::Occupied(mut slot) => {
                let old = slot.insert(record);
                self.cost
                    .fetch_add(added.wrapping_sub(old.metadata.cost), Ordering::SeqCst);
                Some(old)
            }
            Entry::Vacant(slot) => {
                self.cost.fetch_add(added, Ordering::SeqCst);
                slot.insert(record);
                None
            }
        }
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.map.get(key).map(|r| r.value().clone())
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let _writing = self.gate.read();
        // The predicate runs under the shard's write lock: subtracting there keeps the
        // total in step with the map, without allocating an owned key for `entry`.
        self.map
            .remove_if(key, |_, record| {
                self.cost.fetch_sub(record.metadata.cost, Ordering::SeqCst);
                true
            })
            .map(|(_, record)| record)
    }

    fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    fn clear(&self) {
        let _writing = self.gate.read();
        self.map.retain(|_, record| {
            self.cost.fetch_sub(record.metadata.cost, Ordering::SeqCst);
            false
        });
    }

    fn destroy(&self) {
        self.clear();
    }

    fn estimated_cost(&self) -> u64 {
        self.cost.load(Ordering::SeqCst)
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
        // Shard by shard, but with every writer kept out until the last shard is copied.
        let _alone = self.gate.write();
        self.map
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect()
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        sampling::reservoir(self.map.iter(), sample_count, |e| {
            (e.key().clone(), e.value().clone())
        })
    }
}

impl PageSource for HashMapEngine {
    fn fill<T>(&self, page: &mut Page<T>, item: impl Fn(&Record) -> T) {
        // Hash order says nothing about key order: every entry must be offered.
        for entry in &self.map {
            page.offer(entry.key(), || item(entry.value()));
        }
    }
}
