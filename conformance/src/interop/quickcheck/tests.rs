use std::fmt::Debug;

use quickcheck::{Arbitrary, Gen};
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use super::Shrink;
use crate::interop::Arb;

/// Draws 300 values of `T`; for each, follows the first shrink candidate until there is
/// none, and checks that the chain is short and ends at the simplest value, which has no
/// candidates itself.
fn first_shrinks_end_at_the_simplest<T: Shrink + PartialEq + Debug>() {
    let simplest = T::simplest();
    assert_eq!(simplest.shrink_value().count(), 0, "{simplest:?} shrinks");
    let mut g = Gen::from_size_and_seed(32, 7);
    for _ in 0..300 {
        let mut value = Arb::<T>::arbitrary(&mut g).0;
        for _ in 0..1000 {
            match value.shrink_value().next() {
                Some(next) => value = next,
                None => break,
            }
        }
        assert_eq!(value, simplest);
    }
}

#[test]
fn every_type_shrinks_to_its_simplest_value() {
    first_shrinks_end_at_the_simplest::<Value>();
    first_shrinks_end_at_the_simplest::<Timestamp>();
    first_shrinks_end_at_the_simplest::<RecordValue>();
    first_shrinks_end_at_the_simplest::<OrMapEntry>();
    first_shrinks_end_at_the_simplest::<Record>();
    first_shrinks_end_at_the_simplest::<RecordMetadata>();
    first_shrinks_end_at_the_simplest::<ExpiryPolicy>();
    first_shrinks_end_at_the_simplest::<CallerProvenance>();
}

/// Whether `value` or a value nested in it satisfies `pred`.
fn any_nested(value: &Value, pred: &dyn Fn(&Value) -> bool) -> bool {
    pred(value)
        || match value {
            Value::Array(items) => items.iter().any(|v| any_nested(v, pred)),
            Value::Map(map) => map.values().any(|v| any_nested(v, pred)),
            _ => false,
        }
}

#[test]
fn generation_reaches_the_awkward_values() {
    let mut g = Gen::from_size_and_seed(32, 7);
    let values: Vec<Value> = (0..3000)
        .map(|_| Arb::<Value>::arbitrary(&mut g).0)
        .collect();
    let has = |pred: &dyn Fn(&Value) -> bool| values.iter().any(|v| any_nested(v, pred));
    assert!(has(&|v| matches!(v, Value::Float(f) if f.is_nan())));
    assert!(has(&|v| *v == Value::Int(i64::MIN)));
    assert!(has(&|v| matches!(v, Value::String(s) if !s.is_ascii())));
    let provenances: Vec<CallerProvenance> = (0..200)
        .map(|_| Arb::<CallerProvenance>::arbitrary(&mut g).0)
        .collect();
    assert!(provenances.contains(&CallerProvenance::CrdtMerge));
}

#[test]
fn containers_offer_their_elements() {
    let inner = Value::Array(vec![Value::Int(7)]);
    let outer = Value::Map([("k".to_string(), inner.clone())].into());
    let candidates: Vec<Value> = outer.shrink_value().collect();
    assert_eq!(candidates.first(), Some(&Value::Null));
    assert!(candidates.contains(&inner));
    let tombstones = RecordValue::OrTombstones {
        tags: vec!["t".to_string()],
    };
    assert_eq!(
        tombstones.shrink_value().next(),
        Some(RecordValue::simplest())
    );
    assert_eq!(CallerProvenance::Load.shrink_value().count(), 3);
}
