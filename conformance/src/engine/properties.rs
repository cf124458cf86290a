//! The engine properties: what each checks, and the rules it may find broken.

use super::rules as r;
use crate::property::{CORE, PropertyInfo, Rule};

macro_rules! engine_property {
    ($name:ident, $id:literal, $rule:literal, $rules:expr) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: CORE,
            rules: $rules,
        };
    };
}

/// The rules of a walk with puts and removes between its pages.
const INTERLEAVED_WALK: &[Rule] = &[
    r::WALK_NEVER_PRESENT,
    r::WALK_RECORD_HELD,
    r::WALK_EMPTY_PAGE_FINISHES,
    r::WALK_FINISHES,
    r::WALK_SHORT_PAGE_FINISHES,
    r::WALK_ZERO_AS_ONE,
    r::WALK_COMPLETE,
];

/// The rules of a whole walk over an unchanged engine, then `$extra`.
macro_rules! whole_walk_and {
    ($($extra:expr),* $(,)?) => {
        &[
            r::WALK_NEVER_PRESENT,
            r::WALK_RECORD_HELD,
            r::WALK_EXACTLY_ONCE,
            r::WALK_PAGE_FULL,
            r::WALK_EMPTY_PAGE_FINISHES,
            r::WALK_FINISHES,
            r::WALK_ZERO_AS_ONE,
            r::WALK_SHORT_PAGE_FINISHES,
            $($extra),*
        ]
    };
}

engine_property!(
    MODEL_EQUIVALENCE,
    "engine_model_equivalence",
    "every operation returns what a plain ordered map returns after the same operations",
    whole_walk_and![
        r::WALK_COMPLETE,
        r::PUT_RETURNS_PREVIOUS,
        r::GET_RETURNS_STORED,
        r::REMOVE_RETURNS_REMOVED,
        r::CONTAINS_KEY,
        r::LEN,
        r::IS_EMPTY,
        r::SNAPSHOT,
        r::DESTROY_RELEASES,
        r::DESTROYED_REUSABLE,
        r::COST_PER_ENTRY,
        r::COST_RECORD_SUM,
        r::SAMPLES_PRESENT,
        r::SAMPLES_COUNT,
        r::SAMPLES_DISTINCT,
        r::SAMPLES_WITH_REPLACEMENT,
    ]
);
engine_property!(
    CURSOR_COMPLETE,
    "engine_cursor_complete",
    "a walk over an unchanged engine returns every key exactly once, in full pages, and finishes within a bounded number of calls",
    whole_walk_and![]
);
engine_property!(
    CURSOR_INTERLEAVED,
    "engine_cursor_interleaved",
    "a walk with puts and removes between pages returns no key never present and only records the key held, finishes, and (if the engine promises it) returns every key present throughout",
    INTERLEAVED_WALK
);
engine_property!(
    FETCH_AGREE,
    "engine_fetch_keys_entries_agree",
    "fetch_keys and fetch_entries each walk every key exactly once (and in the same order, if the engine promises it)",
    whole_walk_and![r::FETCH_SAME_ORDER]
);
engine_property!(
    SNAPSHOT,
    "engine_snapshot",
    "snapshot_iter is a copy holding every entry exactly once with its record",
    &[r::SNAPSHOT]
);
engine_property!(
    RANDOM_SAMPLES,
    "engine_random_samples",
    "random_samples(n) returns stored entries with their records: n of them when the engine holds at least n",
    &[
        r::SAMPLES_PRESENT,
        r::SAMPLES_COUNT,
        r::SAMPLES_DISTINCT,
        r::SAMPLES_WITH_REPLACEMENT,
    ]
);
engine_property!(
    COST_ACCOUNTING,
    "engine_cost_accounting",
    "estimated_cost is a sum of one cost per stored entry after every operation (the records' costs, if the engine promises it)",
    &[
        r::COST_PER_ENTRY,
        r::COST_RECORD_SUM,
        r::DESTROY_RELEASES,
        r::DESTROYED_REUSABLE,
    ]
);
engine_property!(
    CLEAR_DESTROY,
    "engine_clear_destroy",
    "clear leaves an empty engine that still works (destroy too, if the engine promises it), and is_empty() == (len() == 0) always",
    &[
        r::PUT_RETURNS_PREVIOUS,
        r::GET_RETURNS_STORED,
        r::REMOVE_RETURNS_REMOVED,
        r::LEN,
        r::IS_EMPTY,
        r::CLEARED,
        r::DESTROY_RELEASES,
        r::DESTROYED_REUSABLE,
        r::COST_PER_ENTRY,
        r::COST_RECORD_SUM,
    ]
);

engine_property!(
    CONCURRENT_LINEARIZABLE,
    "engine_concurrent_linearizable",
    "put, get, remove and contains_key run from several threads at once are linearizable, key by key",
    &[r::LINEARIZABLE, r::LINEARIZABILITY_DECIDED]
);
engine_property!(
    CONCURRENT_SNAPSHOT,
    "engine_concurrent_snapshot_tolerance",
    "snapshot_iter beside concurrent writers returns, without panicking, every key present throughout exactly once, no key never present, and only records the key held",
    &[
        r::SNAPSHOT_NO_DUPLICATES,
        r::SNAPSHOT_COMPLETE,
        r::SNAPSHOT_NEVER_PRESENT,
        r::SNAPSHOT_RECORD_HELD,
    ]
);
engine_property!(
    CONCURRENT_SNAPSHOT_POINT_IN_TIME,
    "engine_concurrent_snapshot_point_in_time",
    "a snapshot_iter beside writers that move values between keys equals the engine's contents at one instant of the call",
    &[r::SNAPSHOT_POINT_IN_TIME]
);
engine_property!(
    CONCURRENT_CURSOR,
    "engine_concurrent_cursor",
    "a cursor walk beside concurrent writers returns no key never present and only records the key held, finishes, and (if the engine promises it) returns every key present throughout",
    INTERLEAVED_WALK
);
engine_property!(
    CONCURRENT_QUIESCENT,
    "engine_concurrent_quiescent",
    "after concurrent threads join, len, is_empty, estimated_cost and contents equal those a linearization of their operations leaves",
    &[
        r::LINEARIZABLE,
        r::LINEARIZABILITY_DECIDED,
        r::QUIESCENT_LEN,
        r::QUIESCENT_EMPTY,
        r::QUIESCENT_CONTENTS,
        r::QUIESCENT_COST,
        r::QUIESCENT_COST_DRAINS,
    ]
);

/// Every engine property, in the order the suite runs them.
pub const ALL: &[PropertyInfo] = &[
    MODEL_EQUIVALENCE,
    CURSOR_COMPLETE,
    CURSOR_INTERLEAVED,
    FETCH_AGREE,
    SNAPSHOT,
    RANDOM_SAMPLES,
    COST_ACCOUNTING,
    CLEAR_DESTROY,
    CONCURRENT_LINEARIZABLE,
    CONCURRENT_SNAPSHOT,
    CONCURRENT_SNAPSHOT_POINT_IN_TIME,
    CONCURRENT_CURSOR,
    CONCURRENT_QUIESCENT,
];
