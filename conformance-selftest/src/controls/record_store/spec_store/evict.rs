//! Eviction and emptying of [`SpecRecordStore`]: `evict`, `evict_all`,
//! `evict_expired`, `clear`, `reset`, `destroy`.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use storage_traits::{Record, RecordValue};

use super::{KeyState, Saved, SpecRecordStore};
use crate::controls::record_store::block_on_data_store;
use storage_conformance::recordstore::readings::{
    CLAIMED_CLEAN_EVICTABLE, CLEAR_DATA_STORE_REMOVE_ALL, DESTROY_FLAG_SHUTDOWN,
    EVICT_EXPIRED_COUNT, UNSAVED_EVICTION_FLUSH,
};

impl SpecRecordStore {
    /// Evicts `key` if the data store holds its value, after flushing it where the
    /// store reads `recordstore_unsaved_eviction` so; returns the evicted record.
    fn evict_key(
        &self,
        keys: &mut HashMap<String, KeyState>,
        key: &str,
        is_backup: bool,
    ) -> Option<Record> {
        let (record, state) = self.held(keys, key)?;
        let saved = match state.saved {
            Saved::Yes => true,
            Saved::Claimed => self.choices.takes(CLAIMED_CLEAN_EVICTABLE),
            Saved::No => false,
        };
        if !saved {
            if !self.choices.takes(UNSAVED_EVICTION_FLUSH) {
                return None;
            }
            let flush = self
                .data_store
                .flush_key(&self.name, key, &record.value, is_backup);
            block_on_data_store(flush).ok()?;
        }
        keys.remove(key);
        let evicted = self.engine.remove(key)?;
        self.notify(|o| o.on_evict(key, &evicted, is_backup));
        Some(evicted)
    }

    /// `evict(key, is_backup)`.
    pub(super) fn evict_one(&self, key: &str, is_backup: bool) -> Option<RecordValue> {
        let mut keys = self.memory();
        self.evict_key(&mut keys, key, is_backup).map(|r| r.value)
    }

    /// `evict_all(is_backup)`.
    pub(super) fn evict_every(&self, is_backup: bool) -> u32 {
        let mut keys = self.memory();
        let all: Vec<String> = self
            .engine
            .snapshot_iter()
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        let evicted = all
            .iter()
            .filter(|key| self.evict_key(&mut keys, key, is_backup).is_some())
            .count();
        u32::try_from(evicted).unwrap_or(u32::MAX)
    }

    /// `evict_expired(percentage, now, is_backup)`.
    pub(super) fn evict_expired_records(&self, percentage: u32, now: i64, is_backup: bool) {
        let mut keys = self.memory();
        let records = self.engine.snapshot_iter();
        let expirable = records
            .iter()
            .filter(|(key, _)| {
                let policy = keys.get(key).map_or(&self.default_expiry, |s| &s.policy);
                policy.ttl_millis > 0 || policy.max_idle_millis > 0
            })
            .count();
        let share = expirable * percentage.min(100) as usize;
        let count = match (percentage, self.choices.of(&EVICT_EXPIRED_COUNT)) {
            (0, _) => 0,
            (p, _) if p >= 100 => usize::MAX,
            (_, "floor") => share / 100,
            (_, "ceil") => share.div_ceil(100),
            _ => (share / 100).max(1),
        };
        let expired: Vec<(String, Record)> = records
            .into_iter()
            .filter(|(key, record)| {
                self.held(&keys, key)
                    .is_some_and(|(_, state)| self.is_expired(record, &state, now))
            })
            .take(count)
            .collect();
        for (key, _) in expired {
            keys.remove(&key);
            if let Some(evicted) = self.engine.remove(&key) {
                self.notify(|o| o.on_evict(&key, &evicted, is_backup));
            }
        }
    }

    /// `clear(is_backup)`: memory emptied; where the store reads
    /// `recordstore_clear_data_store` so, a primary clear deletes the keys from the
    /// data store too.
    pub(super) fn clear_all(&self, is_backup: bool) -> u32 {
        let mut keys = self.memory();
        let cleared: Vec<String> = self
            .engine
            .snapshot_iter()
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        if !is_backup && !cleared.is_empty() && self.choices.takes(CLEAR_DATA_STORE_REMOVE_ALL) {
            // clear has no error to return: a failed deletion leaves values that can
            // come back, as with a store that does not delete them.
            let _ = block_on_data_store(self.data_store.remove_all(&self.name, &cleared));
        }
        self.engine.clear();
        keys.clear();
        self.notify(|o| o.on_clear());
        u32::try_from(cleared.len()).unwrap_or(u32::MAX)
    }

    /// `reset()`.
    pub(super) fn reset_all(&self) {
        let mut keys = self.memory();
        self.engine.clear();
        keys.clear();
        self.notify(|o| o.on_reset());
    }

    /// `destroy()`.
    pub(super) fn destroy_all(&self) {
        let mut keys = self.memory();
        self.engine.clear();
        self.engine.destroy();
        keys.clear();
        self.destroyed.store(true, Ordering::SeqCst);
        let shutdown = self.choices.takes(DESTROY_FLAG_SHUTDOWN);
        self.notify(|o| o.on_destroy(shutdown));
    }
}
