//! A generated case as a sequence of steps: what the runner shrinks and renders.

use std::fmt::Debug;

/// A generated case made of steps, which the runner can shorten one step at a time and
/// print as Rust code.
pub trait Scenario: Clone + Debug + Send + Sync + 'static {
    /// The number of steps.
    fn step_count(&self) -> usize;

    /// The same case without step `index` (`index < step_count()`). Every such case must
    /// still be a valid case: the minimality pass removes steps anywhere.
    fn without_step(&self, index: usize) -> Self;

    /// Simpler versions of the case that differ in step `index` only (a simpler key,
    /// value or size). The minimality pass tries them after removing steps, which gets
    /// shrinking out of local minima where no single step can go until another is
    /// simplified. The default offers none.
    fn simpler_at(&self, _index: usize) -> Vec<Self> {
        Vec::new()
    }

    /// The case as Rust code that replays it against `subject`, the source text of the
    /// implementation's factory. `failing_step`, when known, is marked in the code.
    fn to_rust(&self, subject: &str, failing_step: Option<usize>) -> String;

    /// How many times shrinking runs a smaller candidate before deciding that it does
    /// not fail: 1 for deterministic cases; more for cases whose failure shows in some
    /// runs only (races), so that shrinking tolerates their flakiness.
    fn shrink_attempts(&self) -> u32 {
        1
    }

    /// Step `index` in a few words, for reports that name the operations in flight when
    /// a case hung. The default names the index only.
    fn describe_step(&self, index: usize) -> String {
        format!("step {index}")
    }
}

/// The most threads of one case whose steps in flight a [`StepTracker`] follows.
pub const MAX_TRACKED_THREADS: usize = 64;

/// A thread slot with no step in flight.
const IDLE: usize = usize::MAX;

/// Where a case has got to, shared with the watchdog so that a hang names the step in
/// flight: one step for a sequential case, one per thread for a concurrent one. The
/// slots are atomics, so tracking adds no lock between a concurrent case's operations.
#[derive(Debug)]
pub struct StepTracker {
    current: std::sync::atomic::AtomicUsize,
    threads: [std::sync::atomic::AtomicUsize; MAX_TRACKED_THREADS],
}

impl Default for StepTracker {
    fn default() -> Self {
        Self {
            current: std::sync::atomic::AtomicUsize::new(0),
            threads: [const { std::sync::atomic::AtomicUsize::new(IDLE) }; MAX_TRACKED_THREADS],
        }
    }
}

impl StepTracker {
    /// Records that `thread` of a concurrent case is about to run step `index`.
    /// Threads beyond [`MAX_TRACKED_THREADS`] are followed through `current` only.
    pub fn enter_on(&self, thread: usize, index: usize) {
        self.enter(index);
        if let Some(slot) = self.threads.get(thread) {
            slot.store(index, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// Records that `thread` has finished its step.
    pub fn leave_on(&self, thread: usize) {
        if let Some(slot) = self.threads.get(thread) {
            slot.store(IDLE, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The steps in flight: one per busy thread of a concurrent case, else the last
    /// step entered.
    pub fn in_flight(&self) -> Vec<usize> {
        let busy: Vec<usize> = self
            .threads
            .iter()
            .map(|slot| slot.load(std::sync::atomic::Ordering::SeqCst))
            .filter(|step| *step != IDLE)
            .collect();
        if busy.is_empty() {
            vec![self.current()]
        } else {
            busy
        }
    }

    /// Records that step `index` is about to run.
    pub fn enter(&self, index: usize) {
        self.current
            .store(index, std::sync::atomic::Ordering::SeqCst);
    }

    /// The last step entered.
    pub fn current(&self) -> usize {
        self.current.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_in_flight_are_one_per_busy_thread_or_the_last_entered() {
        let tracker = StepTracker::default();
        tracker.enter(2);
        assert_eq!(tracker.in_flight(), vec![2]);
        tracker.enter_on(0, 3);
        tracker.enter_on(2, 5);
        assert_eq!(tracker.in_flight(), vec![3, 5]);
        tracker.leave_on(0);
        assert_eq!(tracker.in_flight(), vec![5]);
        tracker.leave_on(2);
        assert_eq!(tracker.in_flight(), vec![5]);
        tracker.enter_on(MAX_TRACKED_THREADS, 9);
        assert_eq!(tracker.current(), 9);
    }
}
