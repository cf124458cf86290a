//! The history of a concurrent run on tasks: every call with its invocation and
//! response ticks and what it returned, for any op kind.

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
