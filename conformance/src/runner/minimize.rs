//! Shrinking: proptest's value tree first (fewer steps, simpler keys, values and sizes),
//! for half the time at most, then a pass that removes and simplifies single steps
//! until none can go, so the counterexample is one-minimal even where the tree's
//! shrinking stops early.
//!
//! A hang is shrunk differently, since every candidate that still hangs costs a
//! (shorter) watchdog period: halves, quarters, … of the steps go first, so that a long
//! case loses most of its steps in a few accepted candidates, then the single-step pass.
//! The value tree, which mostly simplifies values one accepted candidate at a time, is
//! left out.

use std::time::Instant;

use proptest::strategy::ValueTree;

use super::distinct::Search;
use super::execute::run_case_aside;
use super::{CaseCheck, Shrunk, before};
use crate::config::RunConfig;
use crate::failure::FailureKind;
use crate::scenario::Scenario;

/// Shrinks the failing case in `tree`, whose current value failed with `kind`, until
/// `deadline`. Candidates run with the rules `search` set aside, and count only if they
/// fail with `kind`'s rule as a new failure.
///
/// A hang is shrunk with the shorter [`RunConfig::shrink_watchdog`]: every candidate
/// that still hangs costs that long, and its threads are abandoned like the first
/// case's.
pub(super) fn shrink<T>(
    tree: &mut T,
    kind: FailureKind,
    check: &CaseCheck<T::Value>,
    config: &RunConfig,
    search: &Search,
    deadline: Instant,
) -> Shrunk<T::Value>
where
    T: ValueTree,
    T::Value: Scenario,
{
    let mut best = Shrunk {
        scenario: tree.current(),
        kind,
        iters: 0,
    };
    let watchdog = if matches!(best.kind, FailureKind::Hang { .. }) {
        config.shrink_watchdog.min(config.watchdog)
    } else {
        config.watchdog
    };
    // A flaky failure (a race) is tried again before a candidate is rejected, so that
    // shrinking does not stop at the first unlucky run.
    let fails_alike = |candidate: &T::Value, best: &FailureKind| -> Option<FailureKind> {
        (0..candidate.shrink_attempts().max(1)).find_map(|_| {
            let run = run_case_aside(check, candidate.clone(), watchdog, search.rules());
            search.new_failure(run).filter(|kind| kind.same_rule(best))
        })
    };
    if matches!(best.kind, FailureKind::Hang { .. }) {
        remove_chunks(&mut best, fails_alike, deadline);
        remove_single_steps(&mut best, fails_alike, deadline);
        return best;
    }
    // The value tree gets half the time at most: it shrinks a long string or byte
    // string one element per accepted candidate, and the minimality pass after it cuts
    // values in half (`Scenario::simpler_at`), which a costly case needs time for.
    let now = Instant::now();
    let tree_deadline = now + deadline.saturating_duration_since(now) / 2;
    while best.iters < config.max_shrink_iters && before(tree_deadline) && tree.simplify() {
        best.iters += 1;
        let candidate = tree.current();
        if let Some(kind) = fails_alike(&candidate, &best.kind) {
            best.scenario = candidate;
            best.kind = kind;
        } else if !tree.complicate() {
            break;
        }
    }
    remove_single_steps(&mut best, fails_alike, deadline);
    best
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
