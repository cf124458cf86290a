//! TTL and max idle: boundaries, defaults, reporting and `evict_expired`.

use storage_traits::{CallerProvenance, ExpiryReason, Record, RecordStore};

use super::support::{Harness, expiry, lww};
use crate::record_store::RecordStoreConfig;
use storage_conformance::doubles::ManualClock;

const START: i64 = ManualClock::DEFAULT_START;

fn defaults(ttl: u64, max_idle: u64) -> RecordStoreConfig {
    RecordStoreConfig {
        default_ttl_millis: ttl,
        default_max_idle_millis: max_idle,
        ..RecordStoreConfig::default()
    }
}

#[tokio::test]
async fn ttl_expires_at_its_deadline_counted_from_creation() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(100, 0), CallerProvenance::Client)
        .await;
    h.clock.advance(50);
    h.put_with("k", 2, expiry(100, 0), CallerProvenance::Client)
        .await;
    h.clock.set(START + 99);
    assert_eq!(
        h.store.has_expired("k", START + 99, false),
        ExpiryReason::NotExpired
    );
    assert!(h.store.get("k", true).await?.is_some());
    assert_eq!(
        h.store.has_expired("k", START + 100, false),
        ExpiryReason::Ttl
    );

    h.clock.set(START + 100);
    h.events.take();
    assert_eq!(
        h.store.get("k", false).await?,
        None,
        "not loaded back either"
    );
    assert_eq!(h.events.take_summaries(), vec!["evict k"]);
    assert!(!h.store.exists_in_memory("k"));
    Ok(())
}

#[tokio::test]
async fn max_idle_counts_from_the_last_access() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(0, 10), CallerProvenance::Backup)
        .await;
    h.clock.advance(9);
    assert!(h.store.get("k", true).await?.is_some(), "touch at +9");
    h.clock.advance(9);
    assert_eq!(
        h.store.has_expired("k", h.clock.now(), false),
        ExpiryReason::NotExpired
    );
    assert!(h.store.get("k", false).await?.is_some(), "no touch at +18");
    h.clock.advance(1);
    assert_eq!(
        h.store.has_expired("k", h.clock.now(), false),
        ExpiryReason::MaxIdle
    );
    assert_eq!(h.store.get("k", false).await?, None);
    Ok(())
}

#[tokio::test]
async fn a_max_idle_expired_value_still_persisted_comes_back_fresh() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(0, 10), CallerProvenance::Client)
        .await;
    h.clock.advance(10);
    let record = h.store.get("k", false).await?.expect("loaded back");
    assert_eq!(record.metadata.creation_time, START + 10);
    assert_eq!(
        h.events.take_summaries(),
        vec!["put k", "evict k", "load k"]
    );
    Ok(())
}

#[tokio::test]
async fn ttl_takes_precedence_and_missing_keys_have_not_expired() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(10, 10), CallerProvenance::Client)
        .await;
    assert_eq!(
        h.store.has_expired("k", START + 10, true),
        ExpiryReason::Ttl
    );
    assert_eq!(
        h.store.has_expired("missing", START + 10, false),
        ExpiryReason::NotExpired
    );
}

#[tokio::test]
async fn zero_fields_fall_back_to_the_config_defaults_one_by_one() {
    let h = Harness::in_memory(defaults(100, 30));
    h.put_with("ttl", 1, expiry(50, 0), CallerProvenance::Client)
        .await;
    h.put_with("idle", 1, expiry(0, 60), CallerProvenance::Client)
        .await;
    h.put("none", 1, CallerProvenance::Client).await;
    let at = |key, offset| h.store.has_expired(key, START + offset, false);
    assert_eq!(at("ttl", 29), ExpiryReason::NotExpired);
    assert_eq!(at("ttl", 30), ExpiryReason::MaxIdle, "default max idle");
    assert_eq!(at("idle", 60), ExpiryReason::MaxIdle);
    assert_eq!(at("idle", 59), ExpiryReason::NotExpired);
    assert_eq!(at("none", 30), ExpiryReason::MaxIdle);
    assert!(h.store.is_expirable());
}

#[tokio::test]
async fn a_new_policy_replaces_the_old_one_on_overwrite() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(10, 0), CallerProvenance::Client)
        .await;
    h.put("k", 2, CallerProvenance::Client).await;
    assert_eq!(
        h.store.has_expired("k", START + 1_000, false),
        ExpiryReason::NotExpired
    );
    assert!(!h.store.is_expirable());
}

#[tokio::test]
async fn put_backup_keeps_the_policy_of_the_key() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(10, 0), CallerProvenance::Client)
        .await;
    let record = h.stored("k").expect("stored");
    h.store
        .put_backup("k", record, CallerProvenance::Backup)
        .await?;
    assert_eq!(
        h.store.has_expired("k", START + 10, true),
        ExpiryReason::Ttl
    );
    Ok(())
}

#[tokio::test]
async fn writing_over_an_expired_record_starts_a_new_one() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(10, 0), CallerProvenance::Client)
        .await;
    h.clock.advance(10);
    let old = h
        .store
        .put("k", lww(2), expiry(10, 0), CallerProvenance::Client)
        .await?;
    assert_eq!(old, None, "an expired value is never returned");
    assert_eq!(h.events.take_summaries(), vec!["put k", "evict k", "put k"]);
    let stored = h.stored("k").expect("stored").metadata;
    assert_eq!((stored.creation_time, stored.version), (START + 10, 0));

    h.clock.advance(10);
    assert_eq!(h.store.remove("k", CallerProvenance::Client).await?, None);
    assert_eq!(h.events.take_summaries(), vec!["evict k"]);
    Ok(())
}

#[tokio::test]
async fn reads_and_iteration_skip_expired_records() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("short", 1, expiry(10, 0), CallerProvenance::Backup)
        .await;
    h.put("long", 2, CallerProvenance::Backup).await;
    h.clock.advance(10);

    let mut seen = Vec::new();
    h.store.for_each_boxed(
        &mut |key: &str, _: &Record| seen.push(key.to_owned()),
        false,
    );
    assert_eq!(seen, vec!["long"]);
    assert!(
        h.store.exists_in_memory("short"),
        "for_each_boxed removes nothing"
    );

    let keys = vec!["short".to_owned(), "long".to_owned()];
    let found: Vec<String> = h
        .store
        .get_all(&keys)
        .await?
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    assert_eq!(found, vec!["long"]);
    Ok(())
}

#[tokio::test]
async fn evict_expired_removes_a_share_of_the_expirable_records() {
    let h = Harness::in_memory(RecordStoreConfig::default());
    for key in ["a", "b", "c", "d"] {
        h.put_with(key, 1, expiry(10, 0), CallerProvenance::Client)
            .await;
    }
    for key in ["e", "f", "g", "h"] {
        h.put_with(key, 1, expiry(1_000, 0), CallerProvenance::Client)
            .await;
    }
    h.put("forever", 1, CallerProvenance::Client).await;
    h.events.take();
    let now = START + 10;

    h.store.evict_expired(0, now, false);
    assert_eq!(h.store.size(), 9, "0% evicts nothing");

    h.store.evict_expired(25, now, true);
    assert_eq!(h.store.size(), 7, "25% of the 8 expirable");
    let events = h.events.take_summaries();
    assert_eq!(events.len(), 2);
    assert!(
        events
            .iter()
            .all(|event| event.starts_with("evict") && event.ends_with("backup")),
        "{events:?}"
    );

    h.store.evict_expired(1, now, false);
    assert_eq!(h.store.size(), 6, "at least one");
    assert_eq!(h.events.take_summaries().len(), 1);

    h.store.evict_expired(500, now, false);
    assert_eq!(h.store.size(), 5, "only expired records");
    for key in ["e", "f", "g", "h", "forever"] {
        assert!(h.store.exists_in_memory(key));
    }
}

#[tokio::test]
async fn is_expirable_when_any_record_can_expire() -> anyhow::Result<()> {
    let plain = Harness::in_memory(RecordStoreConfig::default());
    assert!(!plain.store.is_expirable());
    plain.put("k", 1, CallerProvenance::Client).await;
    assert!(!plain.store.is_expirable());
    plain
        .put_with("t", 1, expiry(5, 0), CallerProvenance::Client)
        .await;
    assert!(plain.store.is_expirable());
    plain.store.remove("t", CallerProvenance::Client).await?;
    assert!(!plain.store.is_expirable(), "the policy left with the key");

    let by_default = Harness::in_memory(defaults(0, 5));
    assert!(!by_default.store.is_expirable(), "no record");
    by_default.put("k", 1, CallerProvenance::Client).await;
    assert!(by_default.store.is_expirable());
    Ok(())
}

#[tokio::test]
async fn the_data_store_gets_the_ttl_deadline() -> anyhow::Result<()> {
    let h = Harness::in_memory(RecordStoreConfig::default());
    h.put_with("k", 1, expiry(10, 0), CallerProvenance::Client)
        .await;
    h.put("forever", 1, CallerProvenance::Client).await;
    h.clock.advance(9);
    assert_eq!(h.persisted("k").await, Some(lww(1)));
    h.clock.advance(1);
    assert_eq!(h.persisted("k").await, None);
    h.clock.advance(1_000_000);
    assert_eq!(h.persisted("forever").await, Some(lww(1)));
    Ok(())
}
