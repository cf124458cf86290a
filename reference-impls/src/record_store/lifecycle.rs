//! Emptying and tearing down a store: `clear`, `reset` and `destroy`.

use storage_traits::MutationObserver as _;

use super::store::DefaultRecordStore;

impl DefaultRecordStore {
    /// Removes every record from memory, reports `on_clear` once, and returns how many.
    pub(super) fn clear_memory(&self) -> usize {
        let mut policies = self.memory.lock();
        let removed = self.drop_all(&mut policies);
        self.observers.on_clear();
        removed
    }

    /// Removes every record from memory and reports `on_reset`.
    pub(super) fn reset_memory(&self) {
        let mut policies = self.memory.lock();
        self.drop_all(&mut policies);
        self.observers.on_reset();
    }

    /// Removes every record, destroys the engine and reports `on_destroy(false)`.
    pub(super) fn destroy_memory(&self) {
        let mut policies = self.memory.lock();
        self.drop_all(&mut policies);
        self.engine.destroy();
        self.observers.on_destroy(false);
    }
}
