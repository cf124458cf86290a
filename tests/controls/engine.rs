use std::time::Duration;

use storage_conformance::controls::engine::{EngineFault, FaultyEngine};
use storage_conformance::engine::check_engine_property;
use storage_conformance::failure::FailureKind;

use crate::support::{assert_caught, config};

/// Runs the property that targets `fault` and asserts it catches the fault with the
/// minimal counterexample the fault documents.
fn assert_engine_caught(fault: EngineFault) {
    let (property, minimal_steps) = fault.target();
    let outcome = check_engine_property(
        property.id,
        &config(),
        "move || FaultyEngine::new(fault)",
        move || FaultyEngine::new(fault),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property.id, minimal_steps);
}

#[test]
fn put_returning_none() {
    assert_engine_caught(EngineFault::PutReturnsNone);
}

#[test]
fn len_counting_overwrites() {
    assert_engine_caught(EngineFault::LenCountsOverwrites);
}

#[test]
fn cost_not_decremented_on_remove() {
    assert_engine_caught(EngineFault::CostNotDecrementedOnRemove);
}

#[test]
fn cursor_skipping_the_first_item_of_later_pages() {
    assert_engine_caught(EngineFault::CursorSkipsFirstOfLaterPages);
}

#[test]
fn cursor_finishing_early_when_len_is_a_multiple_of_size() {
    assert_engine_caught(EngineFault::CursorFinishesEarlyOnMultiple);
}

#[test]
fn cursor_never_finishing_on_an_empty_engine() {
    assert_engine_caught(EngineFault::CursorNeverFinishesWhenEmpty);
}

#[test]
fn offset_cursor_over_a_hash_map() {
    assert_engine_caught(EngineFault::OffsetCursorOverHashMap);
}

#[test]
fn snapshot_repeating_an_overwritten_key() {
    assert_engine_caught(EngineFault::SnapshotRepeatsOverwrittenKey);
}

#[test]
fn samples_with_duplicates() {
    assert_engine_caught(EngineFault::SamplesWithDuplicates);
}

#[test]
fn entries_pages_in_another_order_than_keys() {
    assert_engine_caught(EngineFault::EntriesPagesReversed);
}

#[test]
fn dead_after_destroy() {
    assert_engine_caught(EngineFault::DeadAfterDestroy);
}

#[test]
fn keys_compared_case_insensitively() {
    assert_engine_caught(EngineFault::CaseInsensitiveKeys);
}

#[test]
fn empty_key_treated_as_absent() {
    assert_engine_caught(EngineFault::EmptyKeyAbsent);
}

#[test]
fn every_fault_has_a_test() {
    // The list above names each fault once; a new fault must get its own test.
    assert_eq!(EngineFault::ALL.len(), 14);
}

#[test]
fn an_oversized_sample_blocking_is_a_hang_shrunk_to_that_call() {
    let fault = EngineFault::OversizedSampleBlocks;
    let (property, minimal_steps) = fault.target();
    // A short watchdog: the first hang costs one period, each candidate that still
    // hangs one shrink period, and every hung thread is left blocked.
    let config = config()
        .watchdog(Duration::from_millis(500))
        .shrink_watchdog(Duration::from_millis(100));
    let outcome = check_engine_property(
        property.id,
        &config,
        "move || FaultyEngine::new(fault)",
        move || FaultyEngine::new(fault),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property.id, minimal_steps);
    let Some(failure) = outcome.failure() else {
        unreachable!("assert_caught checked the failure");
    };
    let FailureKind::Hang { in_flight, .. } = &failure.kind else {
        panic!("not reported as a hang:\n{failure}");
    };
    assert_eq!(in_flight.len(), 1, "{failure}");
    assert!(in_flight[0].contains("e.random_samples("), "{failure}");
}
