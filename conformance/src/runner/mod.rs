//! Runs a property: generates cases from seeds, replays regressions first, and shrinks a
//! failure to a minimal counterexample within a time bound.

mod execute;
mod minimize;
mod regressions;
pub(crate) mod seeds;

use std::sync::Arc;
use std::time::Instant;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, TestRunner};

use crate::config::RunConfig;
use crate::failure::{Failure, FailureKind, Violation};
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::scenario::{Scenario, StepTracker};

pub(crate) use execute::panic_message;
pub use execute::run_case;

/// The check of one case: runs the scenario against a fresh implementation and returns
/// the first broken rule. Panics and hangs inside it are caught by the runner.
pub type CaseCheck<S> = Arc<dyn Fn(&S, &StepTracker) -> Result<(), Violation> + Send + Sync>;

/// Runs `property` with `config`: skips it if asked to, replays its regression seeds,
/// then runs `config.cases` new cases drawn from `strategy`, each checked by `check`.
/// `subject` is the implementation's factory as source text, used to render the
/// counterexample.
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
    if let Some(reason) = skip_reason(property, config) {
        return Outcome::Skipped { reason };
    }
    let persisted = regressions::load(config, property.id);
    let fresh = (0..config.cases).map(|i| seeds::case_seed(config.seed, i));
    let mut cases_run = 0;
    for case_seed in persisted.into_iter().chain(fresh) {
        cases_run += 1;
        let mut runner = TestRunner::new_with_rng(Config::default(), seeds::rng(case_seed));
        let mut tree = match strategy.new_tree(&mut runner) {
            Ok(tree) => tree,
            Err(reason) => {
                return Outcome::Skipped {
                    reason: format!("the generator rejected every case: {reason}"),
                };
            }
        };
        if let Err(kind) = run_case(check, tree.current(), config.watchdog) {
            let shrunk = minimize::shrink(&mut tree, kind, check, config);
            regressions::save(config, property.id, case_seed, &shrunk.kind.rule());
            let failing_step = shrunk.kind.step();
            debug_assert_declared(property, &shrunk.kind);
            return Outcome::Failed(Box::new(Failure {
                property: property.id,
                counterexample: shrunk.scenario.to_rust(subject, failing_step),
                steps: shrunk.scenario.step_count(),
                kind: shrunk.kind,
                case_seed,
                run_seed: config.seed,
                cases_run,
                shrink_iters: shrunk.iters,
                pins: config.pins.clone(),
            }));
        }
    }
    Outcome::Passed { cases: cases_run }
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

fn skip_reason(property: &PropertyInfo, config: &RunConfig) -> Option<String> {
    if let Some(skip) = config.skips.iter().find(|s| s.property == property.id) {
        return Some(format!(
            "`{}` skipped by the caller: {}",
            property.id, skip.reason
        ));
    }
    config.without.contains(&property.requires).then(|| {
        format!(
            "`{}` needs the capability `{}`, which is off",
            property.id, property.requires
        )
    })
}

/// A failure after shrinking.
struct Shrunk<S> {
    scenario: S,
    kind: FailureKind,
    iters: u32,
}

/// Time left before `deadline`, for the shrink loops.
fn before(deadline: Instant) -> bool {
    Instant::now() < deadline
}
