//! The rules of the data store properties, each an assertion of the spec (with its
//! words) or a reading's ([`super::readings`]). A check whose expectation asked a
//! reading reports that reading's rule; one that asked none reports its spec rule.

use super::readings;
use crate::property::{Basis, Rule};
use crate::readings::Reading;

const fn spec(text: &'static str, quote: &'static str) -> Rule {
    Rule {
        text,
        basis: Basis::Spec(quote),
    }
}

const fn reading(text: &'static str, reading: &Reading) -> Rule {
    Rule {
        text,
        basis: Basis::Reading(reading.id),
    }
}

/// Any call.
pub const CALLS_SUCCEED: Rule = spec(
    "every call on a healthy store returns Ok",
    "External persistence backend for a RecordStore.",
);
/// `is_null`, for every kind.
pub const IS_NULL: Rule = spec(
    "is_null() is true for a null store and false for a store that persists",
    "Whether this is a null (no-op) implementation.",
);
/// A null store's loads.
pub const NULL_LOADS_NOTHING: Rule = spec(
    "a null store loads nothing",
    "Whether this is a null (no-op) implementation.",
);
/// A null store's pending count.
pub const NULL_NOTHING_PENDING: Rule = spec(
    "a null store has nothing pending: pending_operation_count() is 0 after every call",
    "Whether this is a null (no-op) implementation.",
);
/// A null store's `soft_flush`.
pub const NULL_SOFT_FLUSH_ZERO: Rule = spec(
    "soft_flush on a null store returns 0, the answer for an empty queue",
    "Returns the sequence number of the last queued operation, or 0 if empty.",
);
/// `load`.
pub const LOAD: Rule = spec(
    "load returns the latest value written to the key in that map, and nothing for a key removed or never written there",
    "Returns `None` if the key does not exist.",
);
/// `load_all`.
pub const LOAD_ALL: Rule = spec(
    "load_all returns every requested key that load returns, with the same value, and no other key",
    "Load multiple records from the backing store.",
);
/// `is_loadable` of a key with nothing queued.
pub const LOADABLE: Rule = spec(
    "is_loadable is true for a key with no queued write",
    "Check if a key is safe to load (not queued for write-behind).",
);
/// Write-through `pending_operation_count`.
pub const WRITE_THROUGH_NOTHING_PENDING: Rule = spec(
    "a write-through store has nothing pending",
    "For write-through, always returns 0.",
);
/// Write-through `is_loadable`.
pub const WRITE_THROUGH_LOADABLE: Rule = spec(
    "a write-through store says every key is loadable",
    "For write-through implementations, always returns `true`.",
);
/// Write-through `add`.
pub const LOADABLE_AFTER_ADD: Rule = spec(
    "a value added to a write-through store loads as soon as add returns",
    "Persist a record (or queue it for async persistence).",
);
/// Write-behind `pending_operation_count`, where no reading decides it.
pub const PENDING: Rule = spec(
    "pending_operation_count is the number of writes queued and not yet flushed or dropped",
    "Number of pending (not yet flushed) operations.",
);
/// `hard_flush`.
pub const HARD_FLUSH: Rule = spec(
    "after hard_flush nothing is pending and every entry loads its last write",
    "Flush all pending writes immediately in the calling task.",
);
/// `flush_key`.
pub const FLUSH_KEY: Rule = spec(
    "after flush_key the entry has nothing queued and loads what was flushed",
    "Flush a single key immediately (used during eviction).",
);
/// `reset`.
pub const RESET: Rule = spec(
    "after reset nothing is pending and every entry loads what was persisted, none of the dropped writes",
    "Reset the data store to initial state (clear queues, etc.).",
);
/// Reopen.
pub const REOPEN: Rule = spec(
    "a store reopened over the same storage opens, has nothing pending, and every entry loads what was persisted before the close",
    "External persistence backend for a RecordStore.",
);

/// [`readings::BACKUP_ENTRIES`].
pub const BACKUP_ENTRIES: Rule = reading(
    "a backup write is loaded only where primaries and backups share one table, as the write of that map and key",
    &readings::BACKUP_ENTRIES,
);
/// [`readings::WRITE_BEHIND_BACKUPS`].
pub const WRITE_BEHIND_BACKUPS: Rule = reading(
    "a write-behind store queues backup writes like primary ones, or writes them straight through",
    &readings::WRITE_BEHIND_BACKUPS,
);
/// [`readings::EXPIRY_CLOCK`].
pub const EXPIRY_CLOCK: Rule = reading(
    "an entry is not loaded once persisted if its expiration time has passed by the store's time (its factory's clock, its callers' newest now, or a wall clock), and is loaded until then",
    &readings::EXPIRY_CLOCK,
);
/// [`readings::EXPIRY_BOUNDARY`].
pub const EXPIRY_BOUNDARY: Rule = reading(
    "an entry has expired once the store's time reaches its expiration time, or only once it passes it",
    &readings::EXPIRY_BOUNDARY,
);
/// [`readings::LOAD_ALL_REPEATS`].
pub const LOAD_ALL_REPEATS: Rule = reading(
    "load_all returns a present key once, or once per time the request names it",
    &readings::LOAD_ALL_REPEATS,
);
/// [`readings::FLUSH_KEY_WRITES`].
pub const FLUSH_KEY_WRITES: Rule = reading(
    "flush_key writes the given value, or the entry's queued write, and leaves the entry nothing queued",
    &readings::FLUSH_KEY_WRITES,
);
/// [`readings::FLUSH_KEY_EXPIRATION`].
pub const FLUSH_KEY_EXPIRATION: Rule = reading(
    "the value flush_key writes keeps the entry's expiration time, or never expires",
    &readings::FLUSH_KEY_EXPIRATION,
);
/// [`readings::PENDING_COUNT`].
pub const PENDING_COUNT: Rule = reading(
    "pending_operation_count counts the entries with a queued write, or every queued write",
    &readings::PENDING_COUNT,
);
/// [`readings::SOFT_FLUSH_NUMBER`].
pub const SOFT_FLUSH_NUMBER: Rule = reading(
    "soft_flush returns 0 before any write is queued, a number above every earlier one once a write was queued since, and otherwise the last number issued, or 0 while nothing is queued",
    &readings::SOFT_FLUSH_NUMBER,
);
/// [`readings::RESET_SEQUENCE`].
pub const RESET_SEQUENCE: Rule = reading(
    "the sequence numbers soft_flush reports go on across reset, or start again after it",
    &readings::RESET_SEQUENCE,
);
/// [`readings::RESET_DATA`].
pub const RESET_DATA: Rule = reading(
    "after reset every entry loads what was persisted, or nothing",
    &readings::RESET_DATA,
);
/// [`readings::QUEUED_LOADS`].
pub const QUEUED_LOADS: Rule = reading(
    "a key with a queued write is loadable and loads that write, or is not loadable",
    &readings::QUEUED_LOADS,
);
/// [`readings::REMOVE_ALL_WRITE_BEHIND`].
pub const REMOVE_ALL_WRITE_BEHIND: Rule = reading(
    "a write-behind store's remove_all queues a remove per key, or removes the keys at once and drops their queued writes",
    &readings::REMOVE_ALL_WRITE_BEHIND,
);

/// The rule of `reading`: what its options share, or require when one is pinned.
pub fn of_reading(reading: &Reading) -> Rule {
    [
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
    ]
    .into_iter()
    .find(|rule| rule.basis == Basis::Reading(reading.id))
    .unwrap_or(CALLS_SUCCEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reading_has_its_rule() {
        for reading in readings::ALL {
            assert_eq!(
                of_reading(reading).basis,
                Basis::Reading(reading.id),
                "{}",
                reading.id
            );
        }
    }
}
