//! Per-record expiry: the policy each key was given, and when a record expires under it.

use std::collections::HashMap;

use storage_traits::{ExpiryPolicy, ExpiryReason, Record, RecordMetadata};

/// The expiry policy of every key in memory.
///
/// Only policies that differ from the map's default are stored, so a key without an
/// entry has the default and "any record can expire" is cheap to answer.
#[derive(Debug)]
pub(super) struct ExpiryPolicies {
    default: ExpiryPolicy,
    overrides: HashMap<String, ExpiryPolicy>,
}

impl ExpiryPolicies {
    pub(super) fn new(default: ExpiryPolicy) -> Self {
        Self {
            default,
            overrides: HashMap::new(),
        }
    }

    /// `given` with each field that is 0 replaced by the default's.
    pub(super) fn resolve(&self, given: &ExpiryPolicy) -> ExpiryPolicy {
        let or_default = |field: u64, default: u64| if field == 0 { default } else { field };
        ExpiryPolicy {
            ttl_millis: or_default(given.ttl_millis, self.default.ttl_millis),
            max_idle_millis: or_default(given.max_idle_millis, self.default.max_idle_millis),
        }
    }

    /// The policy `key` has: the one it was given, or the default.
    pub(super) fn policy(&self, key: &str) -> &ExpiryPolicy {
        self.overrides.get(key).unwrap_or(&self.default)
    }

    /// Gives `key` the resolved `policy`.
    pub(super) fn set(&mut self, key: &str, policy: ExpiryPolicy) {
        if policy == self.default {
            self.overrides.remove(key);
        } else {
            self.overrides.insert(key.to_owned(), policy);
        }
    }

    /// Drops the policy of a key that left memory.
    pub(super) fn forget(&mut self, key: &str) {
        self.overrides.remove(key);
    }

    /// Drops every policy, when memory is emptied.
    pub(super) fn clear(&mut self) {
        self.overrides.clear();
    }

    /// How many of the `len` records in memory can expire.
    pub(super) fn expirable_count(&self, len: usize) -> usize {
        if can_expire(&self.default) {
            len
        } else {
            // Overrides differ from a default that never expires, so each one can.
            self.overrides.len()
        }
    }

    /// Why `record`, stored under `key`, has expired at `now`, if it has.
    pub(super) fn reason(&self, key: &str, record: &Record, now: i64) -> ExpiryReason {
        reason(self.policy(key), &record.metadata, now)
    }

    /// Whether `record`, stored under `key`, has not expired at `now`.
    pub(super) fn is_live(&self, key: &str, record: &Record, now: i64) -> bool {
        self.reason(key, record, now) == ExpiryReason::NotExpired
    }
}

/// Whether a record under `policy` can expire at all.
fn can_expire(policy: &ExpiryPolicy) -> bool {
    policy.ttl_millis > 0 || policy.max_idle_millis > 0
}

/// `since + millis`, or `None` when `millis` is 0 (no limit).
fn deadline(since: i64, millis: u64) -> Option<i64> {
    (millis > 0).then(|| since.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX)))
}

/// Why a record with `metadata` under `policy` has expired at `now`: TTL, counted from
/// creation, wins over max idle, counted from the last access; a deadline is reached
/// when `now >= deadline`.
fn reason(policy: &ExpiryPolicy, metadata: &RecordMetadata, now: i64) -> ExpiryReason {
    let reached = |deadline: Option<i64>| deadline.is_some_and(|deadline| now >= deadline);
    if reached(deadline(metadata.creation_time, policy.ttl_millis)) {
        ExpiryReason::Ttl
    } else if reached(deadline(metadata.last_access_time, policy.max_idle_millis)) {
        ExpiryReason::MaxIdle
    } else {
        ExpiryReason::NotExpired
    }
}

/// The absolute expiration time handed to the data store: the TTL deadline, or 0 when
/// the policy has no TTL. Max idle is not passed on: the data store has no notion of
/// access.
pub(super) fn expiration_time(policy: &ExpiryPolicy, creation_time: i64) -> i64 {
    deadline(creation_time, policy.ttl_millis).unwrap_or(0)
}
