//! One law per shared type, true of every value: the tests check them through each
//! framework.

use serde::{Serialize, de::DeserializeOwned};
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

/// `value` after a round trip through named MessagePack, the persisted format.
fn round_trip<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let bytes = rmp_serde::to_vec_named(value).expect("encodes");
    rmp_serde::from_slice(&bytes).expect("decodes")
}

pub fn value_round_trips(value: &Value) -> bool {
    round_trip(value).same_as(value)
}

pub fn timestamp_round_trips_and_orders_by_fields(a: &Timestamp, b: &Timestamp) -> bool {
    let fields = |t: &Timestamp| (t.millis, t.counter, t.node_id.clone());
    round_trip(a) == *a && a.cmp(b) == fields(a).cmp(&fields(b))
}

pub fn record_value_round_trips(value: &RecordValue) -> bool {
    round_trip(value).same_as(value)
}

pub fn or_map_entry_round_trips(entry: &OrMapEntry) -> bool {
    round_trip(entry).same_as(entry)
}

pub fn record_is_the_same_as_its_clone(record: &Record) -> bool {
    record.same_as(&record.clone())
}

pub fn metadata_counters_saturate(metadata: &RecordMetadata) -> bool {
    let mut touched = metadata.clone();
    touched.on_access(1);
    touched.on_update(2);
    touched.hits == metadata.hits.saturating_add(1)
        && touched.version == metadata.version.saturating_add(1)
        && touched.last_access_time == 1
        && touched.last_update_time == 2
}

pub fn expiry_policy_is_none_only_without_limits(policy: &ExpiryPolicy) -> bool {
    (*policy == ExpiryPolicy::NONE) == (policy.ttl_millis == 0 && policy.max_idle_millis == 0)
}

pub fn provenance_is_one_of_five(provenance: CallerProvenance) -> bool {
    matches!(
        provenance,
        CallerProvenance::Client
            | CallerProvenance::Backup
            | CallerProvenance::Replication
            | CallerProvenance::Load
            | CallerProvenance::CrdtMerge
    )
}
