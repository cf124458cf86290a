//! Concurrency: operations on several threads at once against one shared
//! implementation, recorded as a history with a logical clock and checked for
//! linearizability (key by key, Wing–Gong/Lowe with memoisation and a time budget), for
//! sound snapshots and cursor walks beside writers, and for quiescent consistency.
//!
//! A concurrent case is a [`ConcurrentScenario`] of `(thread, op)` steps, so the
//! runner's shrinking, minimality pass and Rust rendering work unchanged. A race shows
//! in some runs only: every case runs [`ConcurrencyConfig::repetitions`] times, and
//! shrinking keeps a smaller case only when it fails the same way again.
//!
//! [`ConcurrencyConfig::repetitions`]: crate::config::ConcurrencyConfig::repetitions

pub mod checks;
pub mod clock;
pub mod data_store;
pub mod data_store_checks;
pub mod data_store_ops;
pub mod engine;
pub mod history;
pub mod keyed;
pub mod linearizability;
pub mod point_in_time;
pub mod presence;
pub mod run;
pub mod scenario;
pub mod store;
pub mod store_checks;
pub mod store_history;
pub mod store_ops;
pub mod store_run;
pub mod strategies;

pub use engine::{ConcurrentCheck, check_concurrent_engine_property};
pub use scenario::ConcurrentScenario;
