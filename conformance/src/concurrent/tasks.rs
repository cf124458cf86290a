//! Runs a concurrent case on tasks: one tokio task per task of the scenario on the
//! property's multi-threaded runtime, against one shared subject (a record store, a
//! data store), started together at a barrier, each recording its calls with the
//! shared clock. The watchdog's tracker is borrowed and tasks must be `'static`, so
//! tasks mark their steps in flight in shared slots and the driving future relays them
//! to the tracker every millisecond.

use std::panic::resume_unwind;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;

use super::clock::LogicalClock;
use super::scenario::{ConcurrentScenario, ThreadOp};
use super::task_history::TaskEvent;
use crate::scenario::StepTracker;

/// An op that the tasks of a concurrent case call on a shared subject `S`.
#[async_trait]
pub trait TaskOp<S: ?Sized + Send + Sync>: ThreadOp {
    /// What a call returns, errors included.
    type Output: Send + 'static;

    /// Calls the op on `subject`.
    async fn call(&self, subject: &S) -> Self::Output;
}

/// The runtime of a property run whose cases have `tasks` tasks: multi-threaded, one
/// worker per task and at least 2, so that tasks run in parallel and not only
/// interleaved.
///
/// # Errors
/// When tokio cannot start, as a message for the report.
pub fn task_runtime(tasks: usize) -> Result<Arc<tokio::runtime::Runtime>, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(tasks.max(2))
        .enable_all()
        .build()
        .map(Arc::new)
        .map_err(|e| format!("the kit could not start tokio: {e}"))
}

/// A slot with no step in flight.
const IDLE: usize = usize::MAX;

/// The steps in flight, one slot per task.
struct InFlight(Vec<AtomicUsize>);

impl InFlight {
    fn relay(&self, tracker: &StepTracker) {
        for (task, slot) in self.0.iter().enumerate() {
            match slot.load(Ordering::SeqCst) {
                IDLE => tracker.leave_on(task),
                step => tracker.enter_on(task, step),
            }
        }
    }
}

/// Runs `scenario` on `subject`, returning the history ordered by invocation. Call it
/// inside the property's runtime. A panic in a task is raised again here, with its
/// message, once every task has finished.
pub async fn run_tasks<S, O>(
    subject: &Arc<S>,
    scenario: &ConcurrentScenario<O>,
    tracker: &StepTracker,
) -> Vec<TaskEvent<O, O::Output>>
where
    S: ?Sized + Send + Sync + 'static,
    O: TaskOp<S>,
{
    let per_thread = scenario.per_thread();
    let clock = Arc::new(LogicalClock::new());
    let barrier = Arc::new(tokio::sync::Barrier::new(per_thread.len()));
    let in_flight = Arc::new(InFlight(
        (0..per_thread.len())
            .map(|_| AtomicUsize::new(IDLE))
            .collect(),
    ));
    let mut handles = Vec::new();
    for (task, ops) in per_thread.iter().enumerate() {
        let ops: Vec<(usize, O)> = ops
            .iter()
            .map(|(step, op)| (*step, (*op).clone()))
            .collect();
        let (subject, clock, barrier, in_flight) = (
            Arc::clone(subject),
            Arc::clone(&clock),
            Arc::clone(&barrier),
            Arc::clone(&in_flight),
        );
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut events = Vec::with_capacity(ops.len());
            for (step, op) in ops {
                in_flight.0[task].store(step, Ordering::SeqCst);
                let invoked = clock.tick();
                let result = op.call(&*subject).await;
                let returned = clock.tick();
                in_flight.0[task].store(IDLE, Ordering::SeqCst);
                events.push(TaskEvent {
                    task,
                    step,
                    op,
                    result,
                    invoked,
                    returned,
                });
            }
            events
        }));
    }
    let mut joined = Box::pin(futures_join(handles));
    let results = loop {
        tokio::select! {
            results = &mut joined => break results,
            () = tokio::time::sleep(Duration::from_millis(1)) => in_flight.relay(tracker),
        }
    };
    in_flight.relay(tracker);
    let mut history = Vec::new();
    for result in results {
        match result {
            Ok(events) => history.extend(events),
            Err(error) => match error.try_into_panic() {
                Ok(payload) => {
                    tracker.enter(tracker.in_flight().first().copied().unwrap_or_default());
                    resume_unwind(payload);
                }
                Err(error) => resume_unwind(Box::new(format!("a task was cancelled: {error}"))),
            },
        }
    }
    history.sort_by_key(|e| e.invoked);
    history
}

/// Awaits every handle, in order.
async fn futures_join<T>(
    handles: Vec<tokio::task::JoinHandle<T>>,
) -> Vec<Result<T, tokio::task::JoinError>> {
    let mut results = Vec::with_capacity(handles.len());
    for handle in handles {
        results.push(handle.await);
    }
    results
}
