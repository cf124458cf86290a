//! The concurrent record-store properties: which cases each draws, and how a case runs
//! (several times, each on fresh parts over a write-through in-memory data store, with one task per task
//! of the case on the property run's multi-threaded runtime).

pub mod checks;
pub mod history;
pub mod ops;

use std::sync::Arc;

use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::RecordStore;

use self::checks::{
    events_consistent, metadata_kept, persisted_as_in_memory, rules, values_linearizable,
};
use self::ops::{puts_and_touches, writes_and_reads};
use crate::concurrent::scenario::ConcurrentScenario;
use crate::concurrent::tasks::{run_tasks, task_runtime};
use crate::config::RunConfig;
use crate::failure::Violation;
use crate::outcome::Outcome;
use crate::property::{CORE, PropertyInfo};
use crate::recordstore::capabilities::{INJECTED_DATA_STORE, OBSERVERS};
use crate::recordstore::{Backend, RecordStoreOp, RecordStoreParts, record_store_parts};
use crate::runner::{CaseCheck, run_property};

/// The observer events of concurrent writes.
pub const CONCURRENT_EVENTS: PropertyInfo = PropertyInfo {
    id: "recordstore_concurrent_events",
    rule: "under concurrent puts, removes and gets, the observers' events follow one order of each key's writes (no two on_put for one key without an on_remove between them), one per write, and leave the value the store holds",
    requires: OBSERVERS,
    rules: &[
        rules::OK,
        rules::EVENT_ORDER,
        rules::EVENT_COUNTS,
        rules::EVENT_FINAL,
    ],
};

/// Metadata under concurrent touches and puts.
pub const CONCURRENT_METADATA: PropertyInfo = PropertyInfo {
    id: "recordstore_concurrent_metadata",
    rule: "under concurrent puts and touching gets, no version bump and no hit is lost",
    requires: CORE,
    rules: &[rules::OK, rules::METADATA_KEPT],
};

/// The values returned under concurrent writes.
pub const CONCURRENT_LINEARIZABLE: PropertyInfo = PropertyInfo {
    id: "recordstore_concurrent_linearizable",
    rule: "under concurrent puts, removes and gets, the values put and remove replace and get reads are linearizable key by key against a map",
    requires: CORE,
    rules: &[rules::OK, rules::LINEARIZABLE, rules::UNDECIDED],
};

/// The data store under concurrent writes.
pub const CONCURRENT_WRITE_THROUGH: PropertyInfo = PropertyInfo {
    id: "recordstore_concurrent_write_through",
    rule: "under concurrent puts and removes over a write-through data store, once every task joined, the data store holds what memory holds for every key",
    requires: INJECTED_DATA_STORE,
    rules: &[rules::OK, rules::PERSISTED_AS_IN_MEMORY],
};

/// Every concurrent record-store property.
pub const ALL: &[PropertyInfo] = &[
    CONCURRENT_EVENTS,
    CONCURRENT_METADATA,
    CONCURRENT_LINEARIZABLE,
    CONCURRENT_WRITE_THROUGH,
];

/// Whether `id` is a concurrent record-store property.
pub fn is_concurrent_store_property(id: &str) -> bool {
    ALL.iter().any(|p| p.id == id)
}

/// The cases of `property` over `tasks` tasks.
fn strategy(
    property: &PropertyInfo,
    tasks: usize,
) -> BoxedStrategy<ConcurrentScenario<RecordStoreOp>> {
    if property.id == CONCURRENT_METADATA.id {
        puts_and_touches(tasks).boxed()
    } else {
        writes_and_reads(tasks).boxed()
    }
}

/// Checks the concurrent record-store property `property` on stores from `factory`:
/// [`RunConfig::concurrent_case_count`] cases, each run
/// `config.concurrency.repetitions` times on fresh parts (over an `InMemoryDataStore`), with
/// `config.concurrency.threads` tasks on one multi-threaded runtime built for the whole
/// run. `Err` when the runtime cannot be built, `None` inside when `property` is not
/// concurrent.
pub fn check_concurrent_record_store_property<R, F>(
    property: &PropertyInfo,
    config: &RunConfig,
    subject: &str,
    factory: F,
) -> Result<Option<Outcome>, String>
where
    R: RecordStore + ?Sized + 'static,
    F: Fn(RecordStoreParts) -> Box<R> + Send + Sync + 'static,
{
    if !is_concurrent_store_property(property.id) {
        return Ok(None);
    }
    let config = config.clone().cases(config.concurrent_case_count());
    let tasks = config.concurrency.threads;
    let runtime = task_runtime(tasks)?;
    let id = property.id;
    let budget = config.concurrency.checker_budget;
    let repetitions = config.concurrency.repetitions;
    let judged = config.clone();
    let check: CaseCheck<ConcurrentScenario<RecordStoreOp>> = Arc::new(move |scenario, tracker| {
        runtime.block_on(async {
            for _ in 0..repetitions {
                let (parts, kit) = record_store_parts(Backend::InMemory).map_err(|e| {
                    Violation::at(
                        0,
                        crate::recordstore::rules::KIT_SETUP,
                        "the parts",
                        e.to_string(),
                    )
                })?;
                let mut store = factory(parts);
                // Construct, init, use: the lifecycle every record-store case follows.
                store.init();
                let store: Arc<R> = Arc::from(store);
                let history = run_tasks(&store, scenario, tracker).await;
                let keys = scenario.keys();
                if id == CONCURRENT_METADATA.id {
                    metadata_kept(&*store, &history, &keys, &judged).await?;
                } else if id == CONCURRENT_LINEARIZABLE.id {
                    values_linearizable(&history, budget)?;
                } else if id == CONCURRENT_WRITE_THROUGH.id {
                    persisted_as_in_memory(&*store, &kit, &history, &keys).await?;
                } else {
                    events_consistent(&*store, &history, &kit.log.events(), &keys, &judged).await?;
                }
            }
            Ok(())
        })
    });
    let strategy = strategy(property, tasks);
    Ok(Some(run_property(
        property, &config, subject, strategy, &check,
    )))
}
