//! Runs an engine case: every op on the engine and on the model, with the checks of the
//! property being run. Every check is a judgement over the options of the suite's
//! readings the case still allows ([`Branches`]): a case fails when no combination of
//! options is left.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use storage_traits::{IterationCursor, Record, StorageEngine};

use super::cost::{CostLearning, judge_cost};
use super::model::EngineModel;
use super::ops::{EngineOp, PageKind, bulk_key, bulk_record};
use super::readings::{AFTER_DESTROY, CURSOR, KEYS_ENTRIES_ORDER, RANDOM_SAMPLES};
use super::rules;
use super::summary;
use crate::config::RunConfig;
use crate::cursor::{Page, WalkTracker, entries_page, keys_page};
use crate::failure::Violation;
use crate::property::Rule;
use crate::readings::{Branches, Options, Stop};
use crate::scenario::StepTracker;

/// Which checks a property adds to the per-op checks every property makes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Compare the return value of every query op with the model.
    pub returns: bool,
    /// After every op, `estimated_cost` is judged by the cost reading.
    pub cost_after_every_op: bool,
    /// After every op, `is_empty() == (len() == 0)`; after clear and destroy, empty.
    pub emptiness: bool,
}

/// Runs `ops` on `engine` from an empty state, checking `checks` after every op, with
/// the readings `config` pins.
pub fn run_engine_case(
    engine: &dyn StorageEngine,
    ops: &[EngineOp],
    checks: Checks,
    config: &RunConfig,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let mut run = EngineRun {
        engine,
        model: EngineModel::default(),
        walk: None,
        checks,
        verdicts: Verdicts {
            branches: Branches::new((), config),
            destroyed: false,
        },
        learning: CostLearning::default(),
        emptied: None,
        released: None,
    };
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        // Apart, so that the checks after a destroy are guarded as every later call is.
        run.guarded(step, |run| run.step(step, op))?;
        run.guarded(step, |run| run.after_step(step))?;
    }
    let last = ops.len().saturating_sub(1);
    run.guarded(last, |run| run.drain_walk(last))
}

/// The options of the readings a case still allows, and whether the engine has been
/// destroyed (after which a terminal engine owes nothing).
struct Verdicts {
    branches: Branches<()>,
    destroyed: bool,
}

impl Verdicts {
    /// Runs `check` on every combination of options still allowed; fails when none is
    /// left. After `destroy`, the terminal option of [`AFTER_DESTROY`] accepts anything.
    fn judge(
        &mut self,
        mut check: impl FnMut(&Options<'_>) -> Result<(), Stop>,
    ) -> Result<(), Violation> {
        let destroyed = self.destroyed;
        self.branches.step(|(), options| {
            if destroyed && options.is(&AFTER_DESTROY, "terminal")? {
                return Ok(());
            }
            check(options)
        })
    }
}

/// A broken `rule` at `step`.
fn broken(
    step: usize,
    rule: Rule,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Stop {
    Stop::Broken(Violation::at(step, rule, expected, actual))
}

/// A broken `rule` at `step`, expected and actual already described.
fn broken_described(step: usize, rule: Rule, expected: &str, actual: &str) -> Stop {
    Stop::Broken(Violation {
        rule: rule.text.to_string(),
        expected: expected.to_string(),
        actual: actual.to_string(),
        step: Some(step),
    })
}

fn same_record(expected: Option<&Record>, actual: Option<&Record>) -> bool {
    match (expected, actual) {
        (Some(e), Some(a)) => e.same_as(a),
        (None, None) => true,
        _ => false,
    }
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
    verdicts: Verdicts,
    learning: CostLearning,
    /// The rule of the `clear` or `destroy` the last step made, whose result
    /// [`EngineRun::after_step`] checks.
    emptied: Option<Rule>,
    /// The entries the engine held when the last step destroyed it, which
    /// [`EngineRun::after_step`] looks for.
    released: Option<BTreeMap<String, Record>>,
}

impl EngineRun<'_> {
    /// Runs `body`; once the engine is destroyed, a panic in it is an observation (a
    /// terminal engine may panic) rather than the end of the case.
    fn guarded(
        &mut self,
        step: usize,
        body: impl FnOnce(&mut Self) -> Result<(), Violation>,
    ) -> Result<(), Violation> {
        if !self.verdicts.destroyed {
            return body(self);
        }
        match catch_unwind(AssertUnwindSafe(|| body(self))) {
            Ok(result) => result,
            Err(payload) => {
                let message = crate::runner::panic_message(payload.as_ref());
                // Whatever the engine holds now is unknown: the walk is abandoned.
                self.walk = None;
                self.verdicts.judge(|_| {
                    Err(broken(
                        step,
                        rules::DESTROYED_REUSABLE,
                        "no panic",
                        format!("a panic: {message}"),
                    ))
                })
            }
        }
    }

    /// Compares a record returned with the model's, under `rule`.
    fn expect_record(
        &mut self,
        step: usize,
        rule: Rule,
        expected: Option<&Record>,
        actual: Option<&Record>,
    ) -> Result<(), Violation> {
        if same_record(expected, actual) {
            return Ok(());
        }
        let (expected, actual) = (expected.cloned(), actual.cloned());
        self.verdicts
            .judge(|_| Err(broken(step, rule, &expected, &actual)))
    }

    /// Compares a value returned with the model's, under `rule`.
    fn expect_eq<T: PartialEq + std::fmt::Debug>(
        &mut self,
        step: usize,
        rule: Rule,
        expected: &T,
        actual: &T,
    ) -> Result<(), Violation> {
        if expected == actual {
            return Ok(());
        }
        self.verdicts
            .judge(|_| Err(broken(step, rule, expected, actual)))
    }

    /// Judges an `estimated_cost` answer against the model.
    fn expect_cost(&mut self, step: usize, observed: u64) -> Result<(), Violation> {
        let Self {
            verdicts,
            model,
            learning,
            ..
        } = self;
        verdicts.judge(|options| judge_cost(step, observed, model, learning, options))
    }

    fn put(&mut self, step: usize, key: &str, record: Record) -> Result<(), Violation> {
        let actual = self.engine.put(key, record.clone());
        if let Some((walk, _)) = &mut self.walk {
            walk.on_put(key, &record);
        }
        let expected = self.model.put(key, record);
        if self.checks.returns {
            self.expect_record(
                step,
                rules::PUT_RETURNS_PREVIOUS,
                expected.as_ref(),
                actual.as_ref(),
            )?;
        }
        Ok(())
    }

    fn step(&mut self, step: usize, op: &EngineOp) -> Result<(), Violation> {
        let returns = self.checks.returns;
        match op {
            EngineOp::Put(key, record) => self.put(step, key, record.clone())?,
            EngineOp::PutMany(count) => {
                for i in 0..*count {
                    self.put(step, &bulk_key(i), bulk_record(i))?;
                }
            }
            EngineOp::Remove(key) => {
                let actual = self.engine.remove(key);
                let expected = self.model.remove(key);
                if let Some((walk, _)) = &mut self.walk {
                    walk.on_remove(key);
                }
                if returns {
                    self.expect_record(
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
                    let expected = self.model.entries.get(key).cloned();
                    self.expect_record(
                        step,
                        rules::GET_RETURNS_STORED,
                        expected.as_ref(),
                        actual.as_ref(),
                    )?;
                }
            }
            EngineOp::ContainsKey(key) => {
                let actual = self.engine.contains_key(key);
                if returns {
                    let expected = self.model.entries.contains_key(key);
                    self.expect_eq(step, rules::CONTAINS_KEY, &expected, &actual)?;
                }
            }
            EngineOp::Len => {
                let actual = self.engine.len();
                if returns {
                    self.expect_eq(step, rules::LEN, &self.model.entries.len(), &actual)?;
                }
            }
            EngineOp::IsEmpty => {
                let actual = self.engine.is_empty();
                if returns {
                    let expected = self.model.entries.is_empty();
                    self.expect_eq(step, rules::IS_EMPTY, &expected, &actual)?;
                }
            }
            EngineOp::EstimatedCost => {
                let actual = self.engine.estimated_cost();
                if returns {
                    self.expect_cost(step, actual)?;
                }
            }
            EngineOp::Clear | EngineOp::Destroy => self.empty_out(op),
            EngineOp::Snapshot => self.check_snapshot(step)?,
            EngineOp::Samples(n) => self.check_samples(step, *n)?,
            EngineOp::Walk { size, kind } => {
                self.whole_walk(step, *size, *kind)?;
            }
            EngineOp::FetchPage { size, kind } => self.next_page(step, *size, *kind)?,
            EngineOp::CompareFetch { size } => self.compare_walks(step, *size)?,
        }
        Ok(())
    }

    /// `clear` or `destroy`; [`EngineRun::after_step`] checks what they leave.
    fn empty_out(&mut self, op: &EngineOp) {
        self.emptied = Some(if matches!(op, EngineOp::Clear) {
            self.engine.clear();
            rules::CLEARED
        } else {
            self.engine.destroy();
            self.verdicts.destroyed = true;
            self.released = Some(self.model.entries.clone());
            rules::DESTROYED_REUSABLE
        });
        self.model.entries.clear();
        if let Some((walk, _)) = &mut self.walk {
            walk.on_clear();
        }
    }

    fn after_step(&mut self, step: usize) -> Result<(), Violation> {
        if let Some(released) = self.released.take() {
            self.check_released(step, &released)?;
        }
        if let Some(rule) = self.emptied.take()
            && self.checks.emptiness
        {
            let state = (
                self.engine.len(),
                self.engine.is_empty(),
                self.engine.snapshot_iter().len(),
            );
            self.expect_eq(step, rule, &(0, true, 0), &state)?;
            let cost = self.engine.estimated_cost();
            self.expect_cost(step, cost)?;
        }
        if self.checks.cost_after_every_op {
            let cost = self.engine.estimated_cost();
            self.expect_cost(step, cost)?;
        }
        if self.checks.emptiness {
            let (len, is_empty) = (self.engine.len(), self.engine.is_empty());
            self.expect_eq(step, rules::IS_EMPTY, &(len == 0), &is_empty)?;
        }
        Ok(())
    }

    /// Right after `destroy`: whatever the engine does next (every option of
    /// [`AFTER_DESTROY`]), it shows none of the entries it held, through `get`,
    /// `contains_key` or `snapshot_iter`. A panic here is a terminal engine's answer
    /// ([`EngineRun::guarded`]).
    fn check_released(
        &mut self,
        step: usize,
        released: &BTreeMap<String, Record>,
    ) -> Result<(), Violation> {
        let held =
            |key: &String, record: &Record| released.get(key).is_some_and(|r| r.same_as(record));
        let mut shown: Vec<String> = self
            .engine
            .snapshot_iter()
            .into_iter()
            .filter(|(key, record)| held(key, record))
            .map(|(key, _)| format!("snapshot_iter: {key:?}"))
            .collect();
        for key in released.keys() {
            if self
                .engine
                .get(key)
                .is_some_and(|record| held(key, &record))
            {
                shown.push(format!("get({key:?})"));
            } else if self.engine.contains_key(key) {
                shown.push(format!("contains_key({key:?})"));
            }
            if shown.len() >= 3 {
                break;
            }
        }
        if shown.is_empty() {
            return Ok(());
        }
        let expected = format!(
            "none of {}",
            crate::failure::few(&released.keys().collect::<Vec<_>>())
        );
        let actual = shown.join(", ");
        self.verdicts.branches.step(|(), _| {
            Err(broken_described(
                step,
                rules::DESTROY_RELEASES,
                &expected,
                &actual,
            ))
        })
    }

    fn check_snapshot(&mut self, step: usize) -> Result<(), Violation> {
        let mut snapshot = self.engine.snapshot_iter();
        snapshot.sort_by(|a, b| a.0.cmp(&b.0));
        let faithful = snapshot.len() == self.model.entries.len()
            && snapshot
                .iter()
                .zip(&self.model.entries)
                .all(|((k, r), (mk, mr))| k == mk && r.same_as(mr));
        if faithful {
            return Ok(());
        }
        let (expected, actual) = summary::contents(&self.model.entries, &snapshot);
        self.verdicts
            .judge(|_| Err(broken_described(step, rules::SNAPSHOT, &expected, &actual)))
    }

    fn check_samples(&mut self, step: usize, n: usize) -> Result<(), Violation> {
        let samples = self.engine.random_samples(n);
        let entries = &self.model.entries;
        self.verdicts
            .judge(|options| judge_samples(step, n, &samples, entries, options))
    }

    /// A whole walk with nothing in between; the keys in the order returned, or `None`
    /// when the walk was abandoned unfinished (at size 0, read literally).
    fn whole_walk(
        &mut self,
        step: usize,
        size: usize,
        kind: PageKind,
    ) -> Result<Option<Vec<String>>, Violation> {
        let mut walk = WalkTracker::start(&self.model.entries, size, true);
        let mut keys = Vec::new();
        while !walk.finished() {
            let page = fetch(self.engine, walk.cursor(), size, kind);
            keys.extend(page.items.iter().map(|(k, _)| k.clone()));
            let facts = walk.observe(step, page);
            self.verdicts
                .judge(|options| facts.judge(&CURSOR, |r, o| options.is(r, o)))?;
            if facts.over_bound() {
                return Ok(None);
            }
        }
        Ok(Some(keys))
    }

    /// A walk of each kind, then their orders compared.
    fn compare_walks(&mut self, step: usize, size: usize) -> Result<(), Violation> {
        let keys = self.whole_walk(step, size, PageKind::Keys)?;
        let entries = self.whole_walk(step, size, PageKind::Entries)?;
        let (Some(keys), Some(entries)) = (keys, entries) else {
            return Ok(());
        };
        if keys == entries {
            return Ok(());
        }
        self.verdicts.judge(|options| {
            if options.is(&KEYS_ENTRIES_ORDER, "same")? {
                Err(broken(step, rules::FETCH_SAME_ORDER, &keys, &entries))
            } else {
                Ok(())
            }
        })
    }

    fn next_page(&mut self, step: usize, size: usize, kind: PageKind) -> Result<(), Violation> {
        let done = |walk: &WalkTracker| walk.finished() || walk.over_bound();
        if self.walk.as_ref().is_none_or(|(walk, _)| done(walk)) {
            self.walk = Some((WalkTracker::start(&self.model.entries, size, false), kind));
        }
        let Some((walk, walk_kind)) = &mut self.walk else {
            return Ok(());
        };
        // A walk keeps the page size and method it started with, as a caller would.
        let page = fetch(self.engine, walk.cursor(), walk.size(), *walk_kind);
        let facts = walk.observe(step, page);
        self.verdicts
            .judge(|options| facts.judge(&CURSOR, |r, o| options.is(r, o)))
    }

    /// Finishes a walk left in progress at the end of the case, with nothing in between,
    /// unless it may be abandoned (over its bound without having to finish).
    fn drain_walk(&mut self, step: usize) -> Result<(), Violation> {
        while self
            .walk
            .as_ref()
            .is_some_and(|(walk, _)| !walk.finished() && !walk.over_bound())
        {
            self.next_page(step, 0, PageKind::Keys)?;
        }
        Ok(())
    }
}

/// Judges `random_samples(n)` against the stored `entries`, by what the spec says and
/// by the sampling option of the branch.
fn judge_samples(
    step: usize,
    n: usize,
    samples: &[(String, Record)],
    entries: &std::collections::BTreeMap<String, Record>,
    options: &Options<'_>,
) -> Result<(), Stop> {
    let stored = crate::failure::few(&entries.keys().collect::<Vec<_>>());
    let returned = format!(
        "{} entries: {}",
        samples.len(),
        crate::failure::few(&samples.iter().map(|(k, _)| k).collect::<Vec<_>>())
    );
    let absent = samples
        .iter()
        .find(|(k, r)| entries.get(k).is_none_or(|m| !m.same_as(r)));
    if let Some((key, record)) = absent {
        return Err(broken(
            step,
            rules::SAMPLES_PRESENT,
            format!("entries of {stored}"),
            (key, record),
        ));
    }
    let len = entries.len();
    let count_agreed = if len == 0 {
        samples.is_empty()
    } else {
        len < n || samples.len() == n
    };
    if !count_agreed {
        let wanted = if len == 0 { 0 } else { n };
        let expected = format!("{wanted} entries of {stored}");
        return Err(broken_described(
            step,
            rules::SAMPLES_COUNT,
            &expected,
            &returned,
        ));
    }
    if options.is(&RANDOM_SAMPLES, "distinct")? {
        let wanted = n.min(len);
        let distinct: BTreeSet<&String> = samples.iter().map(|(k, _)| k).collect();
        if samples.len() != wanted || distinct.len() != wanted {
            let expected = format!("{wanted} distinct entries of {stored}");
            return Err(broken_described(
                step,
                rules::SAMPLES_DISTINCT,
                &expected,
                &returned,
            ));
        }
    } else if len > 0 && samples.len() != n {
        let expected = format!("{n} entries of {stored}");
        return Err(broken_described(
            step,
            rules::SAMPLES_WITH_REPLACEMENT,
            &expected,
            &returned,
        ));
    }
    Ok(())
}
