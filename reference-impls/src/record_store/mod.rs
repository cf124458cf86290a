//! [`DefaultRecordStore`], the reference [`RecordStore`](storage_traits::RecordStore),
//! and [`RecordStoreFactory`].
//!
//! Contract choices (also in `CONTRACT.md`):
//!
//! - **Ordering.** Writes (`put`, `remove`, `put_backup`, `remove_backup`) and
//!   load-throughs hold a store-wide async lock across the data-store call and the engine
//!   update, so memory and the data store apply them in the same order. Every change to
//!   memory and its notification happen under one short synchronous lock, so observers
//!   see changes in the order the engine made them. Observers are called under that lock
//!   and must not call back into the store.
//! - **Metadata.** A new key gets `RecordMetadata::new(now, cost)` with
//!   `cost = estimate_cost(key, &value)`. An overwrite keeps `creation_time`,
//!   `last_access_time` and `hits`, calls `on_update(now)` (version saturates) and
//!   recomputes `cost`; a write is not an access. `get(key, true)` calls
//!   `on_access(now)` and stores it; `get(key, false)` changes nothing. `put_backup` of a
//!   new key keeps the given metadata except `cost` (always this store's estimate) and
//!   the dirty mark; of an existing key it follows the overwrite rule.
//! - **Provenance and dirty tracking.** `Client` and `CrdtMerge` write through (`add`,
//!   `remove`; `add_backup`, `remove_backup` for the backup operations) and the record is
//!   then clean (`on_store(now)`). `Load` does not call the data store and the record is
//!   clean. `Backup` and `Replication` do not call it and the record is dirty
//!   (`last_stored_time = 0`). The data store is called first: on error the operation
//!   returns `Err` naming the operation, key and map, and memory, metadata, expiry and
//!   observers are as before the call.
//! - **Removal.** `remove` with a writing provenance always calls the data store, even
//!   when the key is not in memory, so an evicted value cannot come back; it returns the
//!   live in-memory value and fires `on_remove` only if there was one. With a
//!   non-writing provenance it removes from memory only, and a value persisted earlier
//!   can come back through load-through.
//! - **Load-through.** `get` and `get_all` load a key that is not in memory when
//!   `is_loadable(key)`; the loaded record gets `RecordMetadata::new(now, cost)` and
//!   `on_store(now)` (clean), `on_access(now)` too when touching, is kept in the engine,
//!   and `on_load(key, record, false)` fires. `get_all` returns, in request order and
//!   once per distinct key, the live records found; it does not touch. `put` and
//!   `remove` look at memory only: a key that is only in the data store counts as new.
//! - **Expiry.** The policy given to `put` is kept per key until the key leaves memory;
//!   a 0 field falls back to the config default. `put_backup` keeps the key's policy
//!   (the default for a new key), loaded records get the default. TTL counts from
//!   `creation_time`, max idle from `last_access_time`; a record is expired when
//!   `now >= deadline`, TTL reported before max idle. The data store gets
//!   `expiration_time = creation_time + ttl`, or 0 without a TTL. Any operation that
//!   meets an expired record removes it from memory with
//!   `on_evict(key, record, is_backup)` first, then treats the key as absent (`get`
//!   then loads through: a max-idle-expired value still in the data store comes back
//!   fresh). `exists_in_memory`, `size`, `fetch_keys` and `fetch_entries` see the
//!   engine as it is, expired records included. `evict_expired(p, now, b)` does nothing
//!   for `p == 0`, otherwise removes up to `max(1, expirable * min(p, 100) / 100)`
//!   expired records. `has_expired` ignores `is_backup`.
//! - **Eviction.** `evict` and `evict_all` evict only clean records: a dirty or missing
//!   record is left alone (`evict` returns `None`). `should_evict` is
//!   `max_cost > 0 && owned_entry_cost() > max_cost`.
//! - **Lifecycle.** `clear` removes every record from memory, fires `on_clear` once and
//!   returns the count; it does not reach the data store, so persisted values can come
//!   back through load-through. `reset` empties memory and fires `on_reset`; `destroy`
//!   empties memory, destroys the engine and fires `on_destroy(false)`; neither touches
//!   the data store. `init` does nothing: everything is wired at construction.
//! - **Observers.** New key: `on_put(key, record, None, is_backup)`; overwrite:
//!   `on_update(key, record, old, new, is_backup)` only; backup operations pass
//!   `is_backup = true`; every notification follows the engine update and carries the
//!   record as stored. `on_replication_put` is never fired.

mod builder;
mod config;
mod cost;
mod eviction;
mod expiry;
mod factory;
mod lifecycle;
mod provenance;
mod read;
mod remove;
mod side;
mod store;
#[cfg(test)]
mod tests;
mod trait_impl;
mod write;

pub use builder::DefaultRecordStoreBuilder;
pub use config::RecordStoreConfig;
pub use cost::estimate_cost;
pub use factory::{EngineFactory, RecordStoreFactory};
pub use store::DefaultRecordStore;
