//! The open points of the spec this suite's properties meet, and their options
//! ([`crate::readings`]).
//!
//! By default the suite accepts every option of every reading; an implementer who
//! follows one pins it, and gets that option's stricter checks:
//!
//! ```ignore
//! record_store_conformance!(my_store, |parts: RecordStoreParts| Box::new(MyStore::new(parts)),
//!     configure = |c| c
//!         .pin(storage_conformance::recordstore::readings::NEW_KEY_VERSION_ONE)
//!         .pin(storage_conformance::recordstore::readings::UNSAVED_EVICTION_FLUSH));
//! ```
//!
//! Each reading is a [`Reading`] constant; each of its options a [`Choice`] constant
//! named after both (`NEW_KEY_VERSION_ONE`). The first option of each reading is the
//! reference `DefaultRecordStore`'s.

use crate::readings::{Choice, Reading, ReadingOption};

/// Declares a reading and one [`Choice`] constant per option.
macro_rules! reading {
    (
        $(#[$doc:meta])*
        $name:ident = $id:literal,
        question: $question:literal,
        shared: $shared:literal,
        options: [$($choice:ident = $option:literal: $meaning:literal),+ $(,)?]
    ) => {
        $(#[$doc])*
        pub const $name: Reading = Reading {
            id: $id,
            question: $question,
            options: &[$(ReadingOption { id: $option, meaning: $meaning }),+],
            shared: $shared,
        };
        $(
            #[doc = concat!("Pins `", $id, " = ", $option, "`: ", $meaning)]
            pub const $choice: Choice = Choice { reading: $id, option: $option };
        )+
    };
}

reading!(
    /// Evicting a record whose latest value the data store has not accepted.
    UNSAVED_EVICTION = "recordstore_unsaved_eviction",
    question: "What evict and evict_all do with a record whose latest value the data store has not accepted",
    shared: "no acknowledged write is lost: a record leaves memory by eviction only once the data store has accepted its latest value",
    options: [
        UNSAVED_EVICTION_KEEP = "keep": "leaves it in memory: evict returns None and evict_all does not count it",
        UNSAVED_EVICTION_FLUSH = "flush": "hands it to flush_key(map, key, value, _) and evicts it once the flush succeeded (a saved record may be flushed too)",
    ]
);

reading!(
    /// The old value `put` and `remove` see for a key not in memory.
    WRITE_OLD_VALUE = "recordstore_write_old_value",
    question: "What put and remove do about a key with no live record in memory, whose old value only the data store may hold",
    shared: "the value returned is the live in-memory value, or, for a key not in memory, None or the value the data store holds; a writing remove leaves nothing in the data store to come back",
    options: [
        WRITE_OLD_VALUE_MEMORY = "memory": "looks at memory only: put returns None and fires on_put as for a new key, remove returns None",
        WRITE_OLD_VALUE_LOAD = "load": "loads the old value from the data store first (a Client write always does) and returns it, without keeping it in memory",
        WRITE_OLD_VALUE_LOAD_THROUGH = "load_through": "reads the key as get does first (a Client write always does): a value found is loaded into memory with on_load, then overwritten or removed",
    ]
);

reading!(
    /// Whether a `Load` put leaves its record saved.
    LOAD_PUT = "recordstore_load_put",
    question: "Whether a put with Load provenance (\"a value loaded from the MapDataStore\") leaves a record that counts as saved",
    shared: "a Load put never calls the data store",
    options: [
        LOAD_PUT_SAVED = "saved": "the record is clean: the value came from the data store",
        LOAD_PUT_UNSAVED = "unsaved": "the record is marked as any write the data store has not accepted",
    ]
);

reading!(
    /// The notification of a `Load` put of a new key.
    LOAD_PUT_EVENT = "recordstore_load_put_event",
    question: "Which notification a put with Load provenance of a key not in memory fires",
    shared: "exactly one notification per observer, carrying the record as stored",
    options: [
        LOAD_PUT_EVENT_ON_PUT = "on_put": "on_put, as any write of a new key",
        LOAD_PUT_EVENT_ON_LOAD = "on_load": "on_load, since the value came from the data store",
    ]
);

reading!(
    /// The notification of a `Replication` write.
    REPLICATION_EVENT = "recordstore_replication_event",
    question: "Which notification a write with Replication provenance fires",
    shared: "exactly one notification per observer, carrying the record as stored",
    options: [
        REPLICATION_EVENT_ON_PUT = "on_put": "on_put or on_update, as any write",
        REPLICATION_EVENT_ON_REPLICATION_PUT = "on_replication_put": "on_replication_put(key, record, populate_index), whatever populate_index",
    ]
);

reading!(
    /// The notification of an overwrite.
    OVERWRITE_EVENT = "recordstore_overwrite_event",
    question: "Which notification an overwrite of a live record fires",
    shared: "exactly one notification per observer, carrying the record as stored and the value it replaced",
    options: [
        OVERWRITE_EVENT_ON_UPDATE = "on_update": "on_update(key, record, old, new, is_backup)",
        OVERWRITE_EVENT_ON_PUT_WITH_OLD = "on_put_with_old": "on_put(key, record, Some(old), is_backup)",
    ]
);

reading!(
    /// The notification of an expired record leaving memory.
    EXPIRED_EVENT = "recordstore_expired_event",
    question: "Which notification an operation fires when it removes an expired record it met (evict_expired always notifies)",
    shared: "at most one notification per observer for the expired record, never a write's notification",
    options: [
        EXPIRED_EVENT_ON_EVICT = "on_evict": "on_evict(key, record, is_backup)",
        EXPIRED_EVENT_ON_REMOVE = "on_remove": "on_remove(key, record, is_backup)",
        EXPIRED_EVENT_SILENT = "silent": "none",
    ]
);

reading!(
    /// Whether an operation that meets an expired record removes it.
    EXPIRED_MET = "recordstore_expired_met",
    question: "Whether a read that meets an expired record in memory removes it",
    shared: "the read treats the key as absent; a write or removal replaces or removes the record",
    options: [
        EXPIRED_MET_DROP = "drop": "removes it from memory",
        EXPIRED_MET_KEEP = "keep": "leaves it in memory until it is evicted, replaced or removed",
    ]
);

reading!(
    /// What a read returns for a key whose record expired in memory.
    EXPIRED_READ = "recordstore_expired_read",
    question: "What get and get_all do for a key whose record in memory has expired",
    shared: "they never return the expired record",
    options: [
        EXPIRED_READ_RELOAD = "reload": "load the key again from the data store, as for a key not in memory",
        EXPIRED_READ_ABSENT = "absent": "return nothing for it, without loading",
    ]
);

reading!(
    /// The version of a new key.
    NEW_KEY_VERSION = "recordstore_new_key_version",
    question: "The version a new record starts at",
    shared: "every overwrite adds exactly 1, saturating at u32::MAX",
    options: [
        NEW_KEY_VERSION_ZERO = "zero": "0, as RecordMetadata::new gives",
        NEW_KEY_VERSION_ONE = "one": "1: the first write is the first version",
    ]
);

reading!(
    /// Whether a write counts as an access.
    WRITE_ACCESS = "recordstore_write_access",
    question: "Whether an overwrite counts as an access (last_access_time and hits)",
    shared: "a new record has no hits and was last accessed at its creation",
    options: [
        WRITE_ACCESS_NOT_ACCESS = "not_access": "an overwrite keeps last_access_time and hits",
        WRITE_ACCESS_ACCESS = "access": "an overwrite also records an access: one more hit, saturating, and last_access_time at the clock",
    ]
);

reading!(
    /// Whether `get_all` touches.
    GET_ALL_TOUCH = "recordstore_get_all_touch",
    question: "Whether get_all counts as an access of the records it returns",
    shared: "get_all changes nothing else of the records it finds in memory",
    options: [
        GET_ALL_TOUCH_NO_TOUCH = "no_touch": "it does not touch",
        GET_ALL_TOUCH_TOUCH = "touch": "each record returned gets one more hit and last_access_time at the clock",
    ]
);

reading!(
    /// What a touching read hands out.
    TOUCH_TIMING = "recordstore_touch_timing",
    question: "Whether the record a touching get returns (and the on_load it fires) shows the access it records",
    shared: "the record stored afterwards shows the access",
    options: [
        TOUCH_TIMING_RETURNS_TOUCHED = "returns_touched": "the record returned and notified has the access recorded",
        TOUCH_TIMING_RETURNS_UNTOUCHED = "returns_untouched": "the record returned and notified is the one read, before the access",
    ]
);

reading!(
    /// How an unsaved write shows that it is dirty.
    DIRTY_MARK = "recordstore_dirty_mark",
    question: "What last_stored_time a write the data store has not accepted leaves",
    shared: "a write the data store accepted is clean; the store never evicts an unsaved record without saving it first",
    options: [
        DIRTY_MARK_STORED_ZERO = "stored_zero": "0 (never stored), so the record is dirty",
        DIRTY_MARK_STORED_KEPT = "stored_kept": "the record's previous last_stored_time, so it is dirty unless it was written in the millisecond of its last store",
    ]
);

reading!(
    /// Evicting a record whose metadata says clean although this store never saved it.
    CLAIMED_CLEAN = "recordstore_claimed_clean",
    question: "Whether eviction trusts a record that was given as clean (a Load put that counts as saved, a backup record kept as given) although the data store never accepted it from this store",
    shared: "a record the data store accepted is evicted; one never saved and not given as clean is not",
    options: [
        CLAIMED_CLEAN_EVICTABLE = "evictable": "evicts it as clean",
        CLAIMED_CLEAN_KEPT = "kept": "keeps it, as unsaved",
    ]
);

reading!(
    /// Whether the backup operations write through.
    BACKUP_WRITE_THROUGH = "recordstore_backup_write_through",
    question: "Whether put_backup and remove_backup write through to the data store",
    shared: "when they do, with add_backup and remove_backup",
    options: [
        BACKUP_WRITE_THROUGH_PROVENANCE = "provenance": "as put and remove of the same provenance do",
        BACKUP_WRITE_THROUGH_NEVER = "never": "never: a backup copy is the primary's to persist",
    ]
);

reading!(
    /// The metadata of a backup record.
    BACKUP_METADATA = "recordstore_backup_metadata",
    question: "Which metadata put_backup stores for a key not in memory",
    shared: "the given value; a record stored as given keeps the given counters",
    options: [
        BACKUP_METADATA_GIVEN = "given": "the given metadata, marked clean or unsaved as any write of its provenance",
        BACKUP_METADATA_AS_GIVEN = "as_given": "the given metadata exactly (cost aside)",
        BACKUP_METADATA_FRESH = "fresh": "a new record's metadata at the clock, as put gives",
    ]
);

reading!(
    /// `put_backup` over a live record.
    BACKUP_EXISTING = "recordstore_backup_existing",
    question: "What put_backup of a key with a live record stores",
    shared: "the given value",
    options: [
        BACKUP_EXISTING_OVERWRITE = "overwrite": "an overwrite of the live record: version + 1, creation time kept",
        BACKUP_EXISTING_REPLACE = "replace": "the given record, with the metadata recordstore_backup_metadata gives a new key",
    ]
);

reading!(
    /// What a `Backup` write asks of the data store.
    BACKUP_PROVENANCE = "recordstore_backup_provenance",
    question: "What a put or remove with Backup provenance (\"a copy received from the partition owner\") asks of the data store",
    shared: "a write the data store accepted is saved; one it was not asked to keep is not",
    options: [
        BACKUP_PROVENANCE_NONE = "none": "nothing: the owner persists it",
        BACKUP_PROVENANCE_BACKUP_ENTRY = "backup_entry": "add_backup / remove_backup",
        BACKUP_PROVENANCE_PRIMARY_ENTRY = "primary_entry": "add / remove, as a Client write",
    ]
);

reading!(
    /// Whether a `Replication` write goes to the data store.
    REPLICATION_PROVENANCE = "recordstore_replication_provenance",
    question: "Whether a put or remove with Replication provenance writes through",
    shared: "a write the data store accepted is saved; one it was not asked to keep is not",
    options: [
        REPLICATION_PROVENANCE_NONE = "none": "no: the replica that sent it persists it",
        REPLICATION_PROVENANCE_WRITE_THROUGH = "write_through": "yes, with add / remove",
    ]
);

reading!(
    /// Whether a `CrdtMerge` write goes to the data store.
    CRDT_MERGE_PROVENANCE = "recordstore_crdt_merge_provenance",
    question: "Whether a put or remove with CrdtMerge provenance writes through",
    shared: "a write the data store accepted is saved; one it was not asked to keep is not",
    options: [
        CRDT_MERGE_PROVENANCE_WRITE_THROUGH = "write_through": "yes, with add / remove: a merge makes a new value",
        CRDT_MERGE_PROVENANCE_NONE = "none": "no",
    ]
);

reading!(
    /// What memory holds after a failed write.
    FAILED_WRITE = "recordstore_failed_write",
    question: "What memory holds after a put or put_backup whose data-store call failed (and returned Err)",
    shared: "the operation returns Err, no acknowledged value is lost and the failed value never looks saved",
    options: [
        FAILED_WRITE_UNCHANGED = "unchanged": "memory, metadata and observers as before the call",
        FAILED_WRITE_KEPT_UNSAVED = "kept_unsaved": "the new value, as an unsaved write, notified as such",
    ]
);

reading!(
    /// How `get_all` loads what is not in memory.
    GET_ALL_LOADING = "recordstore_get_all_loading",
    question: "How get_all loads the keys it does not find in memory",
    shared: "every requested key not in memory is asked of the data store",
    options: [
        GET_ALL_LOADING_LOAD = "load": "with load, one key at a time",
        GET_ALL_LOADING_LOAD_ALL = "load_all": "with one load_all of those keys",
    ]
);

reading!(
    /// The expiry boundary.
    EXPIRY_BOUNDARY = "recordstore_expiry_boundary",
    question: "Whether a record is expired at its deadline or only after it",
    shared: "a record is live before its deadline and expired a millisecond after it",
    options: [
        EXPIRY_BOUNDARY_AT_DEADLINE = "at_deadline": "expired once now >= deadline",
        EXPIRY_BOUNDARY_AFTER_DEADLINE = "after_deadline": "expired once now > deadline",
    ]
);

reading!(
    /// The reason `has_expired` gives when both deadlines passed.
    EXPIRY_REASON = "recordstore_expiry_reason",
    question: "Which reason has_expired reports when both the TTL and the max idle deadline have passed",
    shared: "Ttl or MaxIdle, never NotExpired",
    options: [
        EXPIRY_REASON_TTL_FIRST = "ttl_first": "Ttl",
        EXPIRY_REASON_MAX_IDLE_FIRST = "max_idle_first": "MaxIdle",
        EXPIRY_REASON_EARLIEST = "earliest": "the reason whose deadline came first (Ttl on a tie)",
    ]
);

reading!(
    /// How many records `evict_expired` removes.
    EVICT_EXPIRED_COUNT = "recordstore_evict_expired_count",
    question: "How many expired records evict_expired(p, ..) removes, \"up to a percentage of total expirable entries\"",
    shared: "only expired records, none for 0%, every expired one for 100% or more",
    options: [
        EVICT_EXPIRED_COUNT_FLOOR_MIN_ONE = "floor_min_one": "min(expired, max(1, expirable * min(p, 100) / 100 rounded down))",
        EVICT_EXPIRED_COUNT_FLOOR = "floor": "min(expired, expirable * min(p, 100) / 100 rounded down)",
        EVICT_EXPIRED_COUNT_CEIL = "ceil": "min(expired, expirable * min(p, 100) / 100 rounded up)",
    ]
);

reading!(
    /// The cost limit's boundary.
    COST_LIMIT = "recordstore_cost_limit",
    question: "Whether should_evict is true at the cost limit or only above it",
    shared: "never without a limit (max_cost 0); true above the limit, false below it",
    options: [
        COST_LIMIT_EXCEEDS = "exceeds": "owned_entry_cost() > max_cost",
        COST_LIMIT_REACHES = "reaches": "owned_entry_cost() >= max_cost",
    ]
);

reading!(
    /// What `owned_entry_cost` counts.
    OWNED_COST = "recordstore_owned_cost",
    question: "Whether owned_entry_cost is the engine's estimated_cost or adds the store's own overhead",
    shared: "owned_entry_cost() >= storage().estimated_cost(), and 0 when memory is empty",
    options: [
        OWNED_COST_ENGINE = "engine": "owned_entry_cost() == storage().estimated_cost()",
        OWNED_COST_WITH_OVERHEAD = "with_overhead": "more than storage().estimated_cost() whenever memory holds a record",
    ]
);

reading!(
    /// Whether `clear` reaches the data store.
    CLEAR_DATA_STORE = "recordstore_clear_data_store",
    question: "Whether clear (\"used by IMap.clear()\") also deletes the cleared keys from the data store",
    shared: "memory is emptied and on_clear fires once",
    options: [
        CLEAR_DATA_STORE_MEMORY_ONLY = "memory_only": "no: values persisted earlier can come back through load-through",
        CLEAR_DATA_STORE_REMOVE_ALL = "remove_all": "a primary clear also calls remove_all(map, keys in memory) (a backup clear may)",
    ]
);

reading!(
    /// The flag of `on_destroy`.
    DESTROY_FLAG = "recordstore_destroy_flag",
    question: "The is_shutdown flag destroy passes to on_destroy",
    shared: "on_destroy fires once",
    options: [
        DESTROY_FLAG_NOT_SHUTDOWN = "not_shutdown": "false: destroying a map is not a node shutdown",
        DESTROY_FLAG_SHUTDOWN = "shutdown": "true",
    ]
);

reading!(
    /// A destroyed store.
    AFTER_DESTROY = "recordstore_after_destroy",
    question: "Whether a store can be used after destroy (\"release all resources\")",
    shared: "destroy empties memory; a destroyed store never panics or hangs, and keeps its name and partition",
    options: [
        AFTER_DESTROY_USABLE = "usable": "it works on as an empty store",
        AFTER_DESTROY_UNUSABLE = "unusable": "nothing after destroy is checked but that it returns",
    ]
);

reading!(
    /// How a map default expiry policy combines with a record's own.
    DEFAULT_EXPIRY = "recordstore_default_expiry",
    question: "How the map's default expiry policy combines with a record's own policy",
    shared: "a record with no policy of its own (ExpiryPolicy::NONE, loaded, a new backup record) gets the default; a limit the record sets wins",
    options: [
        DEFAULT_EXPIRY_PER_FIELD = "per_field": "each field the record's policy leaves at 0 comes from the default",
        DEFAULT_EXPIRY_WHOLE_POLICY = "whole_policy": "the default applies only to a record whose own policy is ExpiryPolicy::NONE",
    ]
);

reading!(
    /// What `soft_flush` asks of the data store.
    SOFT_FLUSH = "recordstore_soft_flush",
    question: "Which data-store call the record store's soft_flush (\"Flush pending writes to the backing MapDataStore\") makes",
    shared: "one flush call, whose error is returned",
    options: [
        SOFT_FLUSH_SOFT_FLUSH = "soft_flush": "soft_flush",
        SOFT_FLUSH_HARD_FLUSH = "hard_flush": "hard_flush",
    ]
);

reading!(
    /// The expiration time a write hands the data store.
    EXPIRATION_TIME = "recordstore_expiration_time",
    question: "Which expiration_time a write hands the data store",
    shared: "0 for a record that cannot expire",
    options: [
        EXPIRATION_TIME_TTL = "ttl": "the TTL deadline (creation_time + ttl), or 0 without a TTL: max idle is the record store's business",
        EXPIRATION_TIME_EARLIEST_DEADLINE = "earliest_deadline": "the earlier of the TTL and the max idle deadlines",
    ]
);

/// Every reading of the suite.
pub const ALL: &[Reading] = &[
    UNSAVED_EVICTION,
    WRITE_OLD_VALUE,
    LOAD_PUT,
    LOAD_PUT_EVENT,
    REPLICATION_EVENT,
    OVERWRITE_EVENT,
    EXPIRED_EVENT,
    EXPIRED_MET,
    EXPIRED_READ,
    NEW_KEY_VERSION,
    WRITE_ACCESS,
    GET_ALL_TOUCH,
    TOUCH_TIMING,
    DIRTY_MARK,
    CLAIMED_CLEAN,
    BACKUP_WRITE_THROUGH,
    BACKUP_METADATA,
    BACKUP_EXISTING,
    BACKUP_PROVENANCE,
    REPLICATION_PROVENANCE,
    CRDT_MERGE_PROVENANCE,
    FAILED_WRITE,
    GET_ALL_LOADING,
    EXPIRY_BOUNDARY,
    EXPIRY_REASON,
    EVICT_EXPIRED_COUNT,
    COST_LIMIT,
    OWNED_COST,
    CLEAR_DATA_STORE,
    DESTROY_FLAG,
    AFTER_DESTROY,
    DEFAULT_EXPIRY,
    SOFT_FLUSH,
    EXPIRATION_TIME,
];
