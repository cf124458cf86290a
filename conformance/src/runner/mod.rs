//! Runs a property: generates cases from seeds, replays regressions first, shrinks a
//! failure to a minimal counterexample within a time bound, then searches on for every
//! other distinct broken rule ([`distinct`]).

mod distinct;
mod execute;
mod minimize;
mod regressions;
pub(crate) mod seeds;

use std::sync::Arc;
use std::time::Instant;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};

use crate::config::RunConfig;
use crate::failure::wrap::{CODE_WIDTH, wrap_code};
use crate::failure::{Failure, FailureKind, Violation};
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::scenario::{Scenario, StepTracker};

pub(crate) use execute::panic_message;

/// The random generator of case `index` of the run seeded with `run_seed`: a loop of
/// one's own that draws its cases from it draws the kit's cases (the overhead bench
/// compares the two on the same cases).
pub fn case_rng(run_seed: u64, index: u32) -> proptest::test_runner::TestRng {
    seeds::rng(seeds::case_seed(run_seed, index))
}
pub use execute::run_case;

/// The check of one case: runs the scenario against a fresh implementation and returns
/// the first broken rule that is not set aside ([`Violation::raise`]). Panics and hangs
/// inside it are caught by the runner.
pub type CaseCheck<S> = Arc<dyn Fn(&S, &StepTracker) -> Result<(), Violation> + Send + Sync>;

/// Runs `property` with `config`: skips it if asked to, replays its regression seeds,
/// then runs `config.cases` new cases drawn from `strategy`, each checked by `check`.
/// After a failure it goes on through the remaining cases with every rule found so far
/// set aside, within [`RunConfig::distinct`], and reports each distinct broken rule
/// with its own shrunk counterexample. `subject` is the implementation's factory as
/// source text, used to render the counterexamples.
pub fn run_property<S>(
    property: &PropertyInfo,
    config: &RunConfig,
    subject: &str,
    strategy: S,
    check: &CaseCheck<S::Value>,
) -> Outcome
where
    S: Strategy,
    S::Value: Scenario,
{
    if let Some(outcome) = not_run(property, config) {
        return outcome;
    }
    let persisted = regressions::load(config, property.id);
    let fresh = (0..config.cases).map(|i| seeds::case_seed(config.seed, i));
    let mut search = distinct::Search::new(config);
    let worker = execute::CaseWorker::new(check);
    // The slowest case that passed so far: what a candidate of a hang may take before it
    // counts as hanging too (see `minimize`).
    let mut slowest_pass = std::time::Duration::ZERO;
    let mut cases_run = 0;
    'cases: for case_seed in persisted.into_iter().chain(fresh) {
        if !search.go_on() {
            break;
        }
        cases_run += 1;
        // After each new failure the same case runs again: with the rule it broke set
        // aside, it may break another.
        loop {
            let mut runner = TestRunner::new_with_rng(Config::default(), seeds::rng(case_seed));
            let mut tree = match strategy.new_tree(&mut runner) {
                Ok(tree) => tree,
                Err(_) if search.found_any() => break 'cases,
                Err(reason) => {
                    return Outcome::Skipped {
                        reason: format!("the generator rejected every case: {reason}"),
                    };
                }
            };
            let aside = search.rules();
            let run = worker.run(tree.current(), config.watchdog, aside);
            if run.result.is_ok() {
                slowest_pass = slowest_pass.max(run.elapsed);
            }
            let Some(kind) = search.new_failure(run) else {
                continue 'cases;
            };
            let deadline = search.shrink_deadline(config);
            let shrink = minimize::Shrink {
                worker: &worker,
                config,
                search: &search,
                deadline,
                slowest_pass,
            };
            let shrunk = shrink.run(&mut tree, kind);
            regressions::save(config, property.id, case_seed, &shrunk.kind.rule());
            let failing_step = shrunk.kind.step();
            debug_assert_declared(property, &shrunk.kind);
            search.record(Failure {
                property: property.id,
                counterexample: wrap_code(
                    &shrunk.scenario.to_rust(subject, failing_step),
                    CODE_WIDTH,
                ),
                steps: shrunk.scenario.step_count(),
                kind: shrunk.kind,
                case_seed,
                run_seed: config.seed,
                cases_run,
                shrink_iters: shrunk.iters,
                pins: config.pins.clone(),
            });
            if !search.go_on() {
                break 'cases;
            }
        }
    }
    search.outcome(cases_run)
}

/// A property reports only the rules it declares; a kit that checks an undeclared one
/// has a rule CONTRACT.md does not tag, which the kit's own tests must catch.
fn debug_assert_declared(property: &PropertyInfo, kind: &FailureKind) {
    if let FailureKind::Violation(violation) = kind {
        debug_assert!(
            property.rules.is_empty()
                || property.rules.iter().any(|r| r.text == violation.rule)
                || violation.rule == crate::readings::branches::TOO_MANY_BRANCHES,
            "`{}` broke the rule {:?}, which the property does not declare",
            property.id,
            violation.rule
        );
    }
}

/// Why `property` does not run with `config`, if it does not: a skip the caller asked
/// for, a capability that does not apply, or one turned off.
fn not_run(property: &PropertyInfo, config: &RunConfig) -> Option<Outcome> {
    if let Some(skip) = config.skips.iter().find(|s| s.property == property.id) {
        return Some(Outcome::Skipped {
            reason: format!("`{}` skipped by the caller: {}", property.id, skip.reason),
        });
    }
    if config.not_applicable.contains(&property.requires) {
        return Some(Outcome::NotApplicable {
            reason: format!(
                "`{}` needs the capability `{}`, which does not apply to the implementation",
                property.id, property.requires
            ),
        });
    }
    config
        .without
        .contains(&property.requires)
        .then(|| Outcome::Skipped {
            reason: format!(
                "`{}` needs the capability `{}`, which is off",
                property.id, property.requires
            ),
        })
}

/// A failure after shrinking.
#[derive(Clone)]
struct Shrunk<S> {
    scenario: S,
    kind: FailureKind,
    iters: u32,
}

/// Time left before `deadline`, for the shrink loops.
fn before(deadline: Instant) -> bool {
    Instant::now() < deadline
}

#[cfg(test)]
mod tests;
