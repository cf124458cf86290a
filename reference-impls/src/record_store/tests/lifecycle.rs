//! `clear`, `reset`, `destroy`, `init`, `soft_flush` and the parts a store exposes.

use storage_traits::{CallerProvenance, RecordStore};

use super::support::{Harness, expiry, lww};
use crate::record_store::{DefaultRecordStore, RecordStoreConfig};

#[tokio::test]
async fn clear_empties_memory_only_and_reports_once() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("a", 1, expiry(10, 0), CallerProvenance::Client)
        .await;
    h.put("b", 2, CallerProvenance::Backup).await;
    h.events.take();

    assert_eq!(h.store.clear(false), 2);
    assert!(h.store.is_empty());
    assert_eq!(h.store.owned_entry_cost(), 0);
    assert!(!h.store.is_expirable());
    assert_eq!(h.events.take_summaries(), vec!["clear"]);
    assert_eq!(h.store.clear(true), 0);

    let back = h.store.get("a", false).await?.map(|r| r.value);
    assert_eq!(back, Some(lww(1)), "clear does not reach the data store");
    Ok(())
}

#[tokio::test]
async fn reset_empties_memory_and_reports_it() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.events.take();
    h.store.reset();
    assert!(h.store.is_empty());
    assert_eq!(h.events.take_summaries(), vec!["reset"]);
    assert_eq!(h.persisted("a").await, Some(lww(1)));
}

#[tokio::test]
async fn destroy_empties_memory_and_reports_it() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.events.take();
    h.store.destroy();
    assert!(h.store.is_empty());
    assert_eq!(h.events.take_summaries(), vec!["destroy false"]);
    assert_eq!(h.persisted("a").await, Some(lww(1)));
}

#[tokio::test]
async fn init_changes_nothing() -> anyhow::Result<()> {
    let mut h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.store.init();
    assert_eq!(
        h.store.get("a", false).await?.map(|r| r.value),
        Some(lww(1))
    );
    assert_eq!(h.events.take_summaries(), vec!["put a"]);
    Ok(())
}

#[tokio::test]
async fn soft_flush_delegates_to_the_data_store() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    assert_eq!(h.store.soft_flush().await?, 0);

    let flaky = Harness::flaky();
    flaky.data.fail(true);
    let error = flaky.store.soft_flush().await.expect_err("fails");
    assert!(format!("{error:#}").contains("soft_flush of map \"map\""));
    Ok(())
}

#[test]
fn the_builder_defaults_to_a_hash_map_and_a_null_data_store() {
    let store = DefaultRecordStore::builder("orders", 3).build();
    assert_eq!(store.name(), "orders");
    assert_eq!(store.partition_id(), 3);
    assert!(store.map_data_store().is_null());
    assert!(store.storage().is_empty());
    assert_eq!(*store.config(), RecordStoreConfig::default());
    assert!(format!("{store:?}").contains("\"orders\""));
}
