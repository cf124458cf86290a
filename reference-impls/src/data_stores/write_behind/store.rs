//! [`WriteBehindDataStore`]: the public face of the write-behind queue.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use anyhow::Context;
use async_trait::async_trait;
use storage_traits::{MapDataStore, RecordValue};
use tokio::sync::oneshot;

use super::config::WriteBehindConfig;
use super::flusher::Flusher;
use super::queue::PendingOp;
use crate::data_stores::entry_key::{EntryKey, Namespace};

/// A [`MapDataStore`] that queues writes in front of a delegate and writes them on a
/// tokio background task.
///
/// - **Coalescing**: at most one operation is queued per (namespace, map, key); a new
///   one replaces it (the last write wins, so a remove queued after an add wins) and
///   moves the entry to the back of the queue. `remove_all` queues one remove per key
///   (with `now` 0: the trait passes no time).
/// - **Reads are never stale**: `load` and `load_all` serve the queued operation when
///   there is one (a queued add's value, nothing for a queued remove) and ask the
///   delegate otherwise, so `is_loadable` is always true. A queued value is served as
///   written: expiry is judged by the delegate once it is flushed.
/// - `pending_operation_count` is the number of entries with a queued operation.
/// - **Sequence numbers**: every queued operation takes the next number of a per-store
///   counter starting at 1. `soft_flush` returns the last number handed out (0 if none
///   ever was), which never goes backwards, not even across `reset`, and makes the
///   background task flush without waiting for the delay.
/// - **Background flushing**: once the queue is non-empty, the task waits
///   `flush_delay`, then writes batches of `batch_size` in queue order until the queue
///   is empty. A delegate error leaves the operation queued and is retried after a
///   back-off doubling from `retry_initial_backoff` to `retry_max_backoff`; a retry
///   writes the newest operation queued for that entry, never an older one.
/// - **`hard_flush`** writes, in queue order and in the calling task, every operation
///   queued before the call (an operation replaced during the call by a newer one is
///   left to that one). It stops at the first delegate error and returns it, leaving
///   the failed operation and the later ones queued.
/// - **`flush_key`** writes the given value to the delegate now, keeping the expiration
///   time of a queued add for that entry, and drops the queued operation it replaces;
///   an operation queued while the write was in flight stays queued. On error nothing
///   is dropped.
/// - Writes to the delegate never overlap, so an older value never lands after a newer
///   one.
/// - **`reset`** drops every queued operation without writing it.
/// - **Dropping** the store stops its task; operations still queued are discarded, so
///   call `hard_flush` first to keep them.
pub struct WriteBehindDataStore<D: MapDataStore> {
    pub(super) flusher: Arc<Flusher<D>>,
    /// Never sent on: dropping it, with the store, is what stops the task.
    _stop: oneshot::Sender<()>,
}

impl<D: MapDataStore + 'static> WriteBehindDataStore<D> {
    /// A store in front of `delegate`, whose background task runs on the current tokio
    /// runtime. Fails outside a runtime or when `config` is invalid (a zero batch size
    /// or back-off, or a maximum back-off below the initial one).
    pub fn new(delegate: Arc<D>, config: WriteBehindConfig) -> anyhow::Result<Self> {
        config.validate()?;
        let runtime = tokio::runtime::Handle::try_current()
            .context("WriteBehindDataStore::new needs a tokio runtime for its flush task")?;
        let flusher = Arc::new(Flusher::new(delegate, config));
        let (stop, stopped) = oneshot::channel();
        runtime.spawn(Arc::clone(&flusher).run(stopped));
        Ok(Self {
            flusher,
            _stop: stop,
        })
    }

    /// The store the queued operations are written to.
    pub fn delegate(&self) -> &Arc<D> {
        &self.flusher.delegate
    }

    /// The settings this store was created with.
    pub fn config(&self) -> &WriteBehindConfig {
        &self.flusher.config
    }

    /// The operation queued for a primary entry; with none, the delegate answers reads.
    fn queued_op(&self, map: &str, key: &str) -> Option<PendingOp> {
        let queue = self.flusher.queue.lock();
        queue
            .get(&EntryKey::primary(map, key))
            .map(|(_, op)| op.clone())
    }
}

impl<D: MapDataStore> fmt::Debug for WriteBehindDataStore<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let queue = self.flusher.queue.lock();
        f.debug_struct("WriteBehindDataStore")
            .field("pending", &queue.len())
            .field("last_seq", &queue.last_seq())
            .field("config", &self.flusher.config)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl<D: MapDataStore + 'static> MapDataStore for WriteBehindDataStore<D> {
    async fn add(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        expiration_time: i64,
        now: i64,
    ) -> anyhow::Result<()> {
        let op = PendingOp::Add {
            value: value.clone(),
            expiration_time,
            now,
        };
        self.flusher.enqueue(EntryKey::primary(map, key), op);
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
        let op = PendingOp::Add {
            value: value.clone(),
            expiration_time,
            now,
        };
        self.flusher
            .enqueue(EntryKey::new(Namespace::Backup, map, key), op);
        Ok(())
    }

    async fn remove(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.flusher
            .enqueue(EntryKey::primary(map, key), PendingOp::Remove { now });
        Ok(())
    }

    async fn remove_backup(&self, map: &str, key: &str, now: i64) -> anyhow::Result<()> {
        self.flusher.enqueue(
            EntryKey::new(Namespace::Backup, map, key),
            PendingOp::Remove { now },
        );
        Ok(())
    }

    async fn load(&self, map: &str, key: &str) -> anyhow::Result<Option<RecordValue>> {
        match self.queued_op(map, key) {
            Some(queued) => Ok(queued.into_visible_value()),
            None => {
                self.delegate().load(map, key).await.with_context(|| {
                    format!("write-behind load of key '{key}' of map '{map}' failed")
                })
            }
        }
    }

    async fn load_all(
        &self,
        map: &str,
        keys: &[String],
    ) -> anyhow::Result<Vec<(String, RecordValue)>> {
        let mut seen = HashSet::new();
        let requested: Vec<&String> = keys.iter().filter(|k| seen.insert(k.as_str())).collect();
        let queued: Vec<Option<PendingOp>> = requested
            .iter()
            .map(|key| self.queued_op(map, key))
            .collect();
        let unqueued: Vec<String> = requested
            .iter()
            .zip(&queued)
            .filter(|(_, op)| op.is_none())
            .map(|(key, _)| (*key).clone())
            .collect();
        let mut loaded: HashMap<String, RecordValue> = if unqueued.is_empty() {
            HashMap::new()
        } else {
            let found = self.delegate().load_all(map, &unqueued).await;
            found
                .with_context(|| {
                    format!("write-behind load_all of keys {unqueued:?} of map '{map}' failed")
                })?
                .into_iter()
                .collect()
        };
        Ok(requested
            .into_iter()
            .zip(queued)
            .filter_map(|(key, op)| {
                let value = match op {
                    Some(op) => op.into_visible_value(),
                    None => loaded.remove(key.as_str()),
                };
                value.map(|value| (key.clone(), value))
            })
            .collect())
    }

    async fn remove_all(&self, map: &str, keys: &[String]) -> anyhow::Result<()> {
        for key in keys {
            self.flusher
                .enqueue(EntryKey::primary(map, key), PendingOp::Remove { now: 0 });
        }
        Ok(())
    }

    fn is_loadable(&self, _key: &str) -> bool {
        true
    }

    fn pending_operation_count(&self) -> u64 {
        self.flusher.queue.lock().len() as u64
    }

    async fn soft_flush(&self) -> anyhow::Result<u64> {
        let last = self.flusher.queue.lock().last_seq();
        self.flusher.hurry();
        Ok(last)
    }

    async fn hard_flush(&self) -> anyhow::Result<()> {
        let up_to = self.flusher.queue.lock().last_seq();
        self.flusher.flush_up_to(up_to, usize::MAX).await?;
        Ok(())
    }

    async fn flush_key(
        &self,
        map: &str,
        key: &str,
        value: &RecordValue,
        is_backup: bool,
    ) -> anyhow::Result<()> {
        self.flusher
            .flush_key(&EntryKey::new(Namespace::of(is_backup), map, key), value)
            .await
    }

    fn reset(&self) {
        self.flusher.queue.lock().clear();
    }
}
