//! [`UpdateAsPut`]: the observer behind [`RecordStoreFault::OverwriteFiresPutWithoutOldValue`].

use storage_traits::{CompositeMutationObserver, MutationObserver, Record, RecordValue};

#[cfg(doc)]
use super::RecordStoreFault;

/// Reports every update as the put of a new key, without the value it replaced:
/// [`RecordStoreFault::OverwriteFiresPutWithoutOldValue`].
pub(super) struct UpdateAsPut(pub(super) CompositeMutationObserver);

impl MutationObserver for UpdateAsPut {
    fn on_put(&self, key: &str, record: &Record, old_value: Option<&RecordValue>, is_backup: bool) {
        self.0.on_put(key, record, old_value, is_backup);
    }
    fn on_update(&self, key: &str, record: &Record, _: &RecordValue, _: &RecordValue, b: bool) {
        self.0.on_put(key, record, None, b);
    }
    fn on_remove(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_remove(key, record, is_backup);
    }
    fn on_evict(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_evict(key, record, is_backup);
    }
    fn on_load(&self, key: &str, record: &Record, is_backup: bool) {
        self.0.on_load(key, record, is_backup);
    }
    fn on_replication_put(&self, key: &str, record: &Record, populate_index: bool) {
        self.0.on_replication_put(key, record, populate_index);
    }
    fn on_clear(&self) {
        self.0.on_clear();
    }
    fn on_reset(&self) {
        self.0.on_reset();
    }
    fn on_destroy(&self, is_shutdown: bool) {
        self.0.on_destroy(is_shutdown);
    }
}
