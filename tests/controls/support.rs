//! Asserting that a property catches a control, on which property, and how small the
//! counterexample shrank.

use storage_conformance::config::RunConfig;
use storage_conformance::outcome::Outcome;

/// Asserts that `outcome` is a failure of `property` whose counterexample has exactly
/// `minimal_steps` steps.
pub fn assert_caught(outcome: &Outcome, property: &str, minimal_steps: usize) {
    let Some(failure) = outcome.failure() else {
        panic!("`{property}` did not catch the control: {outcome}");
    };
    assert_eq!(failure.property, property, "{failure}");
    assert_eq!(
        failure.steps, minimal_steps,
        "not the minimal counterexample:\n{failure}"
    );
}

/// The run seed of every control test. Shrinking reaches a one-minimal counterexample
/// from any seed, but for a few bugs (the offset cursor) some seeds end in a longer local
/// minimum; a pinned seed makes the asserted minimal length a reproducible fact instead of
/// a flaky one. `cargo run --release -p conformance-selftest --example control_minimality`
/// measures how often random seeds reach the minimum.
pub const CONTROL_SEED: u64 = 0x5eed_c0de;

/// The settings of a control run: the defaults at [`CONTROL_SEED`], with nothing
/// persisted, so a control never leaves regression files behind, and stopping at the
/// first broken rule: the control tests assert the first failure, and the search for
/// further rules would cost each a passing run's time (`distinct.rs` tests the search).
pub fn config() -> RunConfig {
    let mut config = RunConfig::from_env()
        .unwrap_or_else(|e| panic!("{e}"))
        .seed(CONTROL_SEED)
        .distinct_rules(1);
    config.regressions = None;
    config
}
