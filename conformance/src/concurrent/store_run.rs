//! Runs a concurrent record-store case: one tokio task per task of the scenario on the
//! property's multi-threaded runtime, against one shared store, started together at a
//! barrier, each recording its calls with the shared clock. The watchdog's tracker is
//! borrowed and tasks must be `'static`, so tasks mark their steps in flight in shared
//! slots and the driving future relays them to the tracker every millisecond.

use std::panic::resume_unwind;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use storage_traits::{CallerProvenance, ExpiryPolicy, RecordStore};

use super::clock::LogicalClock;
use super::scenario::ConcurrentScenario;
use super::store_history::{StoreEvent, StoreResult};
use crate::recordstore::RecordStoreOp;
use crate::scenario::StepTracker;

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

/// Runs `scenario` on `store`, returning the history ordered by invocation. Call it
/// inside the property's runtime. A panic in a task is raised again here, with its
/// message, once every task has finished.
pub async fn run_tasks<R>(
    store: &Arc<Box<R>>,
    scenario: &ConcurrentScenario<RecordStoreOp>,
    tracker: &StepTracker,
) -> Vec<StoreEvent>
where
    R: RecordStore + ?Sized + 'static,
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
        let ops: Vec<(usize, RecordStoreOp)> = ops
            .iter()
            .map(|(step, op)| (*step, (*op).clone()))
            .collect();
        let (store, clock, barrier, in_flight) = (
            Arc::clone(store),
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
                let result = call(&**store, &op).await;
                let returned = clock.tick();
                in_flight.0[task].store(IDLE, Ordering::SeqCst);
                events.push(StoreEvent {
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

/// Calls `op` on `store`. The concurrent suites draw puts, removes and gets only.
pub async fn call<R: RecordStore + ?Sized>(store: &R, op: &RecordStoreOp) -> StoreResult {
    let result = match op {
        RecordStoreOp::Put {
            key,
            value,
            expiry,
            provenance,
        } => store
            .put(key, value.clone(), expiry.clone(), *provenance)
            .await
            .map(StoreResult::Value),
        RecordStoreOp::Remove { key, provenance } => {
            store.remove(key, *provenance).await.map(StoreResult::Value)
        }
        RecordStoreOp::Get { key, touch } => store.get(key, *touch).await.map(StoreResult::Record),
        _ => Ok(StoreResult::Nothing),
    };
    result.unwrap_or_else(|e| StoreResult::Error(format!("{e:#}")))
}

/// A client put of `value` without expiry, for the strategies.
pub fn client_put(key: String, value: storage_traits::RecordValue) -> RecordStoreOp {
    RecordStoreOp::Put {
        key,
        value,
        expiry: ExpiryPolicy::NONE,
        provenance: CallerProvenance::Client,
    }
}
