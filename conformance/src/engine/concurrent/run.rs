//! Runs a concurrent case: one thread per thread of the scenario against one shared
//! engine, started together at a barrier, each recording its calls with the shared
//! clock. A panic in any thread is re-raised after every thread has joined, with its
//! own message, for the runner to report.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Arc, Barrier};

use storage_traits::{IterationCursor, StorageEngine};

use super::history::{Event, Observed};
use crate::concurrent::clock::LogicalClock;
use crate::concurrent::scenario::ConcurrentScenario;
use crate::cursor::{entries_page, keys_page, walk_call_bound};
use crate::engine::{EngineOp, PageKind, bulk_key, bulk_record};
use crate::scenario::StepTracker;

/// A panic caught in a thread, with the step that raised it.
type Caught = (usize, Box<dyn std::any::Any + Send>);

/// Runs `scenario` on `engine` and returns the history, ordered by invocation. A
/// cursor walk stops after the most calls a walk over every key of the case may take,
/// plus one per step of the case (each write beside it may leave one more page), plus
/// one, so that a walk that never finishes is reported rather than looped on.
pub fn run_threads<E: StorageEngine>(
    engine: &Arc<E>,
    scenario: &ConcurrentScenario<EngineOp>,
    tracker: &StepTracker,
    clock: &LogicalClock,
) -> Vec<Event> {
    let per_thread = scenario.per_thread();
    let limit = WalkLimit {
        keys: scenario.keys().len(),
        writes: scenario.steps.len(),
    };
    let barrier = Barrier::new(per_thread.len());
    let results: Vec<Result<Vec<Event>, Caught>> = std::thread::scope(|s| {
        let handles: Vec<_> = per_thread
            .iter()
            .enumerate()
            .map(|(thread, ops)| {
                let engine = Arc::clone(engine);
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let mut events = Vec::with_capacity(ops.len());
                    for &(step, op) in ops {
                        tracker.enter_on(thread, step);
                        let called =
                            catch_unwind(AssertUnwindSafe(|| call(&*engine, op, clock, limit)));
                        let (invoked, observed, returned) = called.map_err(|p| (step, p))?;
                        tracker.leave_on(thread);
                        events.push(Event {
                            thread,
                            step: Some(step),
                            op: op.clone(),
                            observed,
                            invoked,
                            returned,
                        });
                    }
                    Ok(events)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| Err((0, p))))
            .collect()
    });
    let mut history = Vec::new();
    for result in results {
        match result {
            Ok(events) => history.extend(events),
            Err((step, payload)) => {
                tracker.enter(step);
                resume_unwind(payload);
            }
        }
    }
    history.sort_by_key(|e| e.invoked);
    history
}

/// What bounds the calls of a walk in a concurrent case.
#[derive(Debug, Clone, Copy)]
pub struct WalkLimit {
    /// The keys the case touches.
    pub keys: usize,
    /// The writes that may run beside a walk (at most every step of the case).
    pub writes: usize,
}

impl WalkLimit {
    /// The most calls a walk at `size` makes: one more than a sound walk may need.
    fn max_calls(self, size: usize) -> usize {
        walk_call_bound(self.keys, size) + self.writes + 1
    }
}

/// Calls `op` on `engine` between two clock ticks; a walk stops after `limit`'s calls.
pub fn call(
    engine: &dyn StorageEngine,
    op: &EngineOp,
    clock: &LogicalClock,
    limit: WalkLimit,
) -> (u64, Observed, u64) {
    let invoked = clock.tick();
    let observed = match op {
        EngineOp::Put(key, record) => Observed::Record(engine.put(key, record.clone())),
        EngineOp::Get(key) => Observed::Record(engine.get(key)),
        EngineOp::Remove(key) => Observed::Record(engine.remove(key)),
        EngineOp::ContainsKey(key) => Observed::Flag(engine.contains_key(key)),
        EngineOp::Len => Observed::Count(engine.len()),
        EngineOp::IsEmpty => Observed::Flag(engine.is_empty()),
        EngineOp::EstimatedCost => Observed::Cost(engine.estimated_cost()),
        EngineOp::Snapshot => Observed::Entries(engine.snapshot_iter()),
        EngineOp::Samples(n) => Observed::Entries(engine.random_samples(*n)),
        EngineOp::Clear => {
            engine.clear();
            Observed::Nothing
        }
        EngineOp::Destroy => {
            engine.destroy();
            Observed::Nothing
        }
        EngineOp::Walk { size, kind } | EngineOp::FetchPage { size, kind } => {
            Observed::Pages(walk(engine, *size, *kind, limit.max_calls(*size)))
        }
        EngineOp::CompareFetch { size } => {
            Observed::Pages(walk(engine, *size, PageKind::Keys, limit.max_calls(*size)))
        }
        EngineOp::PutMany(count) => {
            for i in 0..*count {
                engine.put(&bulk_key(i), bulk_record(i));
            }
            Observed::Nothing
        }
    };
    (invoked, observed, clock.tick())
}

/// A whole walk of at most `max_calls` calls.
fn walk(
    engine: &dyn StorageEngine,
    size: usize,
    kind: PageKind,
    max_calls: usize,
) -> Vec<crate::cursor::Page> {
    let mut cursor = IterationCursor::start();
    let mut pages = Vec::new();
    while !cursor.finished && pages.len() < max_calls {
        let page = match kind {
            PageKind::Keys => keys_page(engine.fetch_keys(&cursor, size)),
            PageKind::Entries => entries_page(engine.fetch_entries(&cursor, size)),
        };
        cursor = page.next_cursor.clone();
        pages.push(page);
    }
    pages
}
