//! The reference model of a record store under the contract: memory, per-key expiry
//! policies, the data store behind it, and the notifications every change must fire.
//! Costs are not modelled (every modelled cost is 0): only `recordstore_cost` checks
//! them, against the engine.

use std::collections::{BTreeMap, BTreeSet};

use storage_traits::{
    CallerProvenance, ExpiryPolicy, ExpiryReason, Record, RecordMetadata, RecordValue,
};

use super::expiry::{can_expire, expiration_time, reason};
use super::persisted::{Failed, ModelDataStore};
use crate::doubles::Call;

/// A record in memory and the expiry policy its key was given.
#[derive(Debug, Clone)]
pub struct Held {
    /// The record as stored (cost 0).
    pub record: Record,
    /// The key's policy.
    pub policy: ExpiryPolicy,
}

/// What a record store must hold, persist and report after the same operations.
#[derive(Debug, Clone)]
pub struct RecordStoreModel {
    /// The clock reading.
    pub now: i64,
    /// The records in memory, expired ones included.
    pub memory: BTreeMap<String, Held>,
    /// The data store.
    pub store: ModelDataStore,
    /// The map's default expiry policy.
    default: ExpiryPolicy,
    events: Vec<Call>,
}

/// Whether a write of `provenance` goes to the data store.
pub fn writes_through(provenance: CallerProvenance) -> bool {
    matches!(
        provenance,
        CallerProvenance::Client | CallerProvenance::CrdtMerge
    )
}

/// Marks freshly written metadata clean or dirty after a successful write.
fn mark(provenance: CallerProvenance, metadata: &mut RecordMetadata, now: i64) {
    match provenance {
        CallerProvenance::Client | CallerProvenance::CrdtMerge | CallerProvenance::Load => {
            metadata.on_store(now);
        }
        CallerProvenance::Backup | CallerProvenance::Replication => metadata.last_stored_time = 0,
    }
}

impl RecordStoreModel {
    /// An empty store at `now`, over a data store that keeps values when `persists`,
    /// for a map whose default expiry policy is `default`.
    pub fn new(map: &str, now: i64, persists: bool, default: ExpiryPolicy) -> Self {
        Self {
            now,
            memory: BTreeMap::new(),
            store: ModelDataStore::new(map, persists),
            default,
            events: Vec::new(),
        }
    }

    /// `given` with each field that is 0 taken from the map's default.
    fn resolve(&self, given: &ExpiryPolicy) -> ExpiryPolicy {
        let or_default = |field: u64, default: u64| if field == 0 { default } else { field };
        ExpiryPolicy {
            ttl_millis: or_default(given.ttl_millis, self.default.ttl_millis),
            max_idle_millis: or_default(given.max_idle_millis, self.default.max_idle_millis),
        }
    }

    /// The notifications fired since the last call, in order.
    pub fn take_events(&mut self) -> Vec<Call> {
        std::mem::take(&mut self.events)
    }

    /// The record of `key` if it has not expired.
    fn live(&self, key: &str) -> Option<&Held> {
        self.memory
            .get(key)
            .filter(|h| reason(&h.policy, &h.record.metadata, self.now) == ExpiryReason::NotExpired)
    }

    /// Removes an expired record of `key` from memory, reporting `on_evict`.
    fn drop_expired(&mut self, key: &str, is_backup: bool) {
        if self.memory.contains_key(key) && self.live(key).is_none() {
            self.evict_key(key, is_backup);
        }
    }

    fn evict_key(&mut self, key: &str, is_backup: bool) -> Option<Record> {
        let held = self.memory.remove(key)?;
        self.events.push(Call::Evict {
            key: key.to_string(),
            record: held.record.clone(),
            is_backup,
        });
        Some(held.record)
    }

    /// Stores `record` with `policy` and reports a put or an update of `old`.
    fn store(
        &mut self,
        key: &str,
        record: Record,
        policy: ExpiryPolicy,
        old: Option<&Held>,
        is_backup: bool,
    ) {
        self.events.push(match old {
            Some(old) => Call::Update {
                key: key.to_string(),
                record: record.clone(),
                old_value: old.record.value.clone(),
                new_value: record.value.clone(),
                is_backup,
            },
            None => Call::Put {
                key: key.to_string(),
                record: record.clone(),
                old_value: None,
                is_backup,
            },
        });
        self.memory.insert(key.to_string(), Held { record, policy });
    }

    /// `put(key, value, policy, provenance)`.
    pub fn put(
        &mut self,
        key: &str,
        value: &RecordValue,
        policy: &ExpiryPolicy,
        provenance: CallerProvenance,
    ) -> Result<Option<RecordValue>, Failed> {
        let now = self.now;
        let old = self.live(key).cloned();
        let policy = self.resolve(policy);
        if writes_through(provenance) {
            let creation = old
                .as_ref()
                .map_or(now, |h| h.record.metadata.creation_time);
            let expiration = expiration_time(&policy, creation);
            self.store.add(false, key, value, expiration, now)?;
        }
        self.drop_expired(key, false);
        let mut metadata = match &old {
            Some(old) => {
                let mut metadata = old.record.metadata.clone();
                metadata.on_update(now);
                metadata
            }
            None => RecordMetadata::new(now, 0),
        };
        mark(provenance, &mut metadata, now);
        let record = Record {
            value: value.clone(),
            metadata,
        };
        self.store(key, record, policy, old.as_ref(), false);
        Ok(old.map(|old| old.record.value))
    }

    /// `put_backup(key, record, provenance)`.
    pub fn put_backup(
        &mut self,
        key: &str,
        given: &Record,
        provenance: CallerProvenance,
    ) -> Result<(), Failed> {
        let now = self.now;
        let old = self.live(key).cloned();
        let policy = old
            .as_ref()
            .map_or_else(|| self.default.clone(), |h| h.policy.clone());
        let mut metadata = match &old {
            Some(old) => {
                let mut metadata = old.record.metadata.clone();
                metadata.on_update(now);
                metadata
            }
            None => given.metadata.clone(),
        };
        metadata.cost = 0;
        if writes_through(provenance) {
            let expiration = expiration_time(&policy, metadata.creation_time);
            self.store.add(true, key, &given.value, expiration, now)?;
        }
        self.drop_expired(key, true);
        mark(provenance, &mut metadata, now);
        let record = Record {
            value: given.value.clone(),
            metadata,
        };
        self.store(key, record, policy, old.as_ref(), true);
        Ok(())
    }

    /// `remove(key, provenance)` (`is_backup` false) or `remove_backup`.
    pub fn remove(
        &mut self,
        key: &str,
        provenance: CallerProvenance,
        is_backup: bool,
    ) -> Result<Option<RecordValue>, Failed> {
        if writes_through(provenance) {
            self.store.remove(is_backup, key, self.now)?;
        }
        self.drop_expired(key, is_backup);
        let held = self.memory.remove(key);
        if let Some(held) = &held {
            self.events.push(Call::Remove {
                key: key.to_string(),
                record: held.record.clone(),
                is_backup,
            });
        }
        Ok(held.map(|h| h.record.value))
    }

    /// `get(key, touch)`, loading through.
    pub fn get(&mut self, key: &str, touch: bool) -> Result<Option<Record>, Failed> {
        let now = self.now;
        self.drop_expired(key, false);
        if let Some(held) = self.memory.get_mut(key) {
            if touch {
                held.record.metadata.on_access(now);
            }
            return Ok(Some(held.record.clone()));
        }
        let Some(value) = self.store.load(key, now)? else {
            return Ok(None);
        };
        let mut metadata = RecordMetadata::new(now, 0);
        metadata.on_store(now);
        if touch {
            metadata.on_access(now);
        }
        let record = Record { value, metadata };
        self.events.push(Call::Load {
            key: key.to_string(),
            record: record.clone(),
            is_backup: false,
        });
        let held = Held {
            record: record.clone(),
            policy: self.default.clone(),
        };
        self.memory.insert(key.to_string(), held);
        Ok(Some(record))
    }

    /// `get_all(keys)`: each distinct key once, in request order, without touching.
    pub fn get_all(&mut self, keys: &[String]) -> Result<Vec<(String, Record)>, Failed> {
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        for key in keys {
            if seen.insert(key.as_str())
                && let Some(record) = self.get(key, false)?
            {
                found.push((key.clone(), record));
            }
        }
        Ok(found)
    }

    /// `evict(key, is_backup)`: only a clean record goes.
    pub fn evict(&mut self, key: &str, is_backup: bool) -> Option<RecordValue> {
        let clean = self
            .memory
            .get(key)
            .is_some_and(|h| !h.record.metadata.is_dirty());
        if clean {
            self.evict_key(key, is_backup).map(|r| r.value)
        } else {
            None
        }
    }

    /// `evict_all(is_backup)`: every clean record goes; returns how many.
    pub fn evict_all(&mut self, is_backup: bool) -> usize {
        let clean: Vec<String> = self
            .memory
            .iter()
            .filter(|(_, h)| !h.record.metadata.is_dirty())
            .map(|(k, _)| k.clone())
            .collect();
        for key in &clean {
            self.evict_key(key, is_backup);
        }
        clean.len()
    }

    /// The keys `evict_expired(percentage, now, _)` may remove (the expired ones) and
    /// how many of them it must remove.
    pub fn evict_expired_plan(&self, percentage: u32) -> (Vec<String>, usize) {
        let expired: Vec<String> = self
            .memory
            .keys()
            .filter(|k| self.live(k).is_none())
            .cloned()
            .collect();
        if percentage == 0 {
            return (expired, 0);
        }
        let expirable = self
            .memory
            .values()
            .filter(|h| can_expire(&h.policy))
            .count();
        let share = (expirable * percentage.min(100) as usize / 100).max(1);
        let count = share.min(expired.len());
        (expired, count)
    }

    /// Evicts the given keys, as `evict_expired` did.
    pub fn evict_keys(&mut self, keys: &[String], is_backup: bool) {
        for key in keys {
            self.evict_key(key, is_backup);
        }
    }

    /// `has_expired(key, now, _)`.
    pub fn has_expired(&self, key: &str) -> ExpiryReason {
        self.memory.get(key).map_or(ExpiryReason::NotExpired, |h| {
            reason(&h.policy, &h.record.metadata, self.now)
        })
    }

    /// `is_expirable()`.
    pub fn is_expirable(&self) -> bool {
        self.memory.values().any(|h| can_expire(&h.policy))
    }

    /// What `for_each_boxed` visits: the live records, by key.
    pub fn live_records(&self) -> Vec<(String, Record)> {
        self.memory
            .keys()
            .filter_map(|k| self.live(k).map(|h| (k.clone(), h.record.clone())))
            .collect()
    }

    /// Empties memory and reports `call` (`on_clear`, `on_reset` or `on_destroy`).
    /// Returns how many records memory held.
    pub fn empty(&mut self, call: Call) -> usize {
        let count = self.memory.len();
        self.memory.clear();
        self.events.push(call);
        count
    }
}
