//! [`Clock`]: where a store reads the time from.
//!
//! Not a trait of the specification: the spec's records carry wall-clock times
//! (`RecordMetadata::creation_time`, …) and its data stores judge expiry by the time,
//! but it does not say where a store reads it. Stores that take a `Clock` let tests
//! (and the conformance kit's `ManualClock`) move time deterministically.

/// A source of the current time in milliseconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// The current time in milliseconds since the Unix epoch.
    fn now(&self) -> i64;
}
