//! Concurrency, for every suite and naming none: a case of operations on several threads
//! or tasks at once against one shared implementation ([`ConcurrentScenario`], over any
//! [`ThreadOp`](scenario::ThreadOp)), run on tasks ([`tasks`]) or by a suite's own
//! thread runner, recorded as a history with a logical clock ([`clock`],
//! [`task_history`]) and checked for linearizability key by key ([`keyed`],
//! Wing–Gong/Lowe with memoisation and a time budget: [`linearizability`]). Each suite
//! keeps its own concurrent properties, ops and checks in its `concurrent` module.
//!
//! A concurrent case is a [`ConcurrentScenario`] of `(thread, op)` steps, so the
//! runner's shrinking, minimality pass and Rust rendering work unchanged. A race shows
//! in some runs only: every case runs [`ConcurrencyConfig::repetitions`] times, and
//! shrinking keeps a smaller case only when it fails the same way again.
//!
//! [`ConcurrencyConfig::repetitions`]: crate::config::ConcurrencyConfig::repetitions

pub mod clock;
pub mod keyed;
pub mod linearizability;
pub mod scenario;
pub mod task_history;
pub mod task_strategies;
pub mod tasks;

pub use scenario::ConcurrentScenario;
