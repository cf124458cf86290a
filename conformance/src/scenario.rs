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
}

/// Where a case has got to, shared with the watchdog so that a hang names the step in
/// flight.
#[derive(Debug, Default)]
pub struct StepTracker {
    current: std::sync::atomic::AtomicUsize,
}

impl StepTracker {
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
