//! Failing seeds are stored in the implementer's crate and replayed before new cases.

use conformance_selftest::controls::engine::{EngineFault, FaultyEngine};
use storage_conformance::config::RunConfig;
use storage_conformance::engine::check_engine_property;

fn run(config: &RunConfig) -> (u32, u64) {
    let fault = EngineFault::LenCountsOverwrites;
    let (property, _) = fault.target();
    let outcome = check_engine_property(property.id, config, "FaultyEngine::new", move || {
        FaultyEngine::new(fault)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let failure = outcome
        .failure()
        .unwrap_or_else(|| panic!("not caught: {outcome}"));
    (failure.cases_run, failure.case_seed)
}

#[test]
fn a_stored_failing_seed_is_replayed_first() {
    let dir = std::env::temp_dir().join(format!("conformance-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = RunConfig::default().seed(0x1234).regressions(&dir);
    let (first_cases, first_seed) = run(&config);
    assert!(
        first_cases > 1,
        "this seed should need a few cases; pick another"
    );
    let stored = std::fs::read_to_string(dir.join("engine_model_equivalence.txt")).unwrap();
    assert!(stored.contains(&format!("{first_seed:#018x}")), "{stored}");

    // A different run seed would draw different cases; the stored seed comes first.
    let (replayed_cases, replayed_seed) = run(&config.clone().seed(0x9999));
    assert_eq!((replayed_cases, replayed_seed), (1, first_seed));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_same_run_seed_draws_the_same_cases() {
    let config = RunConfig::default().seed(0xfeed);
    assert_eq!(run(&config), run(&config));
}
