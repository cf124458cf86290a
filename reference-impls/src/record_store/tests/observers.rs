//! What observers are told, in which order, with which records.

use storage_traits::{CallerProvenance, ExpiryPolicy, Record, RecordMetadata, RecordStore};

use super::support::{Event, Harness, lww};
use crate::record_store::RecordStoreConfig;

#[tokio::test]
async fn primary_writes_report_put_update_and_remove_with_stored_records() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    let first = h.stored("k").expect("stored");
    h.put("k", 2, CallerProvenance::CrdtMerge).await;
    let second = h.stored("k").expect("stored");
    h.store.remove("k", CallerProvenance::Client).await?;
    h.store.remove("k", CallerProvenance::Client).await?;

    assert_eq!(
        h.events.take(),
        vec![
            Event::Put("k".into(), first, None, false),
            Event::Update("k".into(), second.clone(), lww(1), lww(2), false),
            Event::Remove("k".into(), second, false),
        ],
        "removing a missing key reports nothing"
    );
    Ok(())
}

#[tokio::test]
async fn backup_operations_report_with_is_backup() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    let record = |n| Record {
        value: lww(n),
        metadata: RecordMetadata::new(1, 1),
    };
    h.store
        .put_backup("k", record(1), CallerProvenance::Backup)
        .await?;
    let first = h.stored("k").expect("stored");
    h.store
        .put_backup("k", record(2), CallerProvenance::Backup)
        .await?;
    let second = h.stored("k").expect("stored");
    h.store.remove_backup("k", CallerProvenance::Backup).await?;

    assert_eq!(
        h.events.take(),
        vec![
            Event::Put("k".into(), first, None, true),
            Event::Update("k".into(), second.clone(), lww(1), lww(2), true),
            Event::Remove("k".into(), second, true),
        ]
    );
    Ok(())
}

#[tokio::test]
async fn replication_writes_are_plain_puts() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.store
        .put(
            "k",
            lww(1),
            ExpiryPolicy::NONE,
            CallerProvenance::Replication,
        )
        .await?;
    assert_eq!(h.events.take_summaries(), vec!["put k"]);
    Ok(())
}

#[tokio::test]
async fn a_session_reports_every_change_in_order() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.put("b", 2, CallerProvenance::Client).await;
    h.store.evict("a", false);
    h.store.get("a", true).await?;
    h.put("a", 3, CallerProvenance::Client).await;
    h.store.remove("b", CallerProvenance::Client).await?;
    h.store.clear(false);
    h.store.reset();
    h.store.destroy();
    assert_eq!(
        h.events.take_summaries(),
        vec![
            "put a",
            "put b",
            "evict a",
            "load a",
            "update a",
            "remove b",
            "clear",
            "reset",
            "destroy false",
        ]
    );
    Ok(())
}
