//! The open points of the spec this suite's properties meet, and their options
//! ([`crate::readings`]). Pin the options an engine follows in the macro's `configure`:
//!
//! ```ignore
//! storage_engine_conformance!(my_engine, MyEngine::new,
//!     configure = |c| c.pin(storage_conformance::engine::readings::SAMPLES_WITH_REPLACEMENT));
//! ```

use crate::cursor::{CursorReadings, options};
use crate::readings::{Choice, Reading, ReadingOption};

/// What a fetch at size 0 returns. The spec's "Fetch at least `size` keys" allows an
/// empty page that is not finished.
pub const PAGE_SIZE_ZERO: Reading = Reading {
    id: "engine_page_size_zero",
    question: "what a fetch at size 0 returns: \"at least `size`\" allows an empty page that is not finished",
    options: &[
        ReadingOption {
            id: options::AS_ONE,
            meaning: "size 0 is read as 1: a page that is not finished holds at least one item, so every walk ends",
        },
        ReadingOption {
            id: options::LITERAL,
            meaning: "at least 0 items: a page at size 0 may be empty and not finished, so a walk at size 0 need not end",
        },
    ],
    shared: "every item a page at size 0 returns is a stored key with its record, no key comes twice in a walk over an unchanged engine, and a walk that ends has returned every key",
};
/// Pin: size 0 is read as 1.
pub const ZERO_AS_ONE: Choice = PAGE_SIZE_ZERO.choice(0);
/// Pin: size 0 is "at least 0".
pub const ZERO_LITERAL: Choice = PAGE_SIZE_ZERO.choice(1);

/// How a walk reports its end: in the page that returns the last keys, or one call
/// later.
pub const CURSOR_END: Reading = Reading {
    id: "engine_cursor_end",
    question: "whether the page that returns the last keys must say finished, or a later (empty) page may",
    options: &[
        ReadingOption {
            id: options::SHORT_PAGE_FINISHES,
            meaning: "a page with fewer than `size` items is finished",
        },
        ReadingOption {
            id: options::EMPTY_PAGE_FINISHES,
            meaning: "the end may be reported one call later, by an empty finished page",
        },
    ],
    shared: "a page that is not finished holds at least `size` items or every key the walk has not returned, and an empty page at size 1 or more is finished",
};
/// Pin: a page with fewer than `size` items is finished.
pub const END_IN_SHORT_PAGE: Choice = CURSOR_END.choice(0);
/// Pin: the end may come in a later, empty page.
pub const END_IN_EMPTY_PAGE: Choice = CURSOR_END.choice(1);

/// What a walk promises when puts and removes run between its pages, or beside it on
/// other threads. The spec says "resumable iteration" and nothing about writes.
pub const CURSOR_UNDER_WRITES: Reading = Reading {
    id: "engine_cursor_under_writes",
    question: "what a walk promises when puts and removes run between its pages or beside it",
    options: &[
        ReadingOption {
            id: options::COMPLETE,
            meaning: "a walk returns every key present for the whole walk (a cursor that is a position in key order)",
        },
        ReadingOption {
            id: options::NO_PROMISE,
            meaning: "writes may make a walk skip keys present throughout or return keys again (a cursor that is an offset)",
        },
    ],
    shared: "a walk returns only keys present during it, with records they held, and finishes within the calls its keys and writes allow",
};
/// Pin: walks are complete under writes.
pub const WALKS_COMPLETE: Choice = CURSOR_UNDER_WRITES.choice(0);
/// Pin: writes may make walks skip or repeat keys.
pub const WALKS_NO_PROMISE: Choice = CURSOR_UNDER_WRITES.choice(1);

/// Whether `fetch_keys` and `fetch_entries` walk in the same order.
pub const KEYS_ENTRIES_ORDER: Reading = Reading {
    id: "engine_keys_entries_order",
    question: "whether fetch_keys and fetch_entries walk an unchanged engine in the same order",
    options: &[
        ReadingOption {
            id: "same",
            meaning: "both walk the keys in the same order",
        },
        ReadingOption {
            id: "independent",
            meaning: "each walks in an order of its own",
        },
    ],
    shared: "each walks every key exactly once",
};
/// Pin: the same order.
pub const SAME_ORDER: Choice = KEYS_ENTRIES_ORDER.choice(0);
/// Pin: orders of their own.
pub const INDEPENDENT_ORDER: Choice = KEYS_ENTRIES_ORDER.choice(1);

/// Whether `random_samples` draws distinct entries or with replacement.
pub const RANDOM_SAMPLES: Reading = Reading {
    id: "engine_random_samples",
    question: "whether random_samples draws distinct entries or with replacement, and so how many it returns when asked for more than the engine holds",
    options: &[
        ReadingOption {
            id: "distinct",
            meaning: "min(sample_count, len) distinct entries",
        },
        ReadingOption {
            id: "with_replacement",
            meaning: "sample_count entries drawn one by one, repeats allowed, also beyond len (none from an empty engine)",
        },
    ],
    shared: "only stored entries with their records; sample_count entries when the engine holds at least that many; none from an empty engine",
};
/// Pin: distinct samples.
pub const SAMPLES_DISTINCT: Choice = RANDOM_SAMPLES.choice(0);
/// Pin: samples with replacement.
pub const SAMPLES_WITH_REPLACEMENT: Choice = RANDOM_SAMPLES.choice(1);

/// What `estimated_cost` adds up.
pub const ESTIMATED_COST: Reading = Reading {
    id: "engine_estimated_cost",
    question: "what estimated_cost (\"Estimated heap cost of all stored entries in bytes\") adds up: the records' metadata.cost, or the engine's own estimate of each entry",
    options: &[
        ReadingOption {
            id: "record_costs",
            meaning: "the sum of the stored records' metadata.cost",
        },
        ReadingOption {
            id: "own_estimate",
            meaning: "the sum of the engine's own estimate of each entry (key bytes, value bytes, overhead), a function of the key and the record",
        },
    ],
    shared: "a sum of one cost per stored entry that depends on that entry alone: 0 when the engine is empty, and an entry adds the same whenever it is stored",
};
/// Pin: the sum of `metadata.cost`.
pub const COST_OF_RECORDS: Choice = ESTIMATED_COST.choice(0);
/// Pin: the engine's own estimate.
pub const COST_OWN_ESTIMATE: Choice = ESTIMATED_COST.choice(1);

/// Whether an engine is used after `destroy`.
pub const AFTER_DESTROY: Reading = Reading {
    id: "engine_after_destroy",
    question: "whether an engine can be used after destroy (\"Destroy the storage, releasing all resources\")",
    options: &[
        ReadingOption {
            id: "reusable",
            meaning: "destroy empties the engine, which then works like a new one",
        },
        ReadingOption {
            id: "terminal",
            meaning: "destroy is the engine's last call: later calls may ignore writes, panic or answer anything but an entry stored before destroy",
        },
    ],
    shared: "destroy returns, and no call after it shows an entry stored before it (get, contains_key and snapshot_iter find none)",
};
/// Pin: usable after destroy.
pub const DESTROY_REUSABLE: Choice = AFTER_DESTROY.choice(0);
/// Pin: nothing is promised after destroy.
pub const DESTROY_TERMINAL: Choice = AFTER_DESTROY.choice(1);

/// The cursor readings, as the shared walk judge takes them.
pub const CURSOR: CursorReadings = CursorReadings {
    zero: &PAGE_SIZE_ZERO,
    end: &CURSOR_END,
    writes: &CURSOR_UNDER_WRITES,
};

/// Every reading of the suite.
pub const ALL: &[Reading] = &[
    PAGE_SIZE_ZERO,
    CURSOR_END,
    CURSOR_UNDER_WRITES,
    KEYS_ENTRIES_ORDER,
    RANDOM_SAMPLES,
    ESTIMATED_COST,
    AFTER_DESTROY,
];
