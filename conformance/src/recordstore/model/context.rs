//! What the model knows while it runs one step on one branch: the step, what the
//! property checks, the options the run accepts, what the kit saw, and the options the
//! branch has chosen.

use std::fmt::Debug;

use storage_traits::{Record, RecordValue};

use super::observed::{Observed, Returned};
use crate::config::Choice;
use crate::failure::Violation;
use crate::property::Rule;
use crate::readings::{Reading, Stop};
use crate::recordstore::checks::Checks;

/// What a comparison is about: a property judges only what it checks, and a store
/// that differs elsewhere only steers the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// `Ok`/`Err` and the values operations return.
    Returns,
    /// The records' metadata.
    Metadata,
    /// The records' dirty flags.
    Dirty,
    /// The notifications.
    Events,
    /// The data-store calls.
    Calls,
    /// `has_expired`, `is_expirable`, `evict_expired` and `for_each_boxed`.
    Expiry,
}

/// When a record counts as expired, as the branch reads `recordstore_expiry_boundary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// `now >= deadline`.
    AtDeadline,
    /// `now > deadline`.
    AfterDeadline,
}

/// How the map's default expiry policy combines with a record's, as the branch reads
/// `recordstore_default_expiry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Each field left at 0 comes from the default.
    PerField,
    /// The default applies to a record without any policy of its own.
    WholePolicy,
}

/// One step on one branch.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The step's index.
    pub step: usize,
    /// What the property compares.
    pub checks: Checks,
    /// The readings the run pins.
    pub pins: &'a [Choice],
    /// What the kit saw the store do.
    pub observed: &'a Observed,
    /// Whether the store reads the kit's clock: without it, no time the store read
    /// itself is compared.
    pub clock: bool,
    /// The branch's expiry boundary.
    pub boundary: Boundary,
    /// The branch's way of applying the map default.
    pub merge: Merge,
}

impl Ctx<'_> {
    /// Whether the run accepts `option` of `reading`: it is pinned, or nothing is.
    pub fn accepts(&self, reading: &Reading, option: &str) -> bool {
        self.pins
            .iter()
            .find(|p| p.reading == reading.id)
            .is_none_or(|p| p.option == option)
    }

    /// Whether the property compares `category`.
    pub fn checked(&self, category: Category) -> bool {
        let c = self.checks;
        match category {
            Category::Returns => c.returns,
            Category::Metadata => c.metadata,
            Category::Dirty => c.dirty,
            Category::Events => c.events,
            Category::Calls => c.calls,
            Category::Expiry => c.expiry,
        }
    }

    /// The record of `key` the engine held before the step (or else the model's
    /// `held`): what a notification of its removal carries.
    pub fn removed(&self, key: &str, held: &Record) -> Record {
        self.observed
            .before
            .get(key)
            .cloned()
            .unwrap_or_else(|| held.clone())
    }

    /// Whether the engine holds for `key` after the step what it held before.
    pub fn unchanged(&self, key: &str) -> bool {
        match (self.observed.before.get(key), self.observed.after.get(key)) {
            (Some(before), Some(after)) => before.same_as(after),
            (before, after) => before.is_none() && after.is_none(),
        }
    }

    /// A violation of `rule` at this step, expected versus actual.
    pub fn violation(&self, rule: Rule, expected: impl Debug, actual: impl Debug) -> Stop {
        Stop::Broken(Violation::at(self.step, rule, expected, actual))
    }

    /// What `put` or `remove` returned, when it returned `Ok`: the live value `old` it
    /// replaced (under `rules.0`), else the value `loaded` from the data store, if any
    /// (under `rules.1`), compared bit for bit.
    pub fn judge_old_value(
        &self,
        old: Option<&RecordValue>,
        loaded: Option<&RecordValue>,
        rules: (Rule, Rule),
    ) -> Result<(), Stop> {
        let Returned::Value(Ok(actual)) = &self.observed.returned else {
            return Ok(());
        };
        let (expected, rule) = match old {
            Some(old) => (Some(old), rules.0),
            None => (loaded, rules.1),
        };
        let same = match (expected, actual) {
            (Some(e), Some(a)) => e.same_as(a),
            (e, a) => e.is_none() && a.is_none(),
        };
        self.judge(Category::Returns, same, rule, expected, actual)
    }

    /// `Ok` when `ok`, or when the property does not compare `category`; otherwise the
    /// violation of `rule`.
    pub fn judge(
        &self,
        category: Category,
        ok: bool,
        rule: Rule,
        expected: impl Debug,
        actual: impl Debug,
    ) -> Result<(), Stop> {
        if ok || !self.checked(category) {
            Ok(())
        } else {
            Err(self.violation(rule, expected, actual))
        }
    }
}
