//! The concurrent engine properties: which cases each draws, how a case runs (several
//! times, each on a fresh engine shared by every thread) and what it checks.

pub mod checks;
pub mod history;
pub mod ops;
pub mod partition;
pub mod point_in_time;
pub mod presence;
pub mod run;
pub mod strategies;

use std::sync::Arc;

use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::StorageEngine;

use self::run::run_threads;
use crate::concurrent::clock::LogicalClock;
use crate::concurrent::scenario::ConcurrentScenario;
use crate::config::RunConfig;
use crate::engine::EngineOp;
use crate::engine::properties;
use crate::failure::Violation;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::{CaseCheck, run_property};
use crate::scenario::StepTracker;

/// What a concurrent engine property checks on each run's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcurrentCheck {
    /// Single-key operations are linearizable, key by key.
    Linearizable,
    /// Snapshots taken beside writers are sound.
    SnapshotTolerance,
    /// Snapshots taken beside writers that move tokens between their own keys are
    /// what the engine held at one instant.
    SnapshotPointInTime,
    /// Cursor walks made beside writers are sound.
    Cursor,
    /// After the threads join, the engine's whole-map answers match a linearization.
    Quiescent,
}

impl ConcurrentCheck {
    /// The check of the concurrent engine property `id`, if it is one.
    pub fn of(id: &str) -> Option<Self> {
        [
            (properties::CONCURRENT_LINEARIZABLE, Self::Linearizable),
            (properties::CONCURRENT_SNAPSHOT, Self::SnapshotTolerance),
            (
                properties::CONCURRENT_SNAPSHOT_POINT_IN_TIME,
                Self::SnapshotPointInTime,
            ),
            (properties::CONCURRENT_CURSOR, Self::Cursor),
            (properties::CONCURRENT_QUIESCENT, Self::Quiescent),
        ]
        .into_iter()
        .find(|(p, _)| p.id == id)
        .map(|(_, check)| check)
    }

    /// The cases the property draws, over `threads` threads.
    pub fn strategy(self, threads: usize) -> BoxedStrategy<ConcurrentScenario<EngineOp>> {
        match self {
            Self::Linearizable => strategies::single_key_ops(threads).boxed(),
            Self::SnapshotTolerance => strategies::snapshots_with_writers(threads).boxed(),
            Self::SnapshotPointInTime => strategies::snapshots_with_token_movers(threads).boxed(),
            Self::Cursor => strategies::walks_with_writers(threads).boxed(),
            Self::Quiescent => strategies::writes_and_queries(threads).boxed(),
        }
    }

    /// Runs `scenario` once on `engine` and checks the run.
    pub fn run_once(
        self,
        engine: &Arc<impl StorageEngine>,
        scenario: &ConcurrentScenario<EngineOp>,
        tracker: &StepTracker,
        config: &RunConfig,
    ) -> Result<(), Violation> {
        let clock = LogicalClock::new();
        let mut history = run_threads(engine, scenario, tracker, &clock);
        match self {
            Self::Linearizable => {
                checks::linearizable(&history, config.concurrency.checker_budget).map(drop)
            }
            Self::SnapshotTolerance => checks::snapshots_tolerant(&history),
            Self::SnapshotPointInTime => point_in_time::snapshots_point_in_time(
                &history,
                checks::rules::SNAPSHOT_POINT_IN_TIME,
            ),
            Self::Cursor => checks::walks_sound(&history, config),
            Self::Quiescent => {
                checks::quiescent(&**engine, &mut history, &scenario.keys(), &clock, config)
            }
        }
    }
}

/// Checks the concurrent engine property `property` (see [`ConcurrentCheck::of`]) on
/// engines from `factory`: [`RunConfig::concurrent_case_count`] cases, each run
/// `config.concurrency.repetitions` times on a fresh engine shared by
/// `config.concurrency.threads` threads. `None` when `property` is not concurrent.
pub fn check_concurrent_engine_property<E, F>(
    property: &PropertyInfo,
    config: &RunConfig,
    subject: &str,
    factory: F,
) -> Option<Outcome>
where
    E: StorageEngine,
    F: Fn() -> E + Send + Sync + 'static,
{
    let kind = ConcurrentCheck::of(property.id)?;
    let config = config.clone().cases(config.concurrent_case_count());
    let strategy = kind.strategy(config.concurrency.threads);
    let case_config = config.clone();
    let check: CaseCheck<ConcurrentScenario<EngineOp>> = Arc::new(move |scenario, tracker| {
        for _ in 0..case_config.concurrency.repetitions {
            let engine = Arc::new(factory());
            kind.run_once(&engine, scenario, tracker, &case_config)?;
        }
        Ok(())
    });
    Some(run_property(property, &config, subject, strategy, &check))
}
