//! Every rule the engine properties check, each an assertion of the spec (with the
//! words it comes from) or a reading ([`super::readings`]). A failure prints the rule's
//! text; CONTRACT.md tags each one.

use crate::concurrent::keyed::rules as keyed;
use crate::cursor::rules as cursor;
use crate::engine::concurrent::checks::rules as concurrent;
use crate::property::Rule;

/// put's return.
pub const PUT_RETURNS_PREVIOUS: Rule = Rule::spec(
    "put returns the record the key held before, or None",
    "Insert or replace a record by key. Returns the previous record if any.",
);
/// get's return.
pub const GET_RETURNS_STORED: Rule = Rule::spec(
    "get returns the record stored under the key, or None",
    "Retrieve a record by key, or `None` if not present.",
);
/// remove's return.
pub const REMOVE_RETURNS_REMOVED: Rule = Rule::spec(
    "remove returns the record the key held, or None",
    "Remove a record by key, returning the removed record.",
);
/// contains_key.
pub const CONTAINS_KEY: Rule = Rule::spec(
    "contains_key is true exactly for stored keys",
    "Check if a key exists without returning the record.",
);
/// len.
pub const LEN: Rule = Rule::spec(
    "len is the number of stored keys",
    "Return the number of entries.",
);
/// is_empty.
pub const IS_EMPTY: Rule = Rule::spec(
    "is_empty() == (len() == 0), and is true exactly when nothing is stored",
    "Check if the storage is empty.",
);
/// snapshot, sequentially.
pub const SNAPSHOT: Rule = Rule::spec(
    "snapshot_iter returns every stored entry exactly once, with its record",
    "Return a point-in-time snapshot of all entries.",
);
/// clear.
pub const CLEARED: Rule = Rule::spec(
    "after clear the engine holds nothing: len 0, is_empty, no snapshot entry",
    "Clear all entries. Takes `&self` for `Arc<dyn StorageEngine>` compatibility.",
);
/// destroy, whatever the engine does after it: the entries are released.
pub const DESTROY_RELEASES: Rule = Rule::spec(
    "after destroy no call shows an entry stored before it: get, contains_key and snapshot_iter find none",
    "Destroy the storage, releasing all resources.",
);
/// destroy, under the reusable option.
pub const DESTROYED_REUSABLE: Rule = Rule::reading(
    "after destroy the engine is empty and works like a new one",
    "engine_after_destroy",
);

/// Cost: what every option shares.
pub const COST_PER_ENTRY: Rule = Rule::reading(
    "estimated_cost is a sum of one cost per stored entry that depends on the entry alone (0 when the engine is empty)",
    "engine_estimated_cost",
);
/// Cost, under the record-costs option.
pub const COST_RECORD_SUM: Rule = Rule::reading(
    "estimated_cost equals the sum of the stored records' costs",
    "engine_estimated_cost",
);

/// Samples: real entries.
pub const SAMPLES_PRESENT: Rule = Rule::spec(
    "random_samples returns only stored entries, each with its record",
    "Return `sample_count` random entries for eviction sampling.",
);
/// Samples: how many, where every option agrees.
pub const SAMPLES_COUNT: Rule = Rule::spec(
    "random_samples(n) returns n entries when the engine holds at least n, and none when it holds none",
    "Return `sample_count` random entries for eviction sampling.",
);
/// Samples, under the distinct option.
pub const SAMPLES_DISTINCT: Rule = Rule::reading(
    "random_samples(n) returns min(n, len) distinct entries",
    "engine_random_samples",
);
/// Samples, under the with-replacement option.
pub const SAMPLES_WITH_REPLACEMENT: Rule = Rule::reading(
    "random_samples(n) returns n entries when the engine holds any",
    "engine_random_samples",
);

/// Keys versus entries, under the same-order option.
pub const FETCH_SAME_ORDER: Rule = Rule::reading(
    "walks with fetch_keys and fetch_entries over an unchanged engine return the keys in the same order",
    "engine_keys_entries_order",
);

/// Walks: no key that was never there.
pub const WALK_NEVER_PRESENT: Rule = Rule::spec(
    cursor::NEVER_PRESENT,
    "Opaque cursor for resumable iteration over storage entries.",
);
/// Walks: records the key held.
pub const WALK_RECORD_HELD: Rule = Rule::spec(
    cursor::RECORD_HELD,
    "Fetch at least `size` entries (key + record) starting from `cursor`.",
);
/// Walks over an unchanged engine.
pub const WALK_EXACTLY_ONCE: Rule = Rule::spec(
    cursor::EXACTLY_ONCE,
    "Opaque cursor for resumable iteration over storage entries.",
);
/// Walks: full pages.
pub const WALK_PAGE_FULL: Rule = Rule::spec(
    cursor::PAGE_FULL,
    "Fetch at least `size` keys starting from `cursor`.",
);
/// Walks: an empty page ends the walk.
pub const WALK_EMPTY_PAGE_FINISHES: Rule = Rule::spec(
    cursor::EMPTY_PAGE_FINISHES,
    "Whether iteration has completed (no more entries).",
);
/// Walks: termination.
pub const WALK_FINISHES: Rule = Rule::spec(
    cursor::FINISHES_WITHIN_BOUND,
    "Fetch at least `size` keys starting from `cursor`.",
);
/// Walks, under the option that a short page is the last.
pub const WALK_SHORT_PAGE_FINISHES: Rule =
    Rule::reading(cursor::SHORT_PAGE_FINISHES, "engine_cursor_end");
/// Walks at size 0, under the option that reads it as 1.
pub const WALK_ZERO_AS_ONE: Rule = Rule::reading(cursor::ZERO_AS_ONE, "engine_page_size_zero");
/// Walks under writes, under the complete option.
pub const WALK_COMPLETE: Rule = Rule::reading(cursor::COMPLETE, "engine_cursor_under_writes");

/// Every rule of a walk over an unchanged engine.
pub const QUIESCENT_WALK: [Rule; 7] = [
    WALK_NEVER_PRESENT,
    WALK_RECORD_HELD,
    WALK_EXACTLY_ONCE,
    WALK_PAGE_FULL,
    WALK_EMPTY_PAGE_FINISHES,
    WALK_FINISHES,
    WALK_ZERO_AS_ONE,
];

/// Concurrency: single-key calls.
pub const LINEARIZABLE: Rule = Rule::spec(
    keyed::LINEARIZABLE,
    "Wrapped in `Arc<dyn StorageEngine>` for sharing across async boundaries.",
);
/// Concurrency: the checker's verdict, which must be reached.
pub const LINEARIZABILITY_DECIDED: Rule = Rule::spec(
    keyed::UNDECIDED,
    "Wrapped in `Arc<dyn StorageEngine>` for sharing across async boundaries.",
);
/// Snapshots beside writers: no key twice.
pub const SNAPSHOT_NO_DUPLICATES: Rule = Rule::spec(
    concurrent::SNAPSHOT_NO_DUPLICATES,
    "Return a point-in-time snapshot of all entries.",
);
/// Snapshots beside writers: keys present throughout.
pub const SNAPSHOT_COMPLETE: Rule = Rule::spec(
    concurrent::SNAPSHOT_COMPLETE,
    "Return a point-in-time snapshot of all entries.",
);
/// Snapshots beside writers: no phantom key.
pub const SNAPSHOT_NEVER_PRESENT: Rule = Rule::spec(
    concurrent::SNAPSHOT_NEVER_PRESENT,
    "Return a point-in-time snapshot of all entries.",
);
/// Snapshots beside writers: real records.
pub const SNAPSHOT_RECORD_HELD: Rule = Rule::spec(
    concurrent::SNAPSHOT_RECORD_HELD,
    "Return a point-in-time snapshot of all entries.",
);
/// Snapshots beside writers: one instant.
pub const SNAPSHOT_POINT_IN_TIME: Rule = Rule::spec(
    concurrent::SNAPSHOT_POINT_IN_TIME,
    "Return a point-in-time snapshot of all entries.",
);
/// After the join: len.
pub const QUIESCENT_LEN: Rule =
    Rule::spec(concurrent::QUIESCENT_LEN, "Return the number of entries.");
/// After the join: is_empty.
pub const QUIESCENT_EMPTY: Rule = Rule::spec(
    concurrent::QUIESCENT_EMPTY,
    "Check if the storage is empty.",
);
/// After the join: contents.
pub const QUIESCENT_CONTENTS: Rule = Rule::spec(
    concurrent::QUIESCENT_CONTENTS,
    "Return a point-in-time snapshot of all entries.",
);
/// After the join: cost, under the record-costs option.
pub const QUIESCENT_COST: Rule = Rule::reading(concurrent::QUIESCENT_COST, "engine_estimated_cost");
/// After the join: cost back to 0 once every entry is removed.
pub const QUIESCENT_COST_DRAINS: Rule =
    Rule::reading(concurrent::QUIESCENT_COST_DRAINS, "engine_estimated_cost");
