//! Values shared by the unit tests.

use storage_traits::{RecordValue, Timestamp, Value};

/// A distinct LWW value for each `n`.
pub(crate) fn lww(n: i64) -> RecordValue {
    RecordValue::Lww {
        value: Value::Int(n),
        timestamp: Timestamp {
            millis: 1,
            counter: 0,
            node_id: "test".to_owned(),
        },
    }
}
