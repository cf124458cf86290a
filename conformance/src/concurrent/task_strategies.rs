//! What the concurrent cases on tasks (record stores, data stores) draw from: few keys,
//! so that tasks collide, and steps spread over the tasks.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::scenario::{ConcurrentScenario, ThreadOp};
use crate::generators::pool_keys;

/// The most steps of a generated concurrent case on tasks, over all tasks.
pub const MAX_STEPS: usize = 32;

/// How many keys of the pool the cases use: few, so that tasks collide on them.
const CONTENDED_KEYS: usize = 2;

/// One of the few keys of the pool that concurrent cases on tasks use.
pub fn contended_key() -> impl Strategy<Value = String> + Clone {
    select(
        pool_keys()
            .into_iter()
            .take(CONTENDED_KEYS)
            .collect::<Vec<_>>(),
    )
}

/// Up to [`MAX_STEPS`] steps of `op`, spread over `tasks` tasks.
pub fn steps<O: ThreadOp>(
    tasks: usize,
    op: impl Strategy<Value = O>,
) -> impl Strategy<Value = ConcurrentScenario<O>> {
    vec((0..tasks.max(1), op), 0..=MAX_STEPS).prop_map(move |steps| ConcurrentScenario {
        threads: tasks.max(1),
        steps,
    })
}
