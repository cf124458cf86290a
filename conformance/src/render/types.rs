//! The shared storage types, printed with the constructors of [`crate::replay`].

use storage_traits::{
    CallerProvenance, ExpiryPolicy, OrMapEntry, Record, RecordMetadata, RecordValue, Timestamp,
    Value,
};

use super::{ToRust, comma_separated};

impl ToRust for Value {
    fn to_rust(&self) -> String {
        match self {
            Value::Null => "Value::Null".to_string(),
            Value::Bool(b) => format!("Value::Bool({b})"),
            Value::Int(i) => format!("Value::Int({})", i.to_rust()),
            Value::Float(f) => format!("Value::Float({})", f.to_rust()),
            Value::String(s) => format!("Value::String({})", owned_string(s)),
            Value::Bytes(bytes) => format!("Value::Bytes(vec![{}])", comma_separated(bytes)),
            Value::Array(items) => format!("Value::Array(vec![{}])", comma_separated(items)),
            // Reads better than the equivalent `BTreeMap::from([])`.
            Value::Map(map) if map.is_empty() => "Value::Map(BTreeMap::new())".to_string(),
            Value::Map(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(key, value)| format!("({}, {})", owned_string(key), value.to_rust()))
                    .collect();
                format!("Value::Map(BTreeMap::from([{}]))", entries.join(", "))
            }
        }
    }
}

/// A `String` expression: `"x".into()`, or `String::new()` for the empty string, since
/// pedantic clippy rejects `"".into()` in the pasted code.
fn owned_string(s: &str) -> String {
    if s.is_empty() {
        "String::new()".to_string()
    } else {
        format!("{}.into()", s.to_rust())
    }
}

impl ToRust for Timestamp {
    fn to_rust(&self) -> String {
        format!(
            "ts({}, {}, {})",
            self.millis.to_rust(),
            self.counter.to_rust(),
            self.node_id.to_rust()
        )
    }
}

impl ToRust for OrMapEntry {
    fn to_rust(&self) -> String {
        format!(
            "entry({}, {}, {})",
            self.value.to_rust(),
            self.tag.to_rust(),
            self.timestamp.to_rust()
        )
    }
}

impl ToRust for RecordValue {
    fn to_rust(&self) -> String {
        match self {
            RecordValue::Lww { value, timestamp } => {
                format!("lww({}, {})", value.to_rust(), timestamp.to_rust())
            }
            RecordValue::OrMap { records } => format!("or_map(vec![{}])", comma_separated(records)),
            RecordValue::OrTombstones { tags } => {
                format!("tombstones(&[{}])", comma_separated(tags))
            }
        }
    }
}

impl ToRust for RecordMetadata {
    /// The short `meta_new(now, cost)` whenever it builds the same metadata, since most
    /// generated and shrunk records are fresh ones.
    fn to_rust(&self) -> String {
        if *self == RecordMetadata::new(self.creation_time, self.cost) {
            return format!(
                "meta_new({}, {})",
                self.creation_time.to_rust(),
                self.cost.to_rust()
            );
        }
        format!(
            "meta({}, {}, {}, {}, {}, {}, {})",
            self.version.to_rust(),
            self.creation_time.to_rust(),
            self.last_access_time.to_rust(),
            self.last_update_time.to_rust(),
            self.last_stored_time.to_rust(),
            self.hits.to_rust(),
            self.cost.to_rust()
        )
    }
}

impl ToRust for Record {
    fn to_rust(&self) -> String {
        format!(
            "record({}, {})",
            self.value.to_rust(),
            self.metadata.to_rust()
        )
    }
}

impl ToRust for ExpiryPolicy {
    fn to_rust(&self) -> String {
        if *self == ExpiryPolicy::NONE {
            return "ExpiryPolicy::NONE".to_string();
        }
        format!(
            "expiry({}, {})",
            self.ttl_millis.to_rust(),
            self.max_idle_millis.to_rust()
        )
    }
}

impl ToRust for CallerProvenance {
    /// `Debug` prints the variant name, which is the variant's path without the type.
    fn to_rust(&self) -> String {
        format!("CallerProvenance::{self:?}")
    }
}
