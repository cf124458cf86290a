//! [`Shrink`] for the shared types: quickcheck's own shrinking of each field, and enum
//! values first toward their simplest variant.

use std::iter;

use quickcheck::Arbitrary;
use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use super::Shrink;
use crate::interop::Arb;

/// Candidates of quickcheck's shrinking of `fields`, rebuilt into values by `build`.
fn via<F, T>(fields: &F, build: impl Fn(F) -> T + 'static) -> Box<dyn Iterator<Item = T>>
where
    F: Arbitrary,
    T: 'static,
{
    Box::new(fields.shrink().map(build))
}

/// `simplest` first (unless `value` is it), then `rest`.
fn simplest_first<T: Shrink + PartialEq>(
    value: &T,
    rest: Box<dyn Iterator<Item = T>>,
) -> Box<dyn Iterator<Item = T>> {
    let simplest = T::simplest();
    if *value == simplest {
        rest
    } else {
        Box::new(iter::once(simplest).chain(rest))
    }
}

/// The values in `values`, wrapped, for quickcheck's shrinking of collections.
fn wrap<T: Clone>(values: &[T]) -> Vec<Arb<T>> {
    values.iter().cloned().map(Arb).collect()
}

/// The values in `wrapped`, unwrapped.
fn unwrap<T>(wrapped: Vec<Arb<T>>) -> Vec<T> {
    wrapped.into_iter().map(Arb::into_inner).collect()
}

impl Shrink for Value {
    /// `Null` first, then the payload shrunk; arrays and maps also offer each element.
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        let smaller = match self {
            Value::Null => return Box::new(iter::empty()),
            Value::Bool(b) => via(b, Value::Bool),
            Value::Int(i) => via(i, Value::Int),
            Value::Float(f) => via(f, Value::Float),
            Value::String(s) => via(s, Value::String),
            Value::Bytes(b) => via(b, Value::Bytes),
            Value::Array(items) => Box::new(
                items
                    .clone()
                    .into_iter()
                    .chain(via(&wrap(items), |items| Value::Array(unwrap(items)))),
            ),
            Value::Map(map) => {
                let wrapped = map
                    .iter()
                    .map(|(k, v)| (k.clone(), Arb(v.clone())))
                    .collect();
                let shrunk = via(
                    &wrapped,
                    |map: std::collections::BTreeMap<_, Arb<Value>>| {
                        Value::Map(map.into_iter().map(|(k, v)| (k, v.0)).collect())
                    },
                );
                Box::new(
                    map.values()
                        .cloned()
                        .collect::<Vec<_>>()
                        .into_iter()
                        .chain(shrunk),
                )
            }
        };
        Box::new(iter::once(Value::Null).chain(smaller))
    }

    fn simplest() -> Self {
        Value::Null
    }
}

impl Shrink for Timestamp {
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        via(
            &(self.millis, self.counter, self.node_id.clone()),
            |(millis, counter, node_id)| Timestamp {
                millis,
                counter,
                node_id,
            },
        )
    }

    fn simplest() -> Self {
        Timestamp {
            millis: 0,
            counter: 0,
            node_id: String::new(),
        }
    }
}

impl Shrink for OrMapEntry {
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        via(
            &(
                Arb(self.value.clone()),
                self.tag.clone(),
                Arb(self.timestamp.clone()),
            ),
            |(value, tag, timestamp)| OrMapEntry {
                value: value.0,
                tag,
                timestamp: timestamp.0,
            },
        )
    }

    fn simplest() -> Self {
        OrMapEntry {
            value: Value::simplest(),
            tag: String::new(),
            timestamp: Timestamp::simplest(),
        }
    }
}

impl Shrink for RecordValue {
    /// OR-Maps and tombstones first offer the simplest LWW value, then their lists shrunk.
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        match self {
            RecordValue::Lww { value, timestamp } => via(
                &(Arb(value.clone()), Arb(timestamp.clone())),
                |(value, timestamp)| RecordValue::Lww {
                    value: value.0,
                    timestamp: timestamp.0,
                },
            ),
            RecordValue::OrMap { records } => simplest_first(
                self,
                via(&wrap(records), |records| RecordValue::OrMap {
                    records: unwrap(records),
                }),
            ),
            RecordValue::OrTombstones { tags } => {
                simplest_first(self, via(tags, |tags| RecordValue::OrTombstones { tags }))
            }
        }
    }

    fn simplest() -> Self {
        RecordValue::Lww {
            value: Value::simplest(),
            timestamp: Timestamp::simplest(),
        }
    }
}

impl Shrink for RecordMetadata {
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        let m = self;
        let times = (
            m.creation_time,
            m.last_access_time,
            m.last_update_time,
            m.last_stored_time,
        );
        via(
            &(m.version, times, m.hits, m.cost),
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
        )
    }

    fn simplest() -> Self {
        RecordMetadata::new(0, 0)
    }
}

impl Shrink for Record {
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        via(
            &(Arb(self.value.clone()), Arb(self.metadata.clone())),
            |(value, metadata)| Record {
                value: value.0,
                metadata: metadata.0,
            },
        )
    }

    fn simplest() -> Self {
        Record {
            value: RecordValue::simplest(),
            metadata: RecordMetadata::simplest(),
        }
    }
}

impl Shrink for ExpiryPolicy {
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        via(
            &(self.ttl_millis, self.max_idle_millis),
            |(ttl_millis, max_idle_millis)| ExpiryPolicy {
                ttl_millis,
                max_idle_millis,
            },
        )
    }

    fn simplest() -> Self {
        ExpiryPolicy::NONE
    }
}

/// The provenances, simplest first.
const PROVENANCES: [CallerProvenance; 5] = [
    CallerProvenance::Client,
    CallerProvenance::Backup,
    CallerProvenance::Replication,
    CallerProvenance::Load,
    CallerProvenance::CrdtMerge,
];

impl Shrink for CallerProvenance {
    /// The provenances listed before this one, `Client` first.
    fn shrink_value(&self) -> Box<dyn Iterator<Item = Self>> {
        let this = *self;
        Box::new(PROVENANCES.into_iter().take_while(move |p| *p != this))
    }

    fn simplest() -> Self {
        CallerProvenance::Client
    }
}
