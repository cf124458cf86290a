//! [`MyObservers`]: a composite observer that notifies a list of observers in order.

use std::fmt;
use std::sync::Arc;

use storage_traits::{MutationObserver, Record, RecordValue};

/// A [`MutationObserver`] that passes every notification on to its observers, in the
/// order they were registered, with the arguments unchanged. An observer registered
/// twice is notified twice; a panicking observer's panic reaches the caller and the
/// observers after it are not notified.
#[derive(Clone, Default)]
pub struct MyObservers {
    observers: Vec<Arc<dyn MutationObserver>>,
}

impl MyObservers {
    /// A composite over `observers`, notified in the order given.
    pub fn new(observers: Vec<Arc<dyn MutationObserver>>) -> Self {
        Self { observers }
    }

    /// Registers `observer` after the existing ones.
    pub fn add(&mut self, observer: Arc<dyn MutationObserver>) {
        self.observers.push(observer);
    }

    /// Calls `notify` on every observer, in registration order.
    fn each(&self, notify: impl Fn(&dyn MutationObserver)) {
        for observer in &self.observers {
            notify(observer.as_ref());
        }
    }
}

impl fmt::Debug for MyObservers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MyObservers({} observers)", self.observers.len())
    }
}

impl MutationObserver for MyObservers {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        self.each(|o| o.on_put(key, record, old_value, is_backup));
    }

    fn on_update(
        &self,
        key: &str,
        record: &Record,
        old_value: &RecordValue,
        new_value: &RecordValue,
        is_backup: bool,
    ) {
        self.each(|o| o.on_update(key, record, old_value, new_value, is_backup));
    }

    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_remove(key, record, is_backup));
    }

    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_evict(key, record, is_backup));
    }

    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        self.each(|o| o.on_load(key, record, is_backup));
    }

    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.each(|o| o.on_replication_put(key, record, populate_index));
    }

    fn on_clear(&self) {
        self.each(|o| o.on_clear());
    }

    fn on_reset(&self) {
        self.each(|o| o.on_reset());
    }

    fn on_destroy(&self, is_shutdown: bool) {
        self.each(|o| o.on_destroy(is_shutdown));
    }
}
