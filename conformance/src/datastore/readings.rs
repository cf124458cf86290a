//! The open points of the spec this suite's properties meet, and their options
//! ([`crate::readings`]). Unless a run pins an option, the suite accepts every option
//! of every reading: its model carries every combination the observations allow.
//!
//! Pin the options a store follows in the macro's `configure`:
//!
//! ```ignore
//! map_data_store_conformance!(my_store, MyStore::new, kind = WriteBehind,
//!     configure = |c| c
//!         .pin(storage_conformance::datastore::readings::BACKUPS_ONE_TABLE)
//!         .pin(storage_conformance::datastore::readings::BACKUP_WRITES_STRAIGHT_THROUGH));
//! ```

use crate::readings::{Choice, Reading, ReadingOption};

/// Whether backup entries live apart from primary ones.
pub const BACKUP_ENTRIES: Reading = Reading {
    id: "datastore_backup_entries",
    question: "whether `add_backup` and `remove_backup` act on entries of their own, or on the one row a map and key name",
    options: &[
        ReadingOption {
            id: "separate",
            meaning: "backup entries live in a space of their own: `load` never returns one, and `remove` never removes one",
        },
        ReadingOption {
            id: "one_table",
            meaning: "primaries and backups share one table: a backup write of a map and key is a write of the row `load` reads",
        },
    ],
    shared: "primary writes, and loads of keys no backup call named",
};
/// [`BACKUP_ENTRIES`]: a space of their own (the reference stores).
pub const BACKUPS_SEPARATE: Choice = BACKUP_ENTRIES.choice(0);
/// [`BACKUP_ENTRIES`]: one table.
pub const BACKUPS_ONE_TABLE: Choice = BACKUP_ENTRIES.choice(1);

/// How a write-behind store writes backups.
pub const WRITE_BEHIND_BACKUPS: Reading = Reading {
    id: "datastore_write_behind_backups",
    question: "whether a write-behind store queues `add_backup` and `remove_backup` like primary writes, or writes them straight through",
    options: &[
        ReadingOption {
            id: "queued",
            meaning: "a backup write is queued, counted as pending, takes a sequence number and is dropped by `reset`",
        },
        ReadingOption {
            id: "straight_through",
            meaning: "a backup write lands before its call returns: never pending, no sequence number, kept by `reset`",
        },
    ],
    shared: "primary writes are queued; after `hard_flush` every backup write has landed",
};
/// [`WRITE_BEHIND_BACKUPS`]: queued (the reference write-behind store).
pub const BACKUP_WRITES_QUEUED: Choice = WRITE_BEHIND_BACKUPS.choice(0);
/// [`WRITE_BEHIND_BACKUPS`]: straight through.
pub const BACKUP_WRITES_STRAIGHT_THROUGH: Choice = WRITE_BEHIND_BACKUPS.choice(1);

/// The time a store expires entries by.
pub const EXPIRY_CLOCK: Reading = Reading {
    id: "datastore_expiry_clock",
    question: "which time a store compares expiration times with (`load` and `load_all` take no `now`)",
    options: &[
        ReadingOption {
            id: "factory_clock",
            meaning: "the clock its factory was given (the kit's manual clock)",
        },
        ReadingOption {
            id: "callers_now",
            meaning: "the newest `now` its callers passed to `add`, `add_backup`, `remove` or `remove_backup` (a reopened store may have forgotten it until the next such call)",
        },
        ReadingOption {
            id: "wall_clock",
            meaning: "a wall clock of its own, which is past every time near the kit's clock (January 1970) and before `i64::MAX`",
        },
    ],
    shared: "an entry that expires at 0 never expires, and one whose expiration time is behind every time the store may go by is not loaded once persisted",
};
/// [`EXPIRY_CLOCK`]: the factory's clock (the reference stores).
pub const EXPIRY_BY_FACTORY_CLOCK: Choice = EXPIRY_CLOCK.choice(0);
/// [`EXPIRY_CLOCK`]: the callers' newest `now`.
pub const EXPIRY_BY_CALLERS_NOW: Choice = EXPIRY_CLOCK.choice(1);
/// [`EXPIRY_CLOCK`]: a wall clock.
pub const EXPIRY_BY_WALL_CLOCK: Choice = EXPIRY_CLOCK.choice(2);

/// Whether an entry has expired at its expiration time.
pub const EXPIRY_BOUNDARY: Reading = Reading {
    id: "datastore_expiry_boundary",
    question: "whether an entry has expired when the store's time equals its expiration time",
    options: &[
        ReadingOption {
            id: "at_deadline",
            meaning: "expired once the time reaches the expiration time (`expiration_time <= now`)",
        },
        ReadingOption {
            id: "after_deadline",
            meaning: "expired only once the time passes it (`expiration_time < now`)",
        },
    ],
    shared: "an entry is loaded before its expiration time and not after it",
};
/// [`EXPIRY_BOUNDARY`]: expired at the deadline (the reference stores).
pub const EXPIRED_AT_DEADLINE: Choice = EXPIRY_BOUNDARY.choice(0);
/// [`EXPIRY_BOUNDARY`]: expired after the deadline.
pub const EXPIRED_AFTER_DEADLINE: Choice = EXPIRY_BOUNDARY.choice(1);

/// How often `load_all` returns a key asked for more than once.
pub const LOAD_ALL_REPEATS: Reading = Reading {
    id: "datastore_load_all_repeats",
    question: "how often `load_all` returns a present key that the request names more than once",
    options: &[
        ReadingOption {
            id: "once",
            meaning: "once",
        },
        ReadingOption {
            id: "as_asked",
            meaning: "once per time the request names it",
        },
    ],
    shared: "every present requested key at least once, with its value, and no other key",
};
/// [`LOAD_ALL_REPEATS`]: once (the reference stores).
pub const LOAD_ALL_ONCE: Choice = LOAD_ALL_REPEATS.choice(0);
/// [`LOAD_ALL_REPEATS`]: once per time asked.
pub const LOAD_ALL_AS_ASKED: Choice = LOAD_ALL_REPEATS.choice(1);

/// What `flush_key` writes.
pub const FLUSH_KEY_WRITES: Reading = Reading {
    id: "datastore_flush_key_writes",
    question: "whether `flush_key` writes the value it is given, or flushes what is queued for the key",
    options: &[
        ReadingOption {
            id: "value",
            meaning: "it writes the given value to storage now, and drops the entry's queued write",
        },
        ReadingOption {
            id: "queued",
            meaning: "it writes the entry's queued write now, and nothing when none is queued (so a write-through store's `flush_key` does nothing)",
        },
    ],
    shared: "after `flush_key` the entry has nothing queued",
};
/// [`FLUSH_KEY_WRITES`]: the given value (the reference stores).
pub const FLUSH_KEY_WRITES_VALUE: Choice = FLUSH_KEY_WRITES.choice(0);
/// [`FLUSH_KEY_WRITES`]: the queued write.
pub const FLUSH_KEY_WRITES_QUEUED: Choice = FLUSH_KEY_WRITES.choice(1);

/// The expiration time of the value `flush_key` writes.
pub const FLUSH_KEY_EXPIRATION: Reading = Reading {
    id: "datastore_flush_key_expiration",
    question: "which expiration time the value `flush_key` writes gets (the call passes none)",
    options: &[
        ReadingOption {
            id: "keeps",
            meaning: "the entry's: its queued add's, else its stored one's, else 0",
        },
        ReadingOption {
            id: "never",
            meaning: "0: the value never expires",
        },
    ],
    shared: "a value flushed over an entry that never expires never expires",
};
/// [`FLUSH_KEY_EXPIRATION`]: keeps the entry's (the reference stores).
pub const FLUSH_KEY_KEEPS_EXPIRATION: Choice = FLUSH_KEY_EXPIRATION.choice(0);
/// [`FLUSH_KEY_EXPIRATION`]: never expires.
pub const FLUSH_KEY_NEVER_EXPIRES: Choice = FLUSH_KEY_EXPIRATION.choice(1);

/// What `pending_operation_count` counts in a write-behind store.
pub const PENDING_COUNT: Reading = Reading {
    id: "datastore_pending_count",
    question: "whether `pending_operation_count` (\"Number of pending (not yet flushed) operations\") counts entries or writes",
    options: &[
        ReadingOption {
            id: "per_entry",
            meaning: "the entries with a queued write: writes to one entry are coalesced into one operation",
        },
        ReadingOption {
            id: "per_write",
            meaning: "every write queued and not yet flushed or dropped",
        },
    ],
    shared: "0 when nothing is queued, and one more after a write to an entry with nothing queued",
};
/// [`PENDING_COUNT`]: entries (the reference write-behind store).
pub const PENDING_PER_ENTRY: Choice = PENDING_COUNT.choice(0);
/// [`PENDING_COUNT`]: writes.
pub const PENDING_PER_WRITE: Choice = PENDING_COUNT.choice(1);

/// What `soft_flush` returns.
pub const SOFT_FLUSH_NUMBER: Reading = Reading {
    id: "datastore_soft_flush_number",
    question: "what \"the sequence number of the last queued operation, or 0 if empty\" is once the queue has emptied",
    options: &[
        ReadingOption {
            id: "last_issued",
            meaning: "the number of the last write ever queued (0 if none was): it never goes backwards",
        },
        ReadingOption {
            id: "zero_when_empty",
            meaning: "0 whenever nothing is queued, else the number of the last queued write",
        },
    ],
    shared: "0 before the first queued write, and a number above every earlier one after a write is queued (unless the queue has emptied since)",
};
/// [`SOFT_FLUSH_NUMBER`]: the last number issued (the reference write-behind store).
pub const SOFT_FLUSH_LAST_ISSUED: Choice = SOFT_FLUSH_NUMBER.choice(0);
/// [`SOFT_FLUSH_NUMBER`]: 0 while nothing is queued.
pub const SOFT_FLUSH_ZERO_WHEN_EMPTY: Choice = SOFT_FLUSH_NUMBER.choice(1);

/// Whether `reset` restarts the sequence numbers.
pub const RESET_SEQUENCE: Reading = Reading {
    id: "datastore_reset_sequence",
    question: "whether \"Reset the data store to initial state\" restarts the sequence numbers `soft_flush` reports",
    options: &[
        ReadingOption {
            id: "continues",
            meaning: "the numbers go on after `reset`",
        },
        ReadingOption {
            id: "restarts",
            meaning: "the numbers start again after `reset`, as in a new store",
        },
    ],
    shared: "between two resets the numbers never go backwards",
};
/// [`RESET_SEQUENCE`]: the numbers go on (the reference write-behind store).
pub const RESET_CONTINUES_SEQUENCE: Choice = RESET_SEQUENCE.choice(0);
/// [`RESET_SEQUENCE`]: the numbers restart.
pub const RESET_RESTARTS_SEQUENCE: Choice = RESET_SEQUENCE.choice(1);

/// Whether `reset` clears persisted entries.
pub const RESET_DATA: Reading = Reading {
    id: "datastore_reset_data",
    question: "whether \"Reset the data store to initial state (clear queues, etc.)\" also clears what the store persisted",
    options: &[
        ReadingOption {
            id: "keeps",
            meaning: "`reset` clears queues only; persisted entries stay",
        },
        ReadingOption {
            id: "clears",
            meaning: "`reset` returns the store to empty, as a new in-memory store: persisted entries go too",
        },
    ],
    shared: "after `reset` nothing is queued: nothing is pending and no dropped write loads",
};
/// [`RESET_DATA`]: persisted entries stay (the reference stores).
pub const RESET_KEEPS_DATA: Choice = RESET_DATA.choice(0);
/// [`RESET_DATA`]: persisted entries go.
pub const RESET_CLEARS_DATA: Choice = RESET_DATA.choice(1);

/// What `is_loadable` says of a queued key.
pub const QUEUED_LOADS: Reading = Reading {
    id: "datastore_queued_loads",
    question: "whether a write-behind store serves a key with a queued write (`is_loadable`: \"Check if a key is safe to load (not queued for write-behind)\")",
    options: &[
        ReadingOption {
            id: "served",
            meaning: "every key is loadable, and `load` serves a queued write",
        },
        ReadingOption {
            id: "unloadable",
            meaning: "a key with a queued write, in any map, is not loadable (and what `load` returns for it is not checked)",
        },
    ],
    shared: "a key with nothing queued is loadable, and a load of a loadable key returns its latest write",
};
/// [`QUEUED_LOADS`]: served (the reference write-behind store).
pub const QUEUED_KEYS_SERVED: Choice = QUEUED_LOADS.choice(0);
/// [`QUEUED_LOADS`]: not loadable.
pub const QUEUED_KEYS_UNLOADABLE: Choice = QUEUED_LOADS.choice(1);

/// How a write-behind store's `remove_all` removes.
pub const REMOVE_ALL_WRITE_BEHIND: Reading = Reading {
    id: "datastore_remove_all_write_behind",
    question: "whether a write-behind store's `remove_all` (\"Remove all specified keys from the backing store\", with no \"or queue\" as `remove` has) is queued",
    options: &[
        ReadingOption {
            id: "queued",
            meaning: "it queues a remove per key, as `remove` does",
        },
        ReadingOption {
            id: "immediate",
            meaning: "it removes the keys from storage before it returns and drops their queued writes: nothing pending, no sequence number",
        },
    ],
    shared: "after `remove_all` no requested key of the map loads",
};
/// [`REMOVE_ALL_WRITE_BEHIND`]: queued (the reference write-behind store).
pub const REMOVE_ALL_QUEUED: Choice = REMOVE_ALL_WRITE_BEHIND.choice(0);
/// [`REMOVE_ALL_WRITE_BEHIND`]: at once.
pub const REMOVE_ALL_IMMEDIATE: Choice = REMOVE_ALL_WRITE_BEHIND.choice(1);

/// Every reading of the suite.
pub const ALL: &[Reading] = &[
    BACKUP_ENTRIES,
    WRITE_BEHIND_BACKUPS,
    EXPIRY_CLOCK,
    EXPIRY_BOUNDARY,
    LOAD_ALL_REPEATS,
    FLUSH_KEY_WRITES,
    FLUSH_KEY_EXPIRATION,
    PENDING_COUNT,
    SOFT_FLUSH_NUMBER,
    RESET_SEQUENCE,
    RESET_DATA,
    QUEUED_LOADS,
    REMOVE_ALL_WRITE_BEHIND,
];
