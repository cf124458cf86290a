//! `recordstore_identity`: the store serves the map and partition it was given.

use storage_traits::RecordStore;

use super::checks::{expect_before_steps, expect_that, rules};
use super::run::CaseRun;
use crate::failure::Violation;

/// `name()` and `partition_id()` against the injected ones; `step` is the op just run,
/// `None` right after `init`.
pub(super) fn check_identity<R: RecordStore + ?Sized>(
    run: &CaseRun<'_, R>,
    step: Option<usize>,
) -> Result<(), Violation> {
    let expected = (run.scenario.map_name.as_str(), run.scenario.partition_id);
    let actual = (run.store.name(), run.store.partition_id());
    let same = expected == actual;
    match step {
        Some(step) => expect_that(step, rules::IDENTITY, same, expected, actual),
        None => expect_before_steps(rules::IDENTITY, same, expected, actual),
    }
}
