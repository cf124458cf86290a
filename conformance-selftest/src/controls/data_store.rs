//! Data store controls: one small store of each kind, with one bug switched on (a
//! positive control) or none (a correct control), following the reference option of
//! every reading of the suite or the ones it is given ([`options`]). Every control is
//! persistent: what it persists is also written to a simulated disk that
//! [`ControlDataStore::reopen`] reads back.

mod faults;
pub mod options;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::Mutex;
use storage_conformance::doubles::ManualClock;
use storage_reference::{Clock, SystemClock};
use storage_traits::{MapDataStore, RecordValue};

pub use faults::DataStoreFault;

use crate::controls::concurrent_engine::widen_race_window;
use storage_conformance::datastore::DataStoreKind;
use storage_conformance::datastore::readings as r;
use storage_conformance::readings::Choice;

/// An entry's address: (backup, map, key).
type Address = (bool, String, String);

/// A value and its expiration time.
type Stored = (RecordValue, i64);

/// A queued write: its address, the write (`None`: a remove), the sequence number of
/// the last write it stands for, and how many writes it stands for.
#[derive(Debug)]
struct Queued {
    address: Address,
    write: Option<Stored>,
    sequence: u64,
    writes: u64,
}

#[derive(Debug)]
struct State {
    persisted: BTreeMap<Address, Stored>,
    /// Queued writes in queue order, one per address.
    queue: Vec<Queued>,
    sequence: u64,
    adds: u64,
    last_add: Option<RecordValue>,
    /// The newest `now` a caller passed (for a store that goes by it).
    newest_now: i64,
}

impl Default for State {
    fn default() -> Self {
        Self {
            persisted: BTreeMap::new(),
            queue: Vec::new(),
            sequence: 0,
            adds: 0,
            last_add: None,
            newest_now: i64::MIN,
        }
    }
}

/// What survives a reopen: the persisted entries, as the store wrote them to disk.
type Disk = Arc<Mutex<BTreeMap<Address, Stored>>>;

/// A small data store of one kind with one [`DataStoreFault`], or none, that follows
/// the options it is given of the suite's readings. The write-behind kind never
/// flushes by itself: `soft_flush` only returns a sequence number.
#[derive(Debug)]
pub struct ControlDataStore {
    mode: DataStoreKind,
    fault: Option<DataStoreFault>,
    follows: Vec<Choice>,
    clock: Arc<ManualClock>,
    state: Mutex<State>,
    disk: Disk,
}

impl ControlDataStore {
    /// A store with `fault`, of the kind the fault belongs to.
    pub fn new(fault: DataStoreFault, clock: Arc<ManualClock>) -> Self {
        Self::with(fault.kind(), Some(fault), Vec::new(), clock)
    }

    /// A correct store of `kind`, following the reference option of every reading.
    pub fn correct(kind: DataStoreKind, clock: Arc<ManualClock>) -> Self {
        Self::with(kind, None, Vec::new(), clock)
    }

    /// A correct store of `kind` that follows `follows` (one option per reading at
    /// most), and the reference option of every other reading.
    pub fn following(kind: DataStoreKind, follows: &[Choice], clock: Arc<ManualClock>) -> Self {
        Self::with(kind, None, follows.to_vec(), clock)
    }

    /// A correct write-through store.
    pub fn write_through(clock: Arc<ManualClock>) -> Self {
        Self::correct(DataStoreKind::WriteThrough, clock)
    }

    /// A correct null store.
    pub fn null(clock: Arc<ManualClock>) -> Self {
        Self::correct(DataStoreKind::Null, clock)
    }

    /// A correct write-behind store.
    pub fn write_behind(clock: Arc<ManualClock>) -> Self {
        Self::correct(DataStoreKind::WriteBehind, clock)
    }

    fn with(
        mode: DataStoreKind,
        fault: Option<DataStoreFault>,
        follows: Vec<Choice>,
        clock: Arc<ManualClock>,
    ) -> Self {
        Self {
            mode,
            fault,
            follows,
            clock,
            state: Mutex::new(State::default()),
            disk: Disk::default(),
        }
    }

    /// Closes `store` and opens a new one over its disk, on `clock`: what was persisted
    /// is back; the queue, the counters and the newest `now` start afresh. Never fails;
    /// the signature is the one the suite asks of a reopen function.
    ///
    /// # Errors
    /// None.
    pub fn reopen(store: Self, clock: Arc<ManualClock>) -> anyhow::Result<Self> {
        let persisted = if store.has(DataStoreFault::ForgetsOnReopen) {
            BTreeMap::new()
        } else {
            store.disk.lock().clone()
        };
        Ok(Self {
            state: Mutex::new(State {
                persisted,
                ..State::default()
            }),
            clock,
            ..store
        })
    }

    fn has(&self, fault: DataStoreFault) -> bool {
        self.fault == Some(fault)
    }

    fn reads(&self, choice: Choice) -> bool {
        options::reads(&self.follows, choice)
    }

    fn address(&self, backup: bool, map: &str, key: &str) -> Address {
        let backup = backup && !self.reads(r::BACKUPS_ONE_TABLE);
        if self.has(DataStoreFault::RowsKeyedByConcatenation) {
            (backup, String::new(), format!("{map}{key}"))
        } else {
            (backup, map.to_string(), key.to_string())
        }
    }

    /// The time the store expires entries by.
    fn now(&self, state: &State) -> i64 {
        if self.reads(r::EXPIRY_BY_CALLERS_NOW) {
            state.newest_now
        } else if self.reads(r::EXPIRY_BY_WALL_CLOCK) {
            SystemClock.now()
        } else {
            self.clock.now()
        }
    }

    fn expired(&self, expiration: i64, now: i64) -> bool {
        let passed = if self.reads(r::EXPIRED_AFTER_DEADLINE) {
            expiration < now
        } else {
            expiration <= now
        };
        expiration != 0 && passed
    }

    /// A write (`None`: a remove) of `address`, made by a backup call when `backup`.
    fn write(&self, address: Address, stored: Option<Stored>, backup: bool) {
        let mut state = self.state.lock();
        match self.mode {
            DataStoreKind::Null => {}
            DataStoreKind::WriteThrough => self.persist(&mut state, address, stored),
            DataStoreKind::WriteBehind
                if backup && self.reads(r::BACKUP_WRITES_STRAIGHT_THROUGH) =>
            {
                self.persist(&mut state, address, stored);
            }
            DataStoreKind::WriteBehind => self.enqueue(&mut state, address, stored),
        }
    }

    fn enqueue(&self, state: &mut State, address: Address, write: Option<Stored>) {
        state.sequence += 1;
        let sequence = state.sequence;
        let queued = state.queue.iter().position(|q| q.address == address);
        match queued {
            Some(index) if self.has(DataStoreFault::KeepsOldestWrite) => {
                state.queue[index].writes += 1;
            }
            Some(index) => {
                let old = state.queue.remove(index);
                state.queue.push(Queued {
                    address,
                    write,
                    sequence,
                    writes: old.writes + 1,
                });
            }
            None => state.queue.push(Queued {
                address,
                write,
                sequence,
                writes: 1,
            }),
        }
    }

    fn read(&self, map: &str, key: &str) -> Option<RecordValue> {
        let state = self.state.lock();
        if self.mode == DataStoreKind::Null {
            return state
                .last_add
                .clone()
                .filter(|_| self.has(DataStoreFault::NullLoadsLastAdd));
        }
        let address = self.address(false, map, key);
        if let Some(queued) = state.queue.iter().find(|q| q.address == address) {
            return queued.write.as_ref().map(|(value, _)| value.clone());
        }
        let now = self.now(&state);
        let other_map = || {
            state
                .persisted
                .iter()
                .find(|((backup, _, k), _)| !backup && k == key)
                .map(|(_, stored)| stored)
                .filter(|_| self.has(DataStoreFault::IgnoresMapName))
        };
        state
            .persisted
            .get(&address)
            .or_else(other_map)
            .filter(|(_, expiration)| !self.expired(*expiration, now))
            .map(|(value, _)| value.clone())
    }

    /// Takes `now` as the newest time passed, if it is.
    fn passed(&self, now: i64) {
        let mut state = self.state.lock();
        state.newest_now = state.newest_now.max(now);
    }

    fn add_value(
        &self,
        backup: bool,
        (map, key): (&str, &str),
        value: &RecordValue,
        expiration: i64,
        now: i64,
    ) {
        self.passed(now);
        let now = self.now(&self.state.lock());
        {
            let mut state = self.state.lock();
            state.adds += 1;
            state.last_add = Some(value.clone());
        }
        let primary = self.has(DataStoreFault::BackupServedByLoad);
        let address = self.address(backup && !primary, map, key);
        let expired = self.expired(expiration, now);
        let expiration = if expired && self.has(DataStoreFault::ServesEntriesWrittenExpired) {
            0
        } else {
            expiration
        };
        self.write(address, Some((value.clone(), expiration)), backup);
    }

    /// The lost update of [`DataStoreFault::AddWritesBackStaleCopy`]: the entries are
    /// copied under the lock, the lock is released while other tasks run, and the copy
    /// with `address` written replaces whatever they persisted meanwhile.
    async fn add_to_stale_copy(&self, address: Address, stored: Stored) {
        let mut copy = self.state.lock().persisted.clone();
        tokio::task::yield_now().await;
        widen_race_window();
        copy.insert(address, stored);
        self.disk.lock().clone_from(&copy);
        self.state.lock().persisted = copy;
    }

    /// Persists a write (`None`: a remove) in memory and on disk, where the faults that
    /// lose writes on reopen act.
    fn persist(&self, state: &mut State, address: Address, stored: Option<Stored>) {
        persist(&mut state.persisted, address.clone(), stored.clone());
        let mut disk = self.disk.lock();
        match stored {
            _ if self.has(DataStoreFault::AcksBeforeDurable) => {}
            None if self.has(DataStoreFault::RemoveNotDurable) => {}
            Some(stored) if self.has(DataStoreFault::OverwriteNotDurable) => {
                disk.entry(address).or_insert(stored);
            }
            Some((value, _)) if self.has(DataStoreFault::ExpirationNotDurable) => {
                disk.insert(address, (value, 0));
            }
            stored => persist(&mut disk, address, stored),
        }
    }

    /// `flush_key` as the store reads it: the given value, or the queued write.
    fn flush(&self, address: Address, value: &RecordValue) {
        let mut state = self.state.lock();
        let queued = state.queue.iter().position(|q| q.address == address);
        let queued = queued.map(|index| state.queue.remove(index));
        if self.reads(r::FLUSH_KEY_WRITES_QUEUED) {
            if let Some(queued) = queued {
                self.persist(&mut state, address, queued.write);
            }
            return;
        }
        let kept = queued
            .and_then(|q| q.write)
            .map(|(_, expiration)| expiration)
            .or_else(|| state.persisted.get(&address).map(|(_, e)| *e))
            .unwrap_or(0);
        let expiration = if self.reads(r::FLUSH_KEY_NEVER_EXPIRES) {
            0
        } else {
            kept
        };
        self.persist(&mut state, address, Some((value.clone(), expiration)));
    }
}

fn persist(persisted: &mut BTreeMap<Address, Stored>, address: Address, stored: Option<Stored>) {
    match stored {
        Some(stored) => {
            persisted.insert(address, stored);
        }
        None => {
            persisted.remove(&address);
        }
    }
}

#[async_trait]
impl MapDataStore for ControlDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        if self.has(DataStoreFault::AddWritesBackStaleCopy) {
            let stored = (value.clone(), expiration_time);
            self.add_to_stale_copy(self.address(false, map, key), stored)
                .await;
        } else {
            self.add_value(false, (map, key), value, expiration_time, now);
        }
        Ok(())
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        self.add_value(true, (map, key), value, expiration_time, now);
        Ok(())
    }

    async fn remove(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.passed(now);
        self.write(self.address(false, map, key), None, false);
        Ok(())
    }

    async fn remove_backup(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.passed(now);
        self.write(self.address(true, map, key), None, true);
        Ok(())
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        Ok(self.read(map, key))
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let mut seen = HashSet::new();
        let as_asked = self.reads(r::LOAD_ALL_AS_ASKED);
        let loaded = keys
            .iter()
            .filter(|key| as_asked || seen.insert(key.as_str()))
            .map(|key| (key, self.read(map, key)));
        Ok(if self.has(DataStoreFault::LoadAllStopsAtAbsentKey) {
            loaded
                .map_while(|(key, value)| value.map(|value| (key.clone(), value)))
                .collect()
        } else {
            loaded
                .filter_map(|(key, value)| value.map(|value| (key.clone(), value)))
                .collect()
        })
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        let mut seen = HashSet::new();
        let immediate =
            self.mode == DataStoreKind::WriteBehind && self.reads(r::REMOVE_ALL_IMMEDIATE);
        for key in keys.iter().filter(|key| seen.insert(key.as_str())) {
            let address = self.address(false, map, key);
            if immediate {
                let mut state = self.state.lock();
                state.queue.retain(|q| q.address != address);
                self.persist(&mut state, address, None);
            } else {
                self.write(address, None, false);
            }
        }
        Ok(())
    }

    fn is_loadable(&self, key: &str) -> bool {
        !self.reads(r::QUEUED_KEYS_UNLOADABLE)
            || !self.state.lock().queue.iter().any(|q| q.address.2 == key)
    }

    fn pending_operation_count(&self) -> u64 {
        let state = self.state.lock();
        match self.fault {
            Some(DataStoreFault::PendingAfterAdd | DataStoreFault::NullCountsPending) => state.adds,
            Some(DataStoreFault::PendingSkipsRemoves) => {
                state.queue.iter().filter(|q| q.write.is_some()).count() as u64
            }
            _ if self.reads(r::PENDING_PER_WRITE) => state.queue.iter().map(|q| q.writes).sum(),
            _ => state.queue.len() as u64,
        }
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        let state = self.state.lock();
        Ok(if self.has(DataStoreFault::SoftFlushReturnsQueueLength) {
            state.queue.len() as u64
        } else if self.has(DataStoreFault::NullSoftFlushNumbers) {
            state.adds
        } else if self.reads(r::SOFT_FLUSH_ZERO_WHEN_EMPTY) {
            state.queue.last().map_or(0, |q| q.sequence)
        } else {
            state.sequence
        })
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        let mut state = self.state.lock();
        for queued in std::mem::take(&mut state.queue) {
            if self.has(DataStoreFault::FlushNotDurable) {
                persist(&mut state.persisted, queued.address, queued.write);
            } else {
                self.persist(&mut state, queued.address, queued.write);
            }
        }
        if self.has(DataStoreFault::AcksBeforeDurable) {
            self.disk.lock().clone_from(&state.persisted);
        }
        Ok(())
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        if self.mode == DataStoreKind::Null {
            return Ok(());
        }
        let address = self.address(is_backup, map, key);
        if self.has(DataStoreFault::FlushKeyOnlyQueues) {
            self.write(address, Some((value.clone(), 0)), is_backup);
        } else {
            self.flush(address, value);
        }
        Ok(())
    }

    fn reset(&self) {
        if self.has(DataStoreFault::ResetKeepsQueue) {
            return;
        }
        let mut state = self.state.lock();
        state.queue.clear();
        if self.reads(r::RESET_RESTARTS_SEQUENCE) {
            state.sequence = 0;
        }
        if self.reads(r::RESET_CLEARS_DATA) {
            state.persisted.clear();
            self.disk.lock().clear();
        }
    }

    fn is_null(&self) -> bool {
        self.mode == DataStoreKind::Null
            || self.has(DataStoreFault::WriteThroughClaimsNull)
            || self.has(DataStoreFault::WriteBehindClaimsNull)
    }
}
