//! Reads of [`SpecRecordStore`]: `get` and `get_all`, loading through.

use anyhow::Context as _;
use storage_traits::{Record, RecordValue};

use super::{KeyState, Saved, SpecRecordStore};
use storage_conformance::recordstore::readings::{
    EXPIRED_MET_KEEP, EXPIRED_READ_ABSENT, GET_ALL_LOADING_LOAD_ALL, GET_ALL_TOUCH_TOUCH,
    TOUCH_TIMING_RETURNS_UNTOUCHED,
};

/// What a read found in memory for a key.
enum InMemory {
    /// A live record.
    Live(Record),
    /// An expired record, left where the store keeps them.
    Expired,
    /// Nothing.
    Missing,
}

impl SpecRecordStore {
    /// The record of `key` in memory at `now`, touched when `touch`; an expired one is
    /// dropped (notified) unless the store keeps them. Returns the record to hand out.
    fn read_memory(&self, key: &str, now: i64, touch: bool) -> InMemory {
        let mut keys = self.memory();
        let Some((mut record, state)) = self.held(&keys, key) else {
            return InMemory::Missing;
        };
        if self.is_expired(&record, &state, now) {
            if !self.choices.takes(EXPIRED_MET_KEEP) {
                keys.remove(key);
                self.engine.remove(key);
                self.notify_expired(key, &record, false);
            }
            return InMemory::Expired;
        }
        if !touch {
            return InMemory::Live(record);
        }
        let before = record.clone();
        record.metadata.on_access(now);
        self.engine.put(key, record.clone());
        if self.choices.takes(TOUCH_TIMING_RETURNS_UNTOUCHED) {
            InMemory::Live(before)
        } else {
            InMemory::Live(record)
        }
    }

    /// Keeps `value`, loaded for `key` at `now`, as a clean record, touched when
    /// `touch`, and notifies `on_load`. Returns the record to hand out.
    fn keep_loaded(&self, key: &str, value: RecordValue, now: i64, touch: bool) -> Record {
        let mut metadata = self.fresh(key, &value, now);
        metadata.on_store(now);
        let loaded = Record { value, metadata };
        let mut stored = loaded.clone();
        if touch {
            stored.metadata.on_access(now);
        }
        let mut keys = self.memory();
        keys.insert(
            key.to_string(),
            KeyState {
                policy: self.resolve(&storage_traits::ExpiryPolicy::NONE),
                saved: Saved::Yes,
            },
        );
        self.engine.put(key, stored.clone());
        let handed = if touch && self.choices.takes(TOUCH_TIMING_RETURNS_UNTOUCHED) {
            loaded
        } else {
            stored
        };
        self.notify(|o| o.on_load(key, &handed, false));
        handed
    }

    /// Whether a read loads `key`, found as `found` in memory.
    fn loads(&self, key: &str, found: &InMemory) -> bool {
        match found {
            InMemory::Live(_) => false,
            InMemory::Expired if self.choices.takes(EXPIRED_READ_ABSENT) => false,
            _ => self.data_store.is_loadable(key),
        }
    }

    /// `get(key, touch)`.
    pub(super) async fn get_record(
        &self,
        key: &str,
        touch: bool,
    ) -> anyhow::Result<Option<Record>> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let now = self.now();
        let found = self.read_memory(key, now, touch);
        if let InMemory::Live(record) = found {
            return Ok(Some(record));
        }
        if !self.loads(key, &found) {
            return Ok(None);
        }
        let loaded = self
            .data_store
            .load(&self.name, key)
            .await
            .with_context(|| format!("get of key {key:?} in map {:?}: load failed", self.name))?;
        Ok(loaded.map(|value| self.keep_loaded(key, value, now, touch)))
    }

    /// `get_all(keys)`: each distinct key once, in request order.
    pub(super) async fn get_records(
        &self,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, Record)>> {
        let _call = self.calls.lock().await;
        self.usable()?;
        let now = self.now();
        let touch = self.choices.takes(GET_ALL_TOUCH_TOUCH);
        let mut distinct: Vec<&String> = Vec::new();
        for key in keys {
            if !distinct.contains(&key) {
                distinct.push(key);
            }
        }
        let mut found: Vec<(String, Record)> = Vec::new();
        let mut missing: Vec<String> = Vec::new();
        for key in distinct {
            match self.read_memory(key, now, touch) {
                InMemory::Live(record) => found.push((key.clone(), record)),
                other if self.loads(key, &other) => missing.push(key.clone()),
                _ => {}
            }
        }
        let loaded: Vec<(String, RecordValue)> = if self.choices.takes(GET_ALL_LOADING_LOAD_ALL) {
            if missing.is_empty() {
                Vec::new()
            } else {
                self.data_store
                    .load_all(&self.name, &missing)
                    .await
                    .with_context(|| format!("get_all in map {:?}: load_all failed", self.name))?
            }
        } else {
            let mut loaded = Vec::new();
            for key in &missing {
                let value = self
                    .data_store
                    .load(&self.name, key)
                    .await
                    .with_context(|| {
                        format!("get_all of key {key:?} in map {:?}: load failed", self.name)
                    })?;
                loaded.extend(value.map(|value| (key.clone(), value)));
            }
            loaded
        };
        for (key, value) in loaded {
            let record = self.keep_loaded(&key, value, now, touch);
            found.push((key, record));
        }
        Ok(found)
    }
}
