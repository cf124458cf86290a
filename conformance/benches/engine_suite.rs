//! Throughput of the engine suite on `HashMapEngine`, and the kit's overhead against a
//! hand-written proptest loop doing the same operations and checks on the same engine,
//! as ratios measured in one run.
//!
//! `cargo bench -p storage-conformance --bench engine_suite [-- cases]`

use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};
use storage_conformance::config::RunConfig;
use storage_conformance::engine::{
    Checks, check_engine_property, properties, run_engine_case, strategies,
};
use storage_conformance::runner::case_rng;
use storage_conformance::scenario::StepTracker;
use storage_reference::HashMapEngine;

fn timed(run: impl FnOnce()) -> Duration {
    let start = Instant::now();
    run();
    start.elapsed()
}

/// Rounds of the side-by-side comparison.
const ROUNDS: u64 = 5;

/// The kit's property `id` on `HashMapEngine`.
fn kit_loop(id: &str, config: &RunConfig) {
    let outcome = check_engine_property(id, config, "HashMapEngine::new", HashMapEngine::new)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(outcome.failure().is_none(), "{outcome}");
}

/// A hand-written proptest loop over the same strategy and checks, drawing the kit's
/// cases (so that the two sides differ in the kit's overhead only).
fn hand_loop(config: &RunConfig) {
    let strategy = strategies::all_ops();
    let checks = Checks {
        returns: true,
        ..Checks::default()
    };
    for index in 0..config.cases {
        let mut runner = TestRunner::new_with_rng(Config::default(), case_rng(config.seed, index));
        let scenario = strategy
            .new_tree(&mut runner)
            .unwrap_or_else(|e| panic!("{e}"))
            .current();
        let engine = HashMapEngine::new();
        let checked = run_engine_case(
            &engine,
            &scenario.ops,
            checks,
            config,
            &StepTracker::default(),
        );
        assert!(checked.is_ok(), "{checked:?}");
    }
}

fn main() {
    let cases: u32 = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(512);
    let config = RunConfig::default().cases(cases).seed(0xbe7c);
    println!("HashMapEngine, {cases} cases per property\n");
    println!("| property | cases/s |\n|---|---:|");
    for property in properties::ALL {
        let elapsed = timed(|| kit_loop(property.id, &config));
        println!(
            "| `{}` | {:.0} |",
            property.id,
            f64::from(cases) / elapsed.as_secs_f64()
        );
    }

    // Side by side, alternating, so that a change of load during the run weighs on both
    // sides alike; both sides of a round run the same cases, each round others.
    let (mut kit, mut hand) = (Duration::ZERO, Duration::ZERO);
    for round in 0..ROUNDS {
        let round_config = config.clone().seed(0xbe7c + round);
        kit += timed(|| kit_loop(properties::MODEL_EQUIVALENCE.id, &round_config));
        hand += timed(|| hand_loop(&round_config));
    }
    println!(
        "\nmodel equivalence, {ROUNDS} rounds of {cases} cases: kit {:.1} ms, hand-written proptest loop {:.1} ms, overhead ratio {:.2}",
        kit.as_secs_f64() * 1e3,
        hand.as_secs_f64() * 1e3,
        kit.as_secs_f64() / hand.as_secs_f64()
    );
}
