//! Concurrency controls for engines: a correct engine ([`FaultyEngine::correct`])
//! wrapped with one race, one lock-order inversion or one snapshot that is not
//! point-in-time, which sequential cases cannot see; and a correct one whose cursor is
//! an offset, which writes beside a walk may make skip keys.

use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::Mutex;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use super::engine::FaultyEngine;
use storage_conformance::engine::properties;
use storage_conformance::property::PropertyInfo;

/// The single concurrency bug a [`RacyEngine`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcurrentEngineFault {
    /// `put` takes lock A then lock B, `snapshot_iter` lock B then lock A: the two
    /// deadlock when they run at once.
    LockOrderDeadlock,
    /// `put` reads the previous record, then writes in a separate step: two writers of
    /// one key can both be told the same previous record.
    RacyPut,
    /// `len` is a counter updated by a load and a separate store: concurrent inserts
    /// and removes lose updates.
    NonAtomicLen,
    /// `snapshot_iter` copies the key list under the lock, releases it, then reads
    /// each key with `get`: writes between the copy and the reads make a snapshot no
    /// instant held.
    SnapshotKeysThenGet,
    /// `snapshot_iter` copies the entries one by one, in key order, each under the lock
    /// only while it is read (a page of one entry at a time), yielding between entries:
    /// a writer running meanwhile is half in the copy. Writes are not paced: the tear
    /// comes from the snapshot alone, as in an engine with a lock per entry.
    SnapshotEntryByEntry,
}

impl ConcurrentEngineFault {
    /// Every concurrency fault.
    pub const ALL: [ConcurrentEngineFault; 5] = [
        ConcurrentEngineFault::LockOrderDeadlock,
        ConcurrentEngineFault::RacyPut,
        ConcurrentEngineFault::NonAtomicLen,
        ConcurrentEngineFault::SnapshotKeysThenGet,
        ConcurrentEngineFault::SnapshotEntryByEntry,
    ];

    /// The property that must catch this fault.
    pub fn target(self) -> PropertyInfo {
        match self {
            ConcurrentEngineFault::LockOrderDeadlock => properties::CONCURRENT_SNAPSHOT,
            ConcurrentEngineFault::RacyPut => properties::CONCURRENT_LINEARIZABLE,
            ConcurrentEngineFault::NonAtomicLen => properties::CONCURRENT_QUIESCENT,
            ConcurrentEngineFault::SnapshotKeysThenGet
            | ConcurrentEngineFault::SnapshotEntryByEntry => {
                properties::CONCURRENT_SNAPSHOT_POINT_IN_TIME
            }
        }
    }
}

/// Lets other threads run between the two halves of a racy or inverted section, so
/// that the window a real race has only rarely is open on most runs.
pub fn widen_race_window() {
    std::thread::yield_now();
}

/// A correct engine with one [`ConcurrentEngineFault`], or none; or a correct one whose
/// cursor is an offset ([`RacyEngine::offset_cursor`]).
#[derive(Debug)]
pub struct RacyEngine {
    fault: Option<ConcurrentEngineFault>,
    offset_cursor: bool,
    inner: FaultyEngine,
    lock_a: Mutex<()>,
    lock_b: Mutex<()>,
    len: AtomicUsize,
}

impl RacyEngine {
    /// An engine with `fault`.
    pub fn new(fault: ConcurrentEngineFault) -> Self {
        Self::with(Some(fault))
    }

    /// The same engine without a fault: it must pass every engine property.
    pub fn correct() -> Self {
        Self::with(None)
    }

    /// A correct control of the `no_promise` option of
    /// [`CURSOR_UNDER_WRITES`](storage_conformance::engine::readings::CURSOR_UNDER_WRITES): the cursor
    /// is an offset into the sorted keys, so a key removed before the offset between two
    /// pages makes the next page skip a key present throughout (the old
    /// `ConcurrentEngineFault::OffsetCursor`).
    pub fn offset_cursor() -> Self {
        Self {
            offset_cursor: true,
            ..Self::with(None)
        }
    }

    fn with(fault: Option<ConcurrentEngineFault>) -> Self {
        Self {
            fault,
            offset_cursor: false,
            inner: FaultyEngine::correct(),
            lock_a: Mutex::new(()),
            lock_b: Mutex::new(()),
            len: AtomicUsize::new(0),
        }
    }

    fn has(&self, fault: ConcurrentEngineFault) -> bool {
        self.fault == Some(fault)
    }

    /// With the snapshot fault, lets other threads run before each write, so that
    /// writes land while a snapshot reads its keys one by one (real writers are slower
    /// than these, which do nothing else).
    fn pace_writes(&self) {
        if self.has(ConcurrentEngineFault::SnapshotKeysThenGet) {
            widen_race_window();
        }
    }

    /// Adds `delta` (+1 or -1) to the length counter, in one step or, with the fault,
    /// as a load and a later store.
    fn count(&self, grow: bool) {
        if self.has(ConcurrentEngineFault::NonAtomicLen) {
            let seen = self.len.load(Ordering::SeqCst);
            widen_race_window();
            let next = if grow {
                seen + 1
            } else {
                seen.saturating_sub(1)
            };
            self.len.store(next, Ordering::SeqCst);
        } else if grow {
            self.len.fetch_add(1, Ordering::SeqCst);
        } else {
            self.len.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// A page of at most `max(size, 1)` entries from the offset held in `cursor`, over
    /// the sorted entries; other threads get a chance to write before it is read.
    fn offset_page<T>(
        &self,
        cursor: &IterationCursor,
        size: usize,
        item: impl Fn((String, Record)) -> T,
    ) -> FetchResult<T> {
        widen_race_window();
        let offset = <[u8; 8]>::try_from(cursor.state.as_slice()).map_or(0, |bytes| {
            usize::try_from(u64::from_le_bytes(bytes)).unwrap_or(0)
        });
        let mut entries = self.inner.snapshot_iter();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let total = entries.len();
        let items: Vec<T> = entries
            .into_iter()
            .skip(offset)
            .take(size.max(1))
            .map(item)
            .collect();
        let next = offset + items.len();
        FetchResult {
            items,
            next_cursor: IterationCursor {
                state: (next as u64).to_le_bytes().to_vec(),
                finished: next >= total,
            },
        }
    }
}

impl RacyEngine {
    /// Every entry, copied one at a time in key order: each read takes the lock for
    /// one entry (a page of one from a key-position cursor), and other threads may run
    /// between two reads.
    fn entry_by_entry(&self) -> Vec<(String, Record)> {
        let mut copy = Vec::new();
        let mut cursor = IterationCursor::start();
        while !cursor.finished {
            let page = self.inner.fetch_entries(&cursor, 1);
            copy.extend(page.items);
            cursor = page.next_cursor;
            // A copy slower than a yield: in a release build the writers' sweeps
            // otherwise rarely overtake a copy of a few entries.
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        copy
    }
}

impl StorageEngine for RacyEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        if self.has(ConcurrentEngineFault::LockOrderDeadlock) {
            let _a = self.lock_a.lock();
            widen_race_window();
            let _b = self.lock_b.lock();
            return self.inner.put(key, record);
        }
        self.pace_writes();
        let previous = if self.has(ConcurrentEngineFault::RacyPut) {
            let seen = self.inner.get(key);
            widen_race_window();
            self.inner.put(key, record);
            seen
        } else {
            self.inner.put(key, record)
        };
        if previous.is_none() {
            self.count(true);
        }
        previous
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.inner.get(key)
    }

    fn remove(&self, key: &str) -> Option<Record> {
        self.pace_writes();
        let removed = self.inner.remove(key);
        if removed.is_some() {
            self.count(false);
        }
        removed
    }

    fn contains_key(&self, key: &str) -> bool {
        self.inner.contains_key(key)
    }

    fn len(&self) -> usize {
        if self.has(ConcurrentEngineFault::NonAtomicLen) {
            self.len.load(Ordering::SeqCst)
        } else {
            self.inner.len()
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn clear(&self) {
        self.inner.clear();
        self.len.store(0, Ordering::SeqCst);
    }

    fn destroy(&self) {
        self.inner.destroy();
        self.len.store(0, Ordering::SeqCst);
    }

    fn estimated_cost(&self) -> u64 {
        self.inner.estimated_cost()
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        if self.offset_cursor {
            return self.offset_page(cursor, size, |(key, _)| key);
        }
        self.inner.fetch_keys(cursor, size)
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        if self.offset_cursor {
            return self.offset_page(cursor, size, |entry| entry);
        }
        self.inner.fetch_entries(cursor, size)
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        if self.has(ConcurrentEngineFault::LockOrderDeadlock) {
            let _b = self.lock_b.lock();
            widen_race_window();
            let _a = self.lock_a.lock();
            return self.inner.snapshot_iter();
        }
        if self.has(ConcurrentEngineFault::SnapshotKeysThenGet) {
            let keys: Vec<String> = self
                .inner
                .snapshot_iter()
                .into_iter()
                .map(|(k, _)| k)
                .collect();
            return keys
                .into_iter()
                .filter_map(|key| {
                    widen_race_window();
                    self.inner.get(&key).map(|record| (key, record))
                })
                .collect();
        }
        if self.has(ConcurrentEngineFault::SnapshotEntryByEntry) {
            return self.entry_by_entry();
        }
        self.inner.snapshot_iter()
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        self.inner.random_samples(sample_count)
    }
}
