//! The data store properties: what each checks, and the rules it may report.

pub use super::crash::CRASH;
use super::kind::{NULL, PERSISTENT, WRITE_BEHIND, WRITE_THROUGH};
use super::rules as r;
use crate::property::{Basis, CORE, PropertyInfo, Rule};

/// The rules of a sequential property: every call succeeds and `is_null()` answers for
/// the kind, then `$more`.
macro_rules! rules {
    ($($more:expr),* $(,)?) => {
        &[r::CALLS_SUCCEED, r::IS_NULL, $($more),*]
    };
}

/// The rules of a property that checks loads, then `$more`.
macro_rules! load_rules {
    ($($more:expr),* $(,)?) => {
        rules!(
            r::LOAD, r::LOAD_ALL, r::LOADABLE, r::NULL_LOADS_NOTHING, r::QUEUED_LOADS,
            r::LOAD_ALL_REPEATS, $($more),*
        )
    };
}

macro_rules! datastore_property {
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

datastore_property!(
    MODEL_EQUIVALENCE,
    "datastore_model_equivalence",
    CORE,
    "load and load_all return the latest value written to each key of each map, for the kind of store and under the readings its answers allow",
    load_rules!()
);
datastore_property!(
    EXPIRATION,
    "datastore_expiration",
    CORE,
    "an entry whose expiration time has passed by the store's time is not loaded once persisted, and one whose time has not passed is",
    load_rules!(r::EXPIRY_CLOCK, r::EXPIRY_BOUNDARY)
);
datastore_property!(
    WRITE_THROUGH_PROPERTY,
    "datastore_write_through",
    WRITE_THROUGH,
    "a write-through store has nothing pending, every key is loadable, and a written value loads as soon as add returns",
    rules!(
        r::WRITE_THROUGH_NOTHING_PENDING,
        r::WRITE_THROUGH_LOADABLE,
        r::LOADABLE_AFTER_ADD,
    )
);
datastore_property!(
    NULL_PROPERTY,
    "datastore_null",
    NULL,
    "a null store is is_null(), loads nothing, has nothing pending, soft-flushes to 0, and every call succeeds",
    rules!(
        r::NULL_LOADS_NOTHING,
        r::NULL_NOTHING_PENDING,
        r::NULL_SOFT_FLUSH_ZERO
    )
);
datastore_property!(
    HARD_FLUSH,
    "datastore_write_behind_hard_flush",
    WRITE_BEHIND,
    "after hard_flush nothing is pending and the last queued write per entry is persisted, a remove beating an earlier add",
    rules!(r::HARD_FLUSH, r::LOADABLE)
);
datastore_property!(
    PENDING,
    "datastore_write_behind_pending",
    WRITE_BEHIND,
    "pending_operation_count is the number of entries with a queued write, or of queued writes",
    rules!(r::PENDING, r::PENDING_COUNT)
);
datastore_property!(
    SOFT_FLUSH,
    "datastore_write_behind_soft_flush",
    WRITE_BEHIND,
    "soft_flush returns 0 before any write is queued and more than before once a write was queued since; otherwise its last number, or 0 while nothing is queued",
    rules!(r::SOFT_FLUSH_NUMBER, r::RESET_SEQUENCE)
);
datastore_property!(
    FLUSH_KEY,
    "datastore_write_behind_flush_key",
    WRITE_BEHIND,
    "flush_key persists at once the value given, or the queued write, and leaves the entry nothing queued",
    rules!(
        r::FLUSH_KEY,
        r::FLUSH_KEY_WRITES,
        r::PENDING_COUNT,
        r::LOADABLE,
        r::QUEUED_LOADS,
    )
);
datastore_property!(
    RESET,
    "datastore_write_behind_reset",
    WRITE_BEHIND,
    "reset drops every queued write without persisting it",
    rules!(r::RESET, r::RESET_DATA, r::LOADABLE)
);
datastore_property!(
    REOPEN,
    "datastore_persistent_reopen",
    PERSISTENT,
    "a store closed (after hard_flush) and reopened over the same storage loads every entry as before: acknowledged writes and removes, per map, with their expiration times",
    load_rules!(r::REOPEN, r::EXPIRY_CLOCK, r::EXPIRY_BOUNDARY)
);
datastore_property!(
    CONCURRENT_LINEARIZABLE,
    "datastore_concurrent_linearizable",
    CORE,
    "under concurrent add, remove and load of two keys, every call returns Ok, each key's calls are linearizable against a register (no stale read, queued writes included), and after the join hard_flush persists the last write",
    CONCURRENT_RULES
);

/// The rules of the concurrent property: every call succeeds, and each key's calls are
/// linearizable against a register (which `Send + Sync` and the methods' words ask
/// for); a history the checker cannot decide within its budget is reported too.
const CONCURRENT_RULES: &[Rule] = &[
    Rule {
        text: crate::datastore::concurrent::checks::rules::OK,
        basis: Basis::Spec("External persistence backend for a RecordStore."),
    },
    Rule {
        text: crate::concurrent::keyed::rules::LINEARIZABLE,
        basis: Basis::Spec("pub trait MapDataStore: Send + Sync"),
    },
    Rule {
        text: crate::concurrent::keyed::rules::UNDECIDED,
        basis: Basis::Spec("pub trait MapDataStore: Send + Sync"),
    },
];

/// Every data store property, in the order the suite runs them.
pub const ALL: &[PropertyInfo] = &[
    MODEL_EQUIVALENCE,
    EXPIRATION,
    WRITE_THROUGH_PROPERTY,
    NULL_PROPERTY,
    HARD_FLUSH,
    PENDING,
    SOFT_FLUSH,
    FLUSH_KEY,
    RESET,
    REOPEN,
    CONCURRENT_LINEARIZABLE,
    CRASH,
];
