//! Engine controls: one small ordered-map engine, with one bug switched on (a positive
//! control) or with an unusual but legal cursor (a correct control).

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use parking_lot::Mutex;

use crate::property::PropertyInfo;
use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

/// The single bug a [`FaultyEngine`] has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineFault {
    /// `put` always returns `None`.
    PutReturnsNone,
    /// `len` counts every put, overwrites included.
    LenCountsOverwrites,
    /// `remove` does not subtract the record's cost.
    CostNotDecrementedOnRemove,
    /// Pages after the first skip their first item.
    CursorSkipsFirstOfLaterPages,
    /// A walk finishes after its first page when `len` is a multiple of the page size.
    CursorFinishesEarlyOnMultiple,
    /// A walk over an empty engine never finishes.
    CursorNeverFinishesWhenEmpty,
    /// The cursor is an offset into a `std::collections::HashMap`'s iteration order.
    OffsetCursorOverHashMap,
    /// `snapshot_iter` still returns the old record of an overwritten key.
    SnapshotRepeatsOverwrittenKey,
    /// `random_samples` repeats the first entry.
    SamplesWithDuplicates,
    /// `fetch_entries` returns each page in reverse order, unlike `fetch_keys`.
    EntriesPagesReversed,
    /// After `destroy`, puts are ignored.
    DeadAfterDestroy,
    /// Keys are compared case-insensitively.
    CaseInsensitiveKeys,
    /// `get` and `contains_key` treat the empty key as absent.
    EmptyKeyAbsent,
    /// `random_samples` asked for more entries than the engine holds takes the engine's
    /// lock a second time and blocks for ever (a self-deadlock; the blocked thread uses
    /// no CPU). Only sampling hangs, so only the two properties that sample pay a
    /// watchdog period for it.
    OversizedSampleBlocks,
}

impl EngineFault {
    /// Every fault, for reports and tests that go through them all.
    pub const ALL: [EngineFault; 14] = [
        EngineFault::PutReturnsNone,
        EngineFault::LenCountsOverwrites,
        EngineFault::CostNotDecrementedOnRemove,
        EngineFault::CursorSkipsFirstOfLaterPages,
        EngineFault::CursorFinishesEarlyOnMultiple,
        EngineFault::CursorNeverFinishesWhenEmpty,
        EngineFault::OffsetCursorOverHashMap,
        EngineFault::SnapshotRepeatsOverwrittenKey,
        EngineFault::SamplesWithDuplicates,
        EngineFault::EntriesPagesReversed,
        EngineFault::DeadAfterDestroy,
        EngineFault::CaseInsensitiveKeys,
        EngineFault::EmptyKeyAbsent,
        EngineFault::OversizedSampleBlocks,
    ];
}

impl EngineFault {
    /// The property that must catch this fault, and the number of steps of its minimal
    /// counterexample (the sequence in the comment).
    pub fn target(self) -> (PropertyInfo, usize) {
        use crate::engine::properties as p;
        match self {
            // put a; put a
            EngineFault::PutReturnsNone => (p::MODEL_EQUIVALENCE, 2),
            // put a; put a; len
            EngineFault::LenCountsOverwrites => (p::MODEL_EQUIVALENCE, 3),
            // put a; remove a
            EngineFault::CostNotDecrementedOnRemove => (p::COST_ACCOUNTING, 2),
            // put a; put b; walk at size 1
            EngineFault::CursorSkipsFirstOfLaterPages
            | EngineFault::CursorFinishesEarlyOnMultiple => (p::CURSOR_COMPLETE, 3),
            // walk
            EngineFault::CursorNeverFinishesWhenEmpty => (p::CURSOR_COMPLETE, 1),
            // put a; put b; a page of one (a); remove a: finishing the walk skips b
            EngineFault::OffsetCursorOverHashMap => (p::CURSOR_INTERLEAVED, 4),
            // put a; put a; snapshot
            EngineFault::SnapshotRepeatsOverwrittenKey => (p::SNAPSHOT, 3),
            // put a; put b; samples(2)
            EngineFault::SamplesWithDuplicates => (p::RANDOM_SAMPLES, 3),
            // put a; put b; walk both ways at size 2
            EngineFault::EntriesPagesReversed => (p::FETCH_AGREE, 3),
            // destroy; put a; get a
            EngineFault::DeadAfterDestroy => (p::CLEAR_DESTROY, 3),
            // put "A"; get "a" — or put ""; get ""
            EngineFault::CaseInsensitiveKeys | EngineFault::EmptyKeyAbsent => {
                (p::MODEL_EQUIVALENCE, 2)
            }
            // samples(1) on an empty engine (a hang)
            EngineFault::OversizedSampleBlocks => (p::RANDOM_SAMPLES, 1),
        }
    }
}

/// How a control engine pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageStyle {
    /// Exactly `max(size, 1)` items, the cursor holding the last key in clear.
    Plain,
    /// `2 * size + 1` items: more than asked, which "at least `size`" allows.
    Large,
    /// The cursor holds the last key scrambled, which an opaque cursor allows.
    Opaque,
}

/// A correct ordered-map engine with one [`EngineFault`], or none.
#[derive(Debug)]
pub struct FaultyEngine {
    fault: Option<EngineFault>,
    style: PageStyle,
    state: Mutex<State>,
}

/// The engine's state: the map, plus what some faults need to remember.
#[derive(Debug, Default)]
struct State {
    entries: BTreeMap<String, Record>,
    hashed: HashMap<String, Record, BuildHasherDefault<SameHash>>,
    overwritten: Vec<(String, Record)>,
    destroyed: bool,
    puts: usize,
    cost: u64,
}

impl FaultyEngine {
    /// An engine with `fault`.
    pub fn new(fault: EngineFault) -> Self {
        Self::with(Some(fault), PageStyle::Plain)
    }

    /// A correct control: pages larger than asked for.
    pub fn large_pages() -> Self {
        Self::with(None, PageStyle::Large)
    }

    /// A correct control: cursor bytes that are not a key.
    pub fn opaque_cursors() -> Self {
        Self::with(None, PageStyle::Opaque)
    }

    /// The same engine with no fault: it must pass every property.
    pub fn correct() -> Self {
        Self::with(None, PageStyle::Plain)
    }

    fn with(fault: Option<EngineFault>, style: PageStyle) -> Self {
        Self {
            fault,
            style,
            state: Mutex::new(State::default()),
        }
    }

    fn has(&self, fault: EngineFault) -> bool {
        self.fault == Some(fault)
    }

    fn key(&self, key: &str) -> String {
        if self.has(EngineFault::CaseInsensitiveKeys) {
            key.to_lowercase()
        } else {
            key.to_string()
        }
    }

    fn page<T>(
        &self,
        cursor: &IterationCursor,
        size: usize,
        item: impl Fn(&String, &Record) -> T,
    ) -> FetchResult<T> {
        let state = self.state.lock();
        if self.has(EngineFault::OffsetCursorOverHashMap) {
            return offset_page(&state.hashed, cursor, size, item);
        }
        let wanted = match self.style {
            PageStyle::Large => 2 * size + 1,
            PageStyle::Plain | PageStyle::Opaque => size.max(1),
        };
        let after = self.decode(&cursor.state);
        let mut rest = state
            .entries
            .iter()
            .filter(|(k, _)| after.as_ref().is_none_or(|a| k.as_bytes() > a.as_slice()));
        if after.is_some() && self.has(EngineFault::CursorSkipsFirstOfLaterPages) {
            rest.next();
        }
        let taken: Vec<(&String, &Record)> = rest.by_ref().take(wanted).collect();
        let mut finished = rest.next().is_none();
        let multiple = state.entries.len().is_multiple_of(size.max(1));
        if self.has(EngineFault::CursorFinishesEarlyOnMultiple) && multiple {
            finished = true;
        }
        if self.has(EngineFault::CursorNeverFinishesWhenEmpty) && state.entries.is_empty() {
            finished = false;
        }
        let last = taken
            .last()
            .map_or_else(|| cursor.state.clone(), |(k, _)| self.encode(k));
        FetchResult {
            items: taken.into_iter().map(|(k, r)| item(k, r)).collect(),
            next_cursor: IterationCursor {
                state: last,
                finished,
            },
        }
    }

    /// The cursor state after `key`: a tag byte, so that the empty key's position is
    /// not the start, then the key, scrambled for the opaque control.
    fn encode(&self, key: &str) -> Vec<u8> {
        let mut bytes = key.as_bytes().to_vec();
        if self.style == PageStyle::Opaque {
            for b in &mut bytes {
                *b ^= 0xa5;
            }
        }
        bytes.insert(0, 1);
        bytes
    }

    /// The last key returned, or `None` at the start.
    fn decode(&self, state: &[u8]) -> Option<Vec<u8>> {
        let (_tag, key) = state.split_first()?;
        let mut bytes = key.to_vec();
        if self.style == PageStyle::Opaque {
            for b in &mut bytes {
                *b ^= 0xa5;
            }
        }
        Some(bytes)
    }
}

/// A hasher that gives every key the same hash, so that the hash map's iteration order
/// depends on the operations only, not on the keys: the control then fails the same
/// way whatever keys shrinking picks, and its minimal counterexample is reproducible.
#[derive(Debug, Default)]
struct SameHash;

impl std::hash::Hasher for SameHash {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, _bytes: &[u8]) {}
}

/// A page at an offset into the hash map's iteration order: the classic broken cursor,
/// since an insert or a remove between pages reorders or shifts the map.
fn offset_page<T, S>(
    map: &HashMap<String, Record, S>,
    cursor: &IterationCursor,
    size: usize,
    item: impl Fn(&String, &Record) -> T,
) -> FetchResult<T> {
    let offset = cursor
        .state
        .as_slice()
        .try_into()
        .map_or(0, |bytes: [u8; 8]| {
            usize::try_from(u64::from_le_bytes(bytes)).unwrap_or(usize::MAX)
        });
    let items: Vec<T> = map
        .iter()
        .skip(offset)
        .take(size.max(1))
        .map(|(k, r)| item(k, r))
        .collect();
    let next = offset + items.len();
    FetchResult {
        items,
        next_cursor: IterationCursor {
            state: (next as u64).to_le_bytes().to_vec(),
            finished: next >= map.len(),
        },
    }
}

impl StorageEngine for FaultyEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        let key = self.key(key);
        let mut state = self.state.lock();
        if state.destroyed && self.has(EngineFault::DeadAfterDestroy) {
            return None;
        }
        state.puts += 1;
        state.cost = state.cost.wrapping_add(record.metadata.cost);
        state.hashed.insert(key.clone(), record.clone());
        let previous = state.entries.insert(key.clone(), record);
        if let Some(old) = &previous {
            state.cost = state.cost.wrapping_sub(old.metadata.cost);
            state.puts -= 1;
            state.overwritten.push((key, old.clone()));
        }
        if self.has(EngineFault::LenCountsOverwrites) && previous.is_some() {
            state.puts += 1;
        }
        if self.has(EngineFault::PutReturnsNone) {
            None
        } else {
            previous
        }
    }

    fn get(&self, key: &str) -> Option<Record> {
        if self.has(EngineFault::EmptyKeyAbsent) && key.is_empty() {
            return None;
        }
        self.state.lock().entries.get(&self.key(key)).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let key = self.key(key);
        let mut state = self.state.lock();
        state.hashed.remove(&key);
        let removed = state.entries.remove(&key);
        if let Some(old) = &removed {
            state.puts -= 1;
            if !self.has(EngineFault::CostNotDecrementedOnRemove) {
                state.cost = state.cost.wrapping_sub(old.metadata.cost);
            }
        }
        removed
    }

    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn len(&self) -> usize {
        self.state.lock().puts
    }

    fn is_empty(&self) -> bool {
        self.state.lock().entries.is_empty()
    }

    fn clear(&self) {
        *self.state.lock() = State::default();
    }

    fn destroy(&self) {
        *self.state.lock() = State {
            destroyed: true,
            ..State::default()
        };
    }

    fn estimated_cost(&self) -> u64 {
        self.state.lock().cost
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        self.page(cursor, size, |k, _| k.clone())
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        let mut page = self.page(cursor, size, |k, r| (k.clone(), r.clone()));
        if self.has(EngineFault::EntriesPagesReversed) {
            page.items.reverse();
        }
        page
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        let state = self.state.lock();
        let mut entries: Vec<(String, Record)> = state
            .entries
            .iter()
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect();
        if self.has(EngineFault::SnapshotRepeatsOverwrittenKey) {
            entries.extend(state.overwritten.iter().cloned());
        }
        entries
    }

    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        let state = self.state.lock();
        if sample_count > state.entries.len() && self.has(EngineFault::OversizedSampleBlocks) {
            // parking_lot's mutex is not reentrant: this never returns.
            let _again = self.state.lock();
        }
        let wanted = sample_count.min(state.entries.len());
        let entries = state.entries.iter().map(|(k, r)| (k.clone(), r.clone()));
        if self.has(EngineFault::SamplesWithDuplicates) {
            entries.take(1).cycle().take(wanted).collect()
        } else {
            entries.take(wanted).collect()
        }
    }
}
