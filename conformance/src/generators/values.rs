//! `Value`, `Timestamp`, `OrMapEntry` and `RecordValue`.

use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use storage_traits::{OrMapEntry, RecordValue, Timestamp, Value};

use super::numbers::{any_f64, any_i64, any_u32, any_u64};
use super::text::{any_bytes, any_text, short_text};

/// Any [`Value`], of every variant, nested up to three levels in small arrays and maps.
/// Leaves include NaN, ±infinity, `-0.0`, subnormals, `i64::MIN`/`MAX`, and empty,
/// non-ASCII and (rarely) 4 KiB strings and bytes. Shrinks toward `Value::Null`.
pub fn any_value() -> impl Strategy<Value = Value> + Clone {
    let leaf = prop_oneof![
        Just(Value::Null),
        any_i64().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
        any_f64().prop_map(Value::Float),
        any_text().prop_map(Value::String),
        any_bytes().prop_map(Value::Bytes),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(short_text(), inner, 0..4).prop_map(Value::Map),
        ]
    })
}

/// Any [`Timestamp`]: millis including 0 and `u64::MAX`, counter including `u32::MAX`,
/// node ids including `""` and non-ASCII. Shrinks toward `0:0:a`.
pub fn any_timestamp() -> impl Strategy<Value = Timestamp> + Clone {
    (any_u64(), any_u32(), short_text()).prop_map(|(millis, counter, node_id)| Timestamp {
        millis,
        counter,
        node_id,
    })
}

/// An OR-Map tag: usually one of a few, so tags collide, otherwise any short text.
fn any_tag() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        3 => select(vec!["t1".to_string(), "t2".to_string(), "t3".to_string()]),
        1 => short_text(),
    ]
}

/// Any [`OrMapEntry`].
pub fn any_or_map_entry() -> impl Strategy<Value = OrMapEntry> + Clone {
    (any_value(), any_tag(), any_timestamp()).prop_map(|(value, tag, timestamp)| OrMapEntry {
        value,
        tag,
        timestamp,
    })
}

/// Any [`RecordValue`] of the three variants, LWW first (and so the shrink target),
/// OR-Maps and tombstones with up to three entries.
pub fn any_record_value() -> impl Strategy<Value = RecordValue> + Clone {
    prop_oneof![
        (any_value(), any_timestamp())
            .prop_map(|(value, timestamp)| RecordValue::Lww { value, timestamp }),
        vec(any_or_map_entry(), 0..4).prop_map(|records| RecordValue::OrMap { records }),
        vec(any_tag(), 0..4).prop_map(|tags| RecordValue::OrTombstones { tags }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::sampling::{fully_shrunk, sample};

    /// Every value inside `value`, `value` included, with its nesting depth.
    fn flatten(value: &Value, depth: usize, out: &mut Vec<(usize, Value)>) {
        out.push((depth, value.clone()));
        let children: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            Value::Map(map) => map.values().collect(),
            _ => Vec::new(),
        };
        for child in children {
            flatten(child, depth + 1, out);
        }
    }

    fn sampled_values() -> Vec<(usize, Value)> {
        let mut all = Vec::new();
        for value in sample(&any_value(), 3000) {
            flatten(&value, 0, &mut all);
        }
        all
    }

    #[test]
    fn any_value_reaches_every_variant_and_nesting() {
        let all = sampled_values();
        let variants: std::collections::BTreeSet<_> = all
            .iter()
            .map(|(_, v)| std::mem::discriminant(v))
            .map(|d| format!("{d:?}"))
            .collect();
        assert_eq!(variants.len(), 8, "not every Value variant appears");
        assert!(all.iter().any(|(depth, _)| *depth >= 2), "no nesting");
    }

    #[test]
    fn any_value_reaches_the_awkward_leaves() {
        let all = sampled_values();
        let has = |what: &str, pred: &dyn Fn(&Value) -> bool| {
            assert!(all.iter().any(|(_, v)| pred(v)), "no {what}");
        };
        let float =
            |pred: fn(f64) -> bool| move |v: &Value| matches!(v, Value::Float(f) if pred(*f));
        has("NaN", &float(f64::is_nan));
        has(
            "NaN with a payload",
            &float(|f| f.is_nan() && f.to_bits() != f64::NAN.to_bits()),
        );
        has("+inf", &float(|f| f == f64::INFINITY));
        has("-inf", &float(|f| f == f64::NEG_INFINITY));
        has("-0.0", &float(|f| f.to_bits() == (-0.0f64).to_bits()));
        has("subnormal", &float(f64::is_subnormal));
        has("i64::MIN", &|v| *v == Value::Int(i64::MIN));
        has("i64::MAX", &|v| *v == Value::Int(i64::MAX));
        has("0", &|v| *v == Value::Int(0));
        has(
            "empty string",
            &|v| matches!(v, Value::String(s) if s.is_empty()),
        );
        has(
            "non-ASCII string",
            &|v| matches!(v, Value::String(s) if !s.is_ascii()),
        );
        has(
            "large string",
            &|v| matches!(v, Value::String(s) if s.len() >= 1024),
        );
        has(
            "empty bytes",
            &|v| matches!(v, Value::Bytes(b) if b.is_empty()),
        );
        has(
            "large bytes",
            &|v| matches!(v, Value::Bytes(b) if b.len() >= 1024),
        );
        let large = all
            .iter()
            .filter(|(_, v)| matches!(v, Value::String(s) if s.len() >= 1024))
            .count();
        assert!(large * 20 < all.len(), "large strings are not rare");
    }

    #[test]
    fn any_timestamp_reaches_the_extremes() {
        let stamps = sample(&any_timestamp(), 2000);
        assert!(stamps.iter().any(|t| t.millis == 0));
        assert!(stamps.iter().any(|t| t.millis == u64::MAX));
        assert!(stamps.iter().any(|t| t.counter == u32::MAX));
        assert!(stamps.iter().any(|t| t.node_id.is_empty()));
        assert!(stamps.iter().any(|t| !t.node_id.is_ascii()));
    }

    #[test]
    fn any_record_value_reaches_every_variant() {
        let values = sample(&any_record_value(), 1000);
        assert!(values.iter().any(|v| matches!(v, RecordValue::Lww { .. })));
        assert!(
            values
                .iter()
                .any(|v| matches!(v, RecordValue::OrMap { records } if !records.is_empty()))
        );
        assert!(
            values
                .iter()
                .any(|v| matches!(v, RecordValue::OrTombstones { tags } if !tags.is_empty()))
        );
        assert!(!sample(&any_or_map_entry(), 10).is_empty());
    }

    #[test]
    fn values_shrink_to_the_simplest() {
        assert!(
            fully_shrunk(&any_value(), 200)
                .iter()
                .all(|v| *v == Value::Null)
        );
        let simplest = RecordValue::Lww {
            value: Value::Null,
            timestamp: Timestamp {
                millis: 0,
                counter: 0,
                node_id: "a".to_string(),
            },
        };
        assert!(
            fully_shrunk(&any_record_value(), 200)
                .iter()
                .all(|v| *v == simplest)
        );
    }
}
