//! [`WriteBehindConfig`]: batching, delay and retry settings.

use std::time::Duration;

use anyhow::ensure;

/// How a [`WriteBehindDataStore`](super::WriteBehindDataStore) flushes its queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteBehindConfig {
    /// Most queued operations written per batch (at least 1); the background task
    /// yields between batches so writers and `hard_flush` get a turn.
    pub batch_size: usize,
    /// How long the background task waits after the queue becomes non-empty before it
    /// flushes; `soft_flush` cuts the wait short.
    pub flush_delay: Duration,
    /// Wait before the first retry after a delegate error (greater than zero).
    pub retry_initial_backoff: Duration,
    /// Longest wait between retries; the wait doubles up to it.
    pub retry_max_backoff: Duration,
}

impl WriteBehindConfig {
    /// Rejects settings that would stall the queue or spin on a failing delegate.
    pub(crate) fn validate(&self) -> anyhow::Result<()> {
        ensure!(
            self.batch_size > 0,
            "write-behind batch_size must be at least 1"
        );
        ensure!(
            !self.retry_initial_backoff.is_zero(),
            "write-behind retry_initial_backoff must be greater than zero"
        );
        ensure!(
            self.retry_max_backoff >= self.retry_initial_backoff,
            "write-behind retry_max_backoff must be at least retry_initial_backoff"
        );
        Ok(())
    }
}

impl Default for WriteBehindConfig {
    /// Batches of 100 after one second; retries from 100 ms up to 10 s.
    fn default() -> Self {
        Self {
            batch_size: 100,
            flush_delay: Duration::from_secs(1),
            retry_initial_backoff: Duration::from_millis(100),
            retry_max_backoff: Duration::from_secs(10),
        }
    }
}
