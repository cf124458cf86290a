//! Smaller versions of a value, for the shrinking passes that work outside proptest's
//! value trees (`Scenario::simpler_at`). Proptest shrinks a byte string one element at a
//! time, which a costly case (a concurrent one, run several times per candidate) cannot
//! afford; these candidates cut a value in half, empty it or replace it with one of its
//! parts, so a kilobyte value shrinks in a few accepted candidates.
//!
//! Every candidate is strictly smaller than the value (fewer nodes, shorter texts,
//! numbers nearer zero), so a pass that keeps taking candidates ends.

use std::collections::BTreeMap;

use storage_traits::{OrMapEntry, RecordValue, Timestamp, Value};

/// The halves of a sequence of more than one item, then the empty sequence.
fn cuts<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    let mut cut = Vec::new();
    if items.is_empty() {
        return cut;
    }
    cut.push(Vec::new());
    if items.len() > 1 {
        let half = items.len() / 2;
        cut.push(items[..half].to_vec());
        cut.push(items[half..].to_vec());
    }
    cut
}

/// Smaller versions of `value`, the biggest cuts first: `Null`, then shorter strings,
/// bytes, arrays and maps, one of an array's or map's items in its place, numbers
/// nearer zero, and each item of an array or map made smaller.
pub fn smaller_values(value: &Value) -> Vec<Value> {
    let mut smaller = Vec::new();
    if matches!(value, Value::Null) {
        return smaller;
    }
    smaller.push(Value::Null);
    match value {
        Value::Null => {}
        Value::Bool(b) => {
            if *b {
                smaller.push(Value::Bool(false));
            }
        }
        Value::Int(i) => {
            smaller.extend([0, i / 2].into_iter().filter(|n| n != i).map(Value::Int));
        }
        Value::Float(f) => {
            if f.to_bits() != 0 {
                smaller.push(Value::Float(0.0));
            }
        }
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            smaller.extend(
                cuts(&chars)
                    .into_iter()
                    .map(|c| Value::String(c.into_iter().collect())),
            );
        }
        Value::Bytes(bytes) => smaller.extend(cuts(bytes).into_iter().map(Value::Bytes)),
        Value::Array(items) => {
            smaller.extend(cuts(items).into_iter().map(Value::Array));
            smaller.extend(items.iter().cloned());
            for (index, item) in items.iter().enumerate() {
                smaller.extend(smaller_values(item).into_iter().map(|item| {
                    let mut items = items.clone();
                    items[index] = item;
                    Value::Array(items)
                }));
            }
        }
        Value::Map(map) => {
            let entries: Vec<(String, Value)> = map.clone().into_iter().collect();
            smaller.extend(
                cuts(&entries)
                    .into_iter()
                    .map(|cut| Value::Map(cut.into_iter().collect::<BTreeMap<_, _>>())),
            );
            smaller.extend(map.values().cloned());
            for (key, item) in map {
                smaller.extend(smaller_values(item).into_iter().map(|item| {
                    let mut map = map.clone();
                    map.insert(key.clone(), item);
                    Value::Map(map)
                }));
            }
        }
    }
    smaller.dedup_by(|a, b| a.same_as(b));
    smaller
}

/// The timestamp every simplified value takes: `ts(0, 0, "a")`.
fn simplest_timestamp() -> Timestamp {
    Timestamp {
        millis: 0,
        counter: 0,
        node_id: "a".to_string(),
    }
}

/// Smaller versions of `value`, the biggest cuts first: an LWW value of `Null` (the
/// generators' shrink target), fewer OR-Map entries or tags, the simplest timestamp,
/// then each value inside made smaller.
pub fn smaller_record_values(value: &RecordValue) -> Vec<RecordValue> {
    let simplest = RecordValue::Lww {
        value: Value::Null,
        timestamp: simplest_timestamp(),
    };
    let mut smaller = Vec::new();
    if value.same_as(&simplest) {
        return smaller;
    }
    if !matches!(value, RecordValue::Lww { .. }) {
        smaller.push(simplest);
    }
    match value {
        RecordValue::Lww { value, timestamp } => {
            if *timestamp != simplest_timestamp() {
                smaller.push(RecordValue::Lww {
                    value: value.clone(),
                    timestamp: simplest_timestamp(),
                });
            }
            smaller.extend(
                smaller_values(value)
                    .into_iter()
                    .map(|value| RecordValue::Lww {
                        value,
                        timestamp: timestamp.clone(),
                    }),
            );
        }
        RecordValue::OrMap { records } => {
            smaller.extend(
                cuts(records)
                    .into_iter()
                    .map(|records| RecordValue::OrMap { records }),
            );
            for (index, entry) in records.iter().enumerate() {
                smaller.extend(smaller_values(&entry.value).into_iter().map(|value| {
                    let mut records = records.clone();
                    records[index] = OrMapEntry {
                        value,
                        ..entry.clone()
                    };
                    RecordValue::OrMap { records }
                }));
            }
        }
        RecordValue::OrTombstones { tags } => {
            smaller.extend(
                cuts(tags)
                    .into_iter()
                    .map(|tags| RecordValue::OrTombstones { tags }),
            );
        }
    }
    smaller
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::generators::any_record_value;

    /// A measure every candidate must lower: nodes, plus lengths, plus how far numbers
    /// are from zero (in bits), plus a timestamp's distance from the simplest.
    fn size(value: &Value) -> u128 {
        1 + match value {
            Value::Null => 0,
            Value::Bool(b) => u128::from(*b) + 1,
            Value::Int(i) => 1 + u128::from(64 - i.unsigned_abs().leading_zeros()),
            Value::Float(f) => 1 + u128::from(f.to_bits() != 0),
            Value::String(s) => 1 + s.chars().count() as u128,
            Value::Bytes(b) => 1 + b.len() as u128,
            Value::Array(items) => 1 + items.iter().map(size).sum::<u128>(),
            Value::Map(map) => 1 + map.values().map(size).sum::<u128>() + map.len() as u128,
        }
    }

    fn record_size(value: &RecordValue) -> u128 {
        match value {
            RecordValue::Lww { value, timestamp } => {
                size(value) + u128::from(*timestamp != simplest_timestamp())
            }
            RecordValue::OrMap { records } => {
                2 + records.iter().map(|e| 1 + size(&e.value)).sum::<u128>()
            }
            RecordValue::OrTombstones { tags } => 2 + tags.len() as u128,
        }
    }

    proptest! {
        #[test]
        fn every_candidate_is_smaller(value in any_record_value()) {
            for candidate in smaller_record_values(&value) {
                prop_assert!(
                    record_size(&candidate) < record_size(&value),
                    "{candidate:?} is not smaller than {value:?}"
                );
            }
        }
    }

    #[test]
    fn a_kilobyte_of_bytes_shrinks_to_one_in_a_few_steps() {
        // A failure that needs a non-empty byte string: the pass takes the first
        // candidate that still fails, as the runner's minimality pass does.
        let fails = |v: &Value| matches!(v, Value::Bytes(b) if !b.is_empty());
        let mut value = Value::Bytes((0..=255).cycle().take(1000).collect());
        let mut steps = 0;
        while let Some(smaller) = smaller_values(&value).into_iter().find(|v| fails(v)) {
            value = smaller;
            steps += 1;
        }
        assert_eq!(value, Value::Bytes(vec![0]));
        assert!(steps <= 10, "{steps} steps");
    }
}
