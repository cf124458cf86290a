//! The result of running one property.

use std::fmt;
use std::io::Write as _;

use crate::failure::Failure;

/// What running one property against one implementation gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every case passed.
    Passed {
        /// Cases run, regressions included.
        cases: u32,
    },
    /// The property did not run.
    Skipped {
        /// Why: a skip the caller asked for, or a missing capability.
        reason: String,
    },
    /// A case failed; the failure holds the shrunk counterexample.
    Failed(Box<Failure>),
}

impl Outcome {
    /// The failure, if the property failed.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Outcome::Failed(failure) => Some(failure),
            _ => None,
        }
    }

    /// Panics with the failure report if the property failed; prints the reason if it
    /// was skipped, so a skip is never silent. For `#[test]` functions.
    pub fn assert_ok(&self) {
        match self {
            Outcome::Passed { .. } => {}
            Outcome::Skipped { reason } => {
                // Straight to the process's stderr: the test harness captures the print
                // macros of passing tests, and a skip must never be silent.
                let _ = writeln!(std::io::stderr(), "skipped: {reason}");
            }
            Outcome::Failed(failure) => panic!("\n{failure}\n"),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Passed { cases } => write!(f, "passed ({cases} cases)"),
            Outcome::Skipped { reason } => write!(f, "skipped: {reason}"),
            Outcome::Failed(failure) => write!(f, "{failure}"),
        }
    }
}
