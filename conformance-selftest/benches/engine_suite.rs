//! Throughput of the engine suite on `HashMapEngine`, and the kit's overhead against a
//! hand-written proptest loop doing the same operations and checks on the same engine,
//! as ratios measured in one run.
//!
//! `cargo bench -p conformance-selftest --bench engine_suite [-- cases]`

use std::time::{Duration, Instant};

use proptest::test_runner::{Config, TestCaseError, TestRunner};
use storage_conformance::config::RunConfig;
use storage_conformance::engine::{
    Checks, check_engine_property, properties, run_engine_case, strategies,
};
use storage_conformance::scenario::StepTracker;
use storage_reference::HashMapEngine;

fn timed(run: impl FnOnce()) -> Duration {
    let start = Instant::now();
    run();
    start.elapsed()
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
        let elapsed = timed(|| {
            let outcome = check_engine_property(
                property.id,
                &config,
                "HashMapEngine::new",
                HashMapEngine::new,
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert!(outcome.failure().is_none(), "{outcome}");
        });
        println!(
            "| `{}` | {:.0} |",
            property.id,
            f64::from(cases) / elapsed.as_secs_f64()
        );
    }

    let kit = timed(|| {
        let outcome = check_engine_property(
            properties::MODEL_EQUIVALENCE.id,
            &config,
            "HashMapEngine::new",
            HashMapEngine::new,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(outcome.failure().is_none(), "{outcome}");
    });
    let hand = timed(|| {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let checks = Checks {
            returns: true,
            ..Checks::default()
        };
        runner
            .run(&strategies::all_ops(), |scenario| {
                let engine = HashMapEngine::new();
                run_engine_case(
                    &engine,
                    &scenario.ops,
                    checks,
                    &config,
                    &StepTracker::default(),
                )
                .map_err(|v| TestCaseError::fail(v.rule))
            })
            .unwrap_or_else(|e| panic!("{e}"));
    });
    println!(
        "\nmodel equivalence, {cases} cases: kit {:.1} ms, hand-written proptest loop {:.1} ms, overhead ratio {:.2}",
        kit.as_secs_f64() * 1e3,
        hand.as_secs_f64() * 1e3,
        kit.as_secs_f64() / hand.as_secs_f64()
    );
}
