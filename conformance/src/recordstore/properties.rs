//! The record-store properties: what each checks and the capability it needs.

use super::capabilities::{
    CONFIG_DEFAULTS, INJECTED_CLOCK, INJECTED_DATA_STORE, MAX_COST, OBSERVERS,
};
use super::rules::{
    CALLS_ARGUMENTS, CALLS_BACKUP_OPERATIONS, CALLS_BACKUP_PROVENANCE, CALLS_CLIENT,
    CALLS_CRDT_MERGE_PROVENANCE, CALLS_EXPIRATION, CALLS_FLUSH, CALLS_GET_ALL, CALLS_LOAD,
    CALLS_LOAD_PUT, CALLS_NOTHING_ELSE, CALLS_REPLICATION_PROVENANCE, CALLS_SOFT_FLUSH,
    CALLS_WRITE_LOAD, CLEAR, CLEAR_DATA_STORE, DIRTY_LOAD_PUT, DIRTY_SAVED, DIRTY_UNSAVED,
    EVENT_DESTROY, EVENT_EVICT_EXPIRED, EVENT_EXPIRED, EVENT_LOAD_PUT, EVENT_OVERWRITE,
    EVENT_REPLICATION, EVENT_WRITE_LOADED, EVENTS, EVENTS_FAN_OUT, EVICT_ALL_COUNT, EVICT_CLAIMED,
    EVICT_EXPIRED, EVICT_EXPIRED_COUNT, EVICT_SAVED, EVICT_UNSAVED, EXISTS, EXPIRED_MET,
    FAILED_WRITE, FOR_EACH, GET_ALL_RETURNS, GET_RETURNS, HAS_EXPIRED, HAS_EXPIRED_REASON,
    INIT_EMPTY, INIT_QUIET, IS_EXPIRABLE, METADATA_BACKUP, METADATA_BACKUP_EXISTING,
    METADATA_GET_ALL, METADATA_KEPT, METADATA_LOADED, METADATA_NEW, METADATA_OVERWRITE,
    METADATA_TOUCH, METADATA_TOUCH_TIMING, METADATA_WRITE_ACCESS, NAME, OK_OR_ERR, OWNED_COST,
    PARTITION, PUT_RETURNS, PUT_RETURNS_NOT_IN_MEMORY, READ_EXPIRED, RECORD_COST, REMOVE_RETURNS,
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

/// What the expiry queries answer, then what operations return.
const EXPIRY_RULES: &[Rule] = &[
    HAS_EXPIRED,
    HAS_EXPIRED_REASON,
    IS_EXPIRABLE,
    EVICT_EXPIRED,
    EVICT_EXPIRED_COUNT,
    FOR_EACH,
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

/// What operations return, under every property that compares it.
const RETURNS: &[Rule] = EXPIRY_RULES.split_at(6).1;

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

/// A fresh store after init, then the notifications after it.
const INIT_RULES: &[Rule] = &[
    INIT_EMPTY,
    INIT_QUIET,
    EVENTS_FAN_OUT,
    EVENTS,
    EVENT_OVERWRITE,
    EVENT_LOAD_PUT,
    EVENT_REPLICATION,
    EVENT_EXPIRED,
    EVENT_EVICT_EXPIRED,
    EVENT_DESTROY,
    EVENT_WRITE_LOADED,
    METADATA_TOUCH_TIMING,
];

/// The notifications.
const EVENT_RULES: &[Rule] = INIT_RULES.split_at(2).1;

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

record_store_property!(
    MODEL_EQUIVALENCE,
    "recordstore_model_equivalence",
    INJECTED_DATA_STORE,
    "get, put, remove, get_all, exists_in_memory, size, evict and clear return what the model allows under the accepted readings, loading through from the data store: no acknowledged write is lost, no removed value comes back",
    RETURNS
);

record_store_property!(
    METADATA,
    "recordstore_metadata",
    INJECTED_CLOCK,
    "records carry the metadata the rules allow: new records no hits and times at the clock; overwrites bump the version and keep the creation time; touching reads bump hits and the access time; counters saturate at u32::MAX",
    METADATA_RULES
);
record_store_property!(
    OBSERVER_EVENTS,
    "recordstore_observer_events",
    OBSERVERS,
    "every injected observer receives the notifications the rules allow, with their arguments and is_backup flags, in operation order, and none for no-ops",
    EVENT_RULES
);
record_store_property!(
    PROVENANCE,
    "recordstore_provenance",
    INJECTED_DATA_STORE,
    "Client writes go through with add/remove (add_backup/remove_backup for backup operations), Load puts never call the data store, the other provenances as their readings say, and every call names the store's map",
    CALL_RULES
);

record_store_property!(
    DIRTY_TRACKING,
    "recordstore_dirty_tracking",
    INJECTED_DATA_STORE,
    "a record is clean once the data store accepted its latest value, marked dirty as the readings allow while it has not, and never clean after a failed write",
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
    "evict and evict_all evict saved records, and unsaved ones only after flushing them, so get afterwards returns the latest acknowledged value whenever the data store keeps values; evict_all and clear return the right counts",
    RETURNS
);
record_store_property!(
    SHOULD_EVICT,
    "recordstore_should_evict",
    MAX_COST,
    "should_evict() is false without a cost limit or below it, true above it, and at it as the cost-limit reading says, after every operation",
    &[super::rules::SHOULD_EVICT]
);

record_store_property!(
    EXPIRY,
    "recordstore_expiry",
    INJECTED_CLOCK,
    "with the injected clock, TTL counts from creation and max idle from the last access, a record expires at or after its deadline, get/get_all/for_each_boxed (primary or backup) never return an expired record, evict_expired removes only expired records and honours the percentage, and has_expired and is_expirable agree",
    EXPIRY_RULES
);
record_store_property!(
    EXPIRY_DEFAULTS,
    "recordstore_expiry_defaults",
    CONFIG_DEFAULTS,
    "under a map default expiry policy, a record without a policy of its own gets the default and a limit its policy sets wins; loaded records and new backup records get the default",
    EXPIRY_RULES
);
record_store_property!(
    COST,
    "recordstore_cost",
    CORE,
    "owned_entry_cost() is storage().estimated_cost() or more, and 0 when memory is empty, after every operation, and every stored record's cost is greater than 0",
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
    crate::recordstore::concurrent::CONCURRENT_EVENTS,
    crate::recordstore::concurrent::CONCURRENT_METADATA,
    crate::recordstore::concurrent::CONCURRENT_LINEARIZABLE,
    crate::recordstore::concurrent::CONCURRENT_WRITE_THROUGH,
];
