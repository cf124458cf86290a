//! The operations of an engine case, and the case itself as a [`Scenario`].

use std::collections::BTreeMap;

use storage_traits::{Record, RecordMetadata, RecordValue, Timestamp, Value};

use crate::render::ToRust;
use crate::scenario::Scenario;

/// Which cursor method a walk uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `fetch_keys`.
    Keys,
    /// `fetch_entries`.
    Entries,
}

impl PageKind {
    /// The cursor method's name.
    pub(crate) fn method(self) -> &'static str {
        match self {
            PageKind::Keys => "fetch_keys",
            PageKind::Entries => "fetch_entries",
        }
    }
}

/// One step of an engine case: a trait method call, or a cursor walk.
#[derive(Debug, Clone)]
pub enum EngineOp {
    /// `put(key, record)`.
    Put(String, Record),
    /// `put(bulk_key(i), bulk_record(i))` for every `i` below the count: a large store
    /// in one step, which shrinking makes smaller.
    PutMany(usize),
    /// `get(key)`.
    Get(String),
    /// `remove(key)`.
    Remove(String),
    /// `contains_key(key)`.
    ContainsKey(String),
    /// `len()`.
    Len,
    /// `is_empty()`.
    IsEmpty,
    /// `clear()`.
    Clear,
    /// `destroy()`.
    Destroy,
    /// `estimated_cost()`.
    EstimatedCost,
    /// `snapshot_iter()`.
    Snapshot,
    /// `random_samples(n)`.
    Samples(usize),
    /// A whole cursor walk from the start, with nothing in between its pages.
    Walk {
        /// The page size asked for.
        size: usize,
        /// The cursor method.
        kind: PageKind,
    },
    /// The next page of the walk in progress (a new walk when none is, or the last one
    /// finished); other steps may run between pages.
    FetchPage {
        /// The page size asked for.
        size: usize,
        /// The cursor method.
        kind: PageKind,
    },
    /// A whole walk with `fetch_keys` and one with `fetch_entries`, compared.
    CompareFetch {
        /// The page size asked for.
        size: usize,
    },
}

/// The keys a simplified step may take, simplest first.
const SIMPLE_KEYS: [&str; 3] = ["a", "b", "c"];

/// Simpler keys than `key`: the simple keys before it in [`SIMPLE_KEYS`], or all of them.
pub(crate) fn simpler_keys(key: &str) -> impl Iterator<Item = String> + '_ {
    let position = SIMPLE_KEYS
        .iter()
        .position(|k| *k == key)
        .unwrap_or(SIMPLE_KEYS.len());
    SIMPLE_KEYS[..position].iter().map(|k| (*k).to_string())
}

/// Smaller sizes than `size` worth trying, smallest first: 1, half, then ever closer
/// to `size` (three quarters, seven eighths, …, `size - 1`), so that the minimality pass
/// finds the smallest size that still fails in a few dozen tries.
pub(crate) fn simpler_sizes(size: usize) -> Vec<usize> {
    let mut sizes = vec![1, size / 2];
    let mut gap = size / 4;
    while gap > 1 {
        sizes.push(size - gap);
        gap /= 2;
    }
    sizes.push(size.saturating_sub(1));
    sizes.retain(|s| (1..size).contains(s));
    sizes.dedup();
    sizes
}

/// The key of the `i`-th entry of a bulk put: `k00000`, `k00001`, … (no pool key has
/// this shape).
pub fn bulk_key(i: usize) -> String {
    format!("k{i:05}")
}

/// The record of the `i`-th entry of a bulk put: cheap to build and compare, distinct
/// per entry, and costing `i % 1000` (so the first costs 0).
pub fn bulk_record(i: usize) -> Record {
    Record {
        value: RecordValue::Lww {
            value: Value::Int(i64::try_from(i).unwrap_or(i64::MAX)),
            timestamp: Timestamp {
                millis: 0,
                counter: 0,
                node_id: "a".to_string(),
            },
        },
        metadata: RecordMetadata::new(0, (i % 1000) as u64),
    }
}

/// The most a bulk put's records can cost together: the headroom every case keeps
/// below `u64::MAX` for them ([`EngineScenario::new`]).
const BULK_COST_RESERVE: u64 = 1000 * 1_000_000;

impl EngineOp {
    /// Simpler versions of this op: simpler keys, the simplest record, smaller sizes.
    pub(crate) fn simpler(&self) -> Vec<EngineOp> {
        let keyed = |key: &str, make: &dyn Fn(String) -> EngineOp| {
            simpler_keys(key).map(make).collect::<Vec<_>>()
        };
        match self {
            EngineOp::Put(key, record) => {
                let mut ops = keyed(key, &|k| EngineOp::Put(k, record.clone()));
                let simplest = crate::generators::simplest_record();
                if !record.same_as(&simplest) {
                    ops.push(EngineOp::Put(key.clone(), simplest));
                }
                ops
            }
            EngineOp::PutMany(count) => simpler_sizes(*count)
                .into_iter()
                .map(EngineOp::PutMany)
                .collect(),
            EngineOp::Get(key) => keyed(key, &EngineOp::Get),
            EngineOp::Remove(key) => keyed(key, &EngineOp::Remove),
            EngineOp::ContainsKey(key) => keyed(key, &EngineOp::ContainsKey),
            EngineOp::Samples(n) => simpler_sizes(*n)
                .into_iter()
                .map(EngineOp::Samples)
                .collect(),
            EngineOp::Walk { size, kind } => {
                paged(*size, *kind, |size, kind| EngineOp::Walk { size, kind })
            }
            EngineOp::FetchPage { size, kind } => paged(*size, *kind, |size, kind| {
                EngineOp::FetchPage { size, kind }
            }),
            EngineOp::CompareFetch { size } => simpler_sizes(*size)
                .into_iter()
                .map(|size| EngineOp::CompareFetch { size })
                .collect(),
            EngineOp::Len
            | EngineOp::IsEmpty
            | EngineOp::Clear
            | EngineOp::Destroy
            | EngineOp::EstimatedCost
            | EngineOp::Snapshot => Vec::new(),
        }
    }

    /// The op as Rust code acting on the engine `e` (and the cursor `cursor`).
    pub fn to_rust(&self) -> String {
        match self {
            EngineOp::Put(key, record) => {
                format!("let _ = e.put({}, {});", key.to_rust(), record.to_rust())
            }
            EngineOp::PutMany(count) => format!(
                "for i in 0..{count}usize {{ let _ = e.put(&format!(\"k{{i:05}}\"), record(lww(Value::Int(i as i64), ts(0, 0, \"a\")), meta_new(0, (i % 1000) as u64))); }}"
            ),
            EngineOp::Get(key) => format!("let _ = e.get({});", key.to_rust()),
            EngineOp::Remove(key) => format!("let _ = e.remove({});", key.to_rust()),
            EngineOp::ContainsKey(key) => format!("let _ = e.contains_key({});", key.to_rust()),
            EngineOp::Len => "let _ = e.len();".to_string(),
            EngineOp::IsEmpty => "let _ = e.is_empty();".to_string(),
            EngineOp::Clear => "e.clear();".to_string(),
            EngineOp::Destroy => "e.destroy();".to_string(),
            EngineOp::EstimatedCost => "let _ = e.estimated_cost();".to_string(),
            EngineOp::Snapshot => "let _ = e.snapshot_iter();".to_string(),
            EngineOp::Samples(n) => format!("let _ = e.random_samples({n});"),
            EngineOp::Walk { size, kind } => format!(
                "let mut walk = IterationCursor::start(); // a whole walk\n{}",
                bounded_walk("e", kind.method(), *size)
            ),
            EngineOp::FetchPage { size, kind } => next_page_code("e", *kind, *size),
            EngineOp::CompareFetch { size } => format!(
                "let mut walk = IterationCursor::start(); // a whole walk of each kind\n{}\nlet mut walk = IterationCursor::start();\n{}",
                bounded_walk("e", "fetch_keys", *size),
                bounded_walk("e", "fetch_entries", *size)
            ),
        }
    }
}

/// Simpler page ops: smaller sizes, then `fetch_keys` instead of `fetch_entries`.
fn paged(size: usize, kind: PageKind, make: impl Fn(usize, PageKind) -> EngineOp) -> Vec<EngineOp> {
    let mut ops: Vec<EngineOp> = simpler_sizes(size)
        .into_iter()
        .map(|s| make(s, kind))
        .collect();
    if kind == PageKind::Entries {
        ops.push(make(size, PageKind::Keys));
    }
    ops
}

/// A walk loop on `receiver` that cannot run forever, so a pasted counterexample of a
/// cursor that never finishes fails instead of hanging.
pub(crate) fn bounded_walk(receiver: &str, method: &str, size: usize) -> String {
    format!(
        "for _ in 0..1_000 {{ if walk.finished {{ break; }} walk = {receiver}.{method}(&walk, {size}).next_cursor; }}"
    )
}

/// The next page of the walk held in `cursor`, on `receiver`; a new walk once it has
/// finished.
pub(crate) fn next_page_code(receiver: &str, kind: PageKind, size: usize) -> String {
    format!(
        "if cursor.finished {{ cursor = IterationCursor::start(); }}\ncursor = {receiver}.{}(&cursor, {size}).next_cursor;",
        kind.method()
    )
}

/// A generated engine case: the ops, run in order on one fresh engine.
#[derive(Debug, Clone)]
pub struct EngineScenario {
    /// The steps.
    pub ops: Vec<EngineOp>,
}

impl EngineScenario {
    /// The case of `ops`, with each put's cost lowered where needed so that no sum of
    /// the costs an engine holds, nor that sum plus the cost of a record being put
    /// over an old one, ever exceeds `u64::MAX`: the spec does not say what
    /// `estimated_cost` answers beyond it, and an engine that adds a new cost before
    /// subtracting the old one may panic in a debug build there. Costs near `u64::MAX`
    /// still come through whenever the engine holds little else. Shrinking goes through
    /// here too, so a shorter case never overflows where the longer one did not.
    pub fn new(mut ops: Vec<EngineOp>) -> Self {
        let mut costs: BTreeMap<String, u64> = BTreeMap::new();
        let mut total: u128 = 0;
        let ceiling = u128::from(u64::MAX - BULK_COST_RESERVE);
        for op in &mut ops {
            match op {
                EngineOp::Put(key, record) => {
                    let headroom = ceiling.saturating_sub(total);
                    let cost = u128::from(record.metadata.cost).min(headroom);
                    record.metadata.cost = u64::try_from(cost).unwrap_or(u64::MAX);
                    let old = costs.insert(key.clone(), record.metadata.cost);
                    total = total + cost - old.map_or(0, u128::from);
                }
                EngineOp::Remove(key) => {
                    total -= costs.remove(key.as_str()).map_or(0, u128::from);
                }
                EngineOp::Clear | EngineOp::Destroy => {
                    costs.clear();
                    total = 0;
                }
                _ => {}
            }
        }
        Self { ops }
    }
}

impl EngineScenario {
    /// The case without the put at `index`, with one more key in the bulk put before
    /// it instead: a store one key larger in one step fewer. Without it, shrinking
    /// stops at "bulk put of n keys, one more put" when n + 1 keys fail alike.
    fn absorbed_into_bulk(&self, index: usize) -> Option<Self> {
        if !matches!(self.ops.get(index), Some(EngineOp::Put(..))) {
            return None;
        }
        let bulk = self.ops[..index]
            .iter()
            .rposition(|op| matches!(op, EngineOp::PutMany(_)))?;
        let mut ops = self.ops.clone();
        ops.remove(index);
        if let EngineOp::PutMany(count) = &mut ops[bulk] {
            *count += 1;
        }
        Some(Self::new(ops))
    }

    /// The case without the last `random_samples` call before `index`, and the call at
    /// `index` asking for one more than either: one step fewer, and one call that shows
    /// what the two showed apart. Without it, shrinking stops at two sample calls that
    /// each break one sampling option (two, then three, of two entries) where one call
    /// breaks both.
    fn merged_samples(&self, index: usize) -> Option<Self> {
        let Some(EngineOp::Samples(later)) = self.ops.get(index) else {
            return None;
        };
        let earlier = self.ops[..index]
            .iter()
            .rposition(|op| matches!(op, EngineOp::Samples(_)))?;
        let EngineOp::Samples(first) = self.ops[earlier] else {
            return None;
        };
        let mut ops = self.ops.clone();
        ops[index] = EngineOp::Samples(first.max(*later) + 1);
        ops.remove(earlier);
        Some(Self::new(ops))
    }
}

impl Scenario for EngineScenario {
    fn step_count(&self) -> usize {
        self.ops.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut ops = self.ops.clone();
        ops.remove(index);
        Self::new(ops)
    }

    fn simpler_at(&self, index: usize) -> Vec<Self> {
        let mut simpler: Vec<Self> = self
            .ops
            .get(index)
            .map(EngineOp::simpler)
            .unwrap_or_default()
            .into_iter()
            .map(|op| {
                let mut ops = self.ops.clone();
                ops[index] = op;
                Self::new(ops)
            })
            .collect();
        simpler.extend(self.absorbed_into_bulk(index));
        simpler.extend(self.merged_samples(index));
        simpler
    }

    fn describe_step(&self, index: usize) -> String {
        match self.ops.get(index) {
            Some(op) => format!("step {index}: {}", op.to_rust()),
            None => format!("step {index}"),
        }
    }

    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String {
        let mut code = vec![
            "use storage_conformance::replay::*;".to_string(),
            "use storage_traits::StorageEngine;".to_string(),
            format!("let e = ({subject})();"),
        ];
        if self
            .ops
            .iter()
            .any(|op| matches!(op, EngineOp::FetchPage { .. }))
        {
            code.push("let mut cursor = IterationCursor::start();".to_string());
        }
        for (index, op) in self.ops.iter().enumerate() {
            let mut line = op.to_rust();
            if failing_step == Some(index) {
                line.push_str(" // <- the rule breaks here");
            }
            code.push(line);
        }
        code.join("\n")
    }
}
