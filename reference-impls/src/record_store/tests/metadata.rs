//! Metadata of new, overwritten, read and backed-up records, and cost accounting.

use storage_traits::{CallerProvenance, Record, RecordMetadata, RecordStore};

use super::support::{Harness, lww};
use crate::record_store::{RecordStoreConfig, estimate_cost};

const START: i64 = storage_conformance::doubles::ManualClock::DEFAULT_START;

#[tokio::test]
async fn new_key_gets_fresh_metadata_with_its_cost() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    let stored = h.stored("k").expect("stored");
    let cost = estimate_cost("k", &lww(1));
    assert!(cost > 0);
    let mut expected = RecordMetadata::new(START, cost);
    expected.on_store(START);
    assert_eq!(stored.metadata, expected);
}

#[tokio::test]
async fn overwrite_keeps_creation_and_hits_and_bumps_version() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    h.clock.advance(10);
    h.store.get("k", true).await?;
    h.clock.advance(10);
    let old = h
        .store
        .put(
            "k",
            lww(22),
            storage_traits::ExpiryPolicy::NONE,
            CallerProvenance::Client,
        )
        .await?;
    assert_eq!(old, Some(lww(1)));

    let metadata = h.stored("k").expect("stored").metadata;
    assert_eq!(metadata.creation_time, START);
    assert_eq!(
        metadata.last_access_time,
        START + 10,
        "a write is not an access"
    );
    assert_eq!(metadata.hits, 1);
    assert_eq!(metadata.version, 1);
    assert_eq!(metadata.last_update_time, START + 20);
    assert_eq!(metadata.cost, estimate_cost("k", &lww(22)));
    Ok(())
}

#[tokio::test]
async fn get_touches_only_when_asked() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    let before = h.stored("k").expect("stored");
    h.clock.advance(5);

    let untouched = h.store.get("k", false).await?.expect("present");
    assert_eq!(untouched, before);
    assert_eq!(h.stored("k"), Some(before.clone()));

    let touched = h.store.get("k", true).await?.expect("present");
    assert_eq!(touched.metadata.hits, 1);
    assert_eq!(touched.metadata.last_access_time, START + 5);
    assert_eq!(
        h.stored("k"),
        Some(touched),
        "the access is kept in the engine"
    );
    Ok(())
}

#[tokio::test]
async fn put_backup_of_a_new_key_keeps_the_given_metadata_but_its_cost() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    let given = RecordMetadata {
        version: 4,
        creation_time: 10,
        last_access_time: 20,
        last_update_time: 30,
        last_stored_time: 30,
        hits: 5,
        cost: 1,
    };
    let record = Record {
        value: lww(1),
        metadata: given.clone(),
    };
    h.store
        .put_backup("k", record, CallerProvenance::Backup)
        .await?;
    let stored = h.stored("k").expect("stored").metadata;
    assert_eq!(
        stored,
        RecordMetadata {
            cost: estimate_cost("k", &lww(1)),
            last_stored_time: 0,
            ..given
        },
        "a backup never stored by this store's data store is dirty"
    );
    Ok(())
}

#[tokio::test]
async fn version_and_hits_saturate_through_put_backup() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    let mut metadata = RecordMetadata::new(START, 1);
    metadata.version = u32::MAX;
    metadata.hits = u32::MAX;
    let record = Record {
        value: lww(1),
        metadata,
    };
    h.store
        .put_backup("k", record.clone(), CallerProvenance::Backup)
        .await?;
    h.put("k", 2, CallerProvenance::Client).await;
    h.store.get("k", true).await?;
    h.store
        .put_backup("k", record, CallerProvenance::Backup)
        .await?;

    let stored = h.stored("k").expect("stored").metadata;
    assert_eq!(stored.version, u32::MAX);
    assert_eq!(stored.hits, u32::MAX);
    Ok(())
}

#[tokio::test]
async fn owned_entry_cost_follows_the_engine() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.put("bb", 2, CallerProvenance::Client).await;
    h.put("a", 3, CallerProvenance::Client).await;
    let expected = estimate_cost("a", &lww(3)) + estimate_cost("bb", &lww(2));
    assert_eq!(h.store.owned_entry_cost(), expected);
    assert_eq!(
        h.store.owned_entry_cost(),
        h.store.storage().estimated_cost()
    );

    h.store.remove("a", CallerProvenance::Client).await?;
    assert_eq!(h.store.owned_entry_cost(), estimate_cost("bb", &lww(2)));
    Ok(())
}
