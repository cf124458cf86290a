//! The history of a concurrent engine run: every operation with its invocation and
//! response ticks and what it returned.

use storage_traits::Record;

use crate::concurrent::scenario::ThreadOp;
use crate::cursor::Page;
use crate::engine::EngineOp;

/// What an operation returned.
#[derive(Debug)]
pub enum Observed {
    /// `put`, `get` and `remove`: a record or none.
    Record(Option<Record>),
    /// `contains_key` and `is_empty`.
    Flag(bool),
    /// `len`.
    Count(usize),
    /// `estimated_cost`.
    Cost(u64),
    /// `snapshot_iter` and `random_samples`.
    Entries(Vec<(String, Record)>),
    /// A whole cursor walk: its pages, in order.
    Pages(Vec<Page>),
    /// An operation without a result (`clear`, `destroy`).
    Nothing,
}

/// One completed operation of a run.
#[derive(Debug)]
pub struct Event {
    /// The thread that ran it; [`Event::AFTER_JOIN`] for the reads made after every
    /// thread joined.
    pub thread: usize,
    /// The step of the scenario, or `None` for a read made after every thread joined.
    pub step: Option<usize>,
    /// The operation.
    pub op: EngineOp,
    /// What it returned.
    pub observed: Observed,
    /// Clock tick of the invocation.
    pub invoked: u64,
    /// Clock tick of the response.
    pub returned: u64,
}

impl Event {
    /// The thread number of reads made after every thread joined.
    pub const AFTER_JOIN: usize = usize::MAX;

    /// The key of a single-key operation.
    pub fn key(&self) -> Option<&str> {
        ThreadOp::key(&self.op)
    }

    /// Who ran it, for reports: `thread 2, step 7` or `after join`.
    pub fn origin(&self) -> String {
        match self.step {
            Some(step) if self.thread != Self::AFTER_JOIN => {
                format!("thread {}, step {step}", self.thread)
            }
            _ => "after join".to_string(),
        }
    }
}
