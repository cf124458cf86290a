//! The history of a concurrent run on tasks: every call with its invocation and
//! response ticks and what it returned, for any op kind; and what a record-store call
//! returns.

use storage_traits::{Record, RecordValue};

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

/// One completed call of a task: the op `O` and what it returned, `T`.
#[derive(Debug, Clone)]
pub struct TaskEvent<O, T> {
    /// The task that ran it.
    pub task: usize,
    /// The step of the scenario.
    pub step: usize,
    /// The call.
    pub op: O,
    /// What it returned.
    pub result: T,
    /// Clock tick of the invocation.
    pub invoked: u64,
    /// Clock tick of the response.
    pub returned: u64,
}

impl<O, T> TaskEvent<O, T> {
    /// Where the call ran, for reports.
    pub fn origin(&self) -> String {
        format!("task {}, step {}", self.task, self.step)
    }
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
