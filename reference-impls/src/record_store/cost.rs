//! [`estimate_cost`]: the deterministic memory estimate stored in `RecordMetadata::cost`.

use std::mem::size_of;

use storage_traits::{OrMapEntry, Record, RecordValue, Timestamp, Value};

/// Estimated memory, in bytes, that a record for `key` holding `value` takes:
/// `size_of::<Record>()` plus the key's bytes plus every heap byte the value owns,
/// counted recursively through nested values.
///
/// Lengths are used rather than capacities so that equal values always cost the same,
/// whoever built them; the result is never 0.
pub fn estimate_cost(key: &str, value: &RecordValue) -> u64 {
    let bytes = size_of::<Record>() + key.len() + record_value_heap(value);
    u64::try_from(bytes).unwrap_or(u64::MAX)
}

fn record_value_heap(value: &RecordValue) -> usize {
    match value {
        RecordValue::Lww { value, timestamp } => value_heap(value) + timestamp_heap(timestamp),
        RecordValue::OrMap { records } => {
            records.len() * size_of::<OrMapEntry>()
                + records
                    .iter()
                    .map(|entry| {
                        value_heap(&entry.value)
                            + entry.tag.len()
                            + timestamp_heap(&entry.timestamp)
                    })
                    .sum::<usize>()
        }
        RecordValue::OrTombstones { tags } => {
            tags.len() * size_of::<String>() + tags.iter().map(String::len).sum::<usize>()
        }
    }
}

fn timestamp_heap(timestamp: &Timestamp) -> usize {
    timestamp.node_id.len()
}

fn value_heap(value: &Value) -> usize {
    match value {
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => 0,
        Value::String(s) => s.len(),
        Value::Bytes(bytes) => bytes.len(),
        Value::Array(items) => {
            items.len() * size_of::<Value>() + items.iter().map(value_heap).sum::<usize>()
        }
        Value::Map(entries) => {
            entries.len() * (size_of::<String>() + size_of::<Value>())
                + entries
                    .iter()
                    .map(|(key, value)| key.len() + value_heap(value))
                    .sum::<usize>()
        }
    }
}
