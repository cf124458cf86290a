//! The runner on a toy scenario with known defects: every distinct broken rule is
//! reported with its own minimal counterexample, and the search stays in its bounds.

use std::sync::Arc;
use std::time::Duration;

use proptest::collection::vec;
use proptest::prelude::*;

use super::{CaseCheck, run_property};
use crate::config::RunConfig;
use crate::failure::{FailureKind, Failures, Violation};
use crate::outcome::Outcome;
use crate::property::{CORE, PropertyInfo};
use crate::scenario::Scenario;

/// A list of numbers, one step each.
#[derive(Debug, Clone)]
struct Numbers(Vec<u8>);

impl Scenario for Numbers {
    fn step_count(&self) -> usize {
        self.0.len()
    }

    fn without_step(&self, index: usize) -> Self {
        let mut numbers = self.0.clone();
        numbers.remove(index);
        Numbers(numbers)
    }

    fn to_rust(&self, _subject: &str, _failing_step: Option<usize>) -> String {
        format!("{:?}", self.0)
    }
}

const PROPERTY: PropertyInfo = PropertyInfo {
    id: "toy_numbers",
    rule: "numbers are small and not in their teens",
    requires: CORE,
    rules: &[],
};

const SMALL: &str = "every number is below 50";
const NO_TEENS: &str = "no number is in 10..20";

fn numbers() -> impl Strategy<Value = Numbers> {
    vec(0u8..100, 0..20).prop_map(Numbers)
}

fn config() -> RunConfig {
    RunConfig::default().seed(0x5eed)
}

/// Two independent defects: numbers of 50 and more, and numbers in 10..20. Large numbers
/// are checked first, so whenever a case has both the first hides the second.
fn two_rules(raise: bool) -> CaseCheck<Numbers> {
    Arc::new(move |numbers: &Numbers, _| {
        for (step, n) in numbers.0.iter().enumerate() {
            if *n >= 50 {
                let violation = Violation::at(step, SMALL, "below 50", n);
                if raise {
                    violation.raise()?;
                } else {
                    return Err(violation);
                }
            }
            if (10..20).contains(n) {
                Violation::at(step, NO_TEENS, "not in 10..20", n).raise()?;
            }
        }
        Ok(())
    })
}

fn run(config: &RunConfig, check: &CaseCheck<Numbers>) -> Outcome {
    run_property(&PROPERTY, config, "toy", numbers(), check)
}

/// Each broken rule with its counterexample.
fn found(outcome: &Outcome) -> Vec<(String, String)> {
    let Some(failures) = outcome.failures() else {
        panic!("the property passed: {outcome}");
    };
    failures
        .all()
        .map(|f| (f.kind.rule(), f.counterexample.clone()))
        .collect()
}

#[test]
fn two_independent_defects_are_both_reported_each_with_its_minimal_case() {
    let outcome = run(&config(), &two_rules(true));
    let mut found = found(&outcome);
    found.sort();
    assert_eq!(
        found,
        [
            (SMALL.to_string(), "[50]".to_string()),
            (NO_TEENS.to_string(), "[10]".to_string())
        ],
        "{outcome}"
    );
    let shown = outcome.to_string();
    assert!(shown.contains("broke 2 distinct rules"), "{shown}");
    assert!(shown.contains("── broken rule 2 of 2 ──"), "{shown}");
    assert!(outcome.failures().is_some_and(|f| f.search_cut.is_none()));
}

#[test]
fn a_check_that_stops_at_a_set_aside_rule_still_finds_cases_that_break_another_first() {
    let outcome = run(&config(), &two_rules(false));
    let rules: Vec<String> = found(&outcome).into_iter().map(|(rule, _)| rule).collect();
    assert_eq!(rules.len(), 2, "{outcome}");
}

#[test]
fn the_first_failure_is_the_one_a_single_rule_run_reports() {
    let alone = run(&config().distinct_rules(1), &two_rules(true));
    let all = run(&config(), &two_rules(true));
    let (Some(alone), Some(first)) = (alone.failures(), all.failure()) else {
        panic!("{alone}\n{all}");
    };
    assert_eq!(alone.count(), 1);
    assert!(alone.search_cut.is_none(), "{alone}");
    assert_eq!(alone.first().counterexample, first.counterexample);
    assert_eq!(alone.first().kind, first.kind);
}

#[test]
fn the_search_ends_at_the_rule_limit_and_at_the_time_budget() {
    let limited = run(
        &config().distinct_rules(1).distinct_rules(2),
        &two_rules(true),
    );
    assert_eq!(limited.failures().map(Failures::count), Some(2));
    let out_of_time = run(&config().distinct_budget(Duration::ZERO), &two_rules(true));
    let failures = out_of_time.failures();
    assert_eq!(failures.map(Failures::count), Some(1), "{out_of_time}");
    let cut = failures
        .and_then(|f| f.search_cut.clone())
        .unwrap_or_default();
    assert!(cut.contains("time budget"), "{cut}");
}

#[test]
fn a_panic_after_passing_over_a_rule_is_not_blamed_on_the_implementation() {
    // The check relies on what the first rule promises: past it, it panics.
    let check: CaseCheck<Numbers> = Arc::new(|numbers: &Numbers, _| {
        for (step, n) in numbers.0.iter().enumerate() {
            if *n >= 50 {
                Violation::at(step, SMALL, "below 50", n).raise()?;
                panic!("the check relied on numbers below 50");
            }
        }
        Ok(())
    });
    let outcome = run(&config(), &check);
    let rules: Vec<String> = found(&outcome).into_iter().map(|(rule, _)| rule).collect();
    assert_eq!(rules, [SMALL], "{outcome}");
}

#[test]
fn a_panic_of_its_own_is_a_further_distinct_rule() {
    let check: CaseCheck<Numbers> = Arc::new(|numbers: &Numbers, _| {
        for (step, n) in numbers.0.iter().enumerate() {
            assert!(*n != 7, "the implementation panics on 7");
            if *n >= 50 {
                Violation::at(step, SMALL, "below 50", n).raise()?;
            }
        }
        Ok(())
    });
    let outcome = run(&config().cases(512), &check);
    let Some(failures) = outcome.failures() else {
        panic!("{outcome}");
    };
    assert_eq!(failures.count(), 2, "{outcome}");
    assert!(
        failures
            .all()
            .any(|f| matches!(f.kind, FailureKind::Panic { .. }) && f.counterexample == "[7]"),
        "{outcome}"
    );
}

#[test]
fn a_passing_run_reports_every_case_and_no_failure() {
    let check: CaseCheck<Numbers> = Arc::new(|_, _| Ok(()));
    let outcome = run(&config().cases(40), &check);
    assert!(
        matches!(outcome, Outcome::Passed { cases: 40 }),
        "{outcome}"
    );
}

#[test]
fn a_property_not_run_is_skipped_unless_its_capability_does_not_apply() {
    let check: CaseCheck<Numbers> = Arc::new(|_, _| Ok(()));
    let skipped = |outcome: &Outcome| matches!(outcome, Outcome::Skipped { .. });
    let not_applicable = |outcome: &Outcome| matches!(outcome, Outcome::NotApplicable { .. });
    assert!(skipped(&run(&config().without(CORE), &check)));
    assert!(skipped(&run(&config().skip(PROPERTY.id, "later"), &check)));
    assert!(not_applicable(&run(&config().not_applicable(CORE), &check)));
    assert!(not_applicable(&run(
        &config().without(CORE).not_applicable(CORE),
        &check
    )));
}
