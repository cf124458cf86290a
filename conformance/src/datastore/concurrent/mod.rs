//! The concurrent data-store property: the cases it draws, and how a case runs (several
//! times, each on a fresh store from the factory on a fresh clock, with one task per
//! task of the case on the property run's multi-threaded runtime).

pub mod checks;
pub mod ops;

use std::sync::Arc;

use storage_traits::MapDataStore;

use self::checks::linearizable_and_flushed;
use self::ops::{MAP, adds_removes_loads};
use crate::concurrent::scenario::ConcurrentScenario;
use crate::concurrent::tasks::{run_tasks, task_runtime};
use crate::config::RunConfig;
use crate::datastore::{DataStoreKind, DataStoreOp};
use crate::doubles::ManualClock;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::{CaseCheck, run_property};

/// A data-store factory: a fresh store on the clock it is given.
pub type DataStoreFactory<D> = Arc<dyn Fn(Arc<ManualClock>) -> D + Send + Sync>;

/// Checks the concurrent data-store property `property` on stores of `kind` from
/// `factory`: [`RunConfig::concurrent_case_count`] cases, each run
/// `config.concurrency.repetitions` times on a fresh store (built inside the runtime,
/// on a fresh [`ManualClock`]), with `config.concurrency.threads` tasks on one
/// multi-threaded runtime built for the whole run. `Err` when the runtime cannot be
/// built.
pub fn check_concurrent_data_store_property<D: MapDataStore + 'static>(
    property: &PropertyInfo,
    config: &RunConfig,
    subject: &str,
    kind: DataStoreKind,
    factory: DataStoreFactory<D>,
) -> Result<Outcome, String> {
    let config = config.clone().cases(config.concurrent_case_count());
    let tasks = config.concurrency.threads;
    let runtime = task_runtime(tasks)?;
    let budget = config.concurrency.checker_budget;
    let repetitions = config.concurrency.repetitions;
    let check: CaseCheck<ConcurrentScenario<DataStoreOp>> = Arc::new(move |scenario, tracker| {
        runtime.block_on(async {
            let keys = scenario.keys();
            for _ in 0..repetitions {
                let store = Arc::new(factory(Arc::new(ManualClock::default())));
                let history = run_tasks(&store, scenario, tracker).await;
                linearizable_and_flushed(&*store, kind, (MAP, &keys), &history, budget).await?;
            }
            Ok(())
        })
    });
    let strategy = adds_removes_loads(tasks);
    Ok(run_property(property, &config, subject, strategy, &check))
}
