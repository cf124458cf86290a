//! The reference model of a data store: persisted entries and, for a write-behind
//! store, a queue of one write per entry in front of them.

use std::collections::BTreeMap;

use storage_traits::RecordValue;

use super::kind::DataStoreKind;

/// Which space an entry lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Space {
    /// `add`, `remove`, `load`, `load_all`, `remove_all`.
    Primary,
    /// `add_backup`, `remove_backup`.
    Backup,
}

/// An entry's address: (space, map, key).
pub type Entry = (Space, String, String);

/// A stored value and its expiration time (0: never).
#[derive(Debug, Clone)]
pub struct Stored {
    /// The value.
    pub value: RecordValue,
    /// Absolute millis; 0 for no expiry.
    pub expiration_time: i64,
}

impl Stored {
    fn expired(&self, now: i64) -> bool {
        self.expiration_time != 0 && self.expiration_time <= now
    }
}

/// What a load may return.
#[derive(Debug, Clone)]
pub enum Expected {
    /// Exactly this.
    Exactly(Option<RecordValue>),
    /// This value or nothing: a queued write that has expired, which a write-behind
    /// store may serve until it is persisted.
    ValueOrNothing(RecordValue),
}

impl Expected {
    /// Whether `actual` is allowed.
    pub fn allows(&self, actual: Option<&RecordValue>) -> bool {
        match (self, actual) {
            (Expected::Exactly(None) | Expected::ValueOrNothing(_), None) => true,
            (Expected::Exactly(Some(e)) | Expected::ValueOrNothing(e), Some(a)) => e.same_as(a),
            (Expected::Exactly(_), _) => false,
        }
    }

    /// Whether the value must be returned.
    pub fn required(&self) -> bool {
        matches!(self, Expected::Exactly(Some(_)))
    }
}

/// What a data store of a given kind holds after the same calls.
#[derive(Debug, Clone)]
pub struct DataStoreModel {
    kind: DataStoreKind,
    /// Persisted entries.
    pub persisted: BTreeMap<Entry, Stored>,
    /// Queued writes (write-behind only): `None` is a queued remove.
    pub queued: BTreeMap<Entry, Option<Stored>>,
}

impl DataStoreModel {
    /// An empty store of `kind`.
    pub fn new(kind: DataStoreKind) -> Self {
        Self {
            kind,
            persisted: BTreeMap::new(),
            queued: BTreeMap::new(),
        }
    }

    /// A write (`None`: a remove) of `entry`.
    pub fn write(&mut self, entry: Entry, stored: Option<Stored>) {
        match self.kind {
            DataStoreKind::Null => {}
            DataStoreKind::WriteThrough => persist(&mut self.persisted, entry, stored),
            DataStoreKind::WriteBehind => {
                self.queued.insert(entry, stored);
            }
        }
    }

    /// `flush_key`: persists `value` now, with the expiration time of the entry's queued
    /// write or persisted value (0 for a new entry), and drops the entry's queued write.
    pub fn flush_key(&mut self, entry: Entry, value: RecordValue) {
        if self.kind == DataStoreKind::Null {
            return;
        }
        let queued = self.queued.remove(&entry).flatten();
        let expiration_time = queued
            .as_ref()
            .or_else(|| self.persisted.get(&entry))
            .map_or(0, |s| s.expiration_time);
        self.persisted.insert(
            entry,
            Stored {
                value,
                expiration_time,
            },
        );
    }

    /// `hard_flush`: every queued write is persisted.
    pub fn hard_flush(&mut self) {
        for (entry, stored) in std::mem::take(&mut self.queued) {
            persist(&mut self.persisted, entry, stored);
        }
    }

    /// `reset`: every queued write is dropped.
    pub fn reset(&mut self) {
        self.queued.clear();
    }

    /// The number of queued writes.
    pub fn pending(&self) -> u64 {
        self.queued.len() as u64
    }

    /// What loading `entry` at `now` may return.
    pub fn load(&self, entry: &Entry, now: i64) -> Expected {
        match self.queued.get(entry) {
            Some(Some(stored)) if stored.expired(now) => {
                Expected::ValueOrNothing(stored.value.clone())
            }
            Some(queued) => Expected::Exactly(queued.as_ref().map(|s| s.value.clone())),
            None => Expected::Exactly(
                self.persisted
                    .get(entry)
                    .filter(|s| !s.expired(now))
                    .map(|s| s.value.clone()),
            ),
        }
    }
}

fn persist(persisted: &mut BTreeMap<Entry, Stored>, entry: Entry, stored: Option<Stored>) {
    match stored {
        Some(stored) => {
            persisted.insert(entry, stored);
        }
        None => {
            persisted.remove(&entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::{lww, ts};
    use storage_traits::Value;

    fn entry(key: &str) -> Entry {
        (Space::Primary, "m".to_string(), key.to_string())
    }

    fn stored(n: i64, expiration_time: i64) -> Stored {
        Stored {
            value: lww(Value::Int(n), ts(1, 0, "n")),
            expiration_time,
        }
    }

    #[test]
    fn write_behind_queues_until_flushed_and_reset_drops_the_queue() {
        let mut model = DataStoreModel::new(DataStoreKind::WriteBehind);
        model.write(entry("a"), Some(stored(1, 0)));
        model.hard_flush();
        model.write(entry("a"), None);
        model.write(entry("b"), Some(stored(2, 0)));
        assert_eq!(model.pending(), 2);
        assert!(matches!(
            model.load(&entry("a"), 0),
            Expected::Exactly(None)
        ));
        model.reset();
        assert_eq!(model.pending(), 0);
        assert!(model.load(&entry("a"), 0).required());
        assert!(!model.load(&entry("b"), 0).required());
    }

    #[test]
    fn expired_entries_are_not_loaded_once_persisted() {
        let mut model = DataStoreModel::new(DataStoreKind::WriteBehind);
        model.write(entry("a"), Some(stored(1, 10)));
        let queued = model.load(&entry("a"), 10);
        assert!(matches!(queued, Expected::ValueOrNothing(_)));
        assert!(queued.allows(None));
        model.hard_flush();
        assert!(matches!(
            model.load(&entry("a"), 9),
            Expected::Exactly(Some(_))
        ));
        assert!(matches!(
            model.load(&entry("a"), 10),
            Expected::Exactly(None)
        ));
    }

    #[test]
    fn null_stores_nothing_and_flush_key_keeps_the_expiration_time() {
        let mut null = DataStoreModel::new(DataStoreKind::Null);
        null.write(entry("a"), Some(stored(1, 0)));
        assert!(!null.load(&entry("a"), 0).required());
        let mut through = DataStoreModel::new(DataStoreKind::WriteThrough);
        through.write(entry("a"), Some(stored(1, 10)));
        through.flush_key(entry("a"), lww(Value::Int(2), ts(1, 0, "n")));
        assert_eq!(through.persisted[&entry("a")].expiration_time, 10);
    }
}
