//! `RecordStoreFactory`: one store per map and partition.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use storage_traits::{CallerProvenance, ExpiryPolicy, MapDataStore, RecordStore, StorageEngine};

use super::support::lww;
use crate::data_stores::InMemoryDataStore;
use crate::engines::BTreeEngine;
use crate::record_store::{RecordStoreConfig, RecordStoreFactory};
use storage_conformance::doubles::ManualClock;

#[test]
fn the_same_map_and_partition_get_the_same_store() {
    let factory = RecordStoreFactory::default();
    let first = factory.get_or_create("m", 1);
    assert!(Arc::ptr_eq(&first, &factory.get_or_create("m", 1)));
    assert!(!Arc::ptr_eq(&first, &factory.get_or_create("m", 2)));
    assert!(!Arc::ptr_eq(&first, &factory.get_or_create("n", 1)));
    assert_eq!(factory.len(), 3);
    assert_eq!((first.name(), first.partition_id()), ("m", 1));
    assert!(first.map_data_store().is_null());
}

#[tokio::test]
async fn stores_get_their_own_engine_and_share_the_data_store() -> anyhow::Result<()> {
    let engines = Arc::new(AtomicUsize::new(0));
    let made = Arc::clone(&engines);
    let clock = Arc::new(ManualClock::default());
    let data = Arc::new(InMemoryDataStore::with_clock(clock.clone()));
    let factory = RecordStoreFactory::new(
        Arc::new(move || -> Box<dyn StorageEngine> {
            made.fetch_add(1, Ordering::SeqCst);
            Box::new(BTreeEngine::new())
        }),
        Arc::clone(&data) as Arc<dyn MapDataStore>,
        Vec::new(),
        clock,
        RecordStoreConfig::default(),
    );
    assert!(factory.is_empty());

    let one = factory.get_or_create("m", 1);
    let two = factory.get_or_create("m", 2);
    factory.get_or_create("m", 1);
    assert_eq!(engines.load(Ordering::SeqCst), 2);

    one.put("k", lww(1), ExpiryPolicy::NONE, CallerProvenance::Client)
        .await?;
    assert!(!two.exists_in_memory("k"), "separate engines");
    let shared = two.get("k", false).await?.map(|r| r.value);
    assert_eq!(shared, Some(lww(1)), "one data store");
    Ok(())
}
