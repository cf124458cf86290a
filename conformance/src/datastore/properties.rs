//! The data store properties: what each checks.

pub use super::crash::CRASH;
use super::kind::{NULL, PERSISTENT, WRITE_BEHIND, WRITE_THROUGH};
use crate::property::{CORE, PropertyInfo};

macro_rules! datastore_property {
    ($name:ident, $id:literal, $requires:expr, $rule:literal) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: $requires,
            rules: &[],
        };
    };
}

datastore_property!(
    MODEL_EQUIVALENCE,
    "datastore_model_equivalence",
    CORE,
    "load and load_all return what a map per (primary or backup, map, key) holds after the same calls, for the kind of store"
);
datastore_property!(
    EXPIRATION,
    "datastore_expiration",
    CORE,
    "an entry whose expiration time has been reached by the clock is not loaded once persisted"
);
datastore_property!(
    WRITE_THROUGH_PROPERTY,
    "datastore_write_through",
    WRITE_THROUGH,
    "a write-through store has nothing pending, every key is loadable, and a written value loads as soon as add returns"
);
datastore_property!(
    NULL_PROPERTY,
    "datastore_null",
    NULL,
    "a null store is is_null(), loads nothing, and every call succeeds"
);
datastore_property!(
    HARD_FLUSH,
    "datastore_write_behind_hard_flush",
    WRITE_BEHIND,
    "after hard_flush nothing is pending and the last queued write per entry is persisted, a remove beating an earlier add"
);
datastore_property!(
    PENDING,
    "datastore_write_behind_pending",
    WRITE_BEHIND,
    "pending_operation_count is the number of entries with a queued write"
);
datastore_property!(
    SOFT_FLUSH,
    "datastore_write_behind_soft_flush",
    WRITE_BEHIND,
    "soft_flush never returns less than before, and more than before once a write was queued since"
);
datastore_property!(
    FLUSH_KEY,
    "datastore_write_behind_flush_key",
    WRITE_BEHIND,
    "flush_key persists the value at once and drops the entry's queued write"
);
datastore_property!(
    RESET,
    "datastore_write_behind_reset",
    WRITE_BEHIND,
    "reset drops every queued write without persisting it"
);
datastore_property!(
    REOPEN,
    "datastore_persistent_reopen",
    PERSISTENT,
    "a store closed (after hard_flush) and reopened over the same storage loads every entry as before: acknowledged writes and removes, per map, with their expiration times"
);
datastore_property!(
    CONCURRENT_LINEARIZABLE,
    "datastore_concurrent_linearizable",
    CORE,
    "under concurrent add, remove and load of two keys, every call returns Ok, each key's calls are linearizable against a register (no stale read, queued writes included), and after the join hard_flush persists the last write"
);

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
