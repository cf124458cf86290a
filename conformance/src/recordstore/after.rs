//! The checks made after every op: memory and metadata, dirty flags, notifications,
//! data-store calls, costs, the cost limit, and the store's map and partition.

use storage_traits::{Record, RecordStore};

use super::checks::{expect_that, rules, same_call, same_record, subject};
use super::identity::check_identity;
use super::ops::RecordStoreOp;
use super::parts::OBSERVERS;
use super::persisted::same_data_store_call;
use super::run::CaseRun;
use super::walks::engine_state;
use crate::doubles::Call;
use crate::failure::Violation;

/// Runs the checks `run.checks` asks for after `op`, the op at `step`.
pub(super) fn after_step<R: RecordStore + ?Sized>(
    run: &mut CaseRun<'_, R>,
    step: usize,
    op: &RecordStoreOp,
) -> Result<(), Violation> {
    let checks = run.checks;
    events(run, step, op)?;
    let needs_engine = checks.metadata || checks.dirty || checks.cost;
    let engine: Vec<(String, Record)> = if needs_engine {
        engine_state(run.store).into_iter().collect()
    } else {
        Vec::new()
    };
    let model: Vec<(String, Record)> = run
        .model
        .memory
        .iter()
        .map(|(k, h)| (k.clone(), h.record.clone()))
        .collect();
    if checks.metadata {
        let same = model.len() == engine.len()
            && model
                .iter()
                .zip(&engine)
                .all(|((mk, mr), (ek, er))| mk == ek && same_record(mr, er));
        expect_that(step, rules::METADATA, same, &model, &engine)?;
    }
    if checks.dirty {
        let flags =
            |records: &[(String, Record)], other: &[(String, Record)]| -> Vec<(String, bool)> {
                records
                    .iter()
                    .filter(|(k, _)| other.iter().any(|(o, _)| o == k))
                    .map(|(k, r)| (k.clone(), r.metadata.is_dirty()))
                    .collect()
            };
        let (expected, actual) = (flags(&model, &engine), flags(&engine, &model));
        expect_that(step, rules::DIRTY, expected == actual, expected, actual)?;
    }
    if checks.calls {
        let actual = run.kit.data_store.calls();
        let expected = run.model.store.calls();
        let same = expected.len() == actual.len()
            && expected
                .iter()
                .zip(&actual)
                .all(|(e, a)| same_data_store_call(e, a));
        expect_that(step, rules::CALLS, same, expected, actual)?;
    }
    if checks.cost {
        let owned = run.store.owned_entry_cost();
        let engine_cost = run.store.storage().estimated_cost();
        expect_that(
            step,
            rules::OWNED_COST,
            owned == engine_cost,
            engine_cost,
            owned,
        )?;
        let free: Vec<&String> = engine
            .iter()
            .filter(|(_, r)| r.metadata.cost == 0)
            .map(|(k, _)| k)
            .collect();
        expect_that(
            step,
            rules::RECORD_COST,
            free.is_empty(),
            "no record costing 0",
            free,
        )?;
    }
    if checks.should_evict {
        should_evict(run, step)?;
    }
    if checks.identity {
        check_identity(run, Some(step))?;
    }
    Ok(())
}

/// `should_evict()` against the injected limit and the store's own `owned_entry_cost()`
/// (whether that is the engine's cost is `recordstore_cost`'s business).
fn should_evict<R: RecordStore + ?Sized>(
    run: &CaseRun<'_, R>,
    step: usize,
) -> Result<(), Violation> {
    let max_cost = run.scenario.max_cost;
    let owned = run.store.owned_entry_cost();
    let expected = max_cost > 0 && owned > max_cost;
    let actual = run.store.should_evict();
    expect_that(
        step,
        rules::SHOULD_EVICT,
        expected == actual,
        format!("{expected} (max_cost {max_cost}, owned_entry_cost {owned})"),
        actual,
    )
}

/// The notifications `op` fired, against the model's: each reaches every injected
/// observer in registration order. The order of the records a bulk eviction visits is
/// the store's choice, so those are compared by key.
fn events<R: RecordStore + ?Sized>(
    run: &mut CaseRun<'_, R>,
    step: usize,
    op: &RecordStoreOp,
) -> Result<(), Violation> {
    let logged = run.kit.log.events();
    let mut actual: Vec<(usize, Call)> = logged
        .iter()
        .skip(run.events_seen)
        .map(|e| (e.observer, e.call.clone()))
        .collect();
    run.events_seen = logged.len();
    let mut expected: Vec<(usize, Call)> = run
        .model
        .take_events()
        .into_iter()
        .flat_map(|call| (0..OBSERVERS).map(move |id| (id, call.clone())))
        .collect();
    if !run.checks.events {
        return Ok(());
    }
    if matches!(
        op,
        RecordStoreOp::EvictAll { .. } | RecordStoreOp::EvictExpired { .. }
    ) {
        let order =
            |(id, call): &(usize, Call)| (subject(call).map(|(key, _)| key.to_string()), *id);
        expected.sort_by_key(order);
        actual.sort_by_key(order);
    }
    let same = expected.len() == actual.len()
        && expected
            .iter()
            .zip(&actual)
            .all(|((ei, ec), (ai, ac))| ei == ai && same_call(ec, ac));
    expect_that(step, rules::EVENTS, same, expected, actual)
}
