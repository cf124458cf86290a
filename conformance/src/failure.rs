//! What a failed property reports: the broken rule, expected versus actual, and the
//! shrunk counterexample as Rust code with the seed that replays it; and when it broke
//! several rules, each of them ([`Failures`]).

mod aside;
mod debug_tree;
mod diff;
pub(crate) mod wrap;

use std::fmt::{self, Write as _};
use std::time::Duration;

pub(crate) use aside::any as any_set_aside;
pub(crate) use aside::install as set_aside_for_case;
pub use aside::is_set_aside;

/// At most this many keys of a list are named.
const NAMED: usize = 10;

/// `items` as a debug list of at most [`NAMED`] items, then how many more.
pub fn few<T: fmt::Debug>(items: &[T]) -> String {
    if items.len() <= NAMED {
        return format!("{items:?}");
    }
    format!("{:?} and {} more", &items[..NAMED], items.len() - NAMED)
}

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

    /// `Err(self)`, or `Ok(())` when the runner has set this violation's rule aside for
    /// the case being run: after a property fails, the runner searches on for other
    /// broken rules with the ones already found set aside ([`is_set_aside`]). Raise a
    /// violation this way (`Violation::at(…).raise()?`) wherever the check can go on
    /// past it, so that one cheap difference does not hide an independent defect
    /// behind it; `return Err(violation)` where it cannot (a walk that never ends).
    pub fn raise(self) -> Result<(), Violation> {
        if aside::pass_over(&self.rule) {
            Ok(())
        } else {
            Err(self)
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
                let shown = diff::expected_versus_actual(&v.expected, &v.actual);
                writeln!(f, "{}", wrap::wrap_code(&shown, wrap::CODE_WIDTH))?;
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

/// Every distinct rule a failed property broke, in the order the runner found them,
/// each with its own shrunk counterexample; never empty. The first is the failure the
/// property would report alone; each later one was found with the rules before it set
/// aside ([`Violation::raise`]).
#[derive(Debug, Clone)]
pub struct Failures {
    first: Box<Failure>,
    more: Vec<Failure>,
    /// Why the search for further broken rules ended before the run's last case, when
    /// it did: the rule limit, the time budget, or a hang.
    pub search_cut: Option<String>,
}

impl Failures {
    /// The failures of a property that broke `first`.
    pub fn new(first: Failure) -> Self {
        Self {
            first: Box::new(first),
            more: Vec::new(),
            search_cut: None,
        }
    }

    /// Adds a failure of a further rule.
    pub fn push(&mut self, failure: Failure) {
        self.more.push(failure);
    }

    /// The first failure found.
    pub fn first(&self) -> &Failure {
        &self.first
    }

    /// Every failure, the first one first.
    pub fn all(&self) -> impl Iterator<Item = &Failure> {
        std::iter::once(self.first.as_ref()).chain(&self.more)
    }

    /// How many distinct rules broke (at least 1).
    pub fn count(&self) -> usize {
        1 + self.more.len()
    }

    /// The broken rules, in the order found.
    pub fn rules(&self) -> Vec<String> {
        self.all().map(|f| f.kind.rule()).collect()
    }
}

impl fmt::Display for Failures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        let mut parts: Vec<String> = Vec::new();
        if count > 1 {
            let mut head = format!(
                "property `{}` broke {count} distinct rules, each shown with its own minimal counterexample:",
                self.first.property
            );
            for (index, rule) in self.rules().iter().enumerate() {
                let _ = write!(head, "\n  {}. {rule}", index + 1);
            }
            parts.push(head);
        }
        for (index, failure) in self.all().enumerate() {
            let mut part = String::new();
            if count > 1 {
                let _ = writeln!(part, "\n── broken rule {} of {count} ──", index + 1);
            }
            if index > 0 {
                part.push_str("(found with the rules above set aside: this counterexample may break one of them first)\n");
            }
            part.push_str(&failure.to_string());
            parts.push(part);
        }
        if let Some(cut) = &self.search_cut {
            parts.push(format!(
                "the search for other broken rules stopped early: {cut}"
            ));
        }
        write!(f, "{}", parts.join("\n"))
    }
}
