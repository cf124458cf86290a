//! Through proptest: `arbitrary::<T>()` strategies and `any::<Arb<T>>()`.

use proptest::prelude::*;
use storage_conformance::interop::Arb;
use storage_conformance::interop::proptest::arbitrary;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use super::laws;

proptest! {
    #[test]
    fn value(value in arbitrary::<Value>()) {
        prop_assert!(laws::value_round_trips(&value));
    }

    #[test]
    fn timestamp(a in arbitrary::<Timestamp>(), Arb(b) in any::<Arb<Timestamp>>()) {
        prop_assert!(laws::timestamp_round_trips_and_orders_by_fields(&a, &b));
    }

    #[test]
    fn record_value(Arb(value) in any::<Arb<RecordValue>>()) {
        prop_assert!(laws::record_value_round_trips(&value));
    }

    #[test]
    fn or_map_entry(entry in arbitrary::<OrMapEntry>()) {
        prop_assert!(laws::or_map_entry_round_trips(&entry));
    }

    #[test]
    fn record(record in any::<Arb<Record>>()) {
        prop_assert!(laws::record_is_the_same_as_its_clone(&record));
    }

    #[test]
    fn record_metadata(metadata in arbitrary::<RecordMetadata>()) {
        prop_assert!(laws::metadata_counters_saturate(&metadata));
    }

    #[test]
    fn expiry_policy(Arb(policy) in any::<Arb<ExpiryPolicy>>()) {
        prop_assert!(laws::expiry_policy_is_none_only_without_limits(&policy));
    }

    #[test]
    fn caller_provenance(provenance in arbitrary::<CallerProvenance>()) {
        prop_assert!(laws::provenance_is_one_of_five(provenance));
    }
}
