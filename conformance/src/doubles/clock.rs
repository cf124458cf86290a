//! [`ManualClock`]: the time the kit hands a store, moved only by the kit.

use std::sync::atomic::{AtomicI64, Ordering};

use storage_traits::Clock;

/// A clock in milliseconds since the Unix epoch that only moves when told to; safe to
/// share between threads. The kit gives every store under test one (through the
/// factory's argument or `RecordStoreParts::clock`) and moves it between steps, so that
/// expiry is deterministic; a store reads it with [`ManualClock::now`], or as any
/// [`Clock`].
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

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        ManualClock::now(self)
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new(Self::DEFAULT_START)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_only_when_told() {
        let clock = ManualClock::default();
        assert_eq!(clock.now(), ManualClock::DEFAULT_START);
        clock.advance(5);
        assert_eq!(Clock::now(&clock), ManualClock::DEFAULT_START + 5);
        clock.set(42);
        assert_eq!(clock.now(), 42);
    }
}
