//! The checks after every op that need no model: costs, the cost limit, and the
//! store's map and partition.

use storage_traits::RecordStore;

use super::case::CaseRun;
use super::checks::expect_that;
use super::identity::check_identity;
use super::readings::{COST_LIMIT, OWNED_COST};
use super::rules;
use crate::failure::Violation;

/// Runs the model-free checks `run.checks` asks for after the op at `step`.
pub(super) fn after_step<R: RecordStore + ?Sized>(
    run: &CaseRun<'_, R>,
    step: usize,
) -> Result<(), Violation> {
    let checks = run.checks;
    if checks.cost {
        costs(run, step)?;
    }
    if checks.should_evict {
        should_evict(run, step)?;
    }
    if checks.identity {
        check_identity(run, Some(step))?;
    }
    Ok(())
}

/// `owned_entry_cost()` against the engine's cost as `recordstore_owned_cost` allows,
/// and every record's cost above 0.
fn costs<R: RecordStore + ?Sized>(run: &CaseRun<'_, R>, step: usize) -> Result<(), Violation> {
    let owned = run.store.owned_entry_cost();
    let engine = run.store.storage();
    let engine_cost = engine.estimated_cost();
    let empty = engine.is_empty();
    let accepts = |option| {
        run.config
            .pinned(OWNED_COST.id)
            .is_none_or(|pinned| pinned == option)
    };
    let right = if empty {
        owned == 0
    } else {
        (accepts("engine") && owned == engine_cost)
            || (accepts("with_overhead") && owned > engine_cost)
    };
    expect_that(
        step,
        rules::OWNED_COST,
        right,
        format!(
            "{engine_cost}{} (storage().estimated_cost(){})",
            if accepts("with_overhead") && !empty {
                " or more"
            } else {
                ""
            },
            if empty { ", memory empty" } else { "" }
        ),
        owned,
    )?;
    let free: Vec<String> = engine
        .snapshot_iter()
        .into_iter()
        .filter(|(_, r)| r.metadata.cost == 0)
        .map(|(k, _)| k)
        .collect();
    expect_that(
        step,
        rules::RECORD_COST,
        free.is_empty(),
        "no record costing 0",
        free,
    )
}

/// `should_evict()` against the injected limit and the store's own
/// `owned_entry_cost()`, at the limit as `recordstore_cost_limit` allows.
fn should_evict<R: RecordStore + ?Sized>(
    run: &CaseRun<'_, R>,
    step: usize,
) -> Result<(), Violation> {
    let max_cost = run.scenario.max_cost;
    let owned = run.store.owned_entry_cost();
    let actual = run.store.should_evict();
    let allowed: Vec<bool> = if max_cost == 0 || owned < max_cost {
        vec![false]
    } else if owned > max_cost {
        vec![true]
    } else {
        [(false, "exceeds"), (true, "reaches")]
            .into_iter()
            .filter(|(_, option)| {
                run.config
                    .pinned(COST_LIMIT.id)
                    .is_none_or(|pinned| pinned == *option)
            })
            .map(|(answer, _)| answer)
            .collect()
    };
    expect_that(
        step,
        rules::SHOULD_EVICT,
        allowed.contains(&actual),
        format!("one of {allowed:?} (max_cost {max_cost}, owned_entry_cost {owned})"),
        actual,
    )
}
