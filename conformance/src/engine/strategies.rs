//! The op mixes of the engine properties. Keys come mostly from a small pool, so
//! overwrites, removes of present keys and re-inserts are common.

use proptest::collection::vec;
use proptest::prelude::*;

use super::ops::{EngineOp, EngineScenario, PageKind};
use crate::generators::{costed_record, pooled_key};

/// The longest generated case.
pub const MAX_OPS: usize = 48;

fn put() -> impl Strategy<Value = EngineOp> + Clone {
    (pooled_key(), costed_record()).prop_map(|(k, r)| EngineOp::Put(k, r))
}

fn remove() -> impl Strategy<Value = EngineOp> + Clone {
    pooled_key().prop_map(EngineOp::Remove)
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

fn mutation() -> impl Strategy<Value = EngineOp> + Clone {
    prop_oneof![3 => put(), 1 => remove()]
}

fn scenario(op: impl Strategy<Value = EngineOp>) -> impl Strategy<Value = EngineScenario> {
    vec(op, 0..=MAX_OPS).prop_map(|ops| EngineScenario { ops })
}

/// Mutations, then one final op.
fn then(last: impl Strategy<Value = EngineOp>) -> impl Strategy<Value = EngineScenario> {
    (vec(mutation(), 0..=MAX_OPS), last).prop_map(|(mut ops, last)| {
        ops.push(last);
        EngineScenario { ops }
    })
}

/// Every op of the trait, cursor walks included.
pub fn all_ops() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![
        6 => put(),
        3 => remove(),
        2 => pooled_key().prop_map(EngineOp::Get),
        1 => pooled_key().prop_map(EngineOp::ContainsKey),
        1 => Just(EngineOp::Len),
        1 => Just(EngineOp::IsEmpty),
        1 => Just(EngineOp::EstimatedCost),
        1 => Just(EngineOp::Snapshot),
        1 => (0usize..10).prop_map(EngineOp::Samples),
        1 => fetch_page(),
        1 => walk(),
        1 => Just(EngineOp::Clear),
        1 => Just(EngineOp::Destroy),
    ])
}

/// Mutations, then a whole walk with nothing in between.
pub fn quiescent_walk() -> impl Strategy<Value = EngineScenario> {
    then(walk())
}

/// Mutations interleaved with the pages of walks.
pub fn interleaved_walks() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![3 => put(), 2 => remove(), 3 => fetch_page()])
}

/// Mutations, then a walk of each kind.
pub fn compared_walks() -> impl Strategy<Value = EngineScenario> {
    then(page_size().prop_map(|size| EngineOp::CompareFetch { size }))
}

/// Mutations interleaved with snapshots.
pub fn snapshots() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![3 => put(), 1 => remove(), 1 => Just(EngineOp::Snapshot)])
}

/// Mutations interleaved with samples, `n` from 0 to beyond the pool size.
pub fn samples() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![3 => put(), 1 => remove(), 1 => (0usize..10).prop_map(EngineOp::Samples)])
}

/// Mutations with the occasional clear and destroy.
pub fn mutations_and_clears() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![
        6 => put(),
        3 => remove(),
        1 => Just(EngineOp::Clear),
        1 => Just(EngineOp::Destroy),
    ])
}

/// Mutations, clears and destroys, with the queries that show emptiness.
pub fn clears_and_queries() -> impl Strategy<Value = EngineScenario> {
    scenario(prop_oneof![
        4 => put(),
        2 => remove(),
        1 => Just(EngineOp::Clear),
        1 => Just(EngineOp::Destroy),
        1 => Just(EngineOp::Len),
        1 => Just(EngineOp::IsEmpty),
        1 => pooled_key().prop_map(EngineOp::Get),
    ])
}
