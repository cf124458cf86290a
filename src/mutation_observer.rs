//! Mutation notifications: [`MutationObserver`] and the fan-out [`CompositeMutationObserver`].

use std::sync::Arc;

use crate::record::{Record, RecordValue};

/// Observer for record mutations within a RecordStore.
///
/// A record store calls these after its engine holds the new state.
pub trait MutationObserver: Send + Sync {
    /// A key was written; `old_value` is the value it replaced, if any.
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool);
    /// An existing key was overwritten with `new_value`, replacing `old_value`.
    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    );
    /// A key was removed; `record` is the removed record.
    fn on_remove(&self, key: &str, record: &Record, is_backup: bool);
    /// A key was evicted from memory (expiry or memory pressure).
    fn on_evict(&self, key: &str, record: &Record, is_backup: bool);
    /// A key was loaded from the MapDataStore into memory.
    fn on_load(&self, key: &str, record: &Record, is_backup: bool);
    /// A record arrived through replication.
    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool);
    /// The record store was cleared.
    fn on_clear(&self);
    /// The record store was reset to its initial state.
    fn on_reset(&self);
    /// The record store was destroyed; `is_shutdown` is true on node shutdown.
    fn on_destroy(&self, is_shutdown: bool);
}

/// Composite observer that fans out to multiple observers.
///
/// Every notification reaches every registered observer exactly once, in registration
/// order, with its arguments unchanged. An observer registered twice is called twice.
/// A panicking observer is not caught: the panic propagates to the caller and the
/// observers after it are not called (observers must not panic).
#[derive(Default, Clone)]
pub struct CompositeMutationObserver {
    observers: Vec<Arc<dyn MutationObserver>>,
}

impl CompositeMutationObserver {
    /// A composite over `observers`, notified in the order given.
    #[must_use]
    pub fn new(observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self { observers }
    }

    /// Registers `observer` after the existing ones.
    pub fn add(&mut self, observer: Arc<dyn MutationObserver>) {
        self.observers.push(observer);
    }

    /// The number of registered observers.
    pub fn len(&self) -> usize {
        self.observers.len()
    }

    /// Whether no observer is registered.
    pub fn is_empty(&self) -> bool {
        self.observers.is_empty()
    }
}

impl std::fmt::Debug for CompositeMutationObserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompositeMutationObserver")
            .field("observers", &self.observers.len())
            .finish()
    }
}

impl MutationObserver for CompositeMutationObserver {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        for observer in &self.observers {
            observer.on_put(key, record, old_value, is_backup);
        }
    }

    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    ) {
        for observer in &self.observers {
            observer.on_update(key, record, old_value, new_value, is_backup);
        }
    }

    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        for observer in &self.observers {
            observer.on_remove(key, record, is_backup);
        }
    }

    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        for observer in &self.observers {
            observer.on_evict(key, record, is_backup);
        }
    }

    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        for observer in &self.observers {
            observer.on_load(key, record, is_backup);
        }
    }

    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        for observer in &self.observers {
            observer.on_replication_put(key, record, populate_index);
        }
    }

    fn on_clear(&self) {
        for observer in &self.observers {
            observer.on_clear();
        }
    }

    fn on_reset(&self) {
        for observer in &self.observers {
            observer.on_reset();
        }
    }

    fn on_destroy(&self, is_shutdown: bool) {
        for observer in &self.observers {
            observer.on_destroy(is_shutdown);
        }
    }
}
