//! The `StorageEngine` suite: a model, the operations, and the properties.
//!
//! Use [`storage_engine_conformance!`](crate::storage_engine_conformance) in tests, or
//! [`check_engine_property`] and [`check_engine`] to get [`Outcome`]s as values.

pub mod concurrent;
mod cost;
mod model;
pub(crate) mod ops;
pub mod properties;
pub mod readings;
pub mod rules;
mod run;
pub mod strategies;
pub(crate) mod summary;

use std::sync::Arc;

use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::StorageEngine;

pub use model::EngineModel;
pub use ops::{EngineOp, EngineScenario, PageKind, bulk_key, bulk_record};
pub use run::{Checks, run_engine_case};

use crate::config::RunConfig;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::run_property;

/// The cases and the checks of one engine property.
fn plan(property: &PropertyInfo) -> Option<(BoxedStrategy<EngineScenario>, Checks)> {
    let returns = Checks {
        returns: true,
        ..Checks::default()
    };
    let plan = match property.id {
        id if id == properties::MODEL_EQUIVALENCE.id => (strategies::all_ops().boxed(), returns),
        id if id == properties::CURSOR_COMPLETE.id => {
            (strategies::quiescent_walk().boxed(), Checks::default())
        }
        id if id == properties::CURSOR_INTERLEAVED.id => {
            (strategies::interleaved_walks().boxed(), Checks::default())
        }
        id if id == properties::FETCH_AGREE.id => {
            (strategies::compared_walks().boxed(), Checks::default())
        }
        id if id == properties::SNAPSHOT.id => (strategies::snapshots().boxed(), Checks::default()),
        id if id == properties::RANDOM_SAMPLES.id => {
            (strategies::samples().boxed(), Checks::default())
        }
        id if id == properties::COST_ACCOUNTING.id => (
            strategies::mutations_and_clears().boxed(),
            Checks {
                cost_after_every_op: true,
                ..Checks::default()
            },
        ),
        id if id == properties::CLEAR_DESTROY.id => (
            strategies::clears_and_queries().boxed(),
            Checks {
                returns: true,
                emptiness: true,
                ..Checks::default()
            },
        ),
        _ => return None,
    };
    Some(plan)
}

/// Checks the engine property `id` on fresh engines from `factory`. `subject` is the
/// factory's source text, used in the printed counterexample. An unknown id, or a pin
/// that is not one of [`readings::ALL`]'s options, is a failure to run, reported as
/// `Err` with the known ids or readings.
pub fn check_engine_property<E, F>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    factory: F,
) -> Result<Outcome, String>
where
    E: StorageEngine,
    F: Fn() -> E + Send + Sync + 'static,
{
    let property = properties::ALL
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| unknown_property(id))?;
    crate::readings::check_settings(
        config,
        &crate::readings::Known {
            suite: "StorageEngine",
            properties: properties::ALL,
            capabilities: &[],
            readings: readings::ALL,
        },
    )?;
    if crate::engine::concurrent::ConcurrentCheck::of(id).is_some() {
        return crate::engine::concurrent::check_concurrent_engine_property(
            property, config, subject, factory,
        )
        .ok_or_else(|| unknown_property(id));
    }
    let (strategy, checks) = plan(property).ok_or_else(|| unknown_property(id))?;
    let case_config = config.clone();
    let check: crate::runner::CaseCheck<EngineScenario> = Arc::new(
        move |scenario: &EngineScenario, tracker: &crate::scenario::StepTracker| {
            let engine = factory();
            run_engine_case(&engine, &scenario.ops, checks, &case_config, tracker)
        },
    );
    Ok(run_property(property, config, subject, strategy, &check))
}

/// Checks every engine property; one outcome per property, in suite order.
pub fn check_engine<E, F>(
    config: &RunConfig,
    subject: &str,
    factory: F,
) -> Vec<(PropertyInfo, Outcome)>
where
    E: StorageEngine,
    F: Fn() -> E + Send + Sync + Clone + 'static,
{
    properties::ALL
        .iter()
        .filter_map(|p| {
            check_engine_property(p.id, config, subject, factory.clone())
                .ok()
                .map(|outcome| (*p, outcome))
        })
        .collect()
}

fn unknown_property(id: &str) -> String {
    let known: Vec<&str> = properties::ALL.iter().map(|p| p.id).collect();
    format!(
        "unknown engine property {id:?}; known: {}",
        known.join(", ")
    )
}
