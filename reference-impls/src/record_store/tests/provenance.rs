//! Which provenances reach the data store, dirty tracking, and data-store failures.

use storage_traits::{
    CallerProvenance, ExpiryPolicy, MapDataStore, Record, RecordMetadata, RecordStore,
};

use super::support::{Harness, MAP, lww};
use crate::record_store::RecordStoreConfig;

const ALL: [CallerProvenance; 5] = [
    CallerProvenance::Client,
    CallerProvenance::CrdtMerge,
    CallerProvenance::Load,
    CallerProvenance::Backup,
    CallerProvenance::Replication,
];

fn writes_through(provenance: CallerProvenance) -> bool {
    matches!(
        provenance,
        CallerProvenance::Client | CallerProvenance::CrdtMerge
    )
}

#[tokio::test]
async fn put_writes_through_and_marks_clean_by_provenance() {
    for provenance in ALL {
        let h = Harness::in_memory(RecordStoreConfig::default());
        h.put("k", 1, provenance).await;
        let expected = writes_through(provenance).then(|| lww(1));
        assert_eq!(h.persisted("k").await, expected, "{provenance:?}");
        let dirty = matches!(
            provenance,
            CallerProvenance::Backup | CallerProvenance::Replication
        );
        let metadata = h.stored("k").expect("stored").metadata;
        assert_eq!(metadata.is_dirty(), dirty, "{provenance:?}");
    }
}

#[tokio::test]
async fn a_non_writing_overwrite_in_the_same_millisecond_stays_dirty() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    h.put("k", 2, CallerProvenance::Backup).await;
    assert!(h.stored("k").expect("stored").metadata.is_dirty());
    assert_eq!(h.persisted("k").await, Some(lww(1)));
}

#[tokio::test]
async fn remove_reaches_the_data_store_by_provenance() -> anyhow::Result<()> {
    for provenance in ALL {
        let h = Harness::in_memory(RecordStoreConfig::default());
        h.put("k", 1, CallerProvenance::Client).await;
        let removed = h.store.remove("k", provenance).await?;
        assert_eq!(removed, Some(lww(1)), "{provenance:?}");
        assert!(!h.store.exists_in_memory("k"));
        let expected = (!writes_through(provenance)).then(|| lww(1));
        assert_eq!(h.persisted("k").await, expected, "{provenance:?}");
    }
    Ok(())
}

#[tokio::test]
async fn backup_operations_use_the_backup_calls() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    let record = Record {
        value: lww(1),
        metadata: RecordMetadata::new(5, 1),
    };
    h.store
        .put_backup("k", record.clone(), CallerProvenance::Client)
        .await?;
    assert_eq!(h.data.backup_value(MAP, "k"), Some(lww(1)));
    assert_eq!(h.persisted("k").await, None, "primary space untouched");
    assert!(!h.stored("k").expect("stored").metadata.is_dirty());

    h.store.remove_backup("k", CallerProvenance::Client).await?;
    assert_eq!(h.data.backup_value(MAP, "k"), None);
    assert!(!h.store.exists_in_memory("k"));

    h.store
        .put_backup("k", record, CallerProvenance::Backup)
        .await?;
    assert_eq!(h.data.backup_value(MAP, "k"), None);
    assert!(h.stored("k").expect("stored").metadata.is_dirty());
    h.data.add_backup(MAP, "k", &lww(9), 0, 0).await?;
    h.store
        .remove_backup("k", CallerProvenance::Replication)
        .await?;
    assert_eq!(h.data.backup_value(MAP, "k"), Some(lww(9)));
    Ok(())
}

#[tokio::test]
async fn a_failed_write_changes_nothing() -> anyhow::Result<()> {
    let h = Harness::flaky();
    h.put("k", 1, CallerProvenance::Client).await;
    h.put("k", 2, CallerProvenance::Backup).await;
    let before = h.stored("k").expect("stored");
    h.events.take();
    h.data.fail(true);
    h.clock.advance(1);

    let error = h
        .store
        .put("k", lww(3), ExpiryPolicy::NONE, CallerProvenance::Client)
        .await
        .expect_err("the data store fails");
    let message = format!("{error:#}");
    for part in ["put", "\"k\"", "\"map\"", "add", "injected add failure"] {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
    let error = h
        .store
        .remove("k", CallerProvenance::Client)
        .await
        .expect_err("the data store fails");
    assert!(format!("{error:#}").contains("remove of key \"k\" in map \"map\""));
    let backup = Record {
        value: lww(4),
        metadata: RecordMetadata::new(1, 1),
    };
    let error = h
        .store
        .put_backup("new", backup, CallerProvenance::CrdtMerge)
        .await
        .expect_err("the data store fails");
    assert!(format!("{error:#}").contains("put_backup of key \"new\""));
    h.store
        .remove_backup("k", CallerProvenance::Client)
        .await
        .expect_err("the data store fails");

    assert_eq!(h.stored("k"), Some(before), "memory and metadata unchanged");
    assert!(
        h.stored("k").expect("stored").metadata.is_dirty(),
        "never marked clean"
    );
    assert!(!h.store.exists_in_memory("new"));
    assert!(h.events.take().is_empty(), "no notification");
    h.data.fail(false);
    assert_eq!(h.persisted("k").await, Some(lww(1)));
    Ok(())
}

#[tokio::test]
async fn a_failed_load_is_an_error_naming_the_read() {
    let h = Harness::flaky();
    h.data.fail(true);
    let error = h.store.get("k", false).await.expect_err("load fails");
    assert!(format!("{error:#}").contains("get of key \"k\" in map \"map\""));
    let error = h
        .store
        .get_all(&["k".to_owned()])
        .await
        .expect_err("load fails");
    assert!(format!("{error:#}").contains("get_all of key \"k\""));
    assert!(h.events.take().is_empty());
}
