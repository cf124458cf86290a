//! The model of a data store under one combination of readings (one branch of
//! [`crate::readings::Branches`]): persisted entries and, for a write-behind store, a
//! queue of one write per entry in front of them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use storage_traits::RecordValue;

use super::ask::Ask;
use super::kind::DataStoreKind;
use super::readings::{
    BACKUP_ENTRIES, FLUSH_KEY_EXPIRATION, FLUSH_KEY_WRITES, PENDING_COUNT, REMOVE_ALL_WRITE_BEHIND,
    RESET_DATA, WRITE_BEHIND_BACKUPS,
};
use super::soft_flush::SoftFlushState;
use super::time::{Expiry, TimeRange, expiry};
use crate::readings::Stop;

/// Which space an entry lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Space {
    /// `add`, `remove`, `load`, `load_all`, `remove_all`; and the backup calls of a
    /// store with one table ([`BACKUP_ENTRIES`]).
    Primary,
    /// `add_backup`, `remove_backup`, in a store with a backup space of its own.
    Backup,
}

/// An entry's address: (space, map, key).
pub type Entry = (Space, String, String);

/// A stored value and its expiration time (0: never). The value is shared: every branch
/// of the model holds the same one.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The value.
    pub value: Arc<RecordValue>,
    /// Absolute millis; 0 for no expiry.
    pub expiration_time: i64,
}

/// An entry's queued write: the last one (`None`: a remove), and how many writes it
/// stands for, as a range (a `remove_all` naming a key twice may count once or twice).
#[derive(Debug, Clone)]
struct Queued {
    write: Option<Stored>,
    writes: (u64, u64),
}

/// What a load may return: `value`, or also nothing when `or_nothing`.
#[derive(Clone)]
pub struct Expected {
    /// The value that must (or may, with `or_nothing`) be returned.
    pub value: Option<Arc<RecordValue>>,
    /// Whether nothing is also allowed: an expired write still queued, which a
    /// write-behind store may serve until it is persisted, or an entry the model cannot
    /// tell is expired.
    pub or_nothing: bool,
}

impl Expected {
    fn exactly(value: Option<Arc<RecordValue>>) -> Self {
        Self {
            value,
            or_nothing: false,
        }
    }

    fn value_or_nothing(value: Arc<RecordValue>) -> Self {
        Self {
            value: Some(value),
            or_nothing: true,
        }
    }

    /// Whether `actual` is allowed.
    pub fn allows(&self, actual: Option<&RecordValue>) -> bool {
        match (&self.value, actual) {
            (None, None) => true,
            (Some(_), None) => self.or_nothing,
            (Some(e), Some(a)) => e.same_as(a),
            (None, Some(_)) => false,
        }
    }

    /// Whether the value must be returned.
    pub fn required(&self) -> bool {
        self.value.is_some() && !self.or_nothing
    }
}

impl fmt::Debug for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.value)?;
        if self.or_nothing {
            write!(f, " or None")?;
        }
        Ok(())
    }
}

/// What a data store of a given kind holds after the same calls, under one combination
/// of readings (asked as the calls need them).
#[derive(Debug, Clone)]
pub struct DataStoreModel {
    kind: DataStoreKind,
    persisted: BTreeMap<Entry, Stored>,
    queued: BTreeMap<Entry, Queued>,
    /// The store's time if it goes by its callers' `now`.
    callers: TimeRange,
    /// What `soft_flush` may return.
    pub(super) soft: SoftFlushState,
}

impl DataStoreModel {
    /// An empty store of `kind`.
    pub fn new(kind: DataStoreKind) -> Self {
        Self {
            kind,
            persisted: BTreeMap::new(),
            queued: BTreeMap::new(),
            callers: TimeRange::NONE_PASSED,
            soft: SoftFlushState::default(),
        }
    }

    /// The kind of store modelled.
    pub fn kind(&self) -> DataStoreKind {
        self.kind
    }

    /// The entry a call on `map` and `key` acts on: a backup call's is the primary one
    /// in a store with one table.
    fn address(backup: bool, map: &str, key: &str, ask: &Ask<'_>) -> Result<Entry, Stop> {
        let space = if backup && !ask.is(&BACKUP_ENTRIES, "one_table")? {
            Space::Backup
        } else {
            Space::Primary
        };
        Ok((space, map.to_string(), key.to_string()))
    }

    /// `add` or `add_backup` (`Some`), `remove` or `remove_backup` (`None`), with
    /// `now` passed.
    pub fn write(
        &mut self,
        (backup, map, key): (bool, &str, &str),
        stored: Option<Stored>,
        now: i64,
        ask: &Ask<'_>,
    ) -> Result<(), Stop> {
        self.callers = self.callers.passed(now);
        match self.kind {
            DataStoreKind::Null => {}
            DataStoreKind::WriteThrough => {
                let entry = Self::address(backup, map, key, ask)?;
                persist(&mut self.persisted, entry, stored);
            }
            DataStoreKind::WriteBehind => {
                let entry = Self::address(backup, map, key, ask)?;
                if backup && ask.is(&WRITE_BEHIND_BACKUPS, "straight_through")? {
                    persist(&mut self.persisted, entry, stored);
                } else {
                    self.enqueue(entry, stored, (1, 1));
                }
            }
        }
        Ok(())
    }

    /// `remove_all` of `keys` in `map` (a key may be named more than once).
    pub fn remove_all(&mut self, map: &str, keys: &[String], ask: &Ask<'_>) -> Result<(), Stop> {
        let mut named: BTreeMap<&String, u64> = BTreeMap::new();
        for key in keys {
            *named.entry(key).or_default() += 1;
        }
        let immediate = self.kind == DataStoreKind::WriteBehind
            && !named.is_empty()
            && ask.is(&REMOVE_ALL_WRITE_BEHIND, "immediate")?;
        for (key, times) in named {
            let entry = (Space::Primary, map.to_string(), key.clone());
            match self.kind {
                DataStoreKind::Null => {}
                DataStoreKind::WriteThrough => persist(&mut self.persisted, entry, None),
                DataStoreKind::WriteBehind if immediate => {
                    self.queued.remove(&entry);
                    self.persisted.remove(&entry);
                }
                DataStoreKind::WriteBehind => self.enqueue(entry, None, (1, times)),
            }
        }
        Ok(())
    }

    fn enqueue(&mut self, entry: Entry, write: Option<Stored>, (lo, hi): (u64, u64)) {
        let queued = self.queued.entry(entry).or_insert(Queued {
            write: None,
            writes: (0, 0),
        });
        queued.write = write;
        queued.writes = (queued.writes.0 + lo, queued.writes.1 + hi);
        self.soft.queued_write();
    }

    /// `flush_key`: writes the given value or the entry's queued write
    /// ([`FLUSH_KEY_WRITES`]), and drops the entry's queued write.
    pub fn flush_key(
        &mut self,
        (backup, map, key): (bool, &str, &str),
        value: &Arc<RecordValue>,
        ask: &Ask<'_>,
    ) -> Result<(), Stop> {
        if self.kind == DataStoreKind::Null {
            return Ok(());
        }
        let entry = Self::address(backup, map, key, ask)?;
        self.soft.flushed_key();
        if ask.is(&FLUSH_KEY_WRITES, "queued")? {
            if let Some(queued) = self.queued.remove(&entry) {
                persist(&mut self.persisted, entry, queued.write);
            }
            return Ok(());
        }
        let queued = self.queued.remove(&entry).and_then(|q| q.write);
        let kept = queued
            .as_ref()
            .or_else(|| self.persisted.get(&entry))
            .map_or(0, |s| s.expiration_time);
        let expiration_time = if kept != 0 && ask.is(&FLUSH_KEY_EXPIRATION, "never")? {
            0
        } else {
            kept
        };
        let stored = Stored {
            value: Arc::clone(value),
            expiration_time,
        };
        self.persisted.insert(entry, stored);
        Ok(())
    }

    /// `hard_flush`: every queued write is persisted.
    pub fn hard_flush(&mut self) {
        for (entry, queued) in std::mem::take(&mut self.queued) {
            persist(&mut self.persisted, entry, queued.write);
        }
    }

    /// `reset`: every queued write is dropped, and persisted entries too where the
    /// branch reads [`RESET_DATA`] so. A store that goes by its callers' `now` may
    /// forget it, as a new store would.
    pub fn reset(&mut self, ask: &Ask<'_>) -> Result<(), Stop> {
        if self.kind == DataStoreKind::Null {
            return Ok(());
        }
        self.queued.clear();
        if !self.persisted.is_empty() && ask.is(&RESET_DATA, "clears")? {
            self.persisted.clear();
        }
        self.callers = self.callers.forgettable();
        self.soft.reset();
        Ok(())
    }

    /// The store was closed after `hard_flush` and opened again: what was persisted
    /// stays; its `now` and its sequence numbers may be forgotten.
    pub fn reopened(&mut self) {
        self.hard_flush();
        self.callers = self.callers.forgettable();
        self.soft.reopened();
    }

    /// Whether `key` has a queued write, in any map and space.
    pub fn queued_key(&self, key: &str) -> bool {
        self.queued.keys().any(|(_, _, k)| k == key)
    }

    /// What `pending_operation_count` may return, as an inclusive range: the entries
    /// with a queued write, or the writes queued ([`PENDING_COUNT`], asked only when the
    /// two differ).
    pub fn pending(&self, ask: &Ask<'_>) -> Result<(u64, u64), Stop> {
        let entries = self.queued.len() as u64;
        let writes = self
            .queued
            .values()
            .fold((0, 0), |(lo, hi), q| (lo + q.writes.0, hi + q.writes.1));
        if writes == (entries, entries) || ask.is(&PENDING_COUNT, "per_entry")? {
            Ok((entries, entries))
        } else {
            Ok(writes)
        }
    }

    /// Whether nothing at all is queued.
    pub fn queue_is_empty(&self) -> bool {
        self.queued.is_empty()
    }

    /// What loading `key` of `map` may return when the kit's clock reads `now`.
    pub fn load(&self, map: &str, key: &str, now: i64, ask: &Ask<'_>) -> Result<Expected, Stop> {
        if self.kind == DataStoreKind::Null {
            return Ok(Expected::exactly(None));
        }
        let entry = (Space::Primary, map.to_string(), key.to_string());
        if let Some(queued) = self.queued.get(&entry) {
            return Ok(match &queued.write {
                None => Expected::exactly(None),
                Some(stored) => match expiry(stored.expiration_time, now, self.callers, ask)? {
                    Expiry::Live => Expected::exactly(Some(stored.value.clone())),
                    // An expired write may be served until it is persisted.
                    Expiry::Expired | Expiry::Either => {
                        Expected::value_or_nothing(stored.value.clone())
                    }
                },
            });
        }
        let Some(stored) = self.persisted.get(&entry) else {
            return Ok(Expected::exactly(None));
        };
        Ok(
            match expiry(stored.expiration_time, now, self.callers, ask)? {
                Expiry::Live => Expected::exactly(Some(stored.value.clone())),
                Expiry::Expired => Expected::exactly(None),
                Expiry::Either => Expected::value_or_nothing(stored.value.clone()),
            },
        )
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
    use crate::config::RunConfig;
    use crate::readings::Branches;
    use crate::replay::{lww, ts};
    use storage_traits::Value;

    const NOW: i64 = 1_000;

    fn stored(n: i64, expiration_time: i64) -> Stored {
        Stored {
            value: Arc::new(lww(Value::Int(n), ts(1, 0, "n"))),
            expiration_time,
        }
    }

    /// Runs `change` on every branch, then collects what loading `key` of `"m"` may
    /// return on each.
    fn loads(
        branches: &mut Branches<DataStoreModel>,
        change: impl Fn(&mut DataStoreModel, &Ask<'_>) -> Result<(), Stop>,
        key: &str,
    ) -> Vec<String> {
        branches
            .step(|model, options| change(model, &Ask::new(options)))
            .expect("a change alone breaks nothing");
        let mut seen = Vec::new();
        branches
            .step(|model, options| {
                let expected = model.load("m", key, NOW, &Ask::new(options))?;
                seen.push(format!("{expected:?}"));
                Ok(())
            })
            .expect("a load alone breaks nothing");
        seen
    }

    #[test]
    fn a_backup_write_is_the_primary_row_only_in_one_table() {
        let config = RunConfig::default();
        let mut branches = Branches::new(DataStoreModel::new(DataStoreKind::WriteThrough), &config);
        let seen = loads(
            &mut branches,
            |model, ask| model.write((true, "m", "a"), Some(stored(1, 0)), NOW, ask),
            "a",
        );
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert!(seen[0].starts_with("None"), "{seen:?}");
        assert!(seen[1].starts_with("Some"), "{seen:?}");
    }

    #[test]
    fn write_behind_queues_until_flushed_and_reset_drops_the_queue() {
        let mut model = DataStoreModel::new(DataStoreKind::WriteBehind);
        let config = RunConfig::default();
        let mut branches = Branches::new(model.clone(), &config);
        branches
            .step(|m, options| {
                let ask = Ask::new(options);
                m.write((false, "m", "a"), Some(stored(1, 0)), NOW, &ask)?;
                m.hard_flush();
                m.write((false, "m", "a"), None, NOW, &ask)?;
                m.write((false, "m", "b"), Some(stored(2, 0)), NOW, &ask)?;
                assert_eq!(m.pending(&ask)?, (2, 2));
                assert!(!m.load("m", "a", NOW, &ask)?.required());
                m.reset(&ask)?;
                assert_eq!(m.pending(&ask)?, (0, 0));
                assert!(!m.load("m", "b", NOW, &ask)?.required());
                model = m.clone();
                Ok(())
            })
            .expect("the steps break nothing");
        assert!(model.queue_is_empty());
    }

    #[test]
    fn expiry_follows_the_clock_each_branch_goes_by() {
        let config = RunConfig::default();
        let mut branches = Branches::new(DataStoreModel::new(DataStoreKind::WriteThrough), &config);
        // Written at NOW, expiring at NOW + 1; loaded with the kit's clock at NOW + 1.
        let write = |m: &mut DataStoreModel, ask: &Ask<'_>| {
            m.write((false, "m", "a"), Some(stored(1, NOW + 1)), NOW, ask)
        };
        branches
            .step(|m, options| write(m, &Ask::new(options)))
            .expect("a write breaks nothing");
        let mut seen = Vec::new();
        branches
            .step(|m, options| {
                let expected = m.load("m", "a", NOW + 1, &Ask::new(options))?;
                seen.push(format!("{expected:?}"));
                Ok(())
            })
            .expect("a load breaks nothing");
        // factory clock at the deadline, after it; callers' now (before it); wall clock.
        assert_eq!(seen.len(), 4, "{seen:?}");
        assert_eq!(seen[0], "None");
        assert!(seen[1].starts_with("Some"), "{seen:?}");
        assert!(seen[2].starts_with("Some"), "{seen:?}");
        assert_eq!(seen[3], "None");
    }

    #[test]
    fn pending_counts_entries_or_writes() {
        let config = RunConfig::default();
        let mut branches = Branches::new(DataStoreModel::new(DataStoreKind::WriteBehind), &config);
        let mut counts = Vec::new();
        branches
            .step(|m, options| {
                let ask = Ask::new(options);
                m.write((false, "m", "a"), Some(stored(1, 0)), NOW, &ask)?;
                m.write((false, "m", "a"), Some(stored(2, 0)), NOW, &ask)?;
                m.remove_all("m", &["b".to_string(), "b".to_string()], &ask)?;
                counts.push(m.pending(&ask)?);
                Ok(())
            })
            .expect("the writes break nothing");
        // remove_all queued: per entry, per write; remove_all at once: per entry, per write.
        assert_eq!(counts, [(2, 2), (3, 4), (1, 1), (2, 2)]);
    }
}
