use storage_conformance::controls::data_store::{ControlDataStore, DataStoreFault};
use storage_conformance::datastore::check_persistent_data_store_property;
use storage_conformance::datastore::properties::CRASH;

use crate::support::{assert_caught, config};

/// Runs the property that targets `fault` on a store of the fault's kind and asserts it
/// catches the fault with the minimal counterexample the fault documents.
fn assert_data_store_caught(fault: DataStoreFault) {
    let (property, minimal_steps) = fault.target();
    assert_caught_by(fault, property.id, minimal_steps);
}

/// Runs `property` on a store with `fault` and asserts it catches the fault in
/// `minimal_steps` steps.
fn assert_caught_by(fault: DataStoreFault, property: &str, minimal_steps: usize) {
    let outcome = check_persistent_data_store_property(
        property,
        &config(),
        "|clock| ControlDataStore::new(fault, clock)",
        fault.kind(),
        move |clock| ControlDataStore::new(fault, clock),
        ("ControlDataStore::reopen", ControlDataStore::reopen),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property, minimal_steps);
}

#[test]
fn ignoring_the_map_name() {
    assert_data_store_caught(DataStoreFault::IgnoresMapName);
}

#[test]
fn serving_backup_entries_to_load() {
    assert_data_store_caught(DataStoreFault::BackupServedByLoad);
}

#[test]
fn load_all_repeating_keys() {
    assert_data_store_caught(DataStoreFault::LoadAllRepeatsKeys);
}

#[test]
fn write_through_with_pending_operations() {
    assert_data_store_caught(DataStoreFault::PendingAfterAdd);
}

#[test]
fn serving_entries_written_expired() {
    assert_data_store_caught(DataStoreFault::ServesEntriesWrittenExpired);
}

#[test]
fn null_store_loading_something() {
    assert_data_store_caught(DataStoreFault::NullLoadsLastAdd);
}

#[test]
fn coalescing_keeping_the_oldest_write() {
    assert_data_store_caught(DataStoreFault::KeepsOldestWrite);
}

#[test]
fn pending_counting_every_write() {
    assert_data_store_caught(DataStoreFault::PendingCountsEveryWrite);
}

#[test]
fn soft_flush_going_backwards_after_reset() {
    assert_data_store_caught(DataStoreFault::SoftFlushRestartsAfterReset);
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

#[test]
fn expiration_times_not_durable() {
    assert_data_store_caught(DataStoreFault::ExpirationNotDurable);
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
    assert_caught_by(DataStoreFault::ForgetsOnReopen, CRASH.id, 2);
}
