//! [`MemoryDataStore`]: the data stores the kit injects into a record store under test.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::Mutex;
use storage_traits::{MapDataStore, RecordValue};

use super::ManualClock;

/// How a [`MemoryDataStore`] persists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Every write lands before the call returns.
    WriteThrough,
    /// Writes are queued until a flush.
    WriteBehind,
    /// Nothing is stored and nothing loaded: `is_null()` is true.
    Null,
}

/// Where an entry lives: backup or primary, map, key.
type Address = (bool, String, String);

/// A queued write: the value and expiration time of an add, `None` for a remove.
type Queued = Option<(RecordValue, i64)>;

/// A [`MapDataStore`] held in memory, on the kit's [`ManualClock`].
///
/// - Entries are addressed by (backup or primary, map, key).
/// - A stored entry is served until its `expiration_time` (0: never) is reached by the
///   clock: `expiration_time <= now` is expired.
/// - [`Persistence::WriteBehind`] queues at most one write per entry (the last wins) and
///   serves a queued write to `load` as written; `pending_operation_count` counts the
///   queued entries; `hard_flush` and `soft_flush` write them all (`soft_flush` returns
///   the sequence number of the last write ever queued, 0 if none); `flush_key` writes
///   its value now, keeping the expiration time of a queued add, and drops what was
///   queued for the entry; `reset` drops the queue. There is no background flush, so a
///   case sees the same store whatever the timing.
/// - Write-through: nothing is ever pending, `soft_flush` returns 0; `flush_key` keeps a
///   stored entry's expiration time (0 for a new one).
#[derive(Debug)]
pub struct MemoryDataStore {
    persistence: Persistence,
    clock: Arc<ManualClock>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    stored: HashMap<Address, (RecordValue, i64)>,
    /// Queued writes in queue order, with their sequence numbers.
    queue: Vec<(u64, Address, Queued)>,
    last_seq: u64,
}

impl State {
    fn enqueue(&mut self, address: Address, write: Queued) {
        self.queue.retain(|(_, a, _)| *a != address);
        self.last_seq += 1;
        self.queue.push((self.last_seq, address, write));
    }

    fn flush(&mut self) {
        for (_, address, write) in std::mem::take(&mut self.queue) {
            self.apply(address, write);
        }
    }

    fn apply(&mut self, address: Address, write: Queued) {
        match write {
            Some(entry) => {
                self.stored.insert(address, entry);
            }
            None => {
                self.stored.remove(&address);
            }
        }
    }

    fn queued(&self, address: &Address) -> Option<&Queued> {
        self.queue
            .iter()
            .find(|(_, a, _)| a == address)
            .map(|(_, _, write)| write)
    }
}

impl MemoryDataStore {
    /// An empty store that persists as `persistence` and reads the time from `clock`.
    pub fn new(persistence: Persistence, clock: Arc<ManualClock>) -> Self {
        Self {
            persistence,
            clock,
            state: Mutex::new(State::default()),
        }
    }

    fn write(&self, address: Address, write: Queued) {
        let mut state = self.state.lock();
        match self.persistence {
            Persistence::WriteThrough => state.apply(address, write),
            Persistence::WriteBehind => state.enqueue(address, write),
            Persistence::Null => {}
        }
    }

    fn read(&self, address: &Address) -> Option<RecordValue> {
        let state = self.state.lock();
        if let Some(write) = state.queued(address) {
            return write.as_ref().map(|(value, _)| value.clone());
        }
        let (value, expiration_time) = state.stored.get(address)?;
        let expired = *expiration_time != 0 && *expiration_time <= self.clock.now();
        (!expired).then(|| value.clone())
    }
}

fn primary(map: &str, key: &str) -> Address {
    (false, map.to_owned(), key.to_owned())
}

fn backup(map: &str, key: &str) -> Address {
    (true, map.to_owned(), key.to_owned())
}

#[async_trait]
impl MapDataStore for MemoryDataStore {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        _now: i64,
    ) -> anyhow::Result<()> {
        self.write(primary(map, key), Some((value.clone(), expiration_time)));
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
        self.write(backup(map, key), Some((value.clone(), expiration_time)));
        Ok(())
    }

    async fn remove(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.write(primary(map, key), None);
        Ok(())
    }

    async fn remove_backup(&self, map: &str, key: &str, _now: i64) -> anyhow::Result<()> {
        self.write(backup(map, key), None);
        Ok(())
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        Ok(self.read(&primary(map, key)))
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let mut seen = HashSet::new();
        Ok(keys
            .iter()
            .filter(|key| seen.insert(key.as_str()))
            .filter_map(|key| {
                self.read(&primary(map, key))
                    .map(|value| (key.clone(), value))
            })
            .collect())
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        for key in keys {
            self.write(primary(map, key), None);
        }
        Ok(())
    }

    fn is_loadable(&self, _key: &str) -> bool {
        true
    }

    fn pending_operation_count(&self) -> u64 {
        self.state.lock().queue.len() as u64
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        let mut state = self.state.lock();
        state.flush();
        Ok(state.last_seq)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        self.state.lock().flush();
        Ok(())
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        if self.persistence == Persistence::Null {
            return Ok(());
        }
        let address = if is_backup {
            backup(map, key)
        } else {
            primary(map, key)
        };
        let mut state = self.state.lock();
        let kept = match state.queued(&address) {
            Some(Some((_, expiration_time))) => Some(*expiration_time),
            _ => state.stored.get(&address).map(|(_, e)| *e),
        };
        state.queue.retain(|(_, a, _)| *a != address);
        state.apply(address, Some((value.clone(), kept.unwrap_or(0))));
        Ok(())
    }

    fn reset(&self) {
        self.state.lock().queue.clear();
    }

    fn is_null(&self) -> bool {
        self.persistence == Persistence::Null
    }
}
