//! The record-store properties: what each checks and the capability it needs.

use super::capabilities::{
    CONFIG_DEFAULTS, INJECTED_CLOCK, INJECTED_DATA_STORE, MAX_COST, OBSERVERS,
};
use super::rules::{
    CALLS_ARGUMENTS, CALLS_BACKUP_OPERATIONS, CALLS_BACKUP_PROVENANCE, CALLS_CLIENT,
    CALLS_CRDT_MERGE_PROVENANCE, CALLS_EXPIRATION, CALLS_FLUSH, CALLS_GET_ALL, CALLS_LOAD,
    CALLS_LOAD_PUT, CALLS_NOTHING_ELSE, CALLS_REPLICATION_PROVENANCE, CALLS_SOFT_FLUSH,
    CALLS_WRITE_LOAD, CLEAR, CLEAR_DATA_STORE, DIRTY_LOAD_PUT, DIRTY_SAVED, DIRTY_UNSAVED,
    EVENT_DESTROY, EVENT_EXPIRED, EVENT_LOAD_PUT, EVENT_OVERWRITE, EVENT_REPLICATION,
    EVENT_WRITE_LOADED, EVENTS, EVENTS_FAN_OUT, EVICT_ALL_COUNT, EVICT_CLAIMED, EVICT_EXPIRED,
    EVICT_EXPIRED_COUNT, EVICT_SAVED, EVICT_UNSAVED, EXISTS, EXPIRED_MET, FAILED_WRITE, FOR_EACH,
    GET_ALL_RETURNS, GET_RETURNS, HAS_EXPIRED, HAS_EXPIRED_REASON, INIT_EMPTY, INIT_QUIET,
    IS_EXPIRABLE, METADATA_BACKUP, METADATA_BACKUP_EXISTING, METADATA_GET_ALL, METADATA_KEPT,
    METADATA_LOADED, METADATA_NEW, METADATA_OVERWRITE, METADATA_TOUCH, METADATA_TOUCH_TIMING,
    METADATA_WRITE_ACCESS, NAME, OK_OR_ERR, OWNED_COST, PARTITION, PUT_RETURNS,
    PUT_RETURNS_NOT_IN_MEMORY, READ_EXPIRED, RECORD_COST, REMOVE_RETURNS,
    REMOVE_RETURNS_NOT_IN_MEMORY, SIZE,
};
use crate::property::{CORE, PropertyInfo, Rule};

macro_rules! record_store_property {
    ($name:ident, $id:literal, $requires:expr, $rule:literal, $rules:expr) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: $requires,
            rules: $rules,
        };
    };
}

/// What operations return, under every property that compares it.
const RETURNS: &[Rule] = &[
    OK_OR_ERR,
    PUT_RETURNS,
    PUT_RETURNS_NOT_IN_MEMORY,
    REMOVE_RETURNS,
    REMOVE_RETURNS_NOT_IN_MEMORY,
    GET_RETURNS,
    READ_EXPIRED,
    GET_ALL_RETURNS,
    EXISTS,
    SIZE,
    EVICT_SAVED,
    EVICT_UNSAVED,
    EVICT_CLAIMED,
    EVICT_ALL_COUNT,
    CLEAR,
    EXPIRED_MET,
];

/// What operations return, and what the expiry queries answer.
const EXPIRY_RULES: &[Rule] = &[
    OK_OR_ERR,
    PUT_RETURNS,
    PUT_RETURNS_NOT_IN_MEMORY,
    REMOVE_RETURNS,
    REMOVE_RETURNS_NOT_IN_MEMORY,
    GET_RETURNS,
    READ_EXPIRED,
    GET_ALL_RETURNS,
    EXISTS,
    SIZE,
    EVICT_SAVED,
    EVICT_UNSAVED,
    EVICT_CLAIMED,
    EVICT_ALL_COUNT,
    CLEAR,
    EXPIRED_MET,
    HAS_EXPIRED,
    HAS_EXPIRED_REASON,
    IS_EXPIRABLE,
    EVICT_EXPIRED,
    EVICT_EXPIRED_COUNT,
    FOR_EACH,
];

/// The records' metadata.
const METADATA_RULES: &[Rule] = &[
    METADATA_KEPT,
    METADATA_NEW,
    METADATA_OVERWRITE,
    METADATA_WRITE_ACCESS,
    METADATA_TOUCH,
    METADATA_TOUCH_TIMING,
    METADATA_GET_ALL,
    METADATA_LOADED,
    METADATA_BACKUP,
    METADATA_BACKUP_EXISTING,
    DIRTY_SAVED,
    DIRTY_UNSAVED,
    DIRTY_LOAD_PUT,
    FAILED_WRITE,
    EXPIRED_MET,
];

/// The records' dirty flags (a record whose flag is wrong breaks the rule its
/// stored time follows).
const DIRTY_RULES: &[Rule] = &[
    DIRTY_SAVED,
    DIRTY_UNSAVED,
    DIRTY_LOAD_PUT,
    METADATA_KEPT,
    METADATA_NEW,
    METADATA_OVERWRITE,
    METADATA_TOUCH,
    METADATA_LOADED,
    METADATA_BACKUP,
    METADATA_BACKUP_EXISTING,
    METADATA_GET_ALL,
    FAILED_WRITE,
    EXPIRED_MET,
];

/// The notifications.
const EVENT_RULES: &[Rule] = &[
    EVENTS_FAN_OUT,
    EVENTS,
    EVENT_OVERWRITE,
    EVENT_LOAD_PUT,
    EVENT_REPLICATION,
    EVENT_EXPIRED,
    EVENT_DESTROY,
    EVENT_WRITE_LOADED,
    METADATA_TOUCH_TIMING,
];

/// The data-store calls.
const CALL_RULES: &[Rule] = &[
    CALLS_CLIENT,
    CALLS_LOAD_PUT,
    CALLS_BACKUP_PROVENANCE,
    CALLS_REPLICATION_PROVENANCE,
    CALLS_CRDT_MERGE_PROVENANCE,
    CALLS_BACKUP_OPERATIONS,
    CALLS_LOAD,
    CALLS_GET_ALL,
    CALLS_WRITE_LOAD,
    CALLS_EXPIRATION,
    CALLS_ARGUMENTS,
    CALLS_NOTHING_ELSE,
    CALLS_FLUSH,
    CALLS_SOFT_FLUSH,
    CLEAR_DATA_STORE,
    READ_EXPIRED,
];

/// A fresh store after init, and the notifications after it.
const INIT_RULES: &[Rule] = &[
    INIT_EMPTY,
    INIT_QUIET,
    EVENTS_FAN_OUT,
    EVENTS,
    EVENT_OVERWRITE,
    EVENT_LOAD_PUT,
    EVENT_REPLICATION,
    EVENT_EXPIRED,
    EVENT_DESTROY,
    EVENT_WRITE_LOADED,
    METADATA_TOUCH_TIMING,
];

record_store_property!(
    MODEL_EQUIVALENCE,
    "recordstore_model_equivalence",
    INJECTED_DATA_STORE,
    "get, put, remove, get_all, exists_in_memory, size, evict and clear return what the contract's model returns, loading through from the data store",
    RETURNS
);

record_store_property!(
    METADATA,
    "recordstore_metadata",
    INJECTED_CLOCK,
    "records carry the contract's metadata: new keys version 0, hits 0 and times at the clock; overwrites bump the version and keep creation time and hits; touching reads bump hits and access time; counters saturate at u32::MAX",
    METADATA_RULES
);
record_store_property!(
    OBSERVER_EVENTS,
    "recordstore_observer_events",
    OBSERVERS,
    "every injected observer receives exactly the contract's notifications, with their arguments and is_backup flags, in operation order, and none for no-ops",
    EVENT_RULES
);
record_store_property!(
    PROVENANCE,
    "recordstore_provenance",
    INJECTED_DATA_STORE,
    "Client and CrdtMerge write through with add/remove (add_backup/remove_backup for backup operations), Backup, Replication and Load never call the data store",
    CALL_RULES
);

record_store_property!(
    DIRTY_TRACKING,
    "recordstore_dirty_tracking",
    INJECTED_DATA_STORE,
    "a record is clean after a successful write-through or a load, dirty while the data store has not accepted its latest value, and never clean after a failed write",
    DIRTY_RULES
);
record_store_property!(
    FAULTS,
    "recordstore_faults",
    INJECTED_DATA_STORE,
    "an operation whose data-store call fails returns Err and changes nothing, and no write that returned Ok is lost afterwards",
    RETURNS
);
record_store_property!(
    EVICTION,
    "recordstore_eviction",
    INJECTED_DATA_STORE,
    "evict and evict_all evict only clean records, so get afterwards returns the latest acknowledged value whenever the data store keeps values; evict_all and clear return the right counts",
    RETURNS
);
record_store_property!(
    SHOULD_EVICT,
    "recordstore_should_evict",
    MAX_COST,
    "should_evict() is true exactly when the map's max cost is above 0 and owned_entry_cost() exceeds it, after every operation",
    &[super::rules::SHOULD_EVICT]
);

record_store_property!(
    EXPIRY,
    "recordstore_expiry",
    INJECTED_CLOCK,
    "with the injected clock, TTL counts from creation and max idle from the last access, a record expires once now >= deadline, get/get_all/for_each_boxed (primary or backup) never return an expired record, evict_expired removes only expired records and honours the percentage, and has_expired and is_expirable agree",
    EXPIRY_RULES
);
record_store_property!(
    EXPIRY_DEFAULTS,
    "recordstore_expiry_defaults",
    CONFIG_DEFAULTS,
    "under a map default expiry policy, each field a record's own policy leaves at 0 comes from the default and each field it sets wins; loaded records and new backup records get the default",
    EXPIRY_RULES
);
record_store_property!(
    COST,
    "recordstore_cost",
    CORE,
    "owned_entry_cost() == storage().estimated_cost() after every operation, and every stored record's cost is greater than 0",
    &[OWNED_COST, RECORD_COST]
);
record_store_property!(
    CURSOR,
    "recordstore_cursor",
    CORE,
    "fetch_keys and fetch_entries walk the store's engine as the engine suite's cursor rules require, with writes, removes and reads between pages",
    super::rules::CURSOR
);
record_store_property!(
    INIT,
    "recordstore_init",
    OBSERVERS,
    "init on a fresh store leaves it empty, fires no notification, makes no data-store call, and registers the injected observers once each: every later notification reaches each observer once, in order",
    INIT_RULES
);
record_store_property!(
    IDENTITY,
    "recordstore_identity",
    CORE,
    "name() and partition_id() return the injected map name and partition id, right after init and after every operation",
    &[NAME, PARTITION]
);

/// Every record-store property, in the order the suite runs them.
pub const ALL: &[PropertyInfo] = &[
    MODEL_EQUIVALENCE,
    METADATA,
    OBSERVER_EVENTS,
    PROVENANCE,
    DIRTY_TRACKING,
    FAULTS,
    EVICTION,
    SHOULD_EVICT,
    EXPIRY,
    EXPIRY_DEFAULTS,
    COST,
    CURSOR,
    INIT,
    IDENTITY,
    crate::concurrent::store::CONCURRENT_EVENTS,
    crate::concurrent::store::CONCURRENT_METADATA,
    crate::concurrent::store::CONCURRENT_LINEARIZABLE,
    crate::concurrent::store::CONCURRENT_WRITE_THROUGH,
];
