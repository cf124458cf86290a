//! What may be loaded after a crash: per primary entry, the value that must have
//! survived and the values written since that may have.

use std::collections::BTreeMap;

use storage_traits::RecordValue;

use super::rules;
use crate::datastore::readings::{
    BACKUP_ENTRIES, FLUSH_KEY_WRITES, REMOVE_ALL_WRITE_BEHIND, RESET_DATA, WRITE_BEHIND_BACKUPS,
};
use crate::datastore::{DataStoreKind, DataStoreOp};
use crate::property::Rule;
use crate::readings::{Options, Stop};

/// One primary entry's writes, as far as a crash is concerned.
#[derive(Debug, Clone, Default)]
struct History {
    /// What the entry holds once everything acknowledged as durable is: the last
    /// acknowledged write of a write-through store, the last flushed one of a
    /// write-behind store (`None`: absent).
    durable: Option<RecordValue>,
    /// Writes after that point that may have landed too: queued writes of a write-behind
    /// store, the write in flight when a process was killed.
    since: Vec<Option<RecordValue>>,
    /// Every value ever written to the entry.
    ever: Vec<RecordValue>,
}

impl History {
    /// What the entry may hold after a crash.
    fn allowed(&self) -> impl Iterator<Item = &Option<RecordValue>> {
        std::iter::once(&self.durable).chain(&self.since)
    }

    fn allows(&self, loaded: Option<&RecordValue>) -> bool {
        self.allowed().any(|allowed| match (allowed, loaded) {
            (None, None) => true,
            (Some(a), Some(l)) => a.same_as(l),
            _ => false,
        })
    }
}

/// The crash model of a store of one kind: primary entries by `(map, key)`.
#[derive(Debug, Clone)]
pub struct CrashModel {
    kind: DataStoreKind,
    entries: BTreeMap<(String, String), History>,
}

impl CrashModel {
    /// A fresh, empty store of `kind`.
    pub fn new(kind: DataStoreKind) -> Self {
        Self {
            kind,
            entries: BTreeMap::new(),
        }
    }

    fn history(&mut self, map: &str, key: &str) -> &mut History {
        self.entries
            .entry((map.to_string(), key.to_string()))
            .or_default()
    }

    /// An acknowledged `add` (`Some`) or `remove` (`None`) of a primary entry.
    pub fn write(&mut self, map: &str, key: &str, value: Option<RecordValue>) {
        let kind = self.kind;
        let history = self.history(map, key);
        history.ever.extend(value.clone());
        match kind {
            DataStoreKind::Null => {}
            DataStoreKind::WriteThrough => {
                history.durable = value;
                history.since.clear();
            }
            DataStoreKind::WriteBehind => history.since.push(value),
        }
    }

    /// A write in flight when the store's process was killed: it may have landed or not.
    pub fn write_in_flight(&mut self, map: &str, key: &str, value: Option<RecordValue>) {
        let history = self.history(map, key);
        history.ever.extend(value.clone());
        history.since.push(value);
    }

    /// `flush_key` of a primary entry returned `Ok`: the value is durable.
    pub fn flush_key(&mut self, map: &str, key: &str, value: &RecordValue) {
        if self.kind == DataStoreKind::Null {
            return;
        }
        let history = self.history(map, key);
        history.ever.push(value.clone());
        history.durable = Some(value.clone());
        history.since.clear();
    }

    /// `hard_flush` returned `Ok`: every queued write is durable, the last per entry.
    pub fn hard_flush(&mut self) {
        for history in self.entries.values_mut() {
            if let Some(last) = history.since.pop() {
                history.durable = last;
            }
            history.since.clear();
        }
    }

    /// `reset`: a write-behind store drops its queued writes unwritten.
    pub fn reset(&mut self) {
        if self.kind == DataStoreKind::WriteBehind {
            for history in self.entries.values_mut() {
                history.since.clear();
            }
        }
    }

    /// A write that is durable at once: what a write-behind store writes straight
    /// through (its backups, under that reading, which leave a queued write of the entry
    /// to land later; an immediate `remove_all`, which drops it: `drop_queued`).
    fn write_now(&mut self, map: &str, key: &str, value: Option<RecordValue>, drop_queued: bool) {
        if self.kind == DataStoreKind::Null {
            return;
        }
        let history = self.history(map, key);
        history.ever.extend(value.clone());
        history.durable = value;
        if drop_queued {
            history.since.clear();
        }
    }

    /// `op` returned `Ok` (a crash or reopen is the runner's: it changes nothing here).
    /// Where what the op did to the primary entries depends on how the store reads an
    /// open point (a backup write on one table, a `flush_key` that flushes the queued
    /// write, a `reset` that clears the data, a `remove_all` that is not queued), the
    /// branch asks `options`.
    pub fn apply(&mut self, op: &DataStoreOp, options: &Options<'_>) -> Result<(), Stop> {
        match op {
            DataStoreOp::Add {
                backup,
                map,
                key,
                value,
                ..
            } => self.write_entry(*backup, map, key, Some(value.clone()), options)?,
            DataStoreOp::Remove { backup, map, key } => {
                self.write_entry(*backup, map, key, None, options)?;
            }
            DataStoreOp::RemoveAll { map, keys } => {
                let immediate = self.kind == DataStoreKind::WriteBehind
                    && options.is(&REMOVE_ALL_WRITE_BEHIND, "immediate")?;
                for key in keys {
                    if immediate {
                        self.write_now(map, key, None, true);
                    } else {
                        self.write(map, key, None);
                    }
                }
            }
            DataStoreOp::FlushKey {
                map,
                key,
                value,
                is_backup,
            } => {
                if *is_backup && options.is(&BACKUP_ENTRIES, "separate")? {
                    return Ok(());
                }
                if options.is(&FLUSH_KEY_WRITES, "queued")? {
                    // The entry's queued write, if any, is now durable.
                    if let Some(history) = self.entries.get_mut(&(map.clone(), key.clone()))
                        && let Some(last) = history.since.pop()
                    {
                        history.durable = last;
                        history.since.clear();
                    }
                } else {
                    self.flush_key(map, key, value);
                }
            }
            DataStoreOp::HardFlush => self.hard_flush(),
            DataStoreOp::Reset => {
                self.reset();
                if options.is(&RESET_DATA, "clears")? {
                    for history in self.entries.values_mut() {
                        history.durable = None;
                        history.since.clear();
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An acknowledged add (`Some`) or remove (`None`) of an entry; a backup entry is a
    /// primary one for a store that keeps both in one table.
    fn write_entry(
        &mut self,
        backup: bool,
        map: &str,
        key: &str,
        value: Option<RecordValue>,
        options: &Options<'_>,
    ) -> Result<(), Stop> {
        if !backup {
            self.write(map, key, value);
        } else if options.is(&BACKUP_ENTRIES, "one_table")? {
            if self.kind == DataStoreKind::WriteBehind
                && options.is(&WRITE_BEHIND_BACKUPS, "straight_through")?
            {
                self.write_now(map, key, value, false);
            } else {
                self.write(map, key, value);
            }
        }
        Ok(())
    }

    /// `op` was in flight when the store's process was killed: each primary entry it
    /// writes may hold its write or not.
    pub fn apply_in_flight(&mut self, op: &DataStoreOp) {
        match op {
            // A backup write lands on the primary entry of a store with one table.
            DataStoreOp::Add {
                map, key, value, ..
            }
            | DataStoreOp::FlushKey {
                map, key, value, ..
            } => self.write_in_flight(map, key, Some(value.clone())),
            DataStoreOp::Remove { map, key, .. } => self.write_in_flight(map, key, None),
            DataStoreOp::RemoveAll { map, keys } => {
                for key in keys {
                    self.write_in_flight(map, key, None);
                }
            }
            // A flush in flight may have written any queued write: they are all
            // allowed already.
            _ => {}
        }
    }

    /// Every primary entry written so far.
    pub fn entries(&self) -> Vec<(String, String)> {
        self.entries.keys().cloned().collect()
    }

    /// Whether `loaded` may be what `(map, key)` holds after a crash; if not, the rule
    /// it breaks and what was allowed.
    pub fn judge(
        &self,
        map: &str,
        key: &str,
        loaded: Option<&RecordValue>,
    ) -> Result<(), (Rule, String)> {
        let empty = History::default();
        let history = self
            .entries
            .get(&(map.to_string(), key.to_string()))
            .unwrap_or(&empty);
        if self.kind == DataStoreKind::Null {
            return match loaded {
                None => Ok(()),
                Some(_) => Err((rules::NEVER_WRITTEN, "nothing (a null store)".to_string())),
            };
        }
        if history.allows(loaded) {
            return Ok(());
        }
        let allowed = history
            .allowed()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(" or ");
        let invented = loaded.is_some_and(|l| !history.ever.iter().any(|e| e.same_as(l)));
        let rule = match self.kind {
            _ if invented => rules::NEVER_WRITTEN,
            DataStoreKind::WriteBehind => rules::FLUSHED_SURVIVES,
            _ => rules::ACKNOWLEDGED_SURVIVES,
        };
        Err((rule, allowed))
    }

    /// After a crash, `(map, key)` was found holding `loaded` (and judged): that is now
    /// the entry's durable state.
    pub fn observed(&mut self, map: &str, key: &str, loaded: Option<RecordValue>) {
        let history = self.history(map, key);
        history.durable = loaded;
        history.since.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::{lww, ts};
    use storage_traits::Value;

    fn v(n: i64) -> RecordValue {
        lww(Value::Int(n), ts(1, 0, "n"))
    }

    #[test]
    fn write_through_keeps_the_last_acknowledged_write_only() {
        let mut model = CrashModel::new(DataStoreKind::WriteThrough);
        model.write("m", "a", Some(v(1)));
        model.write("m", "a", Some(v(2)));
        assert!(model.judge("m", "a", Some(&v(2))).is_ok());
        let (rule, _) = model.judge("m", "a", Some(&v(1))).unwrap_err();
        assert_eq!(rule, rules::ACKNOWLEDGED_SURVIVES);
        let (rule, _) = model.judge("m", "a", Some(&v(3))).unwrap_err();
        assert_eq!(rule, rules::NEVER_WRITTEN);
        model.write_in_flight("m", "a", None);
        assert!(model.judge("m", "a", None).is_ok());
        assert!(model.judge("m", "a", Some(&v(2))).is_ok());
    }

    #[test]
    fn write_behind_keeps_what_its_flushes_covered() {
        let mut model = CrashModel::new(DataStoreKind::WriteBehind);
        model.write("m", "a", Some(v(1)));
        assert!(model.judge("m", "a", None).is_ok(), "lost with the queue");
        model.hard_flush();
        model.write("m", "a", Some(v(2)));
        assert!(model.judge("m", "a", Some(&v(1))).is_ok());
        assert!(
            model.judge("m", "a", Some(&v(2))).is_ok(),
            "a durable queue"
        );
        let (rule, _) = model.judge("m", "a", None).unwrap_err();
        assert_eq!(rule, rules::FLUSHED_SURVIVES);
        model.reset();
        assert!(
            model.judge("m", "a", Some(&v(2))).is_err(),
            "reset dropped it"
        );
        model.flush_key("m", "b", &v(3));
        assert!(model.judge("m", "b", Some(&v(3))).is_ok());
        assert!(model.judge("m", "b", None).is_err());
    }
}
