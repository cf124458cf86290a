//! The short constructors of the shared types that rendered values call (`ts`, `lww`,
//! `meta`, …), re-exported by [`crate::replay`] for pasted counterexamples.

use storage_traits::{
    ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp, Value,
};

/// The timestamp `millis:counter:node_id`.
pub fn ts(millis: u64, counter: u32, node_id: &str) -> Timestamp {
    Timestamp {
        millis,
        counter,
        node_id: node_id.to_string(),
    }
}

/// An OR-Map entry holding `value` under `tag`, added at `timestamp`.
pub fn entry(value: Value, tag: &str, timestamp: Timestamp) -> OrMapEntry {
    OrMapEntry {
        value,
        tag: tag.to_string(),
        timestamp,
    }
}

/// A last-write-wins value written at `timestamp`.
pub fn lww(value: Value, timestamp: Timestamp) -> RecordValue {
    RecordValue::Lww { value, timestamp }
}

/// An OR-Map value with the live `records`.
pub fn or_map(records: Vec<OrMapEntry>) -> RecordValue {
    RecordValue::OrMap { records }
}

/// OR-Map tombstones for the removed `tags`.
pub fn tombstones(tags: &[&str]) -> RecordValue {
    RecordValue::OrTombstones {
        tags: tags.iter().map(ToString::to_string).collect(),
    }
}

/// Metadata with every field given, in declaration order.
pub fn meta(
    version: u32,
    creation_time: i64,
    last_access_time: i64,
    last_update_time: i64,
    last_stored_time: i64,
    hits: u32,
    cost: u64,
) -> RecordMetadata {
    RecordMetadata {
        version,
        creation_time,
        last_access_time,
        last_update_time,
        last_stored_time,
        hits,
        cost,
    }
}

/// The metadata of a record created at `now`: [`RecordMetadata::new`].
pub fn meta_new(now: i64, cost: u64) -> RecordMetadata {
    RecordMetadata::new(now, cost)
}

/// A record of `value` with `metadata`.
pub fn record(value: RecordValue, metadata: RecordMetadata) -> Record {
    Record { value, metadata }
}

/// An expiry policy; `expiry(0, 0)` is [`ExpiryPolicy::NONE`].
pub fn expiry(ttl_millis: u64, max_idle_millis: u64) -> ExpiryPolicy {
    ExpiryPolicy {
        ttl_millis,
        max_idle_millis,
    }
}
