//! The op mixes of the concurrent engine properties: a few threads, few keys (so that
//! threads collide on them), and the engine suite's ops and records.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use super::scenario::ConcurrentScenario;
use crate::engine::EngineOp;
use crate::engine::strategies::page_kind;
use crate::generators::{costed_record, pool_keys};

/// The most steps of a generated concurrent case, over all threads.
pub const MAX_STEPS: usize = 40;

/// How many keys of the engine suite's pool concurrent cases use: few, so that threads
/// collide on them.
const CONTENDED_KEYS: usize = 3;

fn key() -> impl Strategy<Value = String> + Clone {
    select(
        pool_keys()
            .into_iter()
            .take(CONTENDED_KEYS)
            .collect::<Vec<_>>(),
    )
}

fn put() -> impl Strategy<Value = EngineOp> + Clone {
    (key(), costed_record()).prop_map(|(k, r)| EngineOp::Put(k, r))
}

fn remove() -> impl Strategy<Value = EngineOp> + Clone {
    key().prop_map(EngineOp::Remove)
}

/// Steps spread over `threads` threads.
fn steps(
    threads: usize,
    op: impl Strategy<Value = EngineOp>,
) -> impl Strategy<Value = ConcurrentScenario> {
    vec((0..threads.max(1), op), 0..=MAX_STEPS).prop_map(move |steps| ConcurrentScenario {
        threads: threads.max(1),
        steps,
    })
}

/// Puts, removes, gets and `contains_key` on a few keys.
pub fn single_key_ops(threads: usize) -> impl Strategy<Value = ConcurrentScenario> {
    steps(
        threads,
        prop_oneof![
            4 => put(),
            2 => remove(),
            2 => key().prop_map(EngineOp::Get),
            1 => key().prop_map(EngineOp::ContainsKey),
        ],
    )
}

/// Puts and removes with snapshots.
pub fn snapshots_with_writers(threads: usize) -> impl Strategy<Value = ConcurrentScenario> {
    steps(
        threads,
        prop_oneof![4 => put(), 2 => remove(), 2 => Just(EngineOp::Snapshot)],
    )
}

/// Puts and removes with whole cursor walks, at page sizes below the number of keys
/// (0 to 2), so that every walk over a full key set takes several pages and writers can
/// run between them.
pub fn walks_with_writers(threads: usize) -> impl Strategy<Value = ConcurrentScenario> {
    let walk =
        (0..CONTENDED_KEYS, page_kind()).prop_map(|(size, kind)| EngineOp::Walk { size, kind });
    steps(threads, prop_oneof![4 => put(), 2 => remove(), 2 => walk])
}

/// Writes and reads with the whole-engine queries, whose results are checked once
/// every thread has joined.
pub fn writes_and_queries(threads: usize) -> impl Strategy<Value = ConcurrentScenario> {
    steps(
        threads,
        prop_oneof![
            4 => put(),
            2 => remove(),
            1 => key().prop_map(EngineOp::Get),
            1 => Just(EngineOp::Len),
            1 => Just(EngineOp::IsEmpty),
            1 => Just(EngineOp::EstimatedCost),
            1 => Just(EngineOp::Snapshot),
        ],
    )
}
