//! The `MapDataStore` suite: a model of persisted entries (and, for write-behind stores,
//! a queue in front of them), the calls, and the properties.
//!
//! Use [`map_data_store_conformance!`](crate::map_data_store_conformance) in tests, or
//! [`check_data_store_property`] to get an [`Outcome`] as a value. The factory receives
//! the kit's [`ManualClock`] (so entries can expire) and returns a fresh store; the
//! caller declares the store's [`DataStoreKind`], which turns off the capabilities of
//! the other kinds. A write-behind store is inspected through its own reads after
//! `hard_flush` and `reset` (the queue is empty then, so reads reach the delegate): the
//! factory needs to return only the store. A persistent store also gets a reopen
//! function ([`check_persistent_data_store_property`]), which turns on
//! [`PERSISTENT`]: its cases close the store and open it again over the same storage.
//!
//! Where the spec leaves a point open (whether backups share the primaries' table, which
//! clock expires entries, what `soft_flush` returns once the queue has emptied, …) the
//! model follows every option of the suite's [`readings`] that the store's answers
//! allow; pin the options a store follows with `RunConfig::pin` to check them alone. A
//! check that a reading decided reports that reading's rule ([`rules`]).

mod ask;
pub mod concurrent;
pub mod crash;
mod judge;
mod kind;
mod model;
mod ops;
pub mod properties;
pub mod readings;
pub mod rules;
mod run;
mod soft_flush;
pub mod strategies;
mod time;

use std::sync::Arc;

use crate::doubles::ManualClock;
use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::MapDataStore;

pub use crash::CRASH_DURABLE;
pub use kind::{DataStoreKind, NULL, PERSISTENT, WRITE_BEHIND, WRITE_THROUGH};
pub use model::{DataStoreModel, Entry, Expected, Space, Stored};
pub use ops::{DataStoreOp, DataStoreScenario, Expiration};
pub use run::{Case, Checks, ReopenFn, run_data_store_case};
pub use time::WALL_CLOCK_FLOOR;

use crate::config::RunConfig;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::{CaseCheck, run_property};

/// The cases and the checks of one data store property.
fn plan(property: &PropertyInfo) -> Option<(BoxedStrategy<DataStoreScenario>, Checks)> {
    let loads = Checks {
        loads: true,
        ..Checks::default()
    };
    let plan = match property.id {
        id if id == properties::MODEL_EQUIVALENCE.id => (strategies::all_ops().boxed(), loads),
        id if id == properties::EXPIRATION.id => (strategies::expiring().boxed(), loads),
        id if id == properties::WRITE_THROUGH_PROPERTY.id => (
            strategies::writes_and_loads().boxed(),
            Checks {
                write_through: true,
                ..Checks::default()
            },
        ),
        id if id == properties::NULL_PROPERTY.id => (
            strategies::writes_and_loads().boxed(),
            Checks {
                null: true,
                ..loads
            },
        ),
        id if id == properties::HARD_FLUSH.id => (
            strategies::queue().boxed(),
            Checks {
                hard_flush: true,
                ..Checks::default()
            },
        ),
        id if id == properties::PENDING.id => (
            strategies::queue().boxed(),
            Checks {
                pending: true,
                ..Checks::default()
            },
        ),
        id if id == properties::SOFT_FLUSH.id => (
            strategies::soft_flushes().boxed(),
            Checks {
                soft_flush: true,
                ..Checks::default()
            },
        ),
        id if id == properties::FLUSH_KEY.id => (
            strategies::queue().boxed(),
            Checks {
                flush_key: true,
                ..Checks::default()
            },
        ),
        id if id == properties::RESET.id => (
            strategies::queue().boxed(),
            Checks {
                reset: true,
                ..Checks::default()
            },
        ),
        id if id == properties::REOPEN.id => (
            strategies::reopens().boxed(),
            Checks {
                reopen: true,
                ..loads
            },
        ),
        _ => return None,
    };
    Some(plan)
}

/// Checks the data store property `id` on fresh stores of `kind` from `factory`, each
/// built inside the property's tokio runtime on a fresh [`ManualClock`]. `subject` is
/// the factory's source text, used in the printed counterexample. The store is not
/// persistent: [`PERSISTENT`] is off. An unknown id, or a runtime that cannot be built,
/// is reported as `Err`.
pub fn check_data_store_property<D, F>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    factory: F,
) -> Result<Outcome, String>
where
    D: MapDataStore + 'static,
    F: Fn(Arc<ManualClock>) -> D + Send + Sync + 'static,
{
    check(id, config, subject, kind, factory, None)
}

/// [`check_data_store_property`] for a persistent store: `reopen` (whose source text is
/// `reopen_source`) takes a store, closes it (by dropping it) and opens a new one over
/// the same storage on the clock it is given. The kit calls `hard_flush` before it.
/// Every store from `factory` must use storage of its own, so that cases do not see
/// each other's entries (a temporary directory the store owns, say).
pub fn check_persistent_data_store_property<D, F, R>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    factory: F,
    (reopen_source, reopen): (&str, R),
) -> Result<Outcome, String>
where
    D: MapDataStore + 'static,
    F: Fn(Arc<ManualClock>) -> D + Send + Sync + 'static,
    R: Fn(D, Arc<ManualClock>) -> anyhow::Result<D> + Send + Sync + 'static,
{
    let reopen: ReopenFn<D> = Arc::new(reopen);
    check(
        id,
        config,
        subject,
        kind,
        factory,
        Some((reopen_source.to_string(), reopen)),
    )
}

fn check<D, F>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    factory: F,
    reopen: Option<(String, ReopenFn<D>)>,
) -> Result<Outcome, String>
where
    D: MapDataStore + 'static,
    F: Fn(Arc<ManualClock>) -> D + Send + Sync + 'static,
{
    let property = properties::ALL
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| unknown_property(id))?;
    crate::readings::check_settings(
        config,
        &crate::readings::Known {
            suite: "MapDataStore",
            properties: properties::ALL,
            capabilities: kind::CAPABILITIES,
            readings: readings::ALL,
        },
    )?;
    let mut config = kind.configure(config.clone());
    if reopen.is_none() {
        config = config.without(PERSISTENT).without(CRASH_DURABLE);
    }
    if id == properties::CONCURRENT_LINEARIZABLE.id {
        return crate::datastore::concurrent::check_concurrent_data_store_property(
            property,
            &config,
            subject,
            kind,
            Arc::new(factory),
        );
    }
    if id == properties::CRASH.id {
        return crash::check_crash_property(property, &config, subject, kind, factory, reopen);
    }
    let (strategy, checks) = plan(property).ok_or_else(|| unknown_property(id))?;
    let runtime = property_runtime()?;
    let (reopen_source, reopen) = reopen.unzip();
    let strategy = strategy
        .prop_map(move |scenario| DataStoreScenario {
            reopen: reopen_source.clone(),
            ..scenario
        })
        .boxed();
    let case_config = config.clone();
    let check: CaseCheck<DataStoreScenario> = Arc::new(move |scenario, tracker| {
        runtime.block_on(async {
            let clock = Arc::new(ManualClock::default());
            let case = Case {
                store: factory(Arc::clone(&clock)),
                reopen: reopen.as_ref(),
                clock: &clock,
                kind,
                checks,
                config: &case_config,
            };
            run_data_store_case(case, &scenario.ops, tracker).await
        })
    });
    Ok(run_property(property, &config, subject, strategy, &check))
}

/// The tokio runtime of one property run: multi-threaded, 2 workers.
fn property_runtime() -> Result<Arc<tokio::runtime::Runtime>, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map(Arc::new)
        .map_err(|e| format!("the kit could not build a tokio runtime: {e}"))
}

fn unknown_property(id: &str) -> String {
    let known: Vec<&str> = properties::ALL.iter().map(|p| p.id).collect();
    format!(
        "unknown data store property {id:?}; known: {}",
        known.join(", ")
    )
}
