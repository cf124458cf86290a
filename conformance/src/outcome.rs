//! The result of running one property.

use std::fmt;
use std::io::Write as _;

use crate::failure::{Failure, Failures};

/// What running one property against one implementation gave.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every case passed.
    Passed {
        /// Cases run, regressions included.
        cases: u32,
    },
    /// The property did not run, although it applies to the implementation: a skip the
    /// caller asked for, a capability turned off with
    /// [`RunConfig::without`](crate::config::RunConfig::without), or a generator with no
    /// case. Strict mode ([`RunConfig::strict`](crate::config::RunConfig::strict))
    /// fails it.
    Skipped {
        /// Why.
        reason: String,
    },
    /// The property does not apply to the implementation: it needs a capability the
    /// caller declared not applicable
    /// ([`RunConfig::not_applicable`](crate::config::RunConfig::not_applicable)), such
    /// as the write-behind properties for a write-through data store. Never a failure.
    NotApplicable {
        /// Why.
        reason: String,
    },
    /// A case failed: every distinct broken rule found, each with its shrunk
    /// counterexample.
    Failed(Failures),
}

impl Outcome {
    /// The first failure, if the property failed.
    pub fn failure(&self) -> Option<&Failure> {
        self.failures().map(Failures::first)
    }

    /// Every distinct broken rule, if the property failed.
    pub fn failures(&self) -> Option<&Failures> {
        match self {
            Outcome::Failed(failures) => Some(failures),
            _ => None,
        }
    }

    /// Panics with the failure report if the property failed; prints the reason if it
    /// was skipped, so a skip is never silent. For `#[test]` functions. (A property that
    /// does not apply passes quietly: the generated modules count it in their summary
    /// line.)
    pub fn assert_ok(&self) {
        self.assert_ok_strict(false);
    }

    /// [`Outcome::assert_ok`], and with `strict` a skip panics too (a property that
    /// does not apply never does).
    pub fn assert_ok_strict(&self, strict: bool) {
        match self {
            Outcome::Passed { .. } | Outcome::NotApplicable { .. } => {}
            Outcome::Skipped { reason } if strict => panic!(
                "\nskipped in strict mode ({}): {reason}\n",
                crate::config::STRICT_ENV
            ),
            Outcome::Skipped { .. } => {
                // Straight to the process's stderr: the test harness captures the print
                // macros of passing tests, and a skip must never be silent.
                let _ = writeln!(std::io::stderr(), "{self}");
            }
            Outcome::Failed(failures) => panic!("\n{failures}\n"),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Passed { cases } => write!(f, "passed ({cases} cases)"),
            Outcome::Skipped { reason } => write!(f, "skipped: {reason}"),
            Outcome::NotApplicable { reason } => write!(f, "not applicable: {reason}"),
            Outcome::Failed(failures) => write!(f, "{failures}"),
        }
    }
}
