//! The model of the kit's data store: what it holds after the calls a store made, or
//! should have made. A call the store made is applied as made; a call it had to make
//! and did not is applied as if made, so that what it failed to persist shows as a lost
//! write later.

use std::collections::BTreeMap;

use storage_traits::RecordValue;

use crate::doubles::{DataStoreCall, Method};

/// A value the data store holds, and when it stops serving it (0 = never).
#[derive(Debug, Clone)]
struct Persisted {
    value: RecordValue,
    expiration_time: i64,
}

/// Which entries a call addresses: the kit's data stores keep primary and backup
/// entries apart, and load primary ones only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Space {
    /// `add`, `remove`, `load`, `remove_all`, `flush_key(.., false)`.
    Primary,
    /// `add_backup`, `remove_backup`, `flush_key(.., true)`.
    Backup,
}

/// What the kit's data store holds, as the model expects it.
#[derive(Debug, Clone)]
pub struct ModelDataStore {
    map: String,
    persists: bool,
    primary: BTreeMap<String, Persisted>,
    backup: BTreeMap<String, Persisted>,
}

impl ModelDataStore {
    /// An empty store for `map`; with `persists` false (a null store), nothing written
    /// is kept.
    pub fn new(map: &str, persists: bool) -> Self {
        Self {
            map: map.to_string(),
            persists,
            primary: BTreeMap::new(),
            backup: BTreeMap::new(),
        }
    }

    /// The map the store under test serves.
    pub fn map(&self) -> &str {
        &self.map
    }

    fn space(&mut self, space: Space) -> &mut BTreeMap<String, Persisted> {
        match space {
            Space::Primary => &mut self.primary,
            Space::Backup => &mut self.backup,
        }
    }

    /// An accepted write of `value` under `key`, served until `expiration_time`.
    pub fn add(&mut self, space: Space, key: &str, value: &RecordValue, expiration_time: i64) {
        if self.persists {
            let persisted = Persisted {
                value: value.clone(),
                expiration_time,
            };
            self.space(space).insert(key.to_string(), persisted);
        }
    }

    /// An accepted `flush_key`: the value now, keeping an entry's expiration time.
    pub fn flush(&mut self, space: Space, key: &str, value: &RecordValue) {
        let expiration_time = self.space(space).get(key).map_or(0, |p| p.expiration_time);
        self.add(space, key, value, expiration_time);
    }

    /// An accepted removal of `key`.
    pub fn remove(&mut self, space: Space, key: &str) {
        self.space(space).remove(key);
    }

    /// What `load(key)` returns at `now`: the primary value unless it has expired.
    pub fn load(&self, key: &str, now: i64) -> Option<RecordValue> {
        self.primary
            .get(key)
            .filter(|p| p.expiration_time == 0 || p.expiration_time > now)
            .map(|p| p.value.clone())
    }

    /// Applies an accepted call the store made that the model did not ask of it, as the
    /// kit's data store did.
    pub fn apply(&mut self, call: &DataStoreCall) {
        let key = call.key.as_deref().unwrap_or_default();
        match (call.method, &call.value) {
            (Method::Add, Some(value)) => {
                self.add(Space::Primary, key, value, call.expiration_time);
            }
            (Method::AddBackup, Some(value)) => {
                self.add(Space::Backup, key, value, call.expiration_time);
            }
            (Method::Remove, _) => self.remove(Space::Primary, key),
            (Method::RemoveBackup, _) => self.remove(Space::Backup, key),
            (Method::RemoveAll, _) => {
                for key in &call.keys {
                    self.remove(Space::Primary, key);
                }
            }
            (Method::FlushKey, Some(value)) => {
                let space = if call.is_backup {
                    Space::Backup
                } else {
                    Space::Primary
                };
                self.flush(space, key, value);
            }
            _ => {}
        }
    }
}
