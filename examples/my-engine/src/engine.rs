//! [`MyEngine`]: an ordered map behind a mutex.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Mutex, MutexGuard, PoisonError};

use storage_traits::{FetchResult, IterationCursor, Record, StorageEngine};

use crate::cursor;

/// A [`StorageEngine`] on a `BTreeMap` behind a `Mutex`, with a running total of the
/// stored records' `metadata.cost`.
#[derive(Debug, Default)]
pub struct MyEngine {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    map: BTreeMap<String, Record>,
    cost: u64,
}

impl MyEngine {
    /// An empty engine.
    pub fn new() -> Self {
        Self::default()
    }

    /// The state, even after a panic in another thread: every update below leaves it
    /// consistent, so a poisoned lock holds nothing half-done.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl StorageEngine for MyEngine {
    fn put(&self, key: &str, record: Record) -> Option<Record> {
        let mut state = self.state();
        state.cost = state.cost.wrapping_add(record.metadata.cost);
        let old = state.map.insert(key.to_owned(), record);
        if let Some(old) = &old {
            state.cost = state.cost.wrapping_sub(old.metadata.cost);
        }
        old
    }

    fn get(&self, key: &str) -> Option<Record> {
        self.state().map.get(key).cloned()
    }

    fn remove(&self, key: &str) -> Option<Record> {
        let mut state = self.state();
        let old = state.map.remove(key);
        if let Some(old) = &old {
            state.cost = state.cost.wrapping_sub(old.metadata.cost);
        }
        old
    }

    fn contains_key(&self, key: &str) -> bool {
        self.state().map.contains_key(key)
    }

    fn len(&self) -> usize {
        self.state().map.len()
    }

    fn is_empty(&self) -> bool {
        self.state().map.is_empty()
    }

    fn clear(&self) {
        *self.state() = State::default();
    }

    fn destroy(&self) {
        // Nothing outside the map to release; the engine stays usable, as `&self` implies.
        self.clear();
    }

    fn estimated_cost(&self) -> u64 {
        self.state().cost
    }

    fn fetch_keys(&self, cursor: &IterationCursor, size: usize) -> FetchResult<String> {
        cursor::page(&self.state().map, cursor, size, |key, _| key.clone())
    }

    fn fetch_entries(
        &self,
        cursor: &IterationCursor,
        size: usize,
    ) -> FetchResult<(String, Record)> {
        cursor::page(&self.state().map, cursor, size, |key, record| {
            (key.clone(), record.clone())
        })
    }

    fn snapshot_iter(&self) -> Vec<(String, Record)> {
        let state = self.state();
        state
            .map
            .iter()
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect()
    }

    /// `min(sample_count, len)` distinct entries: a run of consecutive keys from a random
    /// start, wrapping around.
    fn random_samples(&self, sample_count: usize) -> Vec<(String, Record)> {
        let state = self.state();
        let len = state.map.len();
        if len == 0 {
            return Vec::new();
        }
        let start = (RandomState::new().hash_one(len) % len as u64) as usize;
        state
            .map
            .iter()
            .cycle()
            .skip(start)
            .take(sample_count.min(len))
            .map(|(k, r)| (k.clone(), r.clone()))
            .collect()
    }
}
