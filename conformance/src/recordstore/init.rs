//! The checks made right after `init()`, before the first op: a fresh store is empty and
//! quiet (`recordstore_init`), and serves the injected map and partition
//! (`recordstore_identity`).

use storage_traits::RecordStore;

use super::case::CaseRun;
use super::checks::expect_before_steps;
use super::identity::check_identity;
use super::rules;
use crate::failure::Violation;

/// Runs the checks `run.checks` asks for on the store the kit has just initialized.
pub(super) fn after_init<R: RecordStore + ?Sized>(run: &CaseRun<'_, R>) -> Result<(), Violation> {
    if run.checks.identity {
        check_identity(run, None)?;
    }
    if !run.checks.init {
        return Ok(());
    }
    let store = run.store;
    let mut visited = Vec::new();
    store.for_each_boxed(&mut |key, _| visited.push(key.to_string()), false);
    let (size, is_empty) = (store.size(), store.is_empty());
    expect_before_steps(
        rules::INIT_EMPTY,
        size == 0 && is_empty && visited.is_empty(),
        "size 0, is_empty, for_each_boxed visiting nothing",
        format!("size {size}, is_empty {is_empty}, for_each_boxed visiting {visited:?}"),
    )?;
    let events = run.kit.log.events();
    let calls = run.kit.data_store.calls();
    expect_before_steps(
        rules::INIT_QUIET,
        events.is_empty() && calls.is_empty(),
        "no notification, no data-store call",
        format!("notifications {events:?}, data-store calls {calls:?}"),
    )
}
