//! The op mixes of the engine properties. Keys come mostly from a small pool, so
//! overwrites, removes of present keys and re-inserts are common; records cost 0 now
//! and then, and sometimes nearly `u64::MAX` ([`EngineScenario::new`] keeps the sums
//! in range); one case in eight is in the size tier ([`sized`]).

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use storage_traits::Record;

use super::ops::{EngineOp, EngineScenario, PageKind, bulk_record};
use crate::generators::{costed_record, key_pool, pooled_key};

/// The longest generated case, bulk puts aside.
pub const MAX_OPS: usize = 48;

/// The largest store a bulk put builds. A hash engine's page costs O(len) (it must see
/// every key to find the next ones in order), so a walk at a page size near 100 over
/// this many keys takes a few dozen such pages: larger stores would make the size tier
/// the bulk of a debug run.
pub const MAX_BULK: usize = 2100;

/// Store sizes just below and above the sizes where engines change shape or batch:
/// powers of two, round numbers, and a hash table's 3/4 load of 1024 buckets.
const BULK_BOUNDARIES: [usize; 16] = [
    100, 101, 128, 129, 256, 257, 512, 513, 768, 769, 1000, 1001, 1024, 1025, 2048, 2049,
];

/// Page and sample sizes just below, at and above common batch sizes.
const PAGE_BOUNDARIES: [usize; 18] = [
    99, 100, 101, 127, 128, 129, 255, 256, 257, 511, 512, 513, 999, 1000, 1001, 1023, 1024, 1025,
];

/// Costs: small ones first (shrinking ends at 1, the simplest record's), 0, and the
/// `u64::MAX` scale: `u64::MAX` itself, `2^63` (beyond `i64`), and `2^53 + 1` (beyond
/// the integers an `f64` holds exactly).
pub fn any_cost() -> impl Strategy<Value = u64> + Clone {
    prop_oneof![
        12 => 1u64..=1000,
        2 => Just(0u64),
        1 => select(vec![u64::MAX, u64::MAX - 1, 1u64 << 63, (1u64 << 53) + 1, u64::from(u32::MAX) + 1]),
    ]
}

/// A record of the engine cases: [`costed_record`]'s values and metadata (NaN, `-0.0`,
/// `u32::MAX` counters) with a cost from [`any_cost`] at most `cap`.
pub fn engine_record(cap: u64) -> impl Strategy<Value = Record> + Clone {
    (costed_record(), any_cost()).prop_map(move |(mut record, cost)| {
        record.metadata.cost = cost.min(cap);
        record
    })
}

/// What the ops of a case draw: every awkward key and record, or (after a bulk put in
/// the size tier) the pool's keys and plain records, since each shrink candidate of a
/// large case costs the whole bulk put and a record's many fields would take hundreds
/// of candidates to simplify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Keys from the pool and beyond, records with every awkward value.
    Awkward,
    /// Keys from the pool, records that differ by one small integer.
    Plain,
}

fn key(mix: Mix) -> BoxedStrategy<String> {
    match mix {
        Mix::Awkward => pooled_key().boxed(),
        Mix::Plain => key_pool().boxed(),
    }
}

fn record(mix: Mix) -> BoxedStrategy<Record> {
    match mix {
        Mix::Awkward => engine_record(u64::MAX).boxed(),
        Mix::Plain => (0usize..100).prop_map(bulk_record).boxed(),
    }
}

fn put(mix: Mix) -> impl Strategy<Value = EngineOp> + Clone {
    (key(mix), record(mix)).prop_map(|(k, r)| EngineOp::Put(k, r))
}

fn remove(mix: Mix) -> impl Strategy<Value = EngineOp> + Clone {
    key(mix).prop_map(EngineOp::Remove)
}

pub(crate) fn page_kind() -> impl Strategy<Value = PageKind> + Clone {
    prop_oneof![Just(PageKind::Keys), Just(PageKind::Entries)]
}

/// Page sizes: 0 and 1 are the edge cases, up to a little more than the pool.
pub(crate) fn page_size() -> impl Strategy<Value = usize> + Clone {
    0usize..8
}

fn fetch_page() -> impl Strategy<Value = EngineOp> + Clone {
    (page_size(), page_kind()).prop_map(|(size, kind)| EngineOp::FetchPage { size, kind })
}

fn walk() -> impl Strategy<Value = EngineOp> + Clone {
    (page_size(), page_kind()).prop_map(|(size, kind)| EngineOp::Walk { size, kind })
}

fn mutation(mix: Mix) -> impl Strategy<Value = EngineOp> + Clone {
    prop_oneof![3 => put(mix), 1 => remove(mix)]
}

/// Cases of up to `max` ops drawn from `op`.
fn scenario(
    op: impl Strategy<Value = EngineOp> + Clone,
    max: usize,
) -> impl Strategy<Value = EngineScenario> + Clone {
    vec(op, 0..=max).prop_map(EngineScenario::new)
}

/// Up to `max` mutations, then one final op; one case in ten has no mutation at all,
/// so that the final op meets an empty engine (an edge of its own).
fn then(
    last: impl Strategy<Value = EngineOp> + Clone,
    mix: Mix,
    max: usize,
) -> impl Strategy<Value = EngineScenario> + Clone {
    let mutations = prop_oneof![1 => Just(Vec::new()), 9 => vec(mutation(mix), 0..=max)];
    (mutations, last).prop_map(|(mut ops, last)| {
        ops.push(last);
        EngineScenario::new(ops)
    })
}

/// The size tier: one case in eight is `small(Mix::Plain, TIER_OPS)` after a bulk put
/// of hundreds or thousands of keys (near [`BULK_BOUNDARIES`] half the time), with its
/// walks, pages and samples at one size: near [`PAGE_BOUNDARIES`] (a third of the
/// time), or the store's size or one more, so that a walk over the large store takes a
/// few dozen calls rather than thousands. The other cases are
/// `small(Mix::Awkward, MAX_OPS)`.
pub fn sized<S>(small: impl Fn(Mix, usize) -> S) -> impl Strategy<Value = EngineScenario>
where
    S: Strategy<Value = EngineScenario> + Clone + 'static,
{
    let count = prop_oneof![select(BULK_BOUNDARIES.to_vec()), 1usize..=MAX_BULK];
    let case = small(Mix::Plain, TIER_OPS);
    let large = (count, 0usize..3, select(PAGE_BOUNDARIES.to_vec()), case).prop_map(
        |(count, near_count, boundary, case)| {
            // Two thirds of the time a page of about the whole store: its last page is
            // where `finished` is decided.
            let size = match near_count {
                0 => boundary,
                1 => count,
                _ => count + 1,
            };
            let mut ops = vec![EngineOp::PutMany(count)];
            ops.extend(case.ops.into_iter().map(|op| at_size(op, size)));
            EngineScenario::new(ops)
        },
    );
    prop_oneof![7 => small(Mix::Awkward, MAX_OPS), 1 => large]
}

/// The most ops after the bulk put of a case in the size tier: each shrink candidate
/// of a large case costs the whole bulk put, so its small part stays short.
const TIER_OPS: usize = 8;

/// `op` with its page or sample size replaced by `size`.
fn at_size(op: EngineOp, size: usize) -> EngineOp {
    match op {
        EngineOp::Walk { kind, .. } => EngineOp::Walk { size, kind },
        EngineOp::FetchPage { kind, .. } => EngineOp::FetchPage { size, kind },
        EngineOp::CompareFetch { .. } => EngineOp::CompareFetch { size },
        EngineOp::Samples(_) => EngineOp::Samples(size),
        other => other,
    }
}

/// Every op of the trait, cursor walks included.
pub fn all_ops() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        let op = prop_oneof![
            6 => put(mix),
            3 => remove(mix),
            2 => key(mix).prop_map(EngineOp::Get),
            1 => key(mix).prop_map(EngineOp::ContainsKey),
            1 => Just(EngineOp::Len),
            1 => Just(EngineOp::IsEmpty),
            1 => Just(EngineOp::EstimatedCost),
            1 => Just(EngineOp::Snapshot),
            1 => (0usize..10).prop_map(EngineOp::Samples),
            1 => fetch_page(),
            1 => walk(),
            1 => Just(EngineOp::Clear),
            1 => Just(EngineOp::Destroy),
        ];
        scenario(op, max)
    })
}

/// Mutations, then a whole walk with nothing in between.
pub fn quiescent_walk() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| then(walk(), mix, max))
}

/// Mutations interleaved with the pages of walks.
pub fn interleaved_walks() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        scenario(
            prop_oneof![3 => put(mix), 2 => remove(mix), 3 => fetch_page()],
            max,
        )
    })
}

/// Mutations, then a walk of each kind.
pub fn compared_walks() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        then(
            page_size().prop_map(|size| EngineOp::CompareFetch { size }),
            mix,
            max,
        )
    })
}

/// Mutations interleaved with snapshots.
pub fn snapshots() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        scenario(
            prop_oneof![3 => put(mix), 1 => remove(mix), 1 => Just(EngineOp::Snapshot)],
            max,
        )
    })
}

/// Mutations interleaved with samples, `n` from 0 to beyond the pool size.
pub fn samples() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        let samples = (0usize..10).prop_map(EngineOp::Samples);
        scenario(
            prop_oneof![3 => put(mix), 1 => remove(mix), 1 => samples],
            max,
        )
    })
}

/// Mutations with the occasional clear and destroy.
pub fn mutations_and_clears() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        let op = prop_oneof![
            6 => put(mix),
            3 => remove(mix),
            1 => Just(EngineOp::Clear),
            1 => Just(EngineOp::Destroy),
        ];
        scenario(op, max)
    })
}

/// Mutations, clears and destroys, with the queries that show emptiness.
pub fn clears_and_queries() -> impl Strategy<Value = EngineScenario> {
    sized(|mix, max| {
        let op = prop_oneof![
            4 => put(mix),
            2 => remove(mix),
            1 => Just(EngineOp::Clear),
            1 => Just(EngineOp::Destroy),
            1 => Just(EngineOp::Len),
            1 => Just(EngineOp::IsEmpty),
            1 => key(mix).prop_map(EngineOp::Get),
        ];
        scenario(op, max)
    })
}
