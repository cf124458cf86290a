//! Data store controls: one small store of each kind, with one bug switched on (a
//! positive control) or none (a correct control). Every control is persistent: what it
//! persists is also written to a simulated disk that [`ControlDataStore::reopen`] reads
//! back.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::Mutex;
use storage_reference::ManualClock;
use storage_traits::{MapDataStore, RecordValue};

use crate::controls::concurrent_engine::widen_race_window;
use crate::datastore::DataStoreKind;
use crate::property::PropertyInfo;

/// The single bug a [`ControlDataStore`] has; the kind of store follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataStoreFault {
    /// Write-through: `load` and `load_all` ignore the map name of a key the map lacks,
    /// serving the same key from another map.
    IgnoresMapName,
    /// Write-through: `add_backup` writes the primary entry (`remove_backup` is right).
    BackupServedByLoad,
    /// Write-through: `load_all` returns a key as often as it is asked for.
    LoadAllRepeatsKeys,
    /// Write-through: `pending_operation_count` counts every `add` ever made.
    PendingAfterAdd,
    /// Write-through: an entry written with an expiration time already reached never
    /// expires (expiry is only checked for deadlines still ahead when written).
    ServesEntriesWrittenExpired,
    /// Null: `load` returns the last value added.
    NullLoadsLastAdd,
    /// Write-behind: a queued write is not replaced by a newer one for the same entry.
    KeepsOldestWrite,
    /// Write-behind: `pending_operation_count` counts the writes queued since the last
    /// flush or reset, not the entries with a queued write.
    PendingCountsEveryWrite,
    /// Write-behind: `reset` restarts the sequence numbers.
    SoftFlushRestartsAfterReset,
    /// Write-behind: `flush_key` queues the write instead of persisting it.
    FlushKeyOnlyQueues,
    /// Write-behind: `reset` keeps the queue.
    ResetKeepsQueue,
    /// Write-through: a reopened store starts empty.
    ForgetsOnReopen,
    /// Write-through: removes are not written to disk, so a removed entry comes back
    /// after a reopen.
    RemoveNotDurable,
    /// Write-through: the disk keeps the first value written per entry, so an overwrite
    /// is undone by a reopen.
    OverwriteNotDurable,
    /// Write-through: the disk drops expiration times, so an expired entry comes back
    /// after a reopen.
    ExpirationNotDurable,
    /// Write-behind: `hard_flush` persists to memory only, never to disk.
    FlushNotDurable,
    /// Write-through: `add` copies every persisted entry, yields to other tasks, then
    /// writes the whole copy back with its own entry: a write another task made in
    /// between, to any key, is lost.
    AddWritesBackStaleCopy,
    /// Write-through: writes reach the disk only at `hard_flush`, though `add` returns
    /// and `pending_operation_count` says 0 at once: a crash loses them.
    AcksBeforeDurable,
}

impl DataStoreFault {
    /// Every fault.
    pub const ALL: [DataStoreFault; 18] = [
        DataStoreFault::IgnoresMapName,
        DataStoreFault::BackupServedByLoad,
        DataStoreFault::LoadAllRepeatsKeys,
        DataStoreFault::PendingAfterAdd,
        DataStoreFault::ServesEntriesWrittenExpired,
        DataStoreFault::NullLoadsLastAdd,
        DataStoreFault::KeepsOldestWrite,
        DataStoreFault::PendingCountsEveryWrite,
        DataStoreFault::SoftFlushRestartsAfterReset,
        DataStoreFault::FlushKeyOnlyQueues,
        DataStoreFault::ResetKeepsQueue,
        DataStoreFault::ForgetsOnReopen,
        DataStoreFault::RemoveNotDurable,
        DataStoreFault::OverwriteNotDurable,
        DataStoreFault::ExpirationNotDurable,
        DataStoreFault::FlushNotDurable,
        DataStoreFault::AddWritesBackStaleCopy,
        DataStoreFault::AcksBeforeDurable,
    ];

    /// The property that catches the fault, and the length of its minimal
    /// counterexample (for a race, shrinking may stop a little above it).
    pub fn target(self) -> (PropertyInfo, usize) {
        use crate::datastore::properties as p;
        match self {
            // add in map "m"; load from map "n" — or add_backup; load — or add a;
            // load_all [a, a]
            DataStoreFault::IgnoresMapName
            | DataStoreFault::BackupServedByLoad
            | DataStoreFault::LoadAllRepeatsKeys => (p::MODEL_EQUIVALENCE, 2),
            // add
            DataStoreFault::PendingAfterAdd => (p::WRITE_THROUGH_PROPERTY, 1),
            // add, already expired; load
            DataStoreFault::ServesEntriesWrittenExpired => (p::EXPIRATION, 2),
            // add; load
            DataStoreFault::NullLoadsLastAdd => (p::NULL_PROPERTY, 2),
            // add a; add a again; hard_flush
            DataStoreFault::KeepsOldestWrite => (p::HARD_FLUSH, 3),
            // add a; add a again
            DataStoreFault::PendingCountsEveryWrite => (p::PENDING, 2),
            // add; reset; soft_flush
            DataStoreFault::SoftFlushRestartsAfterReset => (p::SOFT_FLUSH, 3),
            // flush_key
            DataStoreFault::FlushKeyOnlyQueues => (p::FLUSH_KEY, 1),
            // add; reset
            DataStoreFault::ResetKeepsQueue => (p::RESET, 2),
            // add; reopen — or add, already expired; reopen — or add; reopen
            DataStoreFault::ForgetsOnReopen
            | DataStoreFault::ExpirationNotDurable
            | DataStoreFault::FlushNotDurable => (p::REOPEN, 2),
            // add; remove; reopen — or add; add again; reopen
            DataStoreFault::RemoveNotDurable | DataStoreFault::OverwriteNotDurable => {
                (p::REOPEN, 3)
            }
            // add a on one task, add b on another; after the join a loads nothing
            DataStoreFault::AddWritesBackStaleCopy => (p::CONCURRENT_LINEARIZABLE, 2),
            // add; crash
            DataStoreFault::AcksBeforeDurable => (p::CRASH, 2),
        }
    }

    /// The kind of store the fault belongs to.
    pub fn kind(self) -> DataStoreKind {
        match self {
            DataStoreFault::IgnoresMapName
            | DataStoreFault::BackupServedByLoad
            | DataStoreFault::LoadAllRepeatsKeys
            | DataStoreFault::PendingAfterAdd
            | DataStoreFault::ServesEntriesWrittenExpired
            | DataStoreFault::ForgetsOnReopen
            | DataStoreFault::RemoveNotDurable
            | DataStoreFault::OverwriteNotDurable
            | DataStoreFault::ExpirationNotDurable
            | DataStoreFault::AddWritesBackStaleCopy
            | DataStoreFault::AcksBeforeDurable => DataStoreKind::WriteThrough,
            DataStoreFault::NullLoadsLastAdd => DataStoreKind::Null,
            _ => DataStoreKind::WriteBehind,
        }
    }
}

/// An entry's address: (backup, map, key).
type Address = (bool, String, String);

/// A value and its expiration time.
type Stored = (RecordValue, i64);

#[derive(Debug, Default)]
struct State {
    persisted: BTreeMap<Address, Stored>,
    /// Queued writes in queue order, one per address (`None`: a remove).
    queue: Vec<(Address, Option<Stored>)>,
    sequence: u64,
    queued_writes: u64,
    adds: u64,
    last_add: Option<RecordValue>,
}

/// What survives a reopen: the persisted entries, as the store wrote them to disk.
type Disk = Arc<Mutex<BTreeMap<Address, Stored>>>;

/// A small data store of one kind with one [`DataStoreFault`], or none. The write-behind
/// kind never flushes by itself: `soft_flush` only returns the last sequence number.
#[derive(Debug)]
pub struct ControlDataStore {
    mode: DataStoreKind,
    fault: Option<DataStoreFault>,
    clock: Arc<ManualClock>,
    state: Mutex<State>,
    disk: Disk,
}

impl ControlDataStore {
    /// A store with `fault`, of the kind the fault belongs to.
    pub fn new(fault: DataStoreFault, clock: Arc<ManualClock>) -> Self {
        Self::with(fault.kind(), Some(fault), clock)
    }

    /// A correct store of `kind`.
    pub fn correct(kind: DataStoreKind, clock: Arc<ManualClock>) -> Self {
        Self::with(kind, None, clock)
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

    fn with(mode: DataStoreKind, fault: Option<DataStoreFault>, clock: Arc<ManualClock>) -> Self {
        Self {
            mode,
            fault,
            clock,
            state: Mutex::new(State::default()),
            disk: Disk::default(),
        }
    }

    /// Closes `store` and opens a new one over its disk, on `clock`: what was persisted
    /// is back, the queue and the counters start afresh. Never fails; the signature is
    /// the one the suite asks of a reopen function.
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

    fn address(backup: bool, map: &str, key: &str) -> Address {
        (backup, map.to_string(), key.to_string())
    }

    fn write(&self, address: Address, stored: Option<Stored>) {
        let mut state = self.state.lock();
        match self.mode {
            DataStoreKind::Null => {}
            DataStoreKind::WriteThrough => self.persist(&mut state, address, stored),
            DataStoreKind::WriteBehind => {
                state.sequence += 1;
                state.queued_writes += 1;
                let queued = state.queue.iter().position(|(a, _)| *a == address);
                match queued {
                    Some(_) if self.has(DataStoreFault::KeepsOldestWrite) => {}
                    Some(index) => {
                        state.queue.remove(index);
                        state.queue.push((address, stored));
                    }
                    None => state.queue.push((address, stored)),
                }
            }
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
        let address = Self::address(false, map, key);
        if let Some((_, queued)) = state.queue.iter().find(|(a, _)| *a == address) {
            return queued.as_ref().map(|(value, _)| value.clone());
        }
        let now = self.clock.now();
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
            .filter(|(_, expiration)| *expiration == 0 || *expiration > now)
            .map(|(value, _)| value.clone())
    }

    fn add_value(&self, backup: bool, map: &str, key: &str, value: &RecordValue, expiration: i64) {
        {
            let mut state = self.state.lock();
            state.adds += 1;
            state.last_add = Some(value.clone());
        }
        let backup = backup && !self.has(DataStoreFault::BackupServedByLoad);
        let expired = expiration != 0 && expiration <= self.clock.now();
        let expiration = if expired && self.has(DataStoreFault::ServesEntriesWrittenExpired) {
            0
        } else {
            expiration
        };
        self.write(
            Self::address(backup, map, key),
            Some((value.clone(), expiration)),
        );
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
}

impl ControlDataStore {
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
        _now: i64,
    ) -> anyhow::Result<()> {
        if self.has(DataStoreFault::AddWritesBackStaleCopy) {
            let stored = (value.clone(), expiration_time);
            self.add_to_stale_copy(Self::address(false, map, key), stored)
                .await;
        } else {
            self.add_value(false, map, key, value, expiration_time);
        }
        Ok(())
    }

    async fn add_backup(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.add_value(true, map, key, value, expiration_time);
        Ok(())
    }

    async fn remove(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.write(Self::address(false, map, key), None);
        Ok(())
    }

    async fn remove_backup(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.write(Self::address(true, map, key), None);
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
        let repeat = self.has(DataStoreFault::LoadAllRepeatsKeys);
        Ok(keys
            .iter()
            .filter(|key| repeat || seen.insert(key.as_str()))
            .filter_map(|key| self.read(map, key).map(|value| (key.clone(), value)))
            .collect())
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        let mut seen = HashSet::new();
        for key in keys.iter().filter(|key| seen.insert(key.as_str())) {
            self.write(Self::address(false, map, key), None);
        }
        Ok(())
    }

    fn is_loadable(&self, _key: &str) -> bool {
        true
    }

    fn pending_operation_count(&self) -> u64 {
        let state = self.state.lock();
        match self.fault {
            Some(DataStoreFault::PendingAfterAdd) => state.adds,
            Some(DataStoreFault::PendingCountsEveryWrite) => state.queued_writes,
            _ => state.queue.len() as u64,
        }
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        Ok(self.state.lock().sequence)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        let mut state = self.state.lock();
        for (address, stored) in std::mem::take(&mut state.queue) {
            if self.has(DataStoreFault::FlushNotDurable) {
                persist(&mut state.persisted, address, stored);
            } else {
                self.persist(&mut state, address, stored);
            }
        }
        state.queued_writes = 0;
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
        let address = Self::address(is_backup, map, key);
        if self.has(DataStoreFault::FlushKeyOnlyQueues) {
            self.write(address, Some((value.clone(), 0)));
            return Ok(());
        }
        let mut state = self.state.lock();
        let queued = state.queue.iter().position(|(a, _)| *a == address);
        let queued_expiration = queued
            .map(|index| state.queue.remove(index).1)
            .and_then(|stored| stored.map(|(_, expiration)| expiration));
        let expiration = queued_expiration
            .or_else(|| state.persisted.get(&address).map(|(_, e)| *e))
            .unwrap_or(0);
        self.persist(&mut state, address, Some((value.clone(), expiration)));
        Ok(())
    }

    fn reset(&self) {
        if self.has(DataStoreFault::ResetKeepsQueue) {
            return;
        }
        let mut state = self.state.lock();
        state.queue.clear();
        state.queued_writes = 0;
        if self.has(DataStoreFault::SoftFlushRestartsAfterReset) {
            state.sequence = 0;
        }
    }

    fn is_null(&self) -> bool {
        self.mode == DataStoreKind::Null
    }
}
