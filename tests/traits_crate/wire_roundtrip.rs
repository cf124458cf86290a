//! `RecordValue` and `OrMapEntry` survive MessagePack (named and compact) and JSON.
//! JSON has no NaN or infinities: those floats round-trip through MessagePack only, and
//! JSON refuses them on the way back instead of inventing a value.

use serde::Serialize;
use serde::de::DeserializeOwned;
use storage_traits::{OrMapEntry, RecordValue, Value};

use crate::samples::{awkward_values, golden_record_values, ts};

fn msgpack_named<T: Serialize + DeserializeOwned>(value: &T) -> T {
    rmp_serde::from_slice(&rmp_serde::to_vec_named(value).unwrap()).unwrap()
}

fn msgpack_compact<T: Serialize + DeserializeOwned>(value: &T) -> T {
    rmp_serde::from_slice(&rmp_serde::to_vec(value).unwrap()).unwrap()
}

fn json<T: Serialize + DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn has_non_finite_float(value: &Value) -> bool {
    match value {
        Value::Float(f) => !f.is_finite(),
        Value::Array(items) => items.iter().any(has_non_finite_float),
        Value::Map(entries) => entries.values().any(has_non_finite_float),
        _ => false,
    }
}

fn record_values() -> Vec<RecordValue> {
    let mut all: Vec<RecordValue> = golden_record_values().into_iter().map(|(_, v)| v).collect();
    for (i, value) in awkward_values().into_iter().enumerate() {
        all.push(RecordValue::Lww {
            value: value.clone(),
            timestamp: ts(u64::MAX, u32::MAX, "ノード"),
        });
        all.push(RecordValue::OrMap {
            records: vec![entry(value, i)],
        });
    }
    all
}

fn entry(value: Value, i: usize) -> OrMapEntry {
    OrMapEntry {
        value,
        tag: format!("tag-{i}"),
        timestamp: ts(i as u64, 0, ""),
    }
}

#[test]
fn record_values_round_trip_through_msgpack_named_and_compact() {
    for value in record_values() {
        assert!(msgpack_named(&value).same_as(&value), "named: {value:?}");
        assert!(
            msgpack_compact(&value).same_as(&value),
            "compact: {value:?}"
        );
    }
}

#[test]
fn or_map_entries_round_trip_through_every_format() {
    for (i, value) in awkward_values().into_iter().enumerate() {
        let e = entry(value, i);
        assert!(msgpack_named(&e).same_as(&e), "named: {e:?}");
        assert!(msgpack_compact(&e).same_as(&e), "compact: {e:?}");
        if !has_non_finite_float(&e.value) {
            assert!(json(&e).same_as(&e), "json: {e:?}");
        }
    }
}

#[test]
fn finite_record_values_round_trip_through_json() {
    let finite: Vec<RecordValue> = record_values()
        .into_iter()
        .filter(|v| match v {
            RecordValue::Lww { value, .. } => !has_non_finite_float(value),
            RecordValue::OrMap { records } => {
                !records.iter().any(|e| has_non_finite_float(&e.value))
            }
            RecordValue::OrTombstones { .. } => true,
        })
        .collect();
    assert!(finite.len() > 20);
    for value in finite {
        assert!(json(&value).same_as(&value), "json: {value:?}");
    }
}

#[test]
fn json_refuses_non_finite_floats_instead_of_corrupting_them() {
    let nan = RecordValue::Lww {
        value: Value::Float(f64::NAN),
        timestamp: ts(1, 1, "n"),
    };
    let text = serde_json::to_string(&nan).unwrap();
    assert!(
        serde_json::from_str::<RecordValue>(&text).is_err(),
        "{text}"
    );
}

#[test]
fn names_are_camel_case_and_the_enum_is_externally_tagged() {
    let text = serde_json::to_string(&golden_record_values()).unwrap();
    for name in [
        "\"lww\"",
        "\"orMap\"",
        "\"orTombstones\"",
        "\"nodeId\"",
        "\"timestamp\"",
        "\"tag\"",
    ] {
        assert!(text.contains(name), "{name} missing from {text}");
    }
    let lww = serde_json::to_value(&golden_record_values()[0].1).unwrap();
    assert_eq!(
        lww.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["lww".to_string()])
    );
}
