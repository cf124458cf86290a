//! Load-through on `get` and `get_all`, and values that must not come back.

use storage_traits::{CallerProvenance, MapDataStore, RecordMetadata, RecordStore};

use super::support::{Event, Harness, MAP, lww};
use crate::record_store::{RecordStoreConfig, estimate_cost};
use storage_conformance::doubles::ManualClock;

const START: i64 = ManualClock::DEFAULT_START;

#[tokio::test]
async fn get_loads_a_missing_key_keeps_it_clean_and_reports_it() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.data.add(MAP, "k", &lww(1), 0, 0).await?;
    h.clock.advance(3);

    let loaded = h.store.get("k", false).await?.expect("loaded");
    let mut metadata = RecordMetadata::new(START + 3, estimate_cost("k", &lww(1)));
    metadata.on_store(START + 3);
    assert_eq!(loaded.metadata, metadata);
    assert!(!loaded.metadata.is_dirty());
    assert_eq!(h.stored("k"), Some(loaded.clone()), "kept in memory");
    assert_eq!(
        h.events.take(),
        vec![Event::Load("k".into(), loaded, false)]
    );
    Ok(())
}

#[tokio::test]
async fn a_touching_get_records_the_access_on_the_loaded_record() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.data.add(MAP, "k", &lww(1), 0, 0).await?;
    let loaded = h.store.get("k", true).await?.expect("loaded");
    assert_eq!(loaded.metadata.hits, 1);
    assert_eq!(h.stored("k"), Some(loaded));
    Ok(())
}

#[tokio::test]
async fn a_missing_key_loads_nothing_and_reports_nothing() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    assert_eq!(h.store.get("k", true).await?, None);
    assert!(!h.store.exists_in_memory("k"));
    assert!(h.events.take().is_empty());
    Ok(())
}

#[tokio::test]
async fn a_removed_value_never_comes_back() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    h.store.remove("k", CallerProvenance::Client).await?;
    assert_eq!(h.store.get("k", false).await?, None);

    h.put("k", 2, CallerProvenance::Client).await;
    assert_eq!(h.store.evict("k", false), Some(lww(2)));
    assert_eq!(
        h.store.remove("k", CallerProvenance::CrdtMerge).await?,
        None,
        "nothing live in memory"
    );
    assert_eq!(
        h.store.get("k", false).await?,
        None,
        "removed from the data store too"
    );
    Ok(())
}

#[tokio::test]
async fn a_non_writing_remove_lets_a_persisted_value_come_back() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("k", 1, CallerProvenance::Client).await;
    h.store.remove("k", CallerProvenance::Backup).await?;
    assert_eq!(
        h.store.get("k", false).await?.map(|r| r.value),
        Some(lww(1))
    );
    Ok(())
}

#[tokio::test]
async fn get_all_returns_found_keys_once_in_request_order_without_touching() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put("a", 1, CallerProvenance::Client).await;
    h.data.add(MAP, "b", &lww(2), 0, 0).await?;
    h.events.take();

    let keys: Vec<String> = ["b", "missing", "a", "b", "a"]
        .into_iter()
        .map(String::from)
        .collect();
    let found = h.store.get_all(&keys).await?;
    let summary: Vec<(&str, _)> = found
        .iter()
        .map(|(key, record)| (key.as_str(), record.value.clone()))
        .collect();
    assert_eq!(summary, vec![("b", lww(2)), ("a", lww(1))]);
    assert!(found.iter().all(|(_, record)| record.metadata.hits == 0));
    assert_eq!(h.stored("a").expect("stored").metadata.hits, 0);
    assert_eq!(h.events.take_summaries(), vec!["load b"]);
    assert!(h.store.exists_in_memory("b"), "loaded keys are kept");
    Ok(())
}
