//! [`RecordStoreFault`]: the bugs a [`FaultyRecordStore`](super::FaultyRecordStore) can
//! have, and the property that catches each.

use storage_conformance::property::PropertyInfo;

/// The single bug a [`FaultyRecordStore`](super::FaultyRecordStore) has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordStoreFault {
    /// An overwrite resets the version to 0.
    VersionResetOnOverwrite,
    /// A touching `get` of a record with `u32::MAX` hits wraps them to 0.
    HitsWrap,
    /// A successful `Client` put leaves the record dirty.
    DirtyAfterWriteThrough,
    /// A put whose `add` failed marks the record it left in memory clean.
    CleanAfterFailedAdd,
    /// A put with `Load` provenance writes through with `add`.
    LoadWritesThrough,
    /// An overwrite fires `on_put` without the value it replaced, as for a new key.
    OverwriteFiresPutWithoutOldValue,
    /// Removing a missing key fires `on_remove`.
    RemoveEventForMissingKey,
    /// The TTL of a put's expiry policy is ignored.
    TtlIgnored,
    /// A TTL of more than 1 ms expires one millisecond early: at `creation_time + ttl - 1`.
    TtlOneMillisecondEarly,
    /// `evict_expired` evicts every expired record whatever the percentage, 0 included.
    EvictExpiredIgnoresPercentage,
    /// Under a map default expiry policy, a put's own policy is ignored.
    RecordPolicyIgnoredUnderDefault,
    /// A put whose data-store call failed returns `Ok(None)`.
    ErrorSwallowed,
    /// A writing remove leaves the value in the data store (it comes back through
    /// load-through).
    RemoveLeavesValueInDataStore,
    /// `evict` and `evict_all` evict dirty records too, losing their values.
    EvictsDirtyRecords,
    /// `owned_entry_cost` is a running total that writes add to and nothing takes from:
    /// it stays above 0 once memory is empty again.
    OwnedCostNeverShrinks,
    /// `fetch_keys` ignores the cursor and starts again.
    CursorRestarts,
    /// `should_evict` takes a max cost of 0 as a limit of 0 instead of no limit: any
    /// store holding a record should evict.
    ShouldEvictWithoutLimit,
    /// `should_evict` compares the number of records, not their cost, with the max cost.
    ShouldEvictCountsEntries,
    /// `for_each_boxed` with `is_backup = true` visits expired records too.
    ForEachBackupVisitsExpired,
    /// `init` registers the observers the store was built with a second time, so every
    /// notification reaches each of them twice.
    InitRegistersObserversAgain,
    /// `init` empties the store with `reset`, firing `on_reset`.
    InitResetsStore,
    /// `partition_id` returns 0 whatever partition the store was given.
    PartitionIdZero,
    /// Every data-store call names the kit's default map, `"map"`, instead of the map
    /// the store serves (consistently, so values still round-trip).
    DataStoreMapNameFixed,
    /// `evict` and `evict_all` hand an unsaved record to `flush_key` with the value it
    /// had before its latest write, then evict it: the latest acknowledged value is lost.
    FlushesStaleValue,
    /// `evict_expired` of every expired record (100 % and more) takes them out of the
    /// engine without telling the observers.
    EvictExpiredSilently,
}

impl RecordStoreFault {
    /// Every fault, for reports and tests that go through them all.
    pub const ALL: [RecordStoreFault; 25] = [
        RecordStoreFault::VersionResetOnOverwrite,
        RecordStoreFault::HitsWrap,
        RecordStoreFault::DirtyAfterWriteThrough,
        RecordStoreFault::CleanAfterFailedAdd,
        RecordStoreFault::LoadWritesThrough,
        RecordStoreFault::OverwriteFiresPutWithoutOldValue,
        RecordStoreFault::RemoveEventForMissingKey,
        RecordStoreFault::TtlIgnored,
        RecordStoreFault::TtlOneMillisecondEarly,
        RecordStoreFault::EvictExpiredIgnoresPercentage,
        RecordStoreFault::RecordPolicyIgnoredUnderDefault,
        RecordStoreFault::ErrorSwallowed,
        RecordStoreFault::RemoveLeavesValueInDataStore,
        RecordStoreFault::EvictsDirtyRecords,
        RecordStoreFault::OwnedCostNeverShrinks,
        RecordStoreFault::CursorRestarts,
        RecordStoreFault::ShouldEvictWithoutLimit,
        RecordStoreFault::ShouldEvictCountsEntries,
        RecordStoreFault::ForEachBackupVisitsExpired,
        RecordStoreFault::InitRegistersObserversAgain,
        RecordStoreFault::InitResetsStore,
        RecordStoreFault::PartitionIdZero,
        RecordStoreFault::DataStoreMapNameFixed,
        RecordStoreFault::FlushesStaleValue,
        RecordStoreFault::EvictExpiredSilently,
    ];

    /// The property that must catch this fault, and the number of steps of its minimal
    /// counterexample (the sequence in the comment).
    pub fn target(self) -> (PropertyInfo, usize) {
        use storage_conformance::recordstore::properties as p;
        match self {
            // put a; put a — or put_backup a (hits u32::MAX); get a, touching
            RecordStoreFault::VersionResetOnOverwrite | RecordStoreFault::HitsWrap => {
                (p::METADATA, 2)
            }
            // put a with Client
            RecordStoreFault::DirtyAfterWriteThrough => (p::DIRTY_TRACKING, 1),
            // put a with Backup; the next add fails; put a with Client
            RecordStoreFault::CleanAfterFailedAdd => (p::DIRTY_TRACKING, 3),
            // put a with Load — or, for a map other than "map", put a (its add names
            // "map")
            RecordStoreFault::LoadWritesThrough | RecordStoreFault::DataStoreMapNameFixed => {
                (p::PROVENANCE, 1)
            }
            // put a; put a
            RecordStoreFault::OverwriteFiresPutWithoutOldValue => (p::OBSERVER_EVENTS, 2),
            // remove a
            RecordStoreFault::RemoveEventForMissingKey => (p::OBSERVER_EVENTS, 1),
            // put a with a TTL of 1 (2 for the second); advance 1; get a (or has_expired
            // a) — for the third, evict_expired(0) instead of the get, for the last
            // for_each_boxed(…, true)
            RecordStoreFault::TtlIgnored
            | RecordStoreFault::TtlOneMillisecondEarly
            | RecordStoreFault::EvictExpiredIgnoresPercentage
            | RecordStoreFault::ForEachBackupVisitsExpired => (p::EXPIRY, 3),
            // under a default TTL: put a with a shorter TTL; advance; get a
            RecordStoreFault::RecordPolicyIgnoredUnderDefault => (p::EXPIRY_DEFAULTS, 3),
            // the next add fails; put a
            RecordStoreFault::ErrorSwallowed => (p::FAULTS, 2),
            // put a; remove a; get a
            RecordStoreFault::RemoveLeavesValueInDataStore => (p::MODEL_EQUIVALENCE, 3),
            // put a with Backup; evict_all
            RecordStoreFault::EvictsDirtyRecords => (p::EVICTION, 2),
            // put a; remove a (or clear)
            RecordStoreFault::OwnedCostNeverShrinks => (p::COST, 2),
            // put a; put a with Backup (unsaved); evict a (flushes the first value)
            RecordStoreFault::FlushesStaleValue => (p::EVICTION, 3),
            // put a; put b; a walk at size 1
            RecordStoreFault::CursorRestarts => (p::CURSOR, 3),
            // put a (under a max cost of 0 for the first, of less than a record's cost
            // for the second)
            RecordStoreFault::ShouldEvictWithoutLimit
            | RecordStoreFault::ShouldEvictCountsEntries => (p::SHOULD_EVICT, 1),
            // one op that notifies, clear or put a (each observer gets it twice)
            RecordStoreFault::InitRegistersObserversAgain => (p::INIT, 1),
            // put a with a TTL of 1; advance 1; evict_expired(100): no on_evict
            RecordStoreFault::EvictExpiredSilently => (p::OBSERVER_EVENTS, 3),
            // nothing: init alone fires on_reset
            RecordStoreFault::InitResetsStore => (p::INIT, 0),
            // nothing: right after init, partition_id() is 0, not the partition given
            RecordStoreFault::PartitionIdZero => (p::IDENTITY, 0),
        }
    }
}
