//! What a record-store call of a concurrent case returned, and the history of such calls.

use storage_traits::{Record, RecordValue};

use crate::concurrent::task_history::TaskEvent;
use crate::recordstore::RecordStoreOp;

/// What a record-store call returned.
#[derive(Debug, Clone)]
pub enum StoreResult {
    /// `put` and `remove`: the replaced or removed value.
    Value(Option<RecordValue>),
    /// `get`: the record.
    Record(Option<Record>),
    /// The call returned `Err`.
    Error(String),
    /// A call the concurrent suites do not draw.
    Nothing,
}

/// One completed record-store call.
pub type StoreEvent = TaskEvent<RecordStoreOp, StoreResult>;

impl StoreEvent {
    /// The call and its result on one line, for reports.
    pub fn describe(&self) -> String {
        let call = match &self.op {
            RecordStoreOp::Put { key, .. } => format!("put({key:?})"),
            RecordStoreOp::Remove { key, .. } => format!("remove({key:?})"),
            RecordStoreOp::Get { key, touch } => format!("get({key:?}, touch: {touch})"),
            other => format!("{other:?}"),
        };
        let result = match &self.result {
            StoreResult::Value(value) => format!("Ok({value:?})"),
            StoreResult::Record(None) => "Ok(None)".to_string(),
            StoreResult::Record(Some(record)) => format!(
                "Ok(Some(version {}, hits {}))",
                record.metadata.version, record.metadata.hits
            ),
            StoreResult::Error(e) => format!("Err({e})"),
            StoreResult::Nothing => "()".to_string(),
        };
        format!(
            "[{:>4}..{:>4}] {}: {call} -> {result}",
            self.invoked,
            self.returned,
            self.origin()
        )
    }
}
