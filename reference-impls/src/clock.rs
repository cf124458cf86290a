//! Sources of the current time, in milliseconds since the Unix epoch.
//!
//! Stores take an `Arc<dyn Clock>` instead of reading the wall clock so that tests
//! (with the conformance kit's `ManualClock`) can drive expiry deterministically.

use std::time::{SystemTime, UNIX_EPOCH};

pub use storage_traits::Clock;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_clock_is_after_2020() {
        assert!(SystemClock.now() > 1_577_836_800_000);
    }
}
