//! Throughput of the engine suite on `HashMapEngine`, and the kit's overhead against a
//! hand-written proptest loop doing the same operations and checks on the same engine,
//! as ratios measured in one run.
//!
//! `cargo bench -p conformance-selftest --bench engine_suite [-- cases]`

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

/// CPU time (user and system) of this process so far, on Linux (`/proc/self/stat`, in
/// clock ticks of 10 ms): on a machine shared with other jobs it varies less than the
/// wall time, which counts the time other processes held the cores.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Wall and CPU time of `run`.
fn measured(run: impl FnOnce()) -> (Duration, Option<Duration>) {
    let cpu = cpu_time();
    let wall = timed(run);
    (
        wall,
        cpu.zip(cpu_time())
            .map(|(before, after)| after.saturating_sub(before)),
    )
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
    let (mut kit, mut hand) = (
        (Duration::ZERO, Duration::ZERO),
        (Duration::ZERO, Duration::ZERO),
    );
    for round in 0..ROUNDS {
        let round_config = config.clone().seed(0xbe7c + round);
        let (wall, cpu) = measured(|| kit_loop(properties::MODEL_EQUIVALENCE.id, &round_config));
        kit = (kit.0 + wall, kit.1 + cpu.unwrap_or_default());
        let (wall, cpu) = measured(|| hand_loop(&round_config));
        hand = (hand.0 + wall, hand.1 + cpu.unwrap_or_default());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON);
    println!(
        "\nmodel equivalence, {ROUNDS} rounds of {cases} cases: kit {:.1} ms, hand-written proptest loop {:.1} ms, overhead ratio {:.2} (wall); CPU {:.0} ms against {:.0} ms, ratio {:.2}",
        ms(kit.0),
        ms(hand.0),
        ratio(kit.0, hand.0),
        ms(kit.1),
        ms(hand.1),
        ratio(kit.1, hand.1)
    );
}
