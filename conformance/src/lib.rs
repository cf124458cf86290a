//! A property-based conformance kit for the storage traits.
//!
//! One macro line in an implementer's `tests/*.rs` gives a complete property-based
//! suite, one `#[test]` per property:
//!
//! ```ignore
//! use storage_conformance::storage_engine_conformance;
//!
//! storage_engine_conformance!(my_engine, MyEngine::new);
//! // With options: any change to the run settings (cases, skips, capabilities off).
//! storage_engine_conformance!(my_engine_quick, MyEngine::new,
//!     configure = |c| c.cases(32).skip("engine_random_samples", "not supported yet"));
//! ```
//!
//! `cargo test my_engine::` runs the suite and `cargo test my_engine::engine_snapshot`
//! one property. A failure names the property, states the broken rule, shows expected
//! versus actual, and prints a one-minimal counterexample as Rust code (it calls the
//! helpers in [`replay`]) with the seed that replays it.
//!
//! Settings: `PROPTEST_CASES` (default [`config::DEFAULT_CASES`]), `CONFORMANCE_SEED`
//! to replay a run, `CONFORMANCE_WATCHDOG_MS` for the per-case watchdog (a hang is
//! reported as a failure). Failing seeds are appended to
//! `conformance-regressions/<module>/<property>.txt` in the invoking crate and replayed
//! first on the next run; commit those files.
//!
//! Without the macros, [`engine::check_engine_property`] returns an
//! [`outcome::Outcome`] value with a structured [`failure::Failure`]. The rules each
//! property checks are in the repository's `CONTRACT.md`.

pub mod config;
pub mod controls;
pub mod cursor;
pub mod engine;
pub mod failure;
pub mod generators;
#[doc(hidden)]
pub mod macros;
pub mod outcome;
pub mod property;
pub mod registry;
pub mod render;
pub mod replay;
pub mod report;
pub mod runner;
pub mod scenario;
