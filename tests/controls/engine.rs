use std::time::Duration;

use conformance_selftest::controls::engine::{EngineFault, EngineVariant, FaultyEngine};
use storage_conformance::engine::{check_engine_property, readings};
use storage_conformance::failure::{Failure, FailureKind};
use storage_conformance::readings::Choice;

use crate::support::{assert_caught, config};

/// Runs the property that targets `fault`, asserts it catches the fault with the
/// minimal counterexample the fault documents, and returns the failure.
fn assert_engine_caught(fault: EngineFault) -> Failure {
    let (property, minimal_steps) = fault.target();
    let outcome = check_engine_property(
        property.id,
        &config(),
        "move || FaultyEngine::new(fault)",
        move || FaultyEngine::new(fault),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property.id, minimal_steps);
    let Some(failure) = outcome.failure() else {
        unreachable!("assert_caught checked the failure");
    };
    failure.clone()
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
fn snapshot_repeating_an_overwritten_key() {
    assert_engine_caught(EngineFault::SnapshotRepeatsOverwrittenKey);
}

#[test]
fn samples_with_duplicates() {
    assert_engine_caught(EngineFault::SamplesWithDuplicates);
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
fn is_empty_answered_from_the_cost() {
    assert_engine_caught(EngineFault::IsEmptyByCost);
}

/// Asserts that `fault`, which only a large store shows, is caught with a bulk put of
/// exactly the fewest keys that show it.
fn assert_caught_at_its_smallest_store(fault: EngineFault) {
    let failure = assert_engine_caught(fault);
    let stores = fault.minimal_stores();
    assert!(
        stores.iter().any(|store| failure
            .counterexample
            .contains(&format!("for i in 0..{store}usize"))),
        "not shrunk to a bulk put of {stores:?} keys:\n{failure}"
    );
}

#[test]
fn snapshot_built_from_one_page_of_100() {
    assert_caught_at_its_smallest_store(EngineFault::SnapshotFromOnePage);
}

#[test]
fn pages_dropping_everything_past_1000() {
    assert_caught_at_its_smallest_store(EngineFault::PageBatchCapped);
}

#[test]
fn cursor_breaking_once_the_hash_table_grows() {
    assert_caught_at_its_smallest_store(EngineFault::CursorBreaksAfterGrowth);
}

#[test]
fn destroy_keeping_the_entries_readable() {
    // Caught by what every option of `engine_after_destroy` shares, at the default.
    let failure = assert_engine_caught(EngineFault::DestroyKeepsEntries);
    let FailureKind::Violation(violation) = &failure.kind else {
        panic!("not a broken rule: {failure}");
    };
    assert_eq!(
        violation.rule,
        storage_conformance::engine::rules::DESTROY_RELEASES.text,
        "{failure}"
    );
}

#[test]
fn every_fault_has_a_test() {
    // The list above names each fault once; a new fault must get its own test.
    assert_eq!(EngineFault::ALL.len(), 16);
}

/// Runs `variant`'s failing property with `pin`.
fn variant_outcome(
    variant: EngineVariant,
    id: &str,
    pin: Choice,
) -> storage_conformance::outcome::Outcome {
    check_engine_property(
        id,
        &config().pin(pin),
        "move || FaultyEngine::variant(variant)",
        move || FaultyEngine::variant(variant),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn each_correct_control_fails_under_a_pin_it_does_not_follow_and_passes_under_its_own() {
    // That each passes every property by default and under its own pin is
    // tests/engine_suite.rs; here, that a pin is what makes the difference, and that a
    // failure under a pin names the pinned reading.
    for variant in EngineVariant::ALL {
        let Some((pin, property, minimal_steps)) = variant.fails_under() else {
            continue;
        };
        let outcome = variant_outcome(variant, property.id, pin);
        assert_caught(&outcome, property.id, minimal_steps);
        let report = outcome.to_string();
        assert!(report.contains(pin.reading), "{variant:?}: {report}");
        let own = variant
            .follows()
            .unwrap_or_else(|| panic!("{variant:?} follows no option"));
        let outcome = variant_outcome(variant, property.id, own);
        assert!(
            outcome.failure().is_none(),
            "{variant:?} under its own pin: {outcome}"
        );
    }
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

#[test]
fn the_plain_engine_fails_under_the_one_option_that_does_not_allow_what_it_does() {
    // The reference options of the other readings are allowed by the other options too
    // (an engine that reads size 0 as 1 also gives "at least 0" items, …); sampling is
    // the one where they part: asked for two entries of one, a distinct sampler gives
    // one, where sampling with replacement gives two.
    let property = storage_conformance::engine::properties::RANDOM_SAMPLES;
    let outcome = check_engine_property(
        property.id,
        &config().pin(readings::SAMPLES_WITH_REPLACEMENT),
        "FaultyEngine::correct",
        FaultyEngine::correct,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // put a; random_samples(2)
    assert_caught(&outcome, property.id, 2);
}
