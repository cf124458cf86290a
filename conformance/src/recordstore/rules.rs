//! The rules the record-store properties check, each an assertion of the spec (with the
//! words it comes from) or a reading ([`super::readings`]). A failure states one of
//! them; CONTRACT.md tags each in the entries of the properties that check it.

use super::readings;
use crate::property::{Basis, Rule};
use crate::readings::Reading;

/// A rule that follows from the spec's words `quote`.
const fn spec(text: &'static str, quote: &'static str) -> Rule {
    Rule {
        text,
        basis: Basis::Spec(quote),
    }
}

/// A rule that follows from the open point `reading`: what its accepted options allow.
const fn reading(text: &'static str, reading: Reading) -> Rule {
    Rule {
        text,
        basis: Basis::Reading(reading.id),
    }
}

const PUT_DOC: &str = "Put a value, returning the old value if it existed.";
const WRITE_THROUGH_DOC: &str = "Handles write-through to MapDataStore based on provenance.";
const GET_DOC: &str = "Get a record, loading from MapDataStore if not in memory.";
const MUTATION_OBSERVATION: &str =
    "adding metadata tracking, expiry, eviction, and mutation observation.";
const EVERY_MUTATION: &str = "The `RecordStore` calls `add()` / `remove()` on every mutation.";
const STORED_DOC: &str = "Wall-clock time when last persisted to MapDataStore. 0 = never stored.";
const TTL_DOC: &str = "Time-to-live in milliseconds from creation. 0 = no TTL.";
const INIT_DOC: &str = "Initialize the record store (create backing storage, register observers).";
const PAGINATION_DOC: &str = "Fetch keys with cursor-based pagination.";

// --- What operations return ---

/// `Ok` or `Err`.
pub const OK_OR_ERR: Rule = spec(
    "an operation returns Err exactly when a data-store call it makes fails",
    WRITE_THROUGH_DOC,
);
/// `put` of a live key.
pub const PUT_RETURNS: Rule = spec("put returns the live value the key held in memory", PUT_DOC);
/// `put` of a key not in memory.
pub const PUT_RETURNS_NOT_IN_MEMORY: Rule = reading(
    "put of a key with no live record in memory returns None, or the old value it loaded from the data store",
    readings::WRITE_OLD_VALUE,
);
/// `remove` of a live key.
pub const REMOVE_RETURNS: Rule = spec(
    "remove returns the live value the key held in memory",
    "Remove a record, returning the old value.",
);
/// `remove` of a key not in memory.
pub const REMOVE_RETURNS_NOT_IN_MEMORY: Rule = reading(
    "remove of a key with no live record in memory returns None, or the old value it loaded from the data store",
    readings::WRITE_OLD_VALUE,
);
/// `get`.
pub const GET_RETURNS: Rule = spec(
    "get returns the live record in memory, else the value it loads from the data store, else None: no acknowledged write is lost and no removed value comes back",
    GET_DOC,
);
/// A read of an expired record.
pub const READ_EXPIRED: Rule = reading(
    "get and get_all never return an expired record: for a key whose record expired they return nothing, or what they load again",
    readings::EXPIRED_READ,
);
/// `get_all`.
pub const GET_ALL_RETURNS: Rule = spec(
    "get_all returns every requested key it finds, in memory or loaded, with its value, and no other key",
    "Get multiple records.",
);
/// `exists_in_memory`.
pub const EXISTS: Rule = spec(
    "exists_in_memory is true exactly for keys held in memory, expired ones included",
    "Check if a key exists in memory (does NOT load from MapDataStore).",
);
/// `size`.
pub const SIZE: Rule = spec(
    "size is the number of records in memory, and is_empty() == (size() == 0)",
    "Number of entries in the record store.",
);

// --- Eviction and clearing ---

/// Evicting a saved record.
pub const EVICT_SAVED: Rule = spec(
    "evict and evict_all evict every record whose latest value the data store accepted, and evict returns its value",
    "Evict a single entry (e.g., due to memory pressure).",
);
/// Evicting an unsaved record.
pub const EVICT_UNSAVED: Rule = reading(
    "a record whose latest value the data store has not accepted leaves memory by eviction only once a flush_key of that value succeeded: no acknowledged write is lost",
    readings::UNSAVED_EVICTION,
);
/// Evicting a record given as clean.
pub const EVICT_CLAIMED: Rule = reading(
    "a record given as clean but never saved by this store is evicted as clean, or kept",
    readings::CLAIMED_CLEAN,
);
/// An expired record an operation meets.
pub const EXPIRED_MET: Rule = reading(
    "an operation that meets an expired record treats its key as absent, and removes the record (a read may keep it)",
    readings::EXPIRED_MET,
);
/// `evict_all`'s count.
pub const EVICT_ALL_COUNT: Rule = spec(
    "evict_all returns how many records it evicted",
    "Evict all non-locked entries.",
);
/// `clear`.
pub const CLEAR: Rule = spec(
    "clear empties memory and returns how many records it removed",
    "Clear all data (used by IMap.clear()).",
);
/// `clear` and the data store.
pub const CLEAR_DATA_STORE: Rule = reading(
    "clear leaves the data store alone, or deletes the cleared keys with one remove_all",
    readings::CLEAR_DATA_STORE,
);
/// A failed write.
pub const FAILED_WRITE: Rule = reading(
    "after a write whose data-store call failed, memory is as before (or, for a put, holds the new value unsaved); after a failed removal it is as before",
    readings::FAILED_WRITE,
);
/// A destroyed store.
pub const AFTER_DESTROY: Rule = reading(
    "a destroyed store works on as an empty store",
    readings::AFTER_DESTROY,
);

// --- Metadata ---

/// Untouched records.
pub const METADATA_KEPT: Rule = spec(
    "an operation changes the metadata of no record but those it writes, loads or reads with touch",
    MUTATION_OBSERVATION,
);
/// A new record.
pub const METADATA_NEW: Rule = reading(
    "a new record has no hits, creation, access and update times at the clock, and version 0 or 1",
    readings::NEW_KEY_VERSION,
);
/// An overwrite.
pub const METADATA_OVERWRITE: Rule = spec(
    "an overwrite adds 1 to the version (saturating at u32::MAX), sets the update time and keeps the creation time",
    "Record version, incremented on every update.",
);
/// A write as an access.
pub const METADATA_WRITE_ACCESS: Rule = reading(
    "an overwrite keeps the access time and hits, or records one access",
    readings::WRITE_ACCESS,
);
/// A touching read.
pub const METADATA_TOUCH: Rule = spec(
    "a touching get adds one hit (saturating at u32::MAX) and sets the access time; a read without touch changes nothing",
    "Updates access statistics if `touch` is true.",
);
/// What a touching read returns.
pub const METADATA_TOUCH_TIMING: Rule = reading(
    "a touching get returns (and notifies) the record with its access recorded, or as it was read",
    readings::TOUCH_TIMING,
);
/// `get_all` as an access.
pub const METADATA_GET_ALL: Rule = reading(
    "get_all records no access, or one on each record it returns",
    readings::GET_ALL_TOUCH,
);
/// A loaded record.
pub const METADATA_LOADED: Rule = spec(
    "a record loaded through is a new record at the clock, clean: last_stored_time at the clock",
    STORED_DOC,
);
/// A backup record of a new key.
pub const METADATA_BACKUP: Rule = reading(
    "put_backup of a key not in memory stores the given metadata (marked as its provenance writes, or as given) or a new record's",
    readings::BACKUP_METADATA,
);
/// A backup record over a live one.
pub const METADATA_BACKUP_EXISTING: Rule = reading(
    "put_backup over a live record overwrites it, or replaces it with the given record",
    readings::BACKUP_EXISTING,
);
/// A record the data store accepted.
pub const DIRTY_SAVED: Rule = spec(
    "a record is clean (last_stored_time at the clock) once the data store accepted its latest value",
    STORED_DOC,
);
/// A record the data store has not accepted.
pub const DIRTY_UNSAVED: Rule = reading(
    "a write the data store has not accepted leaves last_stored_time 0, or as it was: the record is dirty unless written in the millisecond of its last store",
    readings::DIRTY_MARK,
);
/// A `Load` put.
pub const DIRTY_LOAD_PUT: Rule = reading(
    "a Load put leaves a clean record, or one marked as any unsaved write",
    readings::LOAD_PUT,
);

// --- Notifications ---

/// Each notification reaches every observer once, in order.
pub const EVENTS_FAN_OUT: Rule = spec(
    "every notification reaches each injected observer once, in registration order",
    INIT_DOC,
);
/// The notifications of an operation.
pub const EVENTS: Rule = spec(
    "each change to memory fires its notification, with its key, the record as stored, its values and is_backup flag; an operation that changes nothing fires none",
    MUTATION_OBSERVATION,
);
/// An overwrite's notification.
pub const EVENT_OVERWRITE: Rule = reading(
    "an overwrite fires on_update(old, new), or on_put with the old value",
    readings::OVERWRITE_EVENT,
);
/// A `Load` put's notification.
pub const EVENT_LOAD_PUT: Rule = reading(
    "a Load put of a key not in memory fires on_put or on_load",
    readings::LOAD_PUT_EVENT,
);
/// A `Replication` write's notification.
pub const EVENT_REPLICATION: Rule = reading(
    "a Replication write fires what any write fires, or on_replication_put",
    readings::REPLICATION_EVENT,
);
/// An expired record's notification.
pub const EVENT_EXPIRED: Rule = reading(
    "an expired record an operation removes fires on_evict, on_remove or nothing",
    readings::EXPIRED_EVENT,
);
/// `evict_expired`'s notifications: never silent, whatever the expired-event reading.
pub const EVENT_EVICT_EXPIRED: Rule = spec(
    "evict_expired notifies every observer of each record it removes (on_evict, or on_remove where the store reads expiry so)",
    "Observer for record mutations within a RecordStore.",
);
/// `on_destroy`'s flag.
pub const EVENT_DESTROY: Rule = reading(
    "destroy fires on_destroy once, with is_shutdown false (or true)",
    readings::DESTROY_FLAG,
);
/// A write that loaded the old value.
pub const EVENT_WRITE_LOADED: Rule = reading(
    "a write that loaded the old value fires on_put (with that old value or None), or on_load then the overwrite's notification",
    readings::WRITE_OLD_VALUE,
);

// --- Data-store calls ---

/// `Client` writes.
pub const CALLS_CLIENT: Rule = spec(
    "a Client put or remove writes through with add or remove (add_backup or remove_backup for the backup operations)",
    EVERY_MUTATION,
);
/// `Load` puts.
pub const CALLS_LOAD_PUT: Rule = spec(
    "a Load put never calls the data store: the value came from there",
    WRITE_THROUGH_DOC,
);
/// `Backup` writes.
pub const CALLS_BACKUP_PROVENANCE: Rule = reading(
    "a Backup put or remove calls nothing, add_backup/remove_backup, or add/remove",
    readings::BACKUP_PROVENANCE,
);
/// `Replication` writes.
pub const CALLS_REPLICATION_PROVENANCE: Rule = reading(
    "a Replication put or remove calls nothing, or writes through",
    readings::REPLICATION_PROVENANCE,
);
/// `CrdtMerge` writes.
pub const CALLS_CRDT_MERGE_PROVENANCE: Rule = reading(
    "a CrdtMerge put or remove writes through, or calls nothing",
    readings::CRDT_MERGE_PROVENANCE,
);
/// The backup operations.
pub const CALLS_BACKUP_OPERATIONS: Rule = reading(
    "put_backup and remove_backup write through as their provenance says, with add_backup and remove_backup, or never",
    readings::BACKUP_WRITE_THROUGH,
);
/// A read of a key not in memory.
pub const CALLS_LOAD: Rule = spec(
    "a get of a key not in memory loads it from the data store",
    GET_DOC,
);
/// `get_all`'s loads.
pub const CALLS_GET_ALL: Rule = reading(
    "get_all asks the data store for every requested key not in memory, with load or one load_all",
    readings::GET_ALL_LOADING,
);
/// A write's load of the old value.
pub const CALLS_WRITE_LOAD: Rule = reading(
    "put and remove load the old value of a key not in memory only where recordstore_write_old_value allows",
    readings::WRITE_OLD_VALUE,
);
/// The expiration time handed to the data store.
pub const CALLS_EXPIRATION: Rule = reading(
    "a write hands the data store the record's TTL deadline (or its earliest deadline), 0 when it cannot expire",
    readings::EXPIRATION_TIME,
);
/// The arguments of a call.
pub const CALLS_ARGUMENTS: Rule = spec(
    "every data-store call names the store's map, the key and the value written, and the clock's now",
    "Name of the map this record store manages.",
);
/// No other writes.
pub const CALLS_NOTHING_ELSE: Rule = spec(
    "no operation writes to the data store but a write-through, a removal, an eviction's flush or a clear's remove_all",
    WRITE_THROUGH_DOC,
);
/// An eviction's flush.
pub const CALLS_FLUSH: Rule = reading(
    "evict and evict_all call flush_key only for a record they then evict, with its value, or never",
    readings::UNSAVED_EVICTION,
);
/// `soft_flush`.
pub const CALLS_SOFT_FLUSH: Rule = reading(
    "soft_flush calls soft_flush or hard_flush on the data store once",
    readings::SOFT_FLUSH,
);

// --- Expiry ---

/// `has_expired`.
pub const HAS_EXPIRED: Rule = spec(
    "has_expired reports Ttl once creation_time + ttl is reached and MaxIdle once last_access_time + max_idle is, NotExpired before and for a missing key",
    TTL_DOC,
);
/// The reason when both deadlines passed.
pub const HAS_EXPIRED_REASON: Rule = reading(
    "when both deadlines passed, has_expired reports Ttl, MaxIdle, or the one that came first",
    readings::EXPIRY_REASON,
);
/// `is_expirable`.
pub const IS_EXPIRABLE: Rule = spec(
    "is_expirable is true exactly when a record in memory has a TTL or a max idle",
    "Whether this record store has any entries that can expire.",
);
/// `evict_expired`.
pub const EVICT_EXPIRED: Rule = spec(
    "evict_expired removes only expired records, none for 0% and every expired one for 100% or more",
    "Evict expired entries up to a percentage of total expirable entries.",
);
/// `evict_expired`'s count.
pub const EVICT_EXPIRED_COUNT: Rule = reading(
    "evict_expired removes as many expired records as its percentage of the expirable ones allows, rounded as recordstore_evict_expired_count says",
    readings::EVICT_EXPIRED_COUNT,
);
/// `for_each_boxed`.
pub const FOR_EACH: Rule = spec(
    "for_each_boxed visits every live record once and no expired one, whatever is_backup",
    "Calls `consumer` for each non-expired entry.",
);

// --- Cost ---

/// `owned_entry_cost`.
pub const OWNED_COST: Rule = reading(
    "owned_entry_cost() is storage().estimated_cost() (or more, with the store's overhead), and 0 when memory is empty",
    readings::OWNED_COST,
);
/// A record's cost.
pub const RECORD_COST: Rule = spec(
    "every stored record's cost is greater than 0",
    "Estimated heap cost of this record in bytes.",
);
/// `should_evict`.
pub const SHOULD_EVICT: Rule = reading(
    "should_evict() is false without a limit (max_cost 0) and below it, true above it, and at it as recordstore_cost_limit says",
    readings::COST_LIMIT,
);

// --- Identity, init, cursors ---

/// `name`.
pub const NAME: Rule = spec(
    "name() returns the injected map name, from init on",
    "Name of the map this record store manages.",
);
/// `partition_id`.
pub const PARTITION: Rule = spec(
    "partition_id() returns the injected partition id, from init on",
    "Partition ID this record store belongs to.",
);
/// A fresh store after init.
pub const INIT_EMPTY: Rule = spec(
    "right after init, a fresh store holds nothing: size() == 0, is_empty(), and for_each_boxed visits nothing",
    INIT_DOC,
);
/// init's side effects.
pub const INIT_QUIET: Rule = spec(
    "init fires no notification and makes no data-store call",
    INIT_DOC,
);
/// The cursor rules of the engine suite, through the record store.
pub const CURSOR: &[Rule] = &[
    spec(crate::cursor::rules::PAGE_SIZE, PAGINATION_DOC),
    spec(crate::cursor::rules::NEVER_PRESENT, PAGINATION_DOC),
    spec(crate::cursor::rules::RECORD_HELD, PAGINATION_DOC),
    spec(crate::cursor::rules::EXACTLY_ONCE, PAGINATION_DOC),
    spec(crate::cursor::rules::COMPLETE, PAGINATION_DOC),
    spec(crate::cursor::rules::FINISHES, PAGINATION_DOC),
];

/// The kit could not build the injected parts: not a rule of the store, a failure to run.
pub const KIT_SETUP: &str = "the kit can build the injected parts";
