//! A property-based conformance kit for the storage traits.
//!
//! One macro line in an implementer's `tests/*.rs` gives a complete property-based
//! suite, one `#[test]` per property:
//!
//! ```ignore
//! use my_engine::MyEngine;
//! use storage_conformance::storage_engine_conformance;
//!
//! storage_engine_conformance!(engine_conformance, MyEngine::new);
//! ```
//!
//! `cargo test engine_conformance::` runs the suite and
//! `cargo test engine_conformance::engine_snapshot` one property. A failure names the
//! property, states the broken rule, lists the fields and list entries where actual
//! differs from expected (then shows both in full), and prints a one-minimal
//! counterexample as Rust code (it calls the helpers in [`replay`]) with the seed that
//! replays it. Name the module apart from your crate: in a crate `my_engine`, a module
//! `my_engine` would hide the crate from the `use` lines of the test file.
//!
//! # Every broken rule, and no silent skip
//!
//! A property does not stop at its first failure. It shrinks it, then goes on through
//! the run's remaining cases with that rule set aside, and reports every distinct rule
//! the implementation breaks, each with its own minimal counterexample; the test fails
//! once, listing them all ([`failure::Failures`], [`outcome::Outcome::failures`]). The
//! search never runs when the property passes, and ends after
//! [`config::DistinctConfig`]'s rule limit (8) or time budget (20 s).
//!
//! A skipped property passes with its reason printed; under strict mode
//! (`CONFORMANCE_STRICT=1`, or `configure = |c| c.strict(true)`) it fails. A property
//! that cannot apply (a write-behind property on a write-through data store) is "not
//! applicable", never a failure. Each generated module prints one line when the last
//! of its tests that the run selected finishes, e.g.
//! `conformance `engine_conformance`: 11 passed, 0 failed, 1 skipped, 0 not applicable
//! (12 properties)`; under a test filter it counts the selected properties and says so.
//!
//! # The macros and their options
//!
//! Each macro takes the name of the module it generates, a factory, and options after
//! them, in the order shown:
//!
//! | macro | factory | options |
//! |---|---|---|
//! | [`storage_engine_conformance!`] | `Fn() -> E`, a fresh `E: StorageEngine` per case | `configure` |
//! | [`mutation_observer_conformance!`] | `Fn(Vec<Arc<dyn MutationObserver>>) -> C`, a composite over the kit's observers | `add`, `configure` |
//! | [`map_data_store_conformance!`] | `Fn(Arc<ManualClock>) -> D`, a store on the kit's clock | `kind`, `reopen`, `configure` |
//! | [`record_store_conformance!`] | `Fn(RecordStoreParts) -> Box<R>`, a store over the kit's parts | `configure` |
//!
//! - `configure = |c| …` changes the run settings, a [`config::RunConfig`], after the
//!   environment has set them: `cases(n)`, `seed(s)`, `watchdog(duration)`,
//!   `regressions(dir)`, `skip(property_id, reason)`, `without(capability)` (every
//!   property that requires the capability is skipped, and the skip says why),
//!   `not_applicable(capability)` (its properties do not apply, and strict mode does
//!   not fail them), `strict(bool)`, `distinct_rules(n)` and `distinct_budget(duration)`,
//!   `pin(choice)` (the implementation follows that option of an open point: see
//!   "Readings" below);
//!   for the concurrent properties (`*_concurrent_*`), `threads(n)`, `repetitions(n)`
//!   and `concurrent_cases(n)`.
//! - `add = f` (observers): `f: fn(&mut C, Arc<dyn MutationObserver>)` registers one more
//!   observer; without it, the property of adding observers is skipped.
//! - `kind = Null | WriteThrough | WriteBehind` (data stores, default `WriteThrough`):
//!   which persistence model the store is compared with; the other kinds' properties are
//!   not applicable.
//! - `configure = |c| c.pin(choice)` pins a reading: where the spec leaves a point open
//!   (whether backups share the primaries' table, which clock expires entries, …) a
//!   suite accepts every option by default, and checks the pinned one alone. The choices
//!   are constants in each suite's `readings` module ([`datastore::readings`] for data
//!   stores); a failure under a pin names it, and a pin the suite does not know is an
//!   error that lists its readings.
//! - `reopen = f` (data stores): `f: Fn(D, Arc<ManualClock>) -> anyhow::Result<D>` closes a
//!   store and opens a new one over the same storage; it turns on
//!   [`datastore::PERSISTENT`] (reopen after `hard_flush`) and [`datastore::CRASH_DURABLE`]
//!   (reopen without it: what survives a crash). The real crash, a child process killed
//!   with SIGKILL, is [`datastore::crash::check_crash_by_kill`].
//!
//! The capabilities a property may require, for `without`: [`property::CORE`] (always
//! on); [`observer::properties::ADD`] (set by `add`); [`datastore::NULL`],
//! [`datastore::WRITE_THROUGH`] and [`datastore::WRITE_BEHIND`] (set by `kind`); and
//! [`recordstore::capabilities`] for stores that cannot take the kit's clock, data store,
//! observers, default expiry policy or cost limit. A `skip` of a property or a `without`
//! of a capability the suite does not know fails the run with the list of those it
//! knows, so that a typo cannot silently turn a check off. The record-store suite calls
//! `init()` once on every store the factory returns, before the first operation.
//!
//! Every form, on the kit's own in-memory engine and data stores ([`doubles`]):
//!
//! ```
//! use storage_conformance::doubles::{MemoryDataStore, MemoryEngine, Persistence};
//! use storage_conformance::{
//!     map_data_store_conformance, mutation_observer_conformance, storage_engine_conformance,
//! };
//! use storage_traits::CompositeMutationObserver;
//!
//! storage_engine_conformance!(engine, MemoryEngine::new);
//! storage_engine_conformance!(engine_quick, MemoryEngine::new,
//!     configure = |c| c.cases(32).skip("engine_random_samples", "no sampling yet"));
//! storage_engine_conformance!(engine_deep, MemoryEngine::new,
//!     configure = |c| c.concurrent_cases(256).repetitions(16).threads(8));
//!
//! mutation_observer_conformance!(observers, CompositeMutationObserver::new,
//!     add = CompositeMutationObserver::add);
//! mutation_observer_conformance!(fixed_observers, CompositeMutationObserver::new,
//!     configure = |c| c.cases(16));
//!
//! map_data_store_conformance!(in_memory,
//!     |clock| MemoryDataStore::new(Persistence::WriteThrough, clock));
//! map_data_store_conformance!(null, |clock| MemoryDataStore::new(Persistence::Null, clock),
//!     kind = Null, configure = |c| c.cases(64));
//! // Pinned readings: the open points of the spec this store decides one way.
//! map_data_store_conformance!(in_memory_pinned,
//!     |clock| MemoryDataStore::new(Persistence::WriteThrough, clock),
//!     configure = |c| c
//!         .pin(storage_conformance::datastore::readings::BACKUPS_SEPARATE)
//!         .pin(storage_conformance::datastore::readings::EXPIRY_BY_FACTORY_CLOCK));
//! # fn main() {}
//! ```
//!
//! A record store is built from the parts the kit hands its factory (here `MyRecordStore`
//! stands for yours; the repository's `tests/recordstore_suite.rs` runs these forms on
//! the reference record store):
//!
//! ```ignore
//! use storage_conformance::record_store_conformance;
//! use storage_conformance::recordstore::{RecordStoreParts, capabilities, readings};
//!
//! record_store_conformance!(record_store, |parts: RecordStoreParts| {
//!     Box::new(MyRecordStore::from_parts(parts))
//! });
//! record_store_conformance!(record_store_wall_clock, |parts: RecordStoreParts| {
//!     Box::new(MyRecordStore::from_parts(parts))
//! }, configure = |c| c.without(capabilities::INJECTED_CLOCK));
//! record_store_conformance!(record_store_pinned, |parts: RecordStoreParts| {
//!     Box::new(MyRecordStore::from_parts(parts))
//! }, configure = |c| c.pin(readings::NEW_KEY_VERSION_ZERO).pin(readings::UNSAVED_EVICTION_KEEP));
//! ```
//!
//! # Readings: pin the options your implementation follows
//!
//! Where the spec leaves a point open (what a page at size 0 holds, whether
//! `random_samples` draws with replacement, what `estimated_cost` adds up, whether an
//! engine is usable after `destroy`, what a composite does when an observer panics, …),
//! a suite accepts every reasonable option by default and checks what they share. Each
//! suite lists its readings in `<suite>::readings::ALL`, each option as a [`readings::Choice`]
//! constant; pin the ones your implementation follows to get their stricter checks (a
//! failure then names the pinned readings, and a pin that is not one of the suite's
//! options fails the run with the list of them):
//!
//! ```
//! use storage_conformance::engine::readings as engine;
//! use storage_conformance::storage_engine_conformance;
//! use storage_conformance::doubles::MemoryEngine;
//!
//! // MemoryEngine samples without repeats and sums the records' costs.
//! storage_engine_conformance!(engine_pinned, MemoryEngine::new,
//!     configure = |c| c.pin(engine::SAMPLES_DISTINCT).pin(engine::COST_OF_RECORDS));
//! # fn main() {}
//! ```
//!
//! Every reading, its options and what they share is in the repository's `CONTRACT.md`
//! (`### Reading` entries).
//!
//! The record-store suite's readings are [`recordstore::readings`] (one `Choice` constant
//! per option, such as `recordstore::readings::NEW_KEY_VERSION_ONE`).
//!
//! # Settings from the environment
//!
//! `PROPTEST_CASES` (default [`config::DEFAULT_CASES`]) sets the case count,
//! `CONFORMANCE_SEED` ([`config::SEED_ENV`], decimal or `0x` hex) replays a run,
//! `CONFORMANCE_WATCHDOG_MS` ([`config::WATCHDOG_ENV`]) sets the per-case watchdog (a
//! hang is reported as a failure, naming the operations in flight), and
//! `CONFORMANCE_THREADS` ([`config::THREADS_ENV`]) the threads of the [`concurrent`]
//! properties (default 4; each of their cases runs several times).
//! `CONFORMANCE_STRICT` ([`config::STRICT_ENV`], `1` or `0`) turns strict mode on or off,
//! `CONFORMANCE_DISTINCT_RULES` ([`config::DISTINCT_RULES_ENV`]) sets the most distinct
//! broken rules a failing property reports (1 stops at the first) and
//! `CONFORMANCE_DISTINCT_BUDGET_MS` ([`config::DISTINCT_BUDGET_ENV`]) the time that
//! search may take. Failing seeds are
//! appended to `conformance-regressions/<module>/<property>.txt` in the invoking crate
//! and replayed first on the next run; commit those files. The repository's `docs/ci.md` shows how to
//! run the suites in CI: tiers of case counts, replay, regression files and sharding.
//!
//! # Without the macros
//!
//! [`engine::check_engine_property`] and its siblings in each suite's module return an
//! [`outcome::Outcome`] value with a structured [`failure::Failure`]. The rules each
//! property checks are in the repository's `CONTRACT.md`.
//!
//! # Your own properties
//!
//! The kit's generators are public ([`generators`]), and [`interop`] makes them
//! proptest `Arbitrary` values and, with the `quickcheck` feature, quickcheck
//! `Arbitrary` values with shrinking: `any::<Arb<Record>>()`, `arbitrary::<Value>()`, or
//! a quickcheck property taking `Arb<Timestamp>` arguments.

pub mod concurrent;
pub mod config;
pub mod cursor;
pub mod datastore;
pub mod doubles;
pub mod engine;
pub mod failure;
pub mod generators;
pub mod interop;
#[doc(hidden)]
pub mod macros;
pub mod observer;
pub mod outcome;
pub mod property;
pub mod readings;
pub mod records;
pub mod recordstore;
pub mod registry;
pub mod render;
pub mod replay;
pub mod runner;
pub mod scenario;
pub mod suites;
