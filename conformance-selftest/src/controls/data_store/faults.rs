//! The single bugs a [`super::ControlDataStore`] may have, the property that catches
//! each, and the kind of store each belongs to.

use storage_conformance::datastore::DataStoreKind;
use storage_conformance::property::PropertyInfo;

/// The single bug a [`super::ControlDataStore`] has; the kind of store follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataStoreFault {
    /// Write-through: `load` and `load_all` ignore the map name of a key the map lacks,
    /// serving the same key from another map.
    IgnoresMapName,
    /// Write-through: `add_backup` writes the primary entry (`remove_backup` is right).
    BackupServedByLoad,
    /// Write-through: `load_all` stops at the first requested key that is absent.
    LoadAllStopsAtAbsentKey,
    /// Write-through: `pending_operation_count` counts every `add` ever made.
    PendingAfterAdd,
    /// Write-through: an entry written with an expiration time already reached never
    /// expires (expiry is only checked for deadlines still ahead when written).
    ServesEntriesWrittenExpired,
    /// Write-through: rows are keyed by the map name and the key joined, so that
    /// `("m", "ab")` and `("ma", "b")` are one row.
    RowsKeyedByConcatenation,
    /// Write-through: `is_null()` is true, although the store persists.
    WriteThroughClaimsNull,
    /// Null: `load` returns the last value added.
    NullLoadsLastAdd,
    /// Null: `pending_operation_count` counts every `add` made, which a no-op store
    /// never flushes.
    NullCountsPending,
    /// Null: `soft_flush` returns the number of `add`s made, as if each were queued.
    NullSoftFlushNumbers,
    /// Write-behind: a queued write is not replaced by a newer one for the same entry.
    KeepsOldestWrite,
    /// Write-behind: `pending_operation_count` counts queued adds only, not queued
    /// removes.
    PendingSkipsRemoves,
    /// Write-behind: `soft_flush` returns the length of the queue, not a sequence
    /// number.
    SoftFlushReturnsQueueLength,
    /// Write-behind: `flush_key` queues the write instead of persisting it.
    FlushKeyOnlyQueues,
    /// Write-behind: `reset` keeps the queue.
    ResetKeepsQueue,
    /// Write-behind: `is_null()` is true, although the store persists.
    WriteBehindClaimsNull,
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
    pub const ALL: [DataStoreFault; 23] = [
        DataStoreFault::IgnoresMapName,
        DataStoreFault::BackupServedByLoad,
        DataStoreFault::LoadAllStopsAtAbsentKey,
        DataStoreFault::PendingAfterAdd,
        DataStoreFault::ServesEntriesWrittenExpired,
        DataStoreFault::RowsKeyedByConcatenation,
        DataStoreFault::WriteThroughClaimsNull,
        DataStoreFault::NullLoadsLastAdd,
        DataStoreFault::NullCountsPending,
        DataStoreFault::NullSoftFlushNumbers,
        DataStoreFault::KeepsOldestWrite,
        DataStoreFault::PendingSkipsRemoves,
        DataStoreFault::SoftFlushReturnsQueueLength,
        DataStoreFault::FlushKeyOnlyQueues,
        DataStoreFault::ResetKeepsQueue,
        DataStoreFault::WriteBehindClaimsNull,
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
        use storage_conformance::datastore::properties as p;
        match self {
            // before any call, is_null() is already wrong
            DataStoreFault::WriteThroughClaimsNull | DataStoreFault::WriteBehindClaimsNull => {
                (p::MODEL_EQUIVALENCE, 0)
            }
            // add in map "m"; load from map "n" — or add b; load_all [a, b] — or
            // add ("m", "ab"); load ("ma", "b")
            DataStoreFault::IgnoresMapName
            | DataStoreFault::LoadAllStopsAtAbsentKey
            | DataStoreFault::RowsKeyedByConcatenation => (p::MODEL_EQUIVALENCE, 2),
            // add_backup; remove_backup; load (with one table for primaries and
            // backups, add_backup; load is the reading's answer) — or, one-minimal
            // too: add; remove_backup; load; add_backup; load
            DataStoreFault::BackupServedByLoad => (p::MODEL_EQUIVALENCE, 3),
            // add
            DataStoreFault::PendingAfterAdd => (p::WRITE_THROUGH_PROPERTY, 1),
            // add, already expired; load
            DataStoreFault::ServesEntriesWrittenExpired => (p::EXPIRATION, 2),
            // add; load — or add; soft_flush
            DataStoreFault::NullLoadsLastAdd | DataStoreFault::NullSoftFlushNumbers => {
                (p::NULL_PROPERTY, 2)
            }
            // add (then 1 pending)
            DataStoreFault::NullCountsPending => (p::NULL_PROPERTY, 1),
            // add a; add a again; hard_flush
            DataStoreFault::KeepsOldestWrite => (p::HARD_FLUSH, 3),
            // remove
            DataStoreFault::PendingSkipsRemoves => (p::PENDING, 1),
            // add a; soft_flush; add a again; soft_flush
            DataStoreFault::SoftFlushReturnsQueueLength => (p::SOFT_FLUSH, 4),
            // flush_key
            DataStoreFault::FlushKeyOnlyQueues => (p::FLUSH_KEY, 1),
            // add; reset
            DataStoreFault::ResetKeepsQueue => (p::RESET, 2),
            // add; reopen — or add; reopen (write-behind)
            DataStoreFault::ForgetsOnReopen | DataStoreFault::FlushNotDurable => (p::REOPEN, 2),
            // add; remove; reopen — or add; add again; reopen
            DataStoreFault::RemoveNotDurable | DataStoreFault::OverwriteNotDurable => {
                (p::REOPEN, 3)
            }
            // add, expiring soon; load once it has expired (which rules out a store
            // that goes by its callers' now, which may not know the time right after a
            // reopen); reopen — or, one-minimal too: add, written expired; reopen; a
            // call that passes now; load
            DataStoreFault::ExpirationNotDurable => (p::REOPEN, 3),
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
            | DataStoreFault::LoadAllStopsAtAbsentKey
            | DataStoreFault::PendingAfterAdd
            | DataStoreFault::ServesEntriesWrittenExpired
            | DataStoreFault::RowsKeyedByConcatenation
            | DataStoreFault::WriteThroughClaimsNull
            | DataStoreFault::ForgetsOnReopen
            | DataStoreFault::RemoveNotDurable
            | DataStoreFault::OverwriteNotDurable
            | DataStoreFault::ExpirationNotDurable
            | DataStoreFault::AcksBeforeDurable
            | DataStoreFault::AddWritesBackStaleCopy => DataStoreKind::WriteThrough,
            DataStoreFault::NullLoadsLastAdd
            | DataStoreFault::NullCountsPending
            | DataStoreFault::NullSoftFlushNumbers => DataStoreKind::Null,
            DataStoreFault::KeepsOldestWrite
            | DataStoreFault::PendingSkipsRemoves
            | DataStoreFault::SoftFlushReturnsQueueLength
            | DataStoreFault::FlushKeyOnlyQueues
            | DataStoreFault::ResetKeepsQueue
            | DataStoreFault::WriteBehindClaimsNull
            | DataStoreFault::FlushNotDurable => DataStoreKind::WriteBehind,
        }
    }
}
