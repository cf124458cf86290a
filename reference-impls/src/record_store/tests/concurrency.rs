//! Concurrent operations: observers see changes in the order memory made them.

use std::collections::BTreeMap;
use std::sync::Arc;

use storage_traits::{CallerProvenance, ExpiryPolicy, RecordStore, RecordValue};

use super::support::{Event, Harness, lww};
use crate::record_store::RecordStoreConfig;

/// Replays `events` into a map of values.
fn replay(events: Vec<Event>) -> BTreeMap<String, RecordValue> {
    let mut model = BTreeMap::new();
    for event in events {
        match event {
            Event::Put(key, record, ..)
            | Event::Update(key, record, ..)
            | Event::Load(key, record, _) => {
                model.insert(key, record.value);
            }
            Event::Remove(key, ..) | Event::Evict(key, ..) => {
                model.remove(&key);
            }
            Event::Clear | Event::Reset | Event::Destroy(_) => model.clear(),
            Event::ReplicationPut(_) => {}
        }
    }
    model
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_notifications_match_memory_and_versions_only_grow() -> anyhow::Result<()> {
    let h = Arc::new(Harness::in_memory(RecordStoreConfig::default()));
    let mut tasks = Vec::new();
    for task in 0..4_i64 {
        let h = Arc::clone(&h);
        tasks.push(tokio::spawn(async move {
            for n in 0..100 {
                let key = ["a", "b", "c"][usize::try_from((task + n) % 3).unwrap_or(0)];
                match n % 5 {
                    0 => drop(h.store.remove(key, CallerProvenance::Client).await?),
                    1 => drop(h.store.get(key, true).await?),
                    2 => drop(h.store.evict_all(false)),
                    _ => drop(
                        h.store
                            .put(
                                key,
                                lww(task * 1_000 + n),
                                ExpiryPolicy::NONE,
                                CallerProvenance::Client,
                            )
                            .await?,
                    ),
                }
            }
            anyhow::Ok(())
        }));
    }
    for task in tasks {
        task.await??;
    }

    let events = h.events.take();
    let mut versions = BTreeMap::new();
    for event in &events {
        if let Event::Update(key, record, ..) = event {
            let last = versions.insert(key.clone(), record.metadata.version);
            assert!(
                last < Some(record.metadata.version),
                "{key}: {last:?} then {record:?}"
            );
        }
        if let Event::Put(key, ..) = event {
            versions.remove(key);
        }
    }
    let memory: BTreeMap<String, RecordValue> = h
        .store
        .storage()
        .snapshot_iter()
        .into_iter()
        .map(|(key, record)| (key, record.value))
        .collect();
    assert_eq!(replay(events), memory);
    for (key, value) in &memory {
        assert_eq!(h.persisted(key).await.as_ref(), Some(value), "{key}");
    }
    Ok(())
}
