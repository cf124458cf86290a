//! What a failed property reports: the broken rule, expected versus actual, and the
//! shrunk counterexample as Rust code with the seed that replays it.

use std::fmt;
use std::time::Duration;

/// A broken rule, found by a check on one step of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule, in one sentence. Shrinking keeps only candidates that break the same
    /// rule, so the rule text must not contain case data: that goes in `expected` and
    /// `actual`.
    pub rule: String,
    /// What the contract requires here.
    pub expected: String,
    /// What the implementation did.
    pub actual: String,
    /// Index of the step at which the rule broke, when one step is to blame.
    pub step: Option<usize>,
}

impl Violation {
    /// A violation of `rule` at `step`, expected versus actual shown with `{:?}`.
    pub fn at(
        step: usize,
        rule: impl Into<String>,
        expected: impl fmt::Debug,
        actual: impl fmt::Debug,
    ) -> Self {
        Self {
            rule: rule.into(),
            expected: format!("{expected:?}"),
            actual: format!("{actual:?}"),
            step: Some(step),
        }
    }
}

/// How a case failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// A check found a broken rule.
    Violation(Violation),
    /// The implementation panicked.
    Panic {
        /// The panic message.
        message: String,
        /// The step during which it panicked.
        step: Option<usize>,
    },
    /// The case did not finish before the watchdog fired: a deadlock or an endless loop.
    Hang {
        /// The step in flight when the watchdog fired (for a concurrent case, one of
        /// them).
        step: Option<usize>,
        /// How long the watchdog waited.
        after: Duration,
        /// Every operation in flight when the watchdog fired, described: one for a
        /// sequential case, one per busy thread for a concurrent one.
        in_flight: Vec<String>,
    },
}

impl FailureKind {
    /// The step to blame, if known.
    pub fn step(&self) -> Option<usize> {
        match self {
            FailureKind::Violation(v) => v.step,
            FailureKind::Panic { step, .. } | FailureKind::Hang { step, .. } => *step,
        }
    }

    /// The rule broken, in one sentence.
    pub fn rule(&self) -> String {
        match self {
            FailureKind::Violation(v) => v.rule.clone(),
            FailureKind::Panic { .. } => "the implementation must not panic".to_string(),
            FailureKind::Hang { after, .. } => {
                format!("every call must return (the watchdog waited {after:?})")
            }
        }
    }

    /// Whether `other` is the same failure for shrinking purposes: the same rule broken.
    pub fn same_rule(&self, other: &FailureKind) -> bool {
        match (self, other) {
            (FailureKind::Violation(a), FailureKind::Violation(b)) => a.rule == b.rule,
            (FailureKind::Panic { .. }, FailureKind::Panic { .. })
            | (FailureKind::Hang { .. }, FailureKind::Hang { .. }) => true,
            _ => false,
        }
    }
}

/// A property that failed, with everything needed to understand and replay it.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Id of the failed property.
    pub property: &'static str,
    /// How it failed, on the shrunk counterexample.
    pub kind: FailureKind,
    /// The shrunk counterexample as Rust code.
    pub counterexample: String,
    /// The number of steps in the shrunk counterexample.
    pub steps: usize,
    /// Seed of the failing case: it is stored in the regression file and replayed first.
    pub case_seed: u64,
    /// Seed of the run: `CONFORMANCE_SEED=<run_seed>` replays the whole run.
    pub run_seed: u64,
    /// Cases run before and including the failing one.
    pub cases_run: u32,
    /// Shrink steps tried.
    pub shrink_iters: u32,
    /// The readings the run pinned: the failure is judged under these options.
    pub pins: Vec<crate::config::Choice>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "property `{}` failed: {}",
            self.property,
            self.kind.rule()
        )?;
        match &self.kind {
            FailureKind::Violation(v) => {
                writeln!(f, "  expected: {}", v.expected)?;
                writeln!(f, "  actual:   {}", v.actual)?;
            }
            FailureKind::Panic { message, .. } => writeln!(f, "  panic: {message}")?,
            FailureKind::Hang { in_flight, .. } => {
                for operation in in_flight {
                    writeln!(f, "  in flight: {operation}")?;
                }
            }
        }
        if let Some(step) = self.kind.step() {
            writeln!(f, "  at step {step} of {}", self.steps)?;
        }
        if !self.pins.is_empty() {
            let pins: Vec<String> = self.pins.iter().map(ToString::to_string).collect();
            writeln!(f, "  under the pinned readings: {}", pins.join(", "))?;
        }
        writeln!(
            f,
            "minimal counterexample ({} steps, after {} cases and {} shrink steps):",
            self.steps, self.cases_run, self.shrink_iters
        )?;
        for line in self.counterexample.lines() {
            writeln!(f, "    {line}")?;
        }
        write!(
            f,
            "case seed {:#018x}; replay the run with {}={:#x}",
            self.case_seed,
            crate::config::SEED_ENV,
            self.run_seed
        )
    }
}
