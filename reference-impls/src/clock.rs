//! Sources of the current time, in milliseconds since the Unix epoch.
//!
//! Stores take an `Arc<dyn Clock>` instead of reading the wall clock so that tests
//! (and the conformance kit) can drive expiry deterministically with [`ManualClock`].

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A source of the current time in milliseconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// The current time in milliseconds since the Unix epoch.
    fn now(&self) -> i64;
}

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        // A clock set before 1970 is reported as 0 rather than failing every operation.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A clock that only moves when told to; safe to share between threads.
#[derive(Debug)]
pub struct ManualClock {
    millis: AtomicI64,
}

impl ManualClock {
    /// The time a [`ManualClock::default`] starts at: well after 0, so a record created
    /// at the start time is dirty until stored (`RecordMetadata::is_dirty`).
    pub const DEFAULT_START: i64 = 1_000_000;

    /// A clock reading `start`.
    pub fn new(start: i64) -> Self {
        Self {
            millis: AtomicI64::new(start),
        }
    }

    /// The current reading.
    pub fn now(&self) -> i64 {
        self.millis.load(Ordering::SeqCst)
    }

    /// Sets the reading to `t` (it may move backwards).
    pub fn set(&self, t: i64) {
        self.millis.store(t, Ordering::SeqCst);
    }

    /// Moves the reading forward by `millis` (backwards when negative).
    pub fn advance(&self, millis: i64) {
        self.millis.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new(Self::DEFAULT_START)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        ManualClock::now(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = ManualClock::default();
        assert_eq!(clock.now(), ManualClock::DEFAULT_START);
        clock.advance(5);
        assert_eq!(Clock::now(&clock), ManualClock::DEFAULT_START + 5);
        clock.set(42);
        assert_eq!(clock.now(), 42);
    }

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > 1_577_836_800_000);
    }
}
