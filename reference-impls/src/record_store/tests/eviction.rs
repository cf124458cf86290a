//! Eviction of clean records only, `should_evict`, and reading back after eviction.

use std::sync::Arc;

use storage_traits::{CallerProvenance, MapDataStore, RecordStore};

use super::support::{Event, Harness, MAP, lww};
use crate::data_stores::{InMemoryDataStore, WriteBehindConfig, WriteBehindDataStore};
use crate::record_store::{RecordStoreConfig, estimate_cost};

#[tokio::test]
async fn evict_removes_a_clean_record_and_reports_it() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    let stored = h.stored("k").expect("stored");
    h.events.take();

    assert_eq!(h.store.evict("k", true), Some(lww(1)));
    assert!(!h.store.exists_in_memory("k"));
    assert_eq!(
        h.events.take(),
        vec![Event::Evict("k".into(), stored, true)]
    );
    assert_eq!(
        h.store.get("k", false).await?.map(|r| r.value),
        Some(lww(1))
    );
    Ok(())
}

#[tokio::test]
async fn evict_leaves_dirty_and_missing_records_alone() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("dirty", 1, CallerProvenance::Replication).await;
    let before = h.stored("dirty");
    h.events.take();

    assert_eq!(h.store.evict("dirty", false), None);
    assert_eq!(h.store.evict("missing", false), None);
    assert_eq!(h.stored("dirty"), before);
    assert!(h.events.take().is_empty());
}

#[tokio::test]
async fn evict_all_evicts_every_clean_record_and_counts_them() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.put("b", 2, CallerProvenance::Load).await;
    h.put("c", 3, CallerProvenance::Backup).await;
    h.events.take();

    assert_eq!(h.store.evict_all(false), 2);
    assert_eq!(h.store.size(), 1);
    assert!(h.store.exists_in_memory("c"));
    let mut events = h.events.take_summaries();
    events.sort();
    assert_eq!(events, vec!["evict a", "evict b"]);
    assert_eq!(h.store.evict_all(false), 0);
}

#[tokio::test]
async fn should_evict_once_the_cost_exceeds_the_limit() {
    let unlimited = Harness::in_memory(RecordStoreConfig::default());
    unlimited.put("k", 1, CallerProvenance::Client).await;
    assert!(!unlimited.store.should_evict(), "0 means never");

    let max_cost = estimate_cost("k", &lww(1));
    let h = Harness::in_memory(RecordStoreConfig {
        max_cost,
        ..RecordStoreConfig::default()
    });
    h.put("k", 1, CallerProvenance::Client).await;
    assert!(!h.store.should_evict(), "at the limit");
    h.put("j", 1, CallerProvenance::Client).await;
    assert!(h.store.should_evict());
}

#[tokio::test(start_paused = true)]
async fn write_behind_serves_the_latest_value_after_eviction() -> anyhow::Result<()> {
    let h = Harness::over(
        |clock| {
            let delegate = Arc::new(InMemoryDataStore::with_clock(clock));
            WriteBehindDataStore::new(delegate, WriteBehindConfig::default())
                .expect("inside a runtime, with a valid config")
        },
        RecordStoreConfig::default(),
    );
    h.put("k", 1, CallerProvenance::Client).await;
    h.put("k", 2, CallerProvenance::Client).await;
    h.put("gone", 3, CallerProvenance::Client).await;
    h.store.remove("gone", CallerProvenance::Client).await?;
    assert_eq!(
        h.data.delegate().load(MAP, "k").await?,
        None,
        "still queued"
    );

    assert_eq!(h.store.evict("k", false), Some(lww(2)));
    let read = h.store.get("k", false).await?.map(|r| r.value);
    assert_eq!(read, Some(lww(2)), "served from the queue");
    assert_eq!(h.store.get("gone", false).await?, None);

    h.put("k", 4, CallerProvenance::Client).await;
    h.store.map_data_store().hard_flush().await?;
    assert_eq!(h.data.pending_operation_count(), 0);
    assert_eq!(h.store.evict("k", false), Some(lww(4)));
    let read = h.store.get("k", false).await?.map(|r| r.value);
    assert_eq!(read, Some(lww(4)), "served by the delegate");
    assert_eq!(h.data.delegate().load(MAP, "gone").await?, None);
    Ok(())
}
