//! The search for every distinct broken rule: once a property has failed, the run goes
//! on through its remaining cases with each rule found so far set aside, and every new
//! broken rule is shrunk to its own counterexample, within a rule limit and a time
//! budget ([`DistinctConfig`](crate::config::DistinctConfig)). A passing run never gets
//! here, so the search costs it nothing.

use std::time::Instant;

use super::execute::CaseRun;
use crate::config::{DISTINCT_RULES_ENV, RunConfig};
use crate::failure::{Failure, FailureKind, Failures};
use crate::outcome::Outcome;

/// The failures found so far, and what is set aside because of them.
#[derive(Debug)]
pub(super) struct Search {
    found: Option<Failures>,
    aside: Vec<FailureKind>,
    max_rules: usize,
    budget: std::time::Duration,
    /// When the search ends: the budget after the first failure was shrunk.
    deadline: Option<Instant>,
}

impl Search {
    pub(super) fn new(config: &RunConfig) -> Self {
        Self {
            found: None,
            aside: Vec::new(),
            max_rules: config.distinct.max_rules.max(1) as usize,
            budget: config.distinct.budget,
            deadline: None,
        }
    }

    /// Whether a failure was found.
    pub(super) fn found_any(&self) -> bool {
        self.found.is_some()
    }

    /// The violated rules set aside, for [`Violation::raise`](crate::failure::Violation::raise).
    pub(super) fn rules(&self) -> Vec<String> {
        self.aside
            .iter()
            .filter_map(|kind| match kind {
                FailureKind::Violation(v) => Some(v.rule.clone()),
                _ => None,
            })
            .collect()
    }

    /// The failure of `run` if it is a new one: not a rule set aside, and not a panic
    /// or a hang after a check went on past a set-aside rule (the check may then have
    /// relied on what that rule promises).
    pub(super) fn new_failure(&self, run: CaseRun) -> Option<FailureKind> {
        let kind = run.result.err()?;
        let known = self.aside.iter().any(|k| k.same_rule(&kind));
        let after_passing_over = run.went_past && !matches!(kind, FailureKind::Violation(_));
        (!known && !after_passing_over).then_some(kind)
    }

    /// When shrinking the failure just found must stop: after `config.max_shrink_time`,
    /// and for a further rule, at the end of the search's budget.
    pub(super) fn shrink_deadline(&self, config: &RunConfig) -> Instant {
        let own = Instant::now() + config.max_shrink_time;
        self.deadline.map_or(own, |deadline| own.min(deadline))
    }

    /// Records a shrunk failure; its rule is set aside from now on.
    pub(super) fn record(&mut self, failure: Failure) {
        self.aside.push(failure.kind.clone());
        if let Some(found) = &mut self.found {
            found.push(failure);
        } else {
            self.deadline = Some(Instant::now() + self.budget);
            self.found = Some(Failures::new(failure));
        }
    }

    /// Whether the run goes on to another case: always before the first failure;
    /// after it, while the rule limit and the time budget allow and nothing hung (a
    /// hung case leaves threads blocked, and every further hang costs a watchdog
    /// period). Records why the search ended when it does.
    pub(super) fn go_on(&mut self) -> bool {
        let Some(found) = &mut self.found else {
            return true;
        };
        if found.search_cut.is_some() || self.max_rules == 1 {
            return false;
        }
        let cut = if found.count() >= self.max_rules {
            Some(format!(
                "{} distinct rules found, the limit ({DISTINCT_RULES_ENV} or `distinct_rules`)",
                self.max_rules
            ))
        } else if self
            .aside
            .iter()
            .any(|kind| matches!(kind, FailureKind::Hang { .. }))
        {
            Some("the implementation hung, and a hung case leaves its threads blocked".to_string())
        } else if self
            .deadline
            .is_some_and(|deadline| Instant::now() >= deadline)
        {
            Some(format!(
                "its time budget of {:?} ran out (`distinct_budget`)",
                self.budget
            ))
        } else {
            None
        };
        let go_on = cut.is_none();
        found.search_cut = cut;
        go_on
    }

    /// What the run gave, after `cases` cases.
    pub(super) fn outcome(self, cases: u32) -> Outcome {
        match self.found {
            Some(found) => Outcome::Failed(found),
            None => Outcome::Passed { cases },
        }
    }
}
