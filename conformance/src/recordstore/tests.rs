//! Unit tests of the suite's own parts: expiry arithmetic, the model's metadata, the
//! generated mixes, and the shrinking helpers.

use storage_traits::{CallerProvenance, ExpiryPolicy, ExpiryReason, RecordMetadata};

use super::expiry::{expiration_time, reason};
use super::model::RecordStoreModel;
use super::ops::RecordStoreOp;
use super::parts::Backend;
use super::scenario::RecordStoreScenario;
use super::strategies;
use crate::generators::sampling::sample;
use crate::replay::{lww, record, ts};
use crate::scenario::Scenario;
use storage_traits::Value;

fn policy(ttl_millis: u64, max_idle_millis: u64) -> ExpiryPolicy {
    ExpiryPolicy {
        ttl_millis,
        max_idle_millis,
    }
}

#[test]
fn deadlines_are_reached_at_now_equal_deadline_and_ttl_comes_first() {
    let mut metadata = RecordMetadata::new(100, 1);
    metadata.last_access_time = 105;
    assert_eq!(
        reason(&policy(10, 0), &metadata, 109),
        ExpiryReason::NotExpired
    );
    assert_eq!(reason(&policy(10, 0), &metadata, 110), ExpiryReason::Ttl);
    assert_eq!(
        reason(&policy(0, 5), &metadata, 109),
        ExpiryReason::NotExpired
    );
    assert_eq!(reason(&policy(0, 5), &metadata, 110), ExpiryReason::MaxIdle);
    assert_eq!(reason(&policy(10, 5), &metadata, 110), ExpiryReason::Ttl);
    assert_eq!(
        reason(&policy(u64::MAX, 0), &metadata, i64::MAX - 1),
        ExpiryReason::NotExpired
    );
    assert_eq!(expiration_time(&policy(10, 5), 100), 110);
    assert_eq!(expiration_time(&policy(0, 5), 100), 0);
}

#[test]
fn the_model_follows_the_metadata_rules() {
    let mut model = RecordStoreModel::new("map", 1_000, true, ExpiryPolicy::NONE);
    let value = lww(Value::Int(1), ts(1, 0, "n"));
    let client = CallerProvenance::Client;
    assert_eq!(
        model.put("k", &value, &ExpiryPolicy::NONE, client),
        Ok(None)
    );
    model.now = 1_005;
    model.put("k", &value, &ExpiryPolicy::NONE, client).ok();
    let Ok(Some(read)) = model.get("k", true) else {
        panic!("no record");
    };
    let metadata = read.metadata;
    assert_eq!((metadata.version, metadata.hits), (1, 1));
    assert_eq!(metadata.creation_time, 1_000);
    assert_eq!(
        (metadata.last_update_time, metadata.last_access_time),
        (1_005, 1_005)
    );
    assert!(!metadata.is_dirty());

    let mut saturated = RecordMetadata::new(1, 1);
    saturated.version = u32::MAX;
    saturated.hits = u32::MAX;
    let backup = record(value.clone(), saturated);
    model
        .put_backup("b", &backup, CallerProvenance::Backup)
        .ok();
    model
        .put(
            "b",
            &value,
            &ExpiryPolicy::NONE,
            CallerProvenance::Replication,
        )
        .ok();
    let Ok(Some(read)) = model.get("b", true) else {
        panic!("no record");
    };
    assert_eq!(
        (read.metadata.version, read.metadata.hits),
        (u32::MAX, u32::MAX)
    );
    assert!(read.metadata.is_dirty());
}

#[test]
fn the_mixes_reach_saturated_backups_short_policies_and_every_backend() {
    let cases = sample(&strategies::metadata(), 200);
    let saturated = cases.iter().flat_map(|c| &c.ops).any(|op| {
        matches!(op, RecordStoreOp::PutBackup { record, .. } if record.metadata.hits == u32::MAX)
    });
    assert!(saturated, "no backup record at u32::MAX hits");
    let expiring = sample(&strategies::expiry(), 200);
    let ttl = expiring
        .iter()
        .flat_map(|c| &c.ops)
        .any(|op| matches!(op, RecordStoreOp::Put { expiry, .. } if expiry.ttl_millis > 0));
    assert!(ttl, "no put with a TTL");
    let backends: Vec<Backend> = sample(&strategies::values(), 200)
        .iter()
        .map(|c| c.backend)
        .collect();
    for backend in [Backend::InMemory, Backend::Null, Backend::WriteBehind] {
        assert!(backends.contains(&backend), "never {backend:?}");
    }
}

#[test]
fn shrinking_renames_a_key_in_every_step() {
    let remove = |key: &str| RecordStoreOp::Remove {
        key: key.to_string(),
        provenance: CallerProvenance::Client,
    };
    let scenario = RecordStoreScenario::new(
        Backend::InMemory,
        vec![
            remove("zz"),
            RecordStoreOp::GetAll(vec!["zz".to_string()]),
            remove("zz"),
        ],
    );
    let renamed = scenario.simpler_at(0).into_iter().any(|s| {
        matches!(&s.ops[..], [RecordStoreOp::Remove { key: a, .. }, RecordStoreOp::GetAll(keys), RecordStoreOp::Remove { key: b, .. }]
            if a == "a" && b == "a" && keys == &["a".to_string()])
    });
    assert!(renamed);
}

#[test]
fn a_map_default_is_rendered_into_the_parts_call() {
    let mut scenario = RecordStoreScenario::new(Backend::Null, Vec::new());
    assert!(
        scenario
            .to_rust("f", None)
            .contains("record_store_parts(Backend::Null)")
    );
    scenario.default_expiry = policy(3, 0);
    assert!(
        scenario
            .to_rust("f", None)
            .contains("record_store_parts_with_defaults(Backend::Null, expiry(3, 0))")
    );
}
