//! A sharded engine: four ordered maps, each behind its own lock, a key's shard chosen
//! by its hash. Its snapshot either copies the shards one at a time, each under its
//! own lock (a positive control: a write to a shard already copied and then to one not
//! yet copied makes a snapshot no instant held), or takes every shard's lock before
//! copying any (a correct control).

use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::{Mutex, MutexGuard};
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use super::concurrent_engine::widen_race_window;
use storage_conformance::engine::properties;
use storage_conformance::property::PropertyInfo;

/// The number of shards.
const SHARDS: usize = 4;

type Shard = std::collections::BTreeMap<String, Record>;

/// A sharded engine, its snapshot point-in-time or not.
#[derive(Debug)]
pub struct ShardedEngine {
    shards: [Mutex<Shard>; SHARDS],
    cost: AtomicU64,
    random: AtomicU64,
    point_in_time: bool,
}

impl ShardedEngine {
    /// The positive control: the snapshot copies one shard at a time.
    pub fn shard_by_shard() -> Self {
        Self::with(false)
    }

    /// The correct control: the snapshot locks every shard, then copies them.
    pub fn locked() -> Self {
        Self::with(true)
    }

    /// The property that catches [`ShardedEngine::shard_by_shard`].
    pub fn target() -> PropertyInfo {
        properties::CONCURRENT_SNAPSHOT_POINT_IN_TIME
    }

    fn with(point_in_time: bool) -> Self {
        Self {
            shards: Default::default(),
            cost: AtomicU64::new(0),
            random: AtomicU64::new(0x2545_f491_4f6c_dd1d),
            point_in_time,
        }
    }

    fn shard(&self, key: &str) -> MutexGuard<'_, Shard> {
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        self.shards[usize::try_from(hash % SHARDS as u64).unwrap_or_default()].lock()
    }

    /// Every shard locked, in shard order (so two callers never deadlock).
    fn all(&self) -> Vec<MutexGuard<'_, Shard>> {
        self.shards.iter().map(Mutex::lock).collect()
    }

    /// Every entry, copied with every shard locked at once.
    fn copy_locked(&self) -> Vec<(String, Record)> {
        self.all()
            .iter()
            .flat_map(|shard| shard.iter().map(|(k, r)| (k.clone(), r.clone())))
            .collect()
    }

    fn page<T>(
        &self,
        cursor: &IterationCursor,
        size: usize,
        item: impl Fn(&String, &Record) -> T,
    ) -> FetchResult<T> {
        let after = cursor.state.split_first().map(|(_tag, key)| key.to_vec());
        let mut keys: Vec<(String, T)> = Vec::new();
        for shard in &self.shards {
            keys.extend(
                shard
                    .lock()
                    .iter()
                    .filter(|(k, _)| after.as_ref().is_none_or(|a| k.as_bytes() > a.as_slice()))
                    .map(|(k, r)| (k.clone(), item(k, r))),
            );
        }
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        let finished = keys.len() <= size.max(1);
        keys.truncate(size.max(1));
        let state = keys.last().map_or_else(
            || cursor.state.clone(),
            |(k, _)| [&[1], k.as_bytes()].concat(),
        );
        FetchResult {
            items: keys.into_iter().map(|(_, item)| item).collect(),
            next_cursor: IterationCursor { state, finished },
        }
    }
}

impl StorageEngine for ShardedEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        let mut shard = self.shard(key);
        let added = record.metadata.cost;
        let old = shard.insert(key.to_owned(), record);
        let removed = old.as_ref().map_or(0, |r| r.metadata.cost);
        self.cost
            .fetch_add(added.wrapping_sub(removed), Ordering::SeqCst);
        old
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.shard(key).get(key).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let old = self.shard(key).remove(key);
        if let Some(old) = &old {
            self.cost.fetch_sub(old.metadata.cost, Ordering::SeqCst);
        }
        old
    }

    fn contains_key(&self, key: &str) -> bool {
        self.shard(key).contains_key(key)
    }

    fn len(&self) -> usize {
        self.shards.iter().map(|s| s.lock().len()).sum()
    }

    fn is_empty(&self) -> bool {
        self.shards.iter().all(|s| s.lock().is_empty())
    }

    fn clear(&self) {
        let mut shards = self.all();
        for shard in &mut shards {
            shard.clear();
        }
        self.cost.store(0, Ordering::SeqCst);
    }

    fn destroy(&self) {
        self.clear();
    }

    fn estimated_cost(&self) -> u64 {
        self.cost.load(Ordering::SeqCst)
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        self.page(cursor, size, |k, _| k.clone())
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        self.page(cursor, size, |k, r| (k.clone(), r.clone()))
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        if self.point_in_time {
            return self.copy_locked();
        }
        let mut entries = Vec::new();
        for shard in &self.shards {
            entries.extend(shard.lock().iter().map(|(k, r)| (k.clone(), r.clone())));
            widen_race_window();
        }
        entries
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        let mut entries = self.copy_locked();
        // A rotation from a random start: distinct entries, a different set each call.
        let mut x = self.random.load(Ordering::SeqCst);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.random.store(x, Ordering::SeqCst);
        if !entries.is_empty() {
            let start = usize::try_from(x % entries.len() as u64).unwrap_or_default();
            entries.rotate_left(start);
        }
        entries.truncate(sample_count);
        entries
    }
}
