use conformance_selftest::controls::data_store::{ControlDataStore, DataStoreFault};
use storage_conformance::datastore::check_persistent_data_store_property;
use storage_conformance::datastore::properties::CRASH;

use storage_conformance::outcome::Outcome;

use crate::support::{assert_caught, config};

/// Runs the property that targets `fault` on a store of the fault's kind.
fn run(fault: DataStoreFault) -> Outcome {
    run_property(fault, fault.target().0.id)
}

/// Runs `property` on a store of the fault's kind with `fault`.
fn run_property(fault: DataStoreFault, property: &str) -> Outcome {
    check_persistent_data_store_property(
        property,
        &config(),
        "|clock| ControlDataStore::new(fault, clock)",
        fault.kind(),
        move |clock| ControlDataStore::new(fault, clock),
        ("ControlDataStore::reopen", ControlDataStore::reopen),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that the property that targets `fault` catches it with the minimal
/// counterexample the fault documents.
fn assert_data_store_caught(fault: DataStoreFault) {
    let (property, minimal_steps) = fault.target();
    assert_caught(&run(fault), property.id, minimal_steps);
}

#[test]
fn ignoring_the_map_name() {
    assert_data_store_caught(DataStoreFault::IgnoresMapName);
}

/// Asserts that the property that targets `fault` catches it, with a one-minimal
/// counterexample of `steps` at the control seed, longer than the fault's shortest
/// (which other seeds reach: `docs/benchmarks.md`).
fn assert_caught_in_a_longer_minimum(fault: DataStoreFault, steps: usize) {
    let (property, minimal_steps) = fault.target();
    assert!(steps > minimal_steps);
    assert_caught(&run(fault), property.id, steps);
}

/// The shortest counterexample is 3 steps (`add_backup; remove_backup; load`), but the
/// one-minimal ones include 5 steps (`add; remove_backup; load; add_backup; load`: the
/// first load rules out one table, the second shows the backup write), where no single
/// step can go; at the control seed shrinking ends there.
#[test]
fn serving_backup_entries_to_load() {
    assert_caught_in_a_longer_minimum(DataStoreFault::BackupServedByLoad, 5);
}

#[test]
fn load_all_stopping_at_an_absent_key() {
    assert_data_store_caught(DataStoreFault::LoadAllStopsAtAbsentKey);
}

#[test]
fn write_through_with_pending_operations() {
    assert_data_store_caught(DataStoreFault::PendingAfterAdd);
}

/// The shortest counterexample is 2 steps (`add` expired long ago; `load`), but the
/// one-minimal ones include 4 steps (`add` expiring now; the clock moves and a `load`;
/// an `add` elsewhere; `load`): at the write's own time the entry is live under the
/// after-deadline reading, and a store on its callers' newest `now` sees time move only
/// with the later `add`, so no single step can go; at the control seed shrinking ends
/// there.
#[test]
fn serving_entries_written_expired() {
    assert_caught_in_a_longer_minimum(DataStoreFault::ServesEntriesWrittenExpired, 4);
}

#[test]
fn rows_keyed_by_map_and_key_joined() {
    assert_data_store_caught(DataStoreFault::RowsKeyedByConcatenation);
}

#[test]
fn write_through_store_claiming_to_be_null() {
    assert_data_store_caught(DataStoreFault::WriteThroughClaimsNull);
}

#[test]
fn null_store_loading_something() {
    assert_data_store_caught(DataStoreFault::NullLoadsLastAdd);
}

#[test]
fn null_store_counting_pending_writes() {
    assert_data_store_caught(DataStoreFault::NullCountsPending);
}

#[test]
fn null_store_soft_flush_numbering_writes() {
    assert_data_store_caught(DataStoreFault::NullSoftFlushNumbers);
}

#[test]
fn coalescing_keeping_the_oldest_write() {
    assert_data_store_caught(DataStoreFault::KeepsOldestWrite);
}

#[test]
fn pending_skipping_removes() {
    assert_data_store_caught(DataStoreFault::PendingSkipsRemoves);
}

#[test]
fn soft_flush_returning_the_queue_length() {
    assert_data_store_caught(DataStoreFault::SoftFlushReturnsQueueLength);
}

#[test]
fn flush_key_only_queueing() {
    assert_data_store_caught(DataStoreFault::FlushKeyOnlyQueues);
}

#[test]
fn reset_keeping_the_queue() {
    assert_data_store_caught(DataStoreFault::ResetKeepsQueue);
}

#[test]
fn write_behind_store_claiming_to_be_null() {
    assert_data_store_caught(DataStoreFault::WriteBehindClaimsNull);
}

#[test]
fn forgetting_everything_on_reopen() {
    assert_data_store_caught(DataStoreFault::ForgetsOnReopen);
}

#[test]
fn removes_not_durable() {
    assert_data_store_caught(DataStoreFault::RemoveNotDurable);
}

#[test]
fn overwrites_not_durable() {
    assert_data_store_caught(DataStoreFault::OverwriteNotDurable);
}

/// The shortest counterexample is 3 steps (add, expiring soon; a load once it has
/// expired; reopen); one written expired takes a call that passes `now` after the
/// reopen, and a load (4 steps: a store on its callers' `now` may not know the time
/// right after a reopen), which is where shrinking ends at the control seed.
#[test]
fn expiration_times_not_durable() {
    assert_caught_in_a_longer_minimum(DataStoreFault::ExpirationNotDurable, 4);
}

#[test]
fn hard_flush_not_durable() {
    assert_data_store_caught(DataStoreFault::FlushNotDurable);
}

#[test]
fn acknowledging_before_durable() {
    assert_data_store_caught(DataStoreFault::AcksBeforeDurable);
}

/// A store that loses everything on reopen loses what it acknowledged in a crash too.
#[test]
fn forgetting_everything_on_reopen_after_a_crash() {
    // add; crash
    assert_caught(
        &run_property(DataStoreFault::ForgetsOnReopen, CRASH.id),
        CRASH.id,
        2,
    );
}
