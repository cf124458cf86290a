//! The operations of an engine case, and the case itself as a [`Scenario`].

use storage_traits::Record;

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

/// Smaller page sizes than `size` worth trying: 1, then half.
pub(crate) fn simpler_sizes(size: usize) -> Vec<usize> {
    let mut sizes: Vec<usize> = [1, size / 2].into_iter().filter(|s| *s < size).collect();
    sizes.dedup();
    sizes
}

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

impl Scenario for EngineScenario {
    fn step_count(&self) -> usize {
        self.ops.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut ops = self.ops.clone();
        ops.remove(index);
        Self { ops }
    }

    fn simpler_at(&self, index: usize) -> Vec<Self> {
        self.ops
            .get(index)
            .map(EngineOp::simpler)
            .unwrap_or_default()
            .into_iter()
            .map(|op| {
                let mut ops = self.ops.clone();
                ops[index] = op;
                Self { ops }
            })
            .collect()
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
