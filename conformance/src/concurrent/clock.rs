//! The clock of a concurrent history: one shared atomic counter, ticked at every
//! invocation and every response.

use std::sync::atomic::{AtomicU64, Ordering};

/// A monotonic logical clock shared by the threads of one run. Ticks come from one
/// atomic read-modify-write location, whose modification order agrees with real time:
/// when a call's response tick is smaller than another call's invocation tick, the
/// first call returned before the second was invoked. Ticks are unique, so no two
/// events tie.
#[derive(Debug, Default)]
pub struct LogicalClock {
    next: AtomicU64,
}

impl LogicalClock {
    /// A clock at 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// The next tick.
    pub fn tick(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_unique_and_increasing() {
        let clock = LogicalClock::new();
        let (a, b, c) = (clock.tick(), clock.tick(), clock.tick());
        assert!(a < b && b < c);
    }
}
