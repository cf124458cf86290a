//! The storage traits of a Hazelcast-style data grid, exactly as the storage-traits
//! specification defines them, plus the `Value` and HLC `Timestamp` types they build on
//! and the [`Clock`] a store may read the time from.
//!
//! Four layers:
//! - [`StorageEngine`]: the in-memory key-value layer, with cursors, snapshots, sampling
//!   and cost accounting;
//! - [`RecordStore`]: the per-map-per-partition layer adding metadata, expiry, eviction,
//!   write-through and mutation observers;
//! - [`MapDataStore`]: the persistence backend, write-through or write-behind;
//! - [`MutationObserver`] and its fan-out [`CompositeMutationObserver`].
//!
//! Every trait is object-safe for the way it is shared: `Arc<dyn StorageEngine>`,
//! `Arc<dyn MapDataStore>`, `Arc<dyn MutationObserver>`, `Box<dyn RecordStore>`.

pub mod clock;
pub mod engine;
pub mod hlc;
pub mod map_data_store;
pub mod mutation_observer;
pub mod record;
pub mod record_store;
pub mod types;

pub use clock::Clock;
pub use engine::*;
pub use hlc::Timestamp;
pub use map_data_store::*;
pub use mutation_observer::*;
pub use record::*;
pub use record_store::*;
pub use types::Value;
