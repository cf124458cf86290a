//! Simple, correct reference implementations of every storage trait.
//!
//! Each type documents the contract choices it makes; `CONTRACT.md` collects them.
//!
//! # Clock
//! Stores read the time (millis since the epoch) from an injected [`Clock`]:
//! [`SystemClock`] by default, the conformance kit's `ManualClock` in tests.
//!
//! # Engines
//! [`HashMapEngine`] (sharded concurrent hash map) and [`BTreeEngine`] (ordered map
//! behind a lock) share one cursor scheme: a cursor is the position after the last key
//! returned, and a page holds the smallest `max(size, 1)` keys after it in byte order,
//! so a walk never skips a key that stays present while the map changes between pages.
//! A cursor is finished when no key after the page existed when it was built.
//! `estimated_cost` is a running total kept under the map's locks; `random_samples`
//! returns distinct present entries; `snapshot_iter` copies each entry once; `destroy`
//! clears and the engine stays usable.
//!
//! # Data stores
//! [`NullDataStore`] persists nothing. [`InMemoryDataStore`] is write-through, keyed
//! by (primary or backup, map, key), and never serves an entry whose expiration time
//! has been reached by its clock. [`WriteBehindDataStore`] coalesces writes per entry in
//! front of a delegate, serves queued values to reads (so it is always loadable),
//! numbers every queued operation, and flushes in queue order on a background task that
//! retries errors with back-off and stops when the store is dropped.

pub mod clock;
pub mod data_stores;
pub mod engines;
pub mod record_store;
#[cfg(test)]
mod test_support;

pub use clock::{Clock, SystemClock};
pub use data_stores::{InMemoryDataStore, NullDataStore, WriteBehindConfig, WriteBehindDataStore};
pub use engines::{BTreeEngine, HashMapEngine};
pub use record_store::{
    DefaultRecordStore, DefaultRecordStoreBuilder, EngineFactory, RecordStoreConfig,
    RecordStoreFactory, estimate_cost,
};
