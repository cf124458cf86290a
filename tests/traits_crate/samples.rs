//! Values shared by the wire tests: one of each `RecordValue` variant and the
//! awkward `Value`s (NaN, infinities, `-0.0`, integer extremes, empty and non-ASCII text,
//! deep nesting).

use std::collections::BTreeMap;

use storage_traits::{OrMapEntry, RecordValue, Timestamp, Value};

pub fn ts(millis: u64, counter: u32, node_id: &str) -> Timestamp {
    Timestamp {
        millis,
        counter,
        node_id: node_id.to_string(),
    }
}

/// Every `Value` shape the wire must carry unchanged.
pub fn awkward_values() -> Vec<Value> {
    let mut deep = Value::Int(0);
    for depth in 0..40 {
        deep = Value::Map(BTreeMap::from([(format!("level{depth}"), deep)]));
    }
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Int(i64::MIN),
        Value::Int(i64::MAX),
        Value::Int(0),
        Value::Float(f64::NAN),
        Value::Float(f64::INFINITY),
        Value::Float(f64::NEG_INFINITY),
        Value::Float(-0.0),
        Value::Float(f64::MIN_POSITIVE),
        Value::String(String::new()),
        Value::String("ключ-キー-🔑".to_string()),
        Value::Bytes(vec![]),
        Value::Bytes(vec![0, 255, 128]),
        Value::Array(vec![Value::Null, Value::Array(vec![])]),
        Value::Map(BTreeMap::from([
            (String::new(), Value::Null),
            ("ünïcödé".to_string(), Value::Float(f64::NAN)),
        ])),
        deep,
    ]
}

/// One `RecordValue` per variant, named for the golden files.
pub fn golden_record_values() -> Vec<(&'static str, RecordValue)> {
    vec![
        (
            "lww",
            RecordValue::Lww {
                value: Value::String("v".to_string()),
                timestamp: ts(1_700_000_000_000, 3, "node-a"),
            },
        ),
        (
            "or_map",
            RecordValue::OrMap {
                records: vec![OrMapEntry {
                    value: Value::Int(-7),
                    tag: "t1".to_string(),
                    timestamp: ts(5, 0, "n"),
                }],
            },
        ),
        (
            "or_tombstones",
            RecordValue::OrTombstones {
                tags: vec!["t1".to_string(), String::new()],
            },
        ),
    ]
}
