//! Engine controls: one small ordered-map engine, with one bug switched on (a positive
//! control) or doing one thing the unusual but correct way (a correct control,
//! [`EngineVariant`]).

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use parking_lot::Mutex;

use super::bucket_cursor::{bucket_page, buckets_for};
pub use super::engine_variants::EngineVariant;
use storage_conformance::property::PropertyInfo;
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
    /// `snapshot_iter` still returns the old record of an overwritten key.
    SnapshotRepeatsOverwrittenKey,
    /// `random_samples` repeats the first entry.
    SamplesWithDuplicates,
    /// Keys are compared case-insensitively.
    CaseInsensitiveKeys,
    /// `get` and `contains_key` treat the empty key as absent.
    EmptyKeyAbsent,
    /// `random_samples` asked for more entries than the engine holds takes the engine's
    /// lock a second time and blocks for ever (a self-deadlock; the blocked thread uses
    /// no CPU). Only sampling hangs, so only the two properties that sample pay a
    /// watchdog period for it.
    OversizedSampleBlocks,
    /// `is_empty()` is `estimated_cost() == 0`: wrong once a record costing 0 is stored.
    IsEmptyByCost,
    /// `snapshot_iter` is the first page of 100 entries of a walk: wrong past 100 keys.
    SnapshotFromOnePage,
    /// A page is gathered in a batch of at most 1,000 items, but the cursor moves past
    /// every key the page took: a walk at a page size over 1,000 skips keys.
    PageBatchCapped,
    /// The cursor is a bucket index of a hash table pre-sized to 1,024 buckets, and a
    /// walk ends at bucket 1,024 even after the table has doubled (past 768 keys).
    CursorBreaksAfterGrowth,
    /// `destroy` only marks the engine destroyed: later writes are ignored, but the
    /// entries it held stay readable (nothing was released).
    DestroyKeepsEntries,
}

impl EngineFault {
    /// Every fault, for reports and tests that go through them all.
    pub const ALL: [EngineFault; 16] = [
        EngineFault::PutReturnsNone,
        EngineFault::LenCountsOverwrites,
        EngineFault::CostNotDecrementedOnRemove,
        EngineFault::CursorSkipsFirstOfLaterPages,
        EngineFault::CursorFinishesEarlyOnMultiple,
        EngineFault::CursorNeverFinishesWhenEmpty,
        EngineFault::SnapshotRepeatsOverwrittenKey,
        EngineFault::SamplesWithDuplicates,
        EngineFault::CaseInsensitiveKeys,
        EngineFault::EmptyKeyAbsent,
        EngineFault::OversizedSampleBlocks,
        EngineFault::IsEmptyByCost,
        EngineFault::SnapshotFromOnePage,
        EngineFault::PageBatchCapped,
        EngineFault::CursorBreaksAfterGrowth,
        EngineFault::DestroyKeepsEntries,
    ];

    /// The property that must catch this fault, and the number of steps of its minimal
    /// counterexample (the sequence in the comment).
    pub fn target(self) -> (PropertyInfo, usize) {
        use storage_conformance::engine::properties as p;
        match self {
            // put a; put a — or put a costing 0; is_empty
            EngineFault::PutReturnsNone | EngineFault::IsEmptyByCost => (p::MODEL_EQUIVALENCE, 2),
            // put a; put a; len
            EngineFault::LenCountsOverwrites => (p::MODEL_EQUIVALENCE, 3),
            // put a; remove a
            EngineFault::CostNotDecrementedOnRemove => (p::COST_ACCOUNTING, 2),
            // put a; put b; walk at size 1
            EngineFault::CursorSkipsFirstOfLaterPages
            | EngineFault::CursorFinishesEarlyOnMultiple => (p::CURSOR_COMPLETE, 3),
            // walk
            EngineFault::CursorNeverFinishesWhenEmpty => (p::CURSOR_COMPLETE, 1),
            // put a; put a; snapshot
            EngineFault::SnapshotRepeatsOverwrittenKey => (p::SNAPSHOT, 3),
            // put a; put b; samples(3): a twice, neither distinct nor three
            EngineFault::SamplesWithDuplicates => (p::RANDOM_SAMPLES, 3),
            // put "A"; get "a" — or put ""; get ""
            EngineFault::CaseInsensitiveKeys | EngineFault::EmptyKeyAbsent => {
                (p::MODEL_EQUIVALENCE, 2)
            }
            // samples(1) on an empty engine (a hang)
            EngineFault::OversizedSampleBlocks => (p::RANDOM_SAMPLES, 1),
            // put 101 keys; snapshot
            EngineFault::SnapshotFromOnePage => (p::SNAPSHOT, 2),
            // put 1,001 keys; walk at size 1,001 — or put 769 keys; walk
            EngineFault::PageBatchCapped | EngineFault::CursorBreaksAfterGrowth => {
                (p::CURSOR_COMPLETE, 2)
            }
            // put a; destroy (a is still there)
            EngineFault::DestroyKeepsEntries => (p::CLEAR_DESTROY, 2),
        }
    }

    /// The numbers of keys the bulk put of a minimal counterexample stores, for the
    /// faults that only a large store shows (one per rule the fault can break first).
    pub fn minimal_stores(self) -> &'static [usize] {
        match self {
            EngineFault::SnapshotFromOnePage => &[101],
            // 1,001 keys at size 1,001: the walk ends one key short; 1,002 keys at
            // size 1,001: its first page holds 1,000 items and is not finished.
            EngineFault::PageBatchCapped => &[1001, 1002],
            EngineFault::CursorBreaksAfterGrowth => &[769],
            _ => &[],
        }
    }
}

/// What a [`FaultyEngine`] is: a bug, an unusual but correct way of doing one thing,
/// or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fault(EngineFault),
    Variant(EngineVariant),
    Plain,
}

/// A correct ordered-map engine with one [`EngineFault`], one [`EngineVariant`], or
/// neither.
#[derive(Debug)]
pub struct FaultyEngine {
    kind: Kind,
    state: Mutex<State>,
}

/// The engine's state: the map, plus what some faults and variants need to remember.
#[derive(Debug)]
struct State {
    entries: BTreeMap<String, Record>,
    hashed: HashMap<String, Record, BuildHasherDefault<SameHash>>,
    overwritten: Vec<(String, Record)>,
    destroyed: bool,
    puts: usize,
    cost: u64,
    /// The most keys the table has held since it was last cleared.
    peak: usize,
    /// The state of the sampling generator (xorshift).
    random: u64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            entries: BTreeMap::new(),
            hashed: HashMap::default(),
            overwritten: Vec::new(),
            destroyed: false,
            puts: 0,
            cost: 0,
            peak: 0,
            random: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

impl State {
    /// The next number of the sampling generator, below `bound`.
    fn draw(&mut self, bound: usize) -> usize {
        let mut x = self.random;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.random = x;
        usize::try_from(x % bound.max(1) as u64).unwrap_or_default()
    }
}

/// The fixed overhead the own-estimate variant charges per entry.
const ENTRY_OVERHEAD: u64 = 48;

/// The own-estimate variant's cost of an entry: key bytes, the value's JSON length and
/// a fixed overhead; a function of the entry alone, whatever `metadata.cost` says.
fn own_estimate(key: &str, record: &Record) -> u64 {
    let value = serde_json::to_vec(&record.value).map_or(0, |bytes| bytes.len());
    ENTRY_OVERHEAD + key.len() as u64 + value as u64
}

impl FaultyEngine {
    /// An engine with `fault`.
    pub fn new(fault: EngineFault) -> Self {
        Self::with(Kind::Fault(fault))
    }

    /// A correct engine that does one thing the unusual way.
    pub fn variant(variant: EngineVariant) -> Self {
        Self::with(Kind::Variant(variant))
    }

    /// A correct control: pages larger than asked for.
    pub fn large_pages() -> Self {
        Self::variant(EngineVariant::LargePages)
    }

    /// A correct control: cursor bytes that are not a key.
    pub fn opaque_cursors() -> Self {
        Self::variant(EngineVariant::OpaqueCursors)
    }

    /// The plain engine: it follows the reference engines' option on every reading and
    /// must pass every property.
    pub fn correct() -> Self {
        Self::with(Kind::Plain)
    }

    fn with(kind: Kind) -> Self {
        Self {
            kind,
            state: Mutex::new(State::default()),
        }
    }

    fn has(&self, fault: EngineFault) -> bool {
        self.kind == Kind::Fault(fault)
    }

    fn is(&self, variant: EngineVariant) -> bool {
        self.kind == Kind::Variant(variant)
    }

    fn key(&self, key: &str) -> String {
        if self.has(EngineFault::CaseInsensitiveKeys) {
            key.to_lowercase()
        } else {
            key.to_string()
        }
    }

    /// The state, or a panic once destroyed for the variant that panics then. The panic
    /// unwinds without the panic hook (`resume_unwind`), so that the many it raises
    /// across a run print nothing; the kit sees an unwinding call either way.
    fn state(&self) -> parking_lot::MutexGuard<'_, State> {
        let state = self.state.lock();
        if state.destroyed && self.is(EngineVariant::PanicsAfterDestroy) {
            drop(state);
            std::panic::resume_unwind(Box::new("this engine was destroyed"));
        }
        state
    }

    /// Whether writes are ignored: destroyed, for the variant that is inert then (and
    /// the fault that keeps its entries).
    fn inert(&self, state: &State) -> bool {
        state.destroyed
            && (self.is(EngineVariant::InertAfterDestroy)
                || self.has(EngineFault::DestroyKeepsEntries))
    }

    fn page<T>(
        &self,
        cursor: &IterationCursor,
        size: usize,
        item: impl Fn(&String, &Record) -> T,
    ) -> FetchResult<T> {
        let state = self.state();
        if self.is(EngineVariant::OffsetCursor) {
            return offset_page(&state.hashed, cursor, size, item);
        }
        if self.has(EngineFault::CursorBreaksAfterGrowth) {
            return bucket_page(&state.entries, buckets_for(state.peak), cursor, size, item);
        }
        let wanted = if self.is(EngineVariant::LargePages) {
            2 * size + 1
        } else if self.is(EngineVariant::LiteralSizeZero) {
            size
        } else {
            size.max(1)
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
        if self.is(EngineVariant::EndInEmptyPage) {
            finished = taken.is_empty();
        }
        let last = taken
            .last()
            .map_or_else(|| cursor.state.clone(), |(k, _)| self.encode(k));
        let batch = if self.has(EngineFault::PageBatchCapped) {
            1000
        } else {
            taken.len()
        };
        FetchResult {
            items: taken
                .into_iter()
                .take(batch)
                .map(|(k, r)| item(k, r))
                .collect(),
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
        if self.is(EngineVariant::OpaqueCursors) {
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
        if self.is(EngineVariant::OpaqueCursors) {
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

/// A page at an offset into the hash map's iteration order: correct over an unchanged
/// map, but an insert or a remove between pages reorders or shifts the map, so that
/// the walk skips keys or returns them again.
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
        let mut state = self.state();
        if self.inert(&state) {
            return None;
        }
        state.puts += 1;
        state.cost = state.cost.wrapping_add(record.metadata.cost);
        if self.is(EngineVariant::OffsetCursor) {
            // Every key collides in this map, so it is kept only where it is read.
            state.hashed.insert(key.clone(), record.clone());
        }
        let previous = state.entries.insert(key.clone(), record);
        if let Some(old) = &previous {
            state.cost = state.cost.wrapping_sub(old.metadata.cost);
            state.puts -= 1;
            state.overwritten.push((key, old.clone()));
        }
        state.peak = state.peak.max(state.entries.len());
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
        self.state().entries.get(&self.key(key)).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let key = self.key(key);
        let mut state = self.state();
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
        self.state().puts
    }

    fn is_empty(&self) -> bool {
        if self.has(EngineFault::IsEmptyByCost) {
            return self.estimated_cost() == 0;
        }
        self.state().entries.is_empty()
    }

    fn clear(&self) {
        let mut state = self.state();
        *state = State::default();
    }

    fn destroy(&self) {
        let mut state = self.state();
        if self.has(EngineFault::DestroyKeepsEntries) {
            state.destroyed = true;
            return;
        }
        *state = State {
            destroyed: true,
            ..State::default()
        };
    }

    fn estimated_cost(&self) -> u64 {
        let state = self.state();
        if self.is(EngineVariant::OwnCostEstimate) {
            return state.entries.iter().map(|(k, r)| own_estimate(k, r)).sum();
        }
        state.cost
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
        if self.is(EngineVariant::EntriesPagesReversed) {
            page.items.reverse();
        }
        page
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        if self.has(EngineFault::SnapshotFromOnePage) {
            return self.fetch_entries(&IterationCursor::start(), 100).items;
        }
        let state = self.state();
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
        let mut state = self.state();
        if sample_count > state.entries.len() && self.has(EngineFault::OversizedSampleBlocks) {
            // parking_lot's mutex is not reentrant: this never returns.
            let _again = self.state.lock();
        }
        let len = state.entries.len();
        if self.is(EngineVariant::SamplesWithReplacement) {
            let wanted = if len == 0 { 0 } else { sample_count };
            return (0..wanted)
                .filter_map(|_| {
                    let index = state.draw(len);
                    state
                        .entries
                        .iter()
                        .nth(index)
                        .map(|(k, r)| (k.clone(), r.clone()))
                })
                .collect();
        }
        let wanted = sample_count.min(len);
        let entries = state.entries.iter().map(|(k, r)| (k.clone(), r.clone()));
        if self.has(EngineFault::SamplesWithDuplicates) {
            entries.take(1).cycle().take(wanted).collect()
        } else {
            entries.take(wanted).collect()
        }
    }
}
