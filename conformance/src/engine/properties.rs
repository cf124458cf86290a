//! The engine properties: what each checks and which cases it draws.

use crate::property::{CORE, PropertyInfo};

macro_rules! engine_property {
    ($name:ident, $id:literal, $rule:literal) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: CORE,
            rules: &[],
        };
    };
}

engine_property!(
    MODEL_EQUIVALENCE,
    "engine_model_equivalence",
    "every operation returns what a plain ordered map returns after the same operations"
);
engine_property!(
    CURSOR_COMPLETE,
    "engine_cursor_complete",
    "a walk over an unchanged engine returns every key exactly once, in full pages, and finishes within a bounded number of calls"
);
engine_property!(
    CURSOR_INTERLEAVED,
    "engine_cursor_interleaved",
    "a walk with puts and removes between pages returns every key present throughout, no key never present, and only records the key held"
);
engine_property!(
    FETCH_AGREE,
    "engine_fetch_keys_entries_agree",
    "fetch_keys and fetch_entries walk the same keys in the same order"
);
engine_property!(
    SNAPSHOT,
    "engine_snapshot",
    "snapshot_iter is a point-in-time copy holding every entry exactly once with its record"
);
engine_property!(
    RANDOM_SAMPLES,
    "engine_random_samples",
    "random_samples(n) returns min(n, len) distinct entries that are present"
);
engine_property!(
    COST_ACCOUNTING,
    "engine_cost_accounting",
    "estimated_cost equals the sum of the stored records' costs after every operation"
);
engine_property!(
    CLEAR_DESTROY,
    "engine_clear_destroy",
    "clear and destroy leave an empty engine that still works, and is_empty() == (len() == 0) always"
);

engine_property!(
    CONCURRENT_LINEARIZABLE,
    "engine_concurrent_linearizable",
    "put, get, remove and contains_key run from several threads at once are linearizable, key by key"
);
engine_property!(
    CONCURRENT_SNAPSHOT,
    "engine_concurrent_snapshot_tolerance",
    "snapshot_iter beside concurrent writers returns, without panicking, every key present throughout exactly once, no key never present, and only records the key held"
);
engine_property!(
    CONCURRENT_CURSOR,
    "engine_concurrent_cursor",
    "a cursor walk beside concurrent writers returns every key present throughout, no key never present, only records the key held, in full pages, and finishes"
);
engine_property!(
    CONCURRENT_QUIESCENT,
    "engine_concurrent_quiescent",
    "after concurrent threads join, len, is_empty, estimated_cost and contents equal those a linearization of their operations leaves"
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
    CONCURRENT_CURSOR,
    CONCURRENT_QUIESCENT,
];
