//! Test helpers: draw many values from a strategy, or shrink one as far as it goes.

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// `count` values drawn with a deterministic runner, so the tests never flake.
pub(crate) fn sample<S: Strategy>(strategy: &S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("strategy generates")
                .current()
        })
        .collect()
}

/// For each of `count` drawn values, its fully shrunk form: what shrinking reaches for
/// a failure that any value triggers.
pub(crate) fn fully_shrunk<S: Strategy>(strategy: &S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| {
            let mut tree = strategy.new_tree(&mut runner).expect("strategy generates");
            while tree.simplify() {}
            tree.current()
        })
        .collect()
}
