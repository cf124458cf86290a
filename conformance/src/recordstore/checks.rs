//! What a record-store property compares, and the comparisons the checks share.

use crate::failure::Violation;
use crate::property::Rule;

/// Which comparisons a property makes (cursor walks are always checked).
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Every op's `Ok`/`Err` and returned values against the model.
    pub returns: bool,
    /// After every op, the engine's records against the model's, metadata included
    /// (cost aside); `get` and `get_all` return the records the engine holds.
    pub metadata: bool,
    /// After every op, each record's dirty flag against the model's.
    pub dirty: bool,
    /// After every op, the new notifications against the model's.
    pub events: bool,
    /// After every op, the data-store calls it made against the model's.
    pub calls: bool,
    /// After every op, `owned_entry_cost()` against `storage().estimated_cost()`, and
    /// every stored record's cost above 0.
    pub cost: bool,
    /// `has_expired`, `is_expirable`, `evict_expired` and `for_each_boxed` against the
    /// model.
    pub expiry: bool,
    /// After every op, `should_evict()` against the injected cost limit and
    /// `owned_entry_cost()`.
    pub should_evict: bool,
    /// Right after `init()` and after every op, `name()` and `partition_id()` against
    /// the injected ones.
    pub identity: bool,
    /// Right after `init()`, the store is empty, and neither a notification nor a
    /// data-store call has been made.
    pub init: bool,
}

/// `Ok(())` when `same` holds, otherwise a violation of `rule` before the first step
/// (right after `init`).
pub fn expect_before_steps(
    rule: Rule,
    same: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if same {
        Ok(())
    } else {
        Violation {
            step: None,
            ..Violation::at(0, rule, expected, actual)
        }
        .raise()
    }
}

/// `Ok(())` when `same` holds, otherwise a violation of `rule` at `step`.
pub fn expect_that(
    step: usize,
    rule: Rule,
    same: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if same {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}
