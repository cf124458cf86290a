//! The op mixes of the concurrent engine properties: a few threads, few keys (so that
//! threads collide on them), and the engine suite's ops and records.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::concurrent::scenario::ConcurrentScenario;
use crate::engine::strategies::{engine_record, page_kind};
use crate::engine::{EngineOp, bulk_record};
use crate::generators::pool_keys;

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

/// The highest cost a record of a concurrent case has: three keys hold at most three
/// records, and a fourth put over one of them cannot take the sum an engine adds up
/// past `u64::MAX`, whatever the order of its additions and subtractions.
const COST_CAP: u64 = u64::MAX / 4;

fn put() -> impl Strategy<Value = EngineOp> + Clone {
    (key(), engine_record(COST_CAP)).prop_map(|(k, r)| EngineOp::Put(k, r))
}

fn remove() -> impl Strategy<Value = EngineOp> + Clone {
    key().prop_map(EngineOp::Remove)
}

/// Steps spread over `threads` threads.
fn steps(
    threads: usize,
    op: impl Strategy<Value = EngineOp>,
) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
    vec((0..threads.max(1), op), 0..=MAX_STEPS).prop_map(move |steps| ConcurrentScenario {
        threads: threads.max(1),
        steps,
    })
}

/// Puts, removes, gets and `contains_key` on a few keys.
pub fn single_key_ops(threads: usize) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
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
pub fn snapshots_with_writers(
    threads: usize,
) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
    steps(
        threads,
        prop_oneof![4 => put(), 2 => remove(), 2 => Just(EngineOp::Snapshot)],
    )
}

/// Thread 0 takes snapshots while every other thread moves a token of its own around
/// two or three keys of its own (`"<thread>.<i>"`): it puts the token on the next key
/// and removes it from the current one, or removes first and then puts, each move
/// with a record of its own. A snapshot that no instant held (the token on none of a
/// thread's keys while it was on one or two, say) shows an engine whose snapshot is not
/// point-in-time.
///
/// Two writers in three sweep instead: they put generation 1, 2, … (up to 6) on each of their 2 to 8
/// keys in key order, the order a snapshot that copies entry by entry reads them in, so
/// that a writer that overtakes such a copy leaves in it a later generation on a key
/// after one with an earlier generation, which no instant held (the instants show a
/// later generation on a prefix of the keys only). A point-in-time snapshot may still
/// show two generations: the trait has no write of several keys at once, so the spec's
/// "point-in-time" promises one instant, not one generation.
pub fn snapshots_with_token_movers(
    threads: usize,
) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
    let threads = threads.max(2);
    let writer = prop_oneof![
        1 => (2usize..=3, vec(any::<bool>(), 1..=8))
            .prop_map(|(keys, moves)| Writer::Mover { keys, moves }),
        2 => (2usize..=8, 1usize..=6)
            .prop_map(|(keys, generations)| Writer::Sweeper { keys, generations }),
    ];
    (1usize..=6, vec(writer, threads - 1)).prop_map(move |(snapshots, writers)| {
        let mut steps: Vec<(usize, EngineOp)> = vec![(0, EngineOp::Snapshot); snapshots];
        for (index, writer) in writers.into_iter().enumerate() {
            writer.steps(index + 1, &mut steps);
        }
        ConcurrentScenario { threads, steps }
    })
}

/// What one writer thread of [`snapshots_with_token_movers`] does on its own keys.
#[derive(Debug, Clone)]
enum Writer {
    /// Moves a token around `keys` keys, put first or remove first at each move.
    Mover { keys: usize, moves: Vec<bool> },
    /// Puts each generation on `keys` keys in key order, `generations` times.
    Sweeper { keys: usize, generations: usize },
}

impl Writer {
    /// Appends the writer's steps as `thread`, on keys `"<thread>.<i>"`.
    fn steps(self, thread: usize, steps: &mut Vec<(usize, EngineOp)>) {
        let key = |i: usize| format!("{thread}.{i}");
        match self {
            Writer::Mover { keys, moves } => {
                steps.push((thread, EngineOp::Put(key(0), bulk_record(0))));
                for (j, put_first) in moves.into_iter().enumerate() {
                    let put = EngineOp::Put(key((j + 1) % keys), bulk_record(j + 1));
                    let remove = EngineOp::Remove(key(j % keys));
                    if put_first {
                        steps.extend([(thread, put), (thread, remove)]);
                    } else {
                        steps.extend([(thread, remove), (thread, put)]);
                    }
                }
            }
            Writer::Sweeper { keys, generations } => {
                for generation in 1..=generations {
                    for i in 0..keys {
                        steps.push((thread, EngineOp::Put(key(i), bulk_record(generation))));
                    }
                }
            }
        }
    }
}

/// Puts and removes with whole cursor walks, at page sizes below the number of keys
/// (0 to 2), so that every walk over a full key set takes several pages and writers can
/// run between them.
pub fn walks_with_writers(threads: usize) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
    let walk =
        (0..CONTENDED_KEYS, page_kind()).prop_map(|(size, kind)| EngineOp::Walk { size, kind });
    steps(threads, prop_oneof![4 => put(), 2 => remove(), 2 => walk])
}

/// Writes and reads with the whole-engine queries, whose results are checked once
/// every thread has joined.
pub fn writes_and_queries(threads: usize) -> impl Strategy<Value = ConcurrentScenario<EngineOp>> {
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
