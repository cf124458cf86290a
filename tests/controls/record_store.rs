use conformance_selftest::controls::record_store::{FaultyRecordStore, RecordStoreFault};
use storage_conformance::property::PropertyInfo;
use storage_conformance::recordstore::{RecordStoreParts, check_record_store_property, properties};

use crate::support::{assert_caught, config};

fn assert_record_store_caught(
    fault: RecordStoreFault,
    property: PropertyInfo,
    minimal_steps: usize,
) {
    let outcome = check_record_store_property(
        property.id,
        &config(),
        "|parts| Box::new(FaultyRecordStore::new(fault, parts))",
        move |parts: RecordStoreParts| Box::new(FaultyRecordStore::new(fault, parts)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property.id, minimal_steps);
}

#[test]
fn remove_leaving_the_value_in_the_data_store() {
    // put a; remove a; get a (loaded back)
    assert_record_store_caught(
        RecordStoreFault::RemoveLeavesValueInDataStore,
        properties::MODEL_EQUIVALENCE,
        3,
    );
}

#[test]
fn version_reset_to_zero_on_overwrite() {
    // put a; put a
    assert_record_store_caught(
        RecordStoreFault::VersionResetOnOverwrite,
        properties::METADATA,
        2,
    );
}

#[test]
fn hits_wrapping() {
    // put_backup a (hits u32::MAX); get a, touching
    assert_record_store_caught(RecordStoreFault::HitsWrap, properties::METADATA, 2);
}

#[test]
fn on_put_without_the_old_value_fired_for_an_overwrite() {
    // put a; put a
    assert_record_store_caught(
        RecordStoreFault::OverwriteFiresPutWithoutOldValue,
        properties::OBSERVER_EVENTS,
        2,
    );
}

#[test]
fn on_remove_fired_for_a_missing_key() {
    // remove a
    assert_record_store_caught(
        RecordStoreFault::RemoveEventForMissingKey,
        properties::OBSERVER_EVENTS,
        1,
    );
}

#[test]
fn load_provenance_writing_through() {
    // put a with Load
    assert_record_store_caught(
        RecordStoreFault::LoadWritesThrough,
        properties::PROVENANCE,
        1,
    );
}

#[test]
fn record_left_dirty_after_a_successful_write_through() {
    // put a with Client
    assert_record_store_caught(
        RecordStoreFault::DirtyAfterWriteThrough,
        properties::DIRTY_TRACKING,
        1,
    );
}

#[test]
fn record_marked_clean_although_add_failed() {
    // put a with Backup (dirty); the next add fails; put a with Client (Err)
    assert_record_store_caught(
        RecordStoreFault::CleanAfterFailedAdd,
        properties::DIRTY_TRACKING,
        3,
    );
}

#[test]
fn data_store_error_swallowed() {
    // the next add fails; put a
    assert_record_store_caught(RecordStoreFault::ErrorSwallowed, properties::FAULTS, 2);
}

#[test]
fn eviction_of_a_dirty_record_losing_its_value() {
    // put a with Backup (dirty, behind a write-behind store); evict a
    assert_record_store_caught(
        RecordStoreFault::EvictsDirtyRecords,
        properties::EVICTION,
        2,
    );
}

#[test]
fn per_record_ttl_ignored() {
    // put a with a TTL of 1; advance 1; get a (still served)
    assert_record_store_caught(RecordStoreFault::TtlIgnored, properties::EXPIRY, 3);
}

#[test]
fn owned_entry_cost_never_shrinking() {
    // put a; remove a (memory empty, the cost still that of a)
    assert_record_store_caught(RecordStoreFault::OwnedCostNeverShrinks, properties::COST, 2);
}

#[test]
fn eviction_flushing_a_stale_value() {
    // put a; put a with Backup (unsaved); evict a, flushing the first value
    assert_record_store_caught(RecordStoreFault::FlushesStaleValue, properties::EVICTION, 3);
}

#[test]
fn cursor_restarting_on_every_page() {
    // put a; put b; a walk at size 1
    assert_record_store_caught(RecordStoreFault::CursorRestarts, properties::CURSOR, 3);
}

#[test]
fn ttl_expiring_one_millisecond_early() {
    // put a with a TTL of 2; advance 1; get a (no longer served)
    assert_record_store_caught(
        RecordStoreFault::TtlOneMillisecondEarly,
        properties::EXPIRY,
        3,
    );
}

#[test]
fn evict_expired_ignoring_the_percentage() {
    // put a with a TTL of 1; advance 1; evict_expired(0)
    assert_record_store_caught(
        RecordStoreFault::EvictExpiredIgnoresPercentage,
        properties::EXPIRY,
        3,
    );
}

#[test]
fn record_policy_ignored_under_a_map_default() {
    // under a default TTL: put a with a shorter TTL; advance; get a (still served)
    assert_record_store_caught(
        RecordStoreFault::RecordPolicyIgnoredUnderDefault,
        properties::EXPIRY_DEFAULTS,
        3,
    );
}

#[test]
fn should_evict_without_a_limit() {
    // under a max cost of 0 (no limit): put a; should_evict() is true
    assert_record_store_caught(
        RecordStoreFault::ShouldEvictWithoutLimit,
        properties::SHOULD_EVICT,
        1,
    );
}

#[test]
fn should_evict_counting_records_instead_of_cost() {
    // under a max cost below one record's cost: put a; should_evict() is false
    assert_record_store_caught(
        RecordStoreFault::ShouldEvictCountsEntries,
        properties::SHOULD_EVICT,
        1,
    );
}

#[test]
fn backup_for_each_visiting_expired_records() {
    // put a with a TTL of 1; advance 1; for_each_boxed(…, true) visits a
    assert_record_store_caught(
        RecordStoreFault::ForEachBackupVisitsExpired,
        properties::EXPIRY,
        3,
    );
}

#[test]
fn init_registering_the_observers_again() {
    // one op that notifies (clear, or put a): each observer gets its notification twice
    assert_record_store_caught(
        RecordStoreFault::InitRegistersObserversAgain,
        properties::INIT,
        1,
    );
}

#[test]
fn init_resetting_the_store() {
    // no op: init alone fires on_reset
    assert_record_store_caught(RecordStoreFault::InitResetsStore, properties::INIT, 0);
}

#[test]
fn partition_id_always_zero() {
    // no op: right after init, partition_id() is 0, not the partition given
    assert_record_store_caught(RecordStoreFault::PartitionIdZero, properties::IDENTITY, 0);
}

#[test]
fn data_store_calls_naming_a_fixed_map() {
    // for a map other than "map": put a, whose add names "map"
    assert_record_store_caught(
        RecordStoreFault::DataStoreMapNameFixed,
        properties::PROVENANCE,
        1,
    );
}

#[test]
fn evict_expired_removing_records_silently() {
    // put a with a TTL of 1; advance 1; evict_expired(100): no notification
    assert_record_store_caught(
        RecordStoreFault::EvictExpiredSilently,
        properties::OBSERVER_EVENTS,
        3,
    );
}
