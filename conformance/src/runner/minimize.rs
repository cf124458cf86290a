//! Shrinking: proptest's value tree first (fewer steps, simpler keys, values and sizes),
//! for half the time at most, then a pass that removes and simplifies single steps
//! until none can go, so the counterexample is one-minimal even where the tree's
//! shrinking stops early.
//!
//! A hang is shrunk differently, since every candidate that still hangs costs a
//! (shorter) watchdog period: see [`Shrink::hang`].

use std::time::{Duration, Instant};

use proptest::strategy::ValueTree;

use super::distinct::Search;
use super::execute::CaseWorker;
use super::{Shrunk, before};
use crate::config::RunConfig;
use crate::failure::FailureKind;
use crate::scenario::Scenario;

/// A candidate of a hang counts as hanging once it has run this many times as long as
/// the slowest case that passed earlier in the run…
const HANG_CANDIDATE_FACTOR: u32 = 4;

/// … or this long, if longer: scheduling on a loaded machine can delay a small case by
/// a few milliseconds.
const HANG_CANDIDATE_FLOOR: Duration = Duration::from_millis(50);

/// What shrinking one failure needs from its run.
pub(super) struct Shrink<'a, S> {
    /// Runs the candidates.
    pub worker: &'a CaseWorker<S>,
    /// The run's settings.
    pub config: &'a RunConfig,
    /// The rules set aside: candidates count only if they fail with the failure's rule
    /// as a new failure.
    pub search: &'a Search,
    /// When shrinking stops.
    pub deadline: Instant,
    /// The slowest case that passed before the failure, which bounds the time a
    /// candidate of a hang is given.
    pub slowest_pass: Duration,
}

impl<S: Scenario> Shrink<'_, S> {
    /// Shrinks the failing case in `tree`, whose current value failed with `kind`,
    /// until the deadline.
    pub(super) fn run<T>(&self, tree: &mut T, kind: FailureKind) -> Shrunk<S>
    where
        T: ValueTree<Value = S>,
    {
        let mut best = Shrunk {
            scenario: tree.current(),
            kind,
            iters: 0,
        };
        if matches!(best.kind, FailureKind::Hang { .. }) {
            return self.hang(best);
        }
        let fails_alike = self.fails_alike(self.config.watchdog);
        // The value tree gets half the time at most: it shrinks a long string or byte
        // string one element per accepted candidate, and the minimality pass after it
        // cuts values in half (`Scenario::simpler_at`), which a costly case needs time
        // for.
        let now = Instant::now();
        let tree_deadline = now + self.deadline.saturating_duration_since(now) / 2;
        while best.iters < self.config.max_shrink_iters && before(tree_deadline) && tree.simplify()
        {
            best.iters += 1;
            let candidate = tree.current();
            if let Some(kind) = fails_alike(&candidate, &best.kind) {
                best.scenario = candidate;
                best.kind = kind;
            } else if !tree.complicate() {
                break;
            }
        }
        remove_single_steps(&mut best, fails_alike, self.deadline);
        best
    }

    /// Whether a candidate fails like the best so far, given `watchdog`: its failure,
    /// if it does. A flaky failure (a race) is tried again before a candidate is
    /// rejected, so that shrinking does not stop at the first unlucky run.
    fn fails_alike(&self, watchdog: Duration) -> impl Fn(&S, &FailureKind) -> Option<FailureKind> {
        move |candidate: &S, best: &FailureKind| {
            (0..candidate.shrink_attempts().max(1)).find_map(|_| {
                let run = self
                    .worker
                    .run(candidate.clone(), watchdog, self.search.rules());
                self.search
                    .new_failure(run)
                    .filter(|kind| kind.same_rule(best))
            })
        }
    }

    /// Shrinks a hang. Every candidate that still hangs costs its watchdog, so the
    /// candidates get a short one: a few times the slowest case that passed, at least
    /// [`HANG_CANDIDATE_FLOOR`], at most [`RunConfig::shrink_watchdog`]. A slow
    /// candidate that does not hang could pass for a hang under it, so the result must
    /// then hang for the whole shrink watchdog too; if it does not, the hang is shrunk
    /// again with the shrink watchdog for every candidate, as a safe fallback.
    fn hang(&self, original: Shrunk<S>) -> Shrunk<S> {
        let bound = self.config.shrink_watchdog.min(self.config.watchdog);
        let quick = (self.slowest_pass * HANG_CANDIDATE_FACTOR)
            .max(HANG_CANDIDATE_FLOOR)
            .min(bound);
        let mut best = self.hang_with(original.clone(), quick);
        // With no candidate tried, the best is still the case that hung the full watchdog.
        if quick == bound || best.iters == 0 {
            return best;
        }
        best.iters += 1;
        if let Some(kind) = self.fails_alike(bound)(&best.scenario, &best.kind) {
            best.kind = kind;
            return best;
        }
        let mut fallback = self.hang_with(original, bound);
        fallback.iters += best.iters;
        fallback
    }

    /// Shrinks a hang, each candidate under `watchdog`: halves, quarters, … of the
    /// steps go first, so that a long case loses most of its steps in a few accepted
    /// candidates, then the single-step pass. The value tree, which mostly simplifies
    /// values one accepted candidate at a time, is left out.
    fn hang_with(&self, mut best: Shrunk<S>, watchdog: Duration) -> Shrunk<S> {
        let fails_alike = self.fails_alike(watchdog);
        remove_chunks(&mut best, &fails_alike, self.deadline);
        remove_single_steps(&mut best, &fails_alike, self.deadline);
        best
    }
}

/// Makes `candidate` the best if it fails the same way; says whether it did.
fn try_candidate<S: Scenario>(
    best: &mut Shrunk<S>,
    fails_alike: impl Fn(&S, &FailureKind) -> Option<FailureKind>,
    candidate: S,
) -> bool {
    best.iters += 1;
    match fails_alike(&candidate, &best.kind) {
        Some(kind) => {
            best.scenario = candidate;
            best.kind = kind;
            true
        }
        None => false,
    }
}

/// `scenario` without its steps `start..start + len` (those that exist).
fn without_range<S: Scenario>(scenario: &S, start: usize, len: usize) -> S {
    let end = (start + len).min(scenario.step_count());
    (start..end).rev().fold(scenario.clone(), |shorter, index| {
        shorter.without_step(index)
    })
}

/// Removes runs of steps, halving their length from half the case down to two, until
/// time runs out; every accepted candidate fails the same way.
fn remove_chunks<S: Scenario>(
    best: &mut Shrunk<S>,
    fails_alike: impl Fn(&S, &FailureKind) -> Option<FailureKind>,
    deadline: Instant,
) {
    let mut chunk = best.scenario.step_count() / 2;
    while chunk >= 2 {
        let mut start = 0;
        while start < best.scenario.step_count() {
            if !before(deadline) {
                return;
            }
            let candidate = without_range(&best.scenario, start, chunk);
            // After a removal the next run has moved to `start`.
            if !try_candidate(best, &fails_alike, candidate) {
                start += chunk;
            }
        }
        chunk /= 2;
    }
}

/// Removes single steps, then adjacent pairs, then simplifies single steps, until neither helps or time
/// runs out; every accepted candidate fails the same way.
fn remove_single_steps<S: Scenario>(
    best: &mut Shrunk<S>,
    fails_alike: impl Fn(&S, &FailureKind) -> Option<FailureKind>,
    deadline: Instant,
) {
    let try_candidate =
        |best: &mut Shrunk<S>, candidate: S| try_candidate(best, &fails_alike, candidate);
    'improve: while before(deadline) {
        for index in 0..best.scenario.step_count() {
            if !before(deadline) {
                return;
            }
            if try_candidate(best, best.scenario.without_step(index)) {
                continue 'improve;
            }
        }
        // Two adjacent steps that only fail together with each other, such as two
        // pages that finish a walk, can go only as a pair.
        for index in 1..best.scenario.step_count() {
            if !before(deadline) {
                return;
            }
            let pair_removed = best.scenario.without_step(index).without_step(index - 1);
            if try_candidate(best, pair_removed) {
                continue 'improve;
            }
        }
        for index in 0..best.scenario.step_count() {
            for candidate in best.scenario.simpler_at(index) {
                if !before(deadline) {
                    return;
                }
                if try_candidate(best, candidate) {
                    continue 'improve;
                }
            }
        }
        return;
    }
}
