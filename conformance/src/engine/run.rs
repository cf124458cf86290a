//! Runs an engine case: every op on the engine and on the model, with the checks of the
//! property being run.

use storage_traits::{IterationCursor, Record, StorageEngine};

use super::model::EngineModel;
use super::ops::{EngineOp, PageKind};
use crate::cursor::{Page, WalkTracker, entries_page, keys_page};
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// Which checks a property adds to the per-op checks every property makes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Compare the return value of every query op with the model.
    pub returns: bool,
    /// After every op, `estimated_cost` equals the sum of the stored costs.
    pub cost_after_every_op: bool,
    /// After every op, `is_empty() == (len() == 0)`; after clear and destroy, empty.
    pub emptiness: bool,
}

/// The rules of the per-op checks.
pub mod rules {
    /// put's return.
    pub const PUT_RETURNS_PREVIOUS: &str = "put returns the record the key held before, or None";
    /// get's return.
    pub const GET_RETURNS_STORED: &str = "get returns the record stored under the key, or None";
    /// remove's return.
    pub const REMOVE_RETURNS_REMOVED: &str = "remove returns the record the key held, or None";
    /// contains_key.
    pub const CONTAINS_KEY: &str = "contains_key is true exactly for stored keys";
    /// len.
    pub const LEN: &str = "len is the number of stored keys";
    /// is_empty.
    pub const IS_EMPTY: &str =
        "is_empty() == (len() == 0), and is true exactly when nothing is stored";
    /// cost.
    pub const COST: &str = "estimated_cost equals the sum of the stored records' costs";
    /// snapshot.
    pub const SNAPSHOT: &str =
        "snapshot_iter returns every stored entry exactly once, with its record";
    /// samples.
    pub const SAMPLES: &str = "random_samples(n) returns min(n, len) distinct stored entries";
    /// clear and destroy.
    pub const CLEARED: &str =
        "after clear or destroy the engine is empty: len 0, no entries, cost 0";
    /// keys versus entries.
    pub const FETCH_AGREE: &str = "walks with fetch_keys and fetch_entries over an unchanged engine return the same keys in the same order";
}

/// Runs `ops` on `engine` from an empty state, checking `checks` after every op.
pub fn run_engine_case(
    engine: &dyn StorageEngine,
    ops: &[EngineOp],
    checks: Checks,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let mut run = EngineRun {
        engine,
        model: EngineModel::default(),
        walk: None,
        checks,
    };
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        run.step(step, op)?;
        run.after_step(step)?;
    }
    run.drain_walk(ops.len().saturating_sub(1))
}

fn fetch(
    engine: &dyn StorageEngine,
    cursor: &IterationCursor,
    size: usize,
    kind: PageKind,
) -> Page {
    match kind {
        PageKind::Keys => keys_page(engine.fetch_keys(cursor, size)),
        PageKind::Entries => entries_page(engine.fetch_entries(cursor, size)),
    }
}

struct EngineRun<'a> {
    engine: &'a dyn StorageEngine,
    model: EngineModel,
    walk: Option<(WalkTracker, PageKind)>,
    checks: Checks,
}

fn expect_same(
    step: usize,
    rule: &str,
    expected: Option<&Record>,
    actual: Option<&Record>,
) -> Result<(), Violation> {
    let same = match (expected, actual) {
        (Some(e), Some(a)) => e.same_as(a),
        (None, None) => true,
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(
    step: usize,
    rule: &str,
    expected: T,
    actual: T,
) -> Result<(), Violation> {
    if expected == actual {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}

impl EngineRun<'_> {
    fn step(&mut self, step: usize, op: &EngineOp) -> Result<(), Violation> {
        let returns = self.checks.returns;
        match op {
            EngineOp::Put(key, record) => {
                let actual = self.engine.put(key, record.clone());
                let expected = self.model.put(key, record.clone());
                if let Some((walk, _)) = &mut self.walk {
                    walk.on_put(key, record);
                }
                if returns {
                    expect_same(
                        step,
                        rules::PUT_RETURNS_PREVIOUS,
                        expected.as_ref(),
                        actual.as_ref(),
                    )?;
                }
            }
            EngineOp::Remove(key) => {
                let actual = self.engine.remove(key);
                let expected = self.model.remove(key);
                if let Some((walk, _)) = &mut self.walk {
                    walk.on_remove(key);
                }
                if returns {
                    expect_same(
                        step,
                        rules::REMOVE_RETURNS_REMOVED,
                        expected.as_ref(),
                        actual.as_ref(),
                    )?;
                }
            }
            EngineOp::Get(key) => {
                let actual = self.engine.get(key);
                if returns {
                    expect_same(
                        step,
                        rules::GET_RETURNS_STORED,
                        self.model.entries.get(key),
                        actual.as_ref(),
                    )?;
                }
            }
            EngineOp::ContainsKey(key) => {
                let actual = self.engine.contains_key(key);
                if returns {
                    expect_eq(
                        step,
                        rules::CONTAINS_KEY,
                        self.model.entries.contains_key(key),
                        actual,
                    )?;
                }
            }
            EngineOp::Len => {
                let actual = self.engine.len();
                if returns {
                    expect_eq(step, rules::LEN, self.model.entries.len(), actual)?;
                }
            }
            EngineOp::IsEmpty => {
                let actual = self.engine.is_empty();
                if returns {
                    expect_eq(step, rules::IS_EMPTY, self.model.entries.is_empty(), actual)?;
                }
            }
            EngineOp::EstimatedCost => {
                let actual = self.engine.estimated_cost();
                if returns {
                    expect_eq(step, rules::COST, self.model.cost(), u128::from(actual))?;
                }
            }
            EngineOp::Clear | EngineOp::Destroy => {
                if matches!(op, EngineOp::Clear) {
                    self.engine.clear();
                } else {
                    self.engine.destroy();
                }
                self.model.entries.clear();
                if let Some((walk, _)) = &mut self.walk {
                    walk.on_clear();
                }
                if self.checks.emptiness {
                    self.check_cleared(step)?;
                }
            }
            EngineOp::Snapshot => self.check_snapshot(step)?,
            EngineOp::Samples(n) => self.check_samples(step, *n)?,
            EngineOp::Walk { size, kind } => {
                self.whole_walk(step, *size, *kind)?;
            }
            EngineOp::FetchPage { size, kind } => self.next_page(step, *size, *kind)?,
            EngineOp::CompareFetch { size } => {
                let keys = self.whole_walk(step, *size, PageKind::Keys)?;
                let entries = self.whole_walk(step, *size, PageKind::Entries)?;
                expect_eq(step, rules::FETCH_AGREE, keys, entries)?;
            }
        }
        Ok(())
    }

    fn after_step(&self, step: usize) -> Result<(), Violation> {
        if self.checks.cost_after_every_op {
            expect_eq(
                step,
                rules::COST,
                self.model.cost(),
                u128::from(self.engine.estimated_cost()),
            )?;
        }
        if self.checks.emptiness {
            let (len, is_empty) = (self.engine.len(), self.engine.is_empty());
            expect_eq(step, rules::IS_EMPTY, len == 0, is_empty)?;
        }
        Ok(())
    }

    fn check_cleared(&self, step: usize) -> Result<(), Violation> {
        let state = (
            self.engine.len(),
            self.engine.is_empty(),
            self.engine.snapshot_iter().len(),
            self.engine.estimated_cost(),
        );
        expect_eq(step, rules::CLEARED, (0, true, 0, 0), state)
    }

    fn check_snapshot(&self, step: usize) -> Result<(), Violation> {
        let mut snapshot = self.engine.snapshot_iter();
        snapshot.sort_by(|a, b| a.0.cmp(&b.0));
        let faithful = snapshot.len() == self.model.entries.len()
            && snapshot
                .iter()
                .zip(&self.model.entries)
                .all(|((k, r), (mk, mr))| k == mk && r.same_as(mr));
        if faithful {
            Ok(())
        } else {
            Err(Violation::at(
                step,
                rules::SNAPSHOT,
                &self.model.entries,
                snapshot,
            ))
        }
    }

    fn check_samples(&self, step: usize, n: usize) -> Result<(), Violation> {
        let samples = self.engine.random_samples(n);
        let wanted = n.min(self.model.entries.len());
        let distinct: std::collections::BTreeSet<&String> =
            samples.iter().map(|(k, _)| k).collect();
        let present = samples
            .iter()
            .all(|(k, r)| self.model.entries.get(k).is_some_and(|m| m.same_as(r)));
        if samples.len() == wanted && distinct.len() == wanted && present {
            Ok(())
        } else {
            Err(Violation::at(
                step,
                rules::SAMPLES,
                format!(
                    "{wanted} distinct entries of {:?}",
                    self.model.entries.keys().collect::<Vec<_>>()
                ),
                samples,
            ))
        }
    }

    /// A whole walk with nothing in between; returns the keys in the order returned.
    fn whole_walk(
        &self,
        step: usize,
        size: usize,
        kind: PageKind,
    ) -> Result<Vec<String>, Violation> {
        let mut walk = WalkTracker::start(&self.model.entries, size, true);
        let mut keys = Vec::new();
        while !walk.finished() {
            let page = fetch(self.engine, walk.cursor(), size, kind);
            keys.extend(page.items.iter().map(|(k, _)| k.clone()));
            walk.page(step, page)?;
        }
        Ok(keys)
    }

    fn next_page(&mut self, step: usize, size: usize, kind: PageKind) -> Result<(), Violation> {
        if self.walk.as_ref().is_none_or(|(walk, _)| walk.finished()) {
            self.walk = Some((WalkTracker::start(&self.model.entries, size, false), kind));
        }
        let Some((walk, walk_kind)) = &mut self.walk else {
            return Ok(());
        };
        // A walk keeps the page size and method it started with, as a caller would.
        let page = fetch(self.engine, walk.cursor(), walk.size(), *walk_kind);
        walk.page(step, page)
    }

    /// Finishes a walk left in progress at the end of the case, with nothing in between.
    fn drain_walk(&mut self, step: usize) -> Result<(), Violation> {
        while self.walk.as_ref().is_some_and(|(walk, _)| !walk.finished()) {
            self.next_page(step, 0, PageKind::Keys)?;
        }
        Ok(())
    }
}
