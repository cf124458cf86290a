//! Through quickcheck: `Arb<T>` as a property's argument. The root package enables the
//! kit's `quickcheck` feature for its tests, so `cargo test --workspace` runs these.

use std::sync::Mutex;

use quickcheck::{Gen, QuickCheck, quickcheck};
use storage_conformance::interop::Arb;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use super::laws;

quickcheck! {
    fn value(value: Arb<Value>) -> bool {
        laws::value_round_trips(&value)
    }

    fn timestamp(a: Arb<Timestamp>, b: Arb<Timestamp>) -> bool {
        laws::timestamp_round_trips_and_orders_by_fields(&a, &b)
    }

    fn record_value(value: Arb<RecordValue>) -> bool {
        laws::record_value_round_trips(&value)
    }

    fn or_map_entry(entry: Arb<OrMapEntry>) -> bool {
        laws::or_map_entry_round_trips(&entry)
    }

    fn record(record: Arb<Record>) -> bool {
        laws::record_is_the_same_as_its_clone(&record)
    }

    fn record_metadata(metadata: Arb<RecordMetadata>) -> bool {
        laws::metadata_counters_saturate(&metadata)
    }

    fn expiry_policy(policy: Arb<ExpiryPolicy>) -> bool {
        laws::expiry_policy_is_none_only_without_limits(&policy)
    }

    fn caller_provenance(provenance: Arb<CallerProvenance>) -> bool {
        laws::provenance_is_one_of_five(provenance.0)
    }
}

/// The last record a failing property was called with: after shrinking, the minimal one.
static LAST_FAILING: Mutex<Option<Record>> = Mutex::new(None);

/// Fails for LWW records holding an integer of at least 10.
fn small_lww_integers_only(record: Arb<Record>) -> bool {
    let fails = matches!(record.value, RecordValue::Lww { value: Value::Int(n), .. } if n >= 10);
    if fails {
        *LAST_FAILING.lock().unwrap() = Some(record.0);
    }
    !fails
}

#[test]
fn a_failing_record_shrinks_field_by_field_to_the_minimal_one() {
    let result = QuickCheck::new()
        .rng(Gen::from_size_and_seed(100, 11))
        .tests(2000)
        .quicktest(small_lww_integers_only as fn(Arb<Record>) -> bool);
    assert!(result.is_err(), "no failing record in 2000 cases");
    let minimal = LAST_FAILING.lock().unwrap().clone();
    let expected = Record {
        value: RecordValue::Lww {
            value: Value::Int(10),
            timestamp: Timestamp {
                millis: 0,
                counter: 0,
                node_id: String::new(),
            },
        },
        metadata: RecordMetadata::new(0, 0),
    };
    assert_eq!(minimal, Some(expected));
}
