//! Test doubles the kit provides to suites and to implementers' own tests: a recording
//! observer, a fault-injecting data store wrapper, and a manual clock.
//!
//! - [`EventLog`] and [`RecordingObserver`]: every notification, with its arguments
//!   owned and a sequence number shared by all the observers of one log.
//! - [`FaultyDataStore`]: wraps any [`MapDataStore`](storage_traits::MapDataStore),
//!   records every call, and fails chosen calls or adds latency on demand.
//! - [`PanickingObserver`]: panics on every notification.
//! - [`ManualClock`] (with the [`Clock`] trait): the reference implementations' clock,
//!   which moves only when told to; stores built on it expire records deterministically.

mod faulty_data_store;
mod panicking_observer;
mod recording_observer;

pub use faulty_data_store::{DataStoreCall, FaultyDataStore, Method};
pub use panicking_observer::{PANIC_MESSAGE, PanickingObserver};
pub use recording_observer::{Call, Event, EventLog, RecordingObserver};
pub use storage_reference::{Clock, ManualClock};
