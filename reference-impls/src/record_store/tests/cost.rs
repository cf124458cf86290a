//! The cost estimate.

use std::collections::BTreeMap;

use storage_traits::{OrMapEntry, RecordValue, Timestamp, Value};

use super::support::lww;
use crate::record_store::estimate_cost;

fn stamp() -> Timestamp {
    Timestamp {
        millis: 1,
        counter: 0,
        node_id: "n".to_owned(),
    }
}

fn lww_of(value: Value) -> RecordValue {
    RecordValue::Lww {
        value,
        timestamp: stamp(),
    }
}

#[test]
fn cost_is_positive_and_deterministic() {
    assert!(estimate_cost("", &RecordValue::OrTombstones { tags: vec![] }) > 0);
    assert_eq!(estimate_cost("k", &lww(1)), estimate_cost("k", &lww(1)));
}

#[test]
fn cost_counts_key_bytes_and_nested_heap_bytes() {
    let short = estimate_cost("k", &lww(1));
    assert_eq!(estimate_cost("kkk", &lww(1)), short + 2);

    let text = |s: &str| lww_of(Value::String(s.to_owned()));
    assert_eq!(
        estimate_cost("k", &text("abcd")) - estimate_cost("k", &text("")),
        4
    );

    let nested = |s: &str| {
        lww_of(Value::Map(BTreeMap::from([(
            "field".to_owned(),
            Value::Array(vec![Value::Bytes(s.as_bytes().to_vec())]),
        )])))
    };
    assert_eq!(
        estimate_cost("k", &nested("abcdef")) - estimate_cost("k", &nested("")),
        6
    );
    assert!(estimate_cost("k", &nested("")) > estimate_cost("k", &lww_of(Value::Null)));
}

#[test]
fn cost_grows_with_or_map_entries_and_tombstones() {
    let entry = |tag: &str| OrMapEntry {
        value: Value::Int(1),
        tag: tag.to_owned(),
        timestamp: stamp(),
    };
    let one = RecordValue::OrMap {
        records: vec![entry("a")],
    };
    let two = RecordValue::OrMap {
        records: vec![entry("a"), entry("b")],
    };
    assert!(estimate_cost("k", &two) > estimate_cost("k", &one));

    let tags = |n: usize| RecordValue::OrTombstones {
        tags: vec!["t".to_owned(); n],
    };
    assert!(estimate_cost("k", &tags(2)) > estimate_cost("k", &tags(1)));
}
