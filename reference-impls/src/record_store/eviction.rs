//! Eviction of clean records and removal of expired ones.

use storage_traits::{ExpiryReason, MutationObserver as _, Record};

use super::expiry::ExpiryPolicies;
use super::store::DefaultRecordStore;

impl DefaultRecordStore {
    /// Evicts `key` if its record is clean, returning the value.
    pub(super) fn evict_clean(&self, key: &str, is_backup: bool) -> Option<Record> {
        let mut policies = self.memory.lock();
        let record = self.engine.get(key)?;
        if record.metadata.is_dirty() {
            return None;
        }
        self.evict_record(&mut policies, key, is_backup)
    }

    /// Evicts every clean record, returning how many.
    pub(super) fn evict_all_clean(&self, is_backup: bool) -> usize {
        let mut policies = self.memory.lock();
        self.engine
            .snapshot_iter()
            .into_iter()
            .filter(|(_, record)| !record.metadata.is_dirty())
            .filter_map(|(key, _)| self.evict_record(&mut policies, &key, is_backup))
            .count()
    }

    /// Evicts records expired at `now`, at most `percentage`% of the expirable ones
    /// but at least one.
    pub(super) fn evict_expired_records(&self, percentage: u32, now: i64, is_backup: bool) {
        if percentage == 0 {
            return;
        }
        let mut policies = self.memory.lock();
        let expirable = policies.expirable_count(self.engine.len());
        let share = expirable * percentage.min(100) as usize / 100;
        let expired: Vec<String> = self
            .engine
            .snapshot_iter()
            .into_iter()
            .filter(|(key, record)| !policies.is_live(key, record, now))
            .map(|(key, _)| key)
            .take(share.max(1))
            .collect();
        for key in expired {
            self.evict_record(&mut policies, &key, is_backup);
        }
    }

    /// Why the record of `key` has expired at `now`; a missing key has not.
    pub(super) fn expiry_reason(&self, key: &str, now: i64) -> ExpiryReason {
        let policies = self.memory.lock();
        self.engine
            .get(key)
            .map_or(ExpiryReason::NotExpired, |record| {
                policies.reason(key, &record, now)
            })
    }

    /// Whether any record in memory can expire.
    pub(super) fn any_expirable(&self) -> bool {
        self.memory.lock().expirable_count(self.engine.len()) > 0
    }

    /// Whether the owned entry cost exceeds the configured limit.
    pub(super) fn over_cost_limit(&self) -> bool {
        self.config.max_cost > 0 && self.engine.estimated_cost() > self.config.max_cost
    }

    /// Removes `key` from memory and reports `on_evict`.
    fn evict_record(
        &self,
        policies: &mut ExpiryPolicies,
        key: &str,
        is_backup: bool,
    ) -> Option<Record> {
        let evicted = self.drop_record(policies, key)?;
        self.observers.on_evict(key, &evicted, is_backup);
        Some(evicted)
    }
}
