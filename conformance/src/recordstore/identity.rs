//! `recordstore_identity`: the store serves the map and partition it was given.

use storage_traits::RecordStore;

use super::case::CaseRun;
use super::checks::{expect_before_steps, expect_that};
use super::rules;
use crate::failure::Violation;

/// `name()` and `partition_id()` against the injected ones; `step` is the op just run,
/// `None` right after `init`.
pub(super) fn check_identity<R: RecordStore + ?Sized>(
    run: &CaseRun<'_, R>,
    step: Option<usize>,
) -> Result<(), Violation> {
    let checks = [
        (
            rules::NAME,
            run.scenario.map_name.clone(),
            run.store.name().to_string(),
        ),
        (
            rules::PARTITION,
            run.scenario.partition_id.to_string(),
            run.store.partition_id().to_string(),
        ),
    ];
    for (rule, expected, actual) in checks {
        let same = expected == actual;
        match step {
            Some(step) => expect_that(step, rule, same, expected, actual)?,
            None => expect_before_steps(rule, same, expected, actual)?,
        }
    }
    Ok(())
}
