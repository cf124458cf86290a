//! Test doubles the kit provides to suites and to implementers' own tests: a recording
//! observer, a fault-injecting data store wrapper, and a manual clock.
//!
//! - [`EventLog`] and [`RecordingObserver`]: every notification, with its arguments
//!   owned and a sequence number shared by all the observers of one log.
//! - [`FaultyDataStore`]: wraps any [`MapDataStore`](storage_traits::MapDataStore),
//!   records every call, and fails chosen calls or adds latency on demand.
//! - [`PanickingObserver`]: panics on every notification.
//! - [`ManualClock`]: the clock the kit hands a store, which moves only when told to;
//!   stores built on it expire records deterministically.
//! - [`MemoryEngine`] and [`MemoryDataStore`]: the engine and the write-through,
//!   write-behind and null data stores the kit injects into a record store under test.

mod clock;
mod faulty_data_store;
mod memory_data_store;
mod memory_engine;
mod panicking_observer;
mod recording_observer;

pub use clock::ManualClock;
pub use faulty_data_store::{DataStoreCall, FaultyDataStore, Method};
pub use memory_data_store::{MemoryDataStore, Persistence};
pub use memory_engine::MemoryEngine;
pub use panicking_observer::{PANIC_MESSAGE, PanickingObserver};
pub use recording_observer::{Call, Event, EventLog, RecordingObserver};
