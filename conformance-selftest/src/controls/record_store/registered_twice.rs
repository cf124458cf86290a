//! [`RegisteredTwice`]: the observers behind [`RecordStoreFault::InitRegistersObserversAgain`].

use std::sync::atomic::{AtomicBool, Ordering};

use storage_traits::{CompositeMutationObserver, MutationObserver, Record, RecordValue};

#[cfg(doc)]
use super::RecordStoreFault;

/// The injected observers, registered once at construction, and a second time once
/// [`Self::register_again`] is called: then every notification reaches them twice.
pub(super) struct RegisteredTwice {
    observers: CompositeMutationObserver,
    again: AtomicBool,
}

impl RegisteredTwice {
    /// The injected observers, registered once.
    pub(super) fn new(observers: CompositeMutationObserver) -> Self {
        Self {
            observers,
            again: AtomicBool::new(false),
        }
    }

    /// Registers the observers a second time, as a faulty `init` does.
    pub(super) fn register_again(&self) {
        self.again.store(true, Ordering::SeqCst);
    }

    /// Calls `notify` once per registration.
    fn each(&self, notify: impl Fn(&CompositeMutationObserver)) {
        notify(&self.observers);
        if self.again.load(Ordering::SeqCst) {
            notify(&self.observers);
        }
    }
}

impl MutationObserver for RegisteredTwice {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        self.each(|o| o.on_put(key, record, old_value, is_backup));
    }
    fn on_update(&self, key: &str, record: &Record, old: &RecordValue, new: &RecordValue, b: bool) {
        self.each(|o| o.on_update(key, record, old, new, b));
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
        self.each(CompositeMutationObserver::on_clear);
    }
    fn on_reset(&self) {
        self.each(CompositeMutationObserver::on_reset);
    }
    fn on_destroy(&self, is_shutdown: bool) {
        self.each(|o| o.on_destroy(is_shutdown));
    }
}
