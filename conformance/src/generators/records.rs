//! `RecordMetadata` and `Record`.

use proptest::prelude::*;
use storage_traits::{Record, RecordMetadata, RecordValue, Value};

use super::numbers::{any_time, any_u32, any_u64};
use super::values::{any_record_value, any_timestamp};

/// Metadata with the cost drawn from `cost`: fresh metadata (`RecordMetadata::new`)
/// first, so shrinking ends there, or every field independent, with `u32::MAX`
/// versions and hits and times from `i64::MIN` to `i64::MAX`.
fn metadata_costing<S>(cost: S) -> impl Strategy<Value = RecordMetadata> + Clone
where
    S: Strategy<Value = u64> + Clone + 'static,
{
    let fresh = (any_time(), cost.clone()).prop_map(|(now, cost)| RecordMetadata::new(now, cost));
    let times = (any_time(), any_time(), any_time(), any_time());
    let any = (any_u32(), times, any_u32(), cost).prop_map(
        |(
            version,
            (creation_time, last_access_time, last_update_time, last_stored_time),
            hits,
            cost,
        )| {
            RecordMetadata {
                version,
                creation_time,
                last_access_time,
                last_update_time,
                last_stored_time,
                hits,
                cost,
            }
        },
    );
    prop_oneof![fresh, any]
}

/// Any [`RecordMetadata`], with costs over the whole `u64` range (small ones common).
pub fn any_metadata() -> impl Strategy<Value = RecordMetadata> + Clone {
    metadata_costing(any_u64())
}

/// Any [`Record`].
pub fn any_record() -> impl Strategy<Value = Record> + Clone {
    (any_record_value(), any_metadata()).prop_map(|(value, metadata)| Record { value, metadata })
}

/// The record [`costed_record`] shrinks to, which minimality passes substitute for a
/// step's record: `record(lww(Value::Int(0), ts(0, 0, "a")), meta_new(0, 1))`.
pub fn simplest_record() -> Record {
    Record {
        value: RecordValue::Lww {
            value: Value::Int(0),
            timestamp: storage_traits::Timestamp {
                millis: 0,
                counter: 0,
                node_id: "a".to_string(),
            },
        },
        metadata: RecordMetadata::new(0, 1),
    }
}

/// A record whose cost is in `1..=1000`, so that summing the costs of many records
/// never overflows `u64` (for cost-accounting properties). Its value is usually a
/// small LWW integer, which keeps shrunk records distinct yet simple: shrinking ends
/// at `record(lww(Value::Int(0), ts(0, 0, "a")), meta_new(0, 1))`.
pub fn costed_record() -> impl Strategy<Value = Record> + Clone {
    let small_int = (0i64..100, any_timestamp()).prop_map(|(int, timestamp)| RecordValue::Lww {
        value: Value::Int(int),
        timestamp,
    });
    let value = prop_oneof![
        3 => small_int,
        1 => any_record_value(),
    ];
    (value, metadata_costing(1u64..=1000)).prop_map(|(value, metadata)| Record { value, metadata })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::sampling::{fully_shrunk, sample};

    #[test]
    fn any_metadata_reaches_the_extremes() {
        let metas = sample(&any_metadata(), 3000);
        let has = |what: &str, pred: &dyn Fn(&RecordMetadata) -> bool| {
            assert!(metas.iter().any(pred), "no {what}");
        };
        has("u32::MAX version", &|m| m.version == u32::MAX);
        has("u32::MAX hits", &|m| m.hits == u32::MAX);
        for time in [i64::MIN, i64::MAX, 0] {
            has("extreme creation time", &|m| m.creation_time == time);
            has("extreme update time", &|m| m.last_update_time == time);
        }
        has("negative access time", &|m| m.last_access_time < 0);
        has("cost 0", &|m| m.cost == 0);
        has("cost u64::MAX", &|m| m.cost == u64::MAX);
        has("fresh metadata", &|m| {
            *m == RecordMetadata::new(m.creation_time, m.cost)
        });
        let small = metas.iter().filter(|m| m.cost < 1000).count();
        assert!(small * 2 > metas.len(), "small costs are not common");
        assert!(!sample(&any_record(), 10).is_empty());
    }

    #[test]
    fn costed_records_cost_little() {
        let records = sample(&costed_record(), 2000);
        assert!(
            records
                .iter()
                .all(|r| (1..=1000).contains(&r.metadata.cost))
        );
        assert!(records.iter().any(|r| r.metadata.version == u32::MAX));
    }

    #[test]
    fn records_shrink_to_the_simplest() {
        assert!(
            fully_shrunk(&any_metadata(), 200)
                .iter()
                .all(|m| *m == RecordMetadata::new(0, 0))
        );
        let simplest = simplest_record();
        assert!(
            fully_shrunk(&costed_record(), 200)
                .iter()
                .all(|r| *r == simplest)
        );
    }
}
