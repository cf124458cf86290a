//! The state a write-behind store shares with its background task, and every path
//! that writes queued operations to the delegate.

use std::sync::Arc;

use anyhow::Context;
use parking_lot::Mutex;
use storage_traits::{MapDataStore, RecordValue};
use tokio::sync::{Notify, oneshot};

use super::config::WriteBehindConfig;
use super::queue::{PendingOp, WriteQueue};
use crate::data_stores::entry_key::{EntryKey, Namespace};

/// The queue, the delegate and the signals between the store and its task.
pub(crate) struct Flusher<D> {
    pub(crate) delegate: Arc<D>,
    pub(crate) config: WriteBehindConfig,
    pub(crate) queue: Mutex<WriteQueue>,
    /// Held while writing to the delegate. Without it, a slow write of an old value
    /// could land after a concurrent write of a newer one for the same entry.
    writing: tokio::sync::Mutex<()>,
    /// Signalled when an operation is queued.
    queued: Notify,
    /// Signalled by `soft_flush` to cut the flush delay short.
    hurry: Notify,
}

impl<D: MapDataStore> Flusher<D> {
    /// Shared state with an empty queue.
    pub(crate) fn new(delegate: Arc<D>, config: WriteBehindConfig) -> Self {
        Self {
            delegate,
            config,
            queue: Mutex::new(WriteQueue::default()),
            writing: tokio::sync::Mutex::new(()),
            queued: Notify::new(),
            hurry: Notify::new(),
        }
    }

    /// Queues `op` for `entry` and wakes the background task.
    pub(crate) fn enqueue(&self, entry: EntryKey, op: PendingOp) {
        self.queue.lock().push(entry, op);
        self.queued.notify_one();
    }

    /// Asks the background task to flush without waiting for the delay.
    pub(crate) fn hurry(&self) {
        self.hurry.notify_one();
    }

    /// Writes, in queue order, the queued operations numbered at most `up_to`, stopping
    /// after `max` of them or at the first delegate error (which leaves that operation
    /// and the later ones queued). Returns how many were written.
    pub(crate) async fn flush_up_to(&self, up_to: u64, max: usize) -> anyhow::Result<usize> {
        let _writing = self.writing.lock().await;
        let mut written = 0;
        while written < max {
            let Some((seq, entry, op)) = self.queue.lock().oldest(up_to) else {
                break;
            };
            write(&*self.delegate, &entry, &op).await?;
            // Only now leave the queue, so a read sees the value at every moment.
            self.queue.lock().complete(&entry, seq);
            written += 1;
        }
        Ok(written)
    }

    /// Writes `value` for `entry` now. The operation queued for `entry` is dropped only
    /// if it is the one seen before the write (a newer one stays queued), and its
    /// expiration time is kept; with nothing queued the delegate's own `flush_key`
    /// decides.
    pub(crate) async fn flush_key(
        &self,
        entry: &EntryKey,
        value: &RecordValue,
    ) -> anyhow::Result<()> {
        let _writing = self.writing.lock().await;
        let queued = self
            .queue
            .lock()
            .get(entry)
            .map(|(seq, op)| (seq, op.clone()));
        match queued.as_ref().and_then(|(_, op)| op.with_value(value)) {
            Some(add) => write(&*self.delegate, entry, &add).await?,
            None => self
                .delegate
                .flush_key(
                    &entry.map,
                    &entry.key,
                    value,
                    entry.namespace == Namespace::Backup,
                )
                .await
                .with_context(|| format!("write-behind flush_key of {entry} failed"))?,
        }
        if let Some((seq, _)) = queued {
            self.queue.lock().complete(entry, seq);
        }
        Ok(())
    }

    /// The background task: flushes after the delay, retrying errors with back-off,
    /// until `stop` is signalled or its sender dropped.
    pub(crate) async fn run(self: Arc<Self>, mut stop: oneshot::Receiver<()>) {
        tokio::select! {
            biased;
            _ = &mut stop => {}
            () = self.flush_forever() => {}
        }
    }

    async fn flush_forever(&self) {
        loop {
            while self.queue.lock().is_empty() {
                self.queued.notified().await;
            }
            tokio::select! {
                () = tokio::time::sleep(self.config.flush_delay) => {}
                () = self.hurry.notified() => {}
            }
            self.drain().await;
        }
    }

    /// Writes batches until the queue is empty. A failed write stays queued (it counts
    /// in `pending_operation_count`) and is retried after a doubling back-off; a retry
    /// reads the queue again, so it writes the newest operation for the entry.
    async fn drain(&self) {
        let mut backoff = self.config.retry_initial_backoff;
        loop {
            match self.flush_up_to(u64::MAX, self.config.batch_size).await {
                Ok(0) => return,
                Ok(_) => {
                    backoff = self.config.retry_initial_backoff;
                    tokio::task::yield_now().await;
                }
                Err(_) => {
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2).min(self.config.retry_max_backoff);
                }
            }
        }
    }
}

/// Writes one queued operation to `delegate`; the error names the operation, the key
/// and the map.
async fn write<D: MapDataStore>(
    delegate: &D,
    entry: &EntryKey,
    op: &PendingOp,
) -> anyhow::Result<()> {
    let (map, key) = (entry.map.as_str(), entry.key.as_str());
    let backup = entry.namespace == Namespace::Backup;
    let (name, result) = match *op {
        PendingOp::Add {
            ref value,
            expiration_time,
            now,
        } if backup => (
            "add_backup",
            delegate
                .add_backup(map, key, value, expiration_time, now)
                .await,
        ),
        PendingOp::Add {
            ref value,
            expiration_time,
            now,
        } => (
            "add",
            delegate.add(map, key, value, expiration_time, now).await,
        ),
        PendingOp::Remove { now } if backup => {
            ("remove_backup", delegate.remove_backup(map, key, now).await)
        }
        PendingOp::Remove { now } => ("remove", delegate.remove(map, key, now).await),
    };
    result.with_context(|| format!("write-behind {name} of {entry} failed"))
}
