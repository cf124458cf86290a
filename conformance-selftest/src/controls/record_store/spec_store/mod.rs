//! [`SpecRecordStore`]: a record store written from the spec alone, independent of the
//! reference implementation, that takes any accepted option of every reading of the
//! record-store suite ([`Choices`]). Each configuration is a correct control: it must
//! pass every record-store property by default and with its choices pinned, and fail
//! under a pin it does not follow.
//!
//! Async operations run one at a time (an async lock held for the whole call, data-store
//! call included), so memory and the data store see writes in the same order; memory
//! changes and their notifications happen under a synchronous lock, which the
//! synchronous operations take too.

mod choices;
mod evict;
mod read;
mod trait_impl;
mod write;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::{Mutex, MutexGuard};
use storage_reference::{Clock, SystemClock};
use storage_traits::{
    ExpiryPolicy, ExpiryReason, MapDataStore, MutationObserver, Record, RecordMetadata,
    RecordValue, StorageEngine,
};

pub use choices::Choices;

use storage_conformance::recordstore::RecordStoreParts;
use storage_conformance::recordstore::readings::{
    AFTER_DESTROY_UNUSABLE, DEFAULT_EXPIRY_WHOLE_POLICY, DIRTY_MARK_STORED_KEPT,
    EXPIRY_BOUNDARY_AFTER_DEADLINE, EXPIRY_REASON, NEW_KEY_VERSION_ONE, WRITE_ACCESS_ACCESS,
};

/// Whether the data store holds a record's latest value, as the store tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saved {
    /// The data store accepted it.
    Yes,
    /// Its caller gave it as clean (a Load put, a backup record kept as given).
    Claimed,
    /// Nobody saved it.
    No,
}

/// What the store keeps about a key besides its record.
#[derive(Debug, Clone)]
struct KeyState {
    policy: ExpiryPolicy,
    saved: Saved,
}

/// A record store from the spec, following [`Choices`]. See the [module docs](self).
pub struct SpecRecordStore {
    name: String,
    partition_id: u32,
    engine: Box<dyn StorageEngine>,
    data_store: Arc<dyn MapDataStore>,
    /// The injected observers, until `init` registers them.
    pending: Vec<Arc<dyn MutationObserver>>,
    /// The observers `init` registered, notified in order.
    observers: Vec<Arc<dyn MutationObserver>>,
    clock: Arc<dyn Clock>,
    default_expiry: ExpiryPolicy,
    max_cost: u64,
    choices: Choices,
    /// The memory lock: every change to the engine and its notification happen under
    /// it. It guards the policy and saved state of every key in memory.
    keys: Mutex<HashMap<String, KeyState>>,
    /// Held by every async operation for its whole call.
    calls: tokio::sync::Mutex<()>,
    destroyed: AtomicBool,
}

impl SpecRecordStore {
    /// The store over the kit's `parts`, on the kit's clock, following `choices`.
    pub fn new(parts: RecordStoreParts, choices: Choices) -> Self {
        let clock: Arc<dyn Clock> = parts.clock.clone();
        Self::with_clock(parts, choices, clock)
    }

    /// The store over the kit's `parts` but on the wall clock, following `choices`:
    /// run it with the capability `recordstore_injected_clock` off.
    pub fn on_wall_clock(parts: RecordStoreParts, choices: Choices) -> Self {
        Self::with_clock(parts, choices, Arc::new(SystemClock))
    }

    fn with_clock(parts: RecordStoreParts, choices: Choices, clock: Arc<dyn Clock>) -> Self {
        Self {
            name: parts.map_name,
            partition_id: parts.partition_id,
            engine: parts.engine,
            data_store: parts.data_store,
            pending: parts.observers,
            observers: Vec::new(),
            clock,
            default_expiry: parts.default_expiry,
            max_cost: parts.max_cost,
            choices,
            keys: Mutex::new(HashMap::new()),
            calls: tokio::sync::Mutex::new(()),
            destroyed: AtomicBool::new(false),
        }
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Notifies every registered observer, in order.
    fn notify(&self, notification: impl Fn(&dyn MutationObserver)) {
        for observer in &self.observers {
            notification(observer.as_ref());
        }
    }

    fn memory(&self) -> MutexGuard<'_, HashMap<String, KeyState>> {
        self.keys.lock()
    }

    /// `Err` once destroyed, where the store reads `recordstore_after_destroy` as
    /// unusable.
    fn usable(&self) -> anyhow::Result<()> {
        if self.destroyed.load(Ordering::SeqCst) && self.choices.takes(AFTER_DESTROY_UNUSABLE) {
            anyhow::bail!(
                "record store of map {:?} (partition {}) was destroyed",
                self.name,
                self.partition_id
            );
        }
        Ok(())
    }

    /// This store's estimate of a record's heap cost: never 0.
    fn cost(key: &str, value: &RecordValue) -> u64 {
        let encoded = serde_json::to_string(value).map_or(0, |json| json.len());
        u64::try_from(64 + key.len() + encoded).unwrap_or(u64::MAX)
    }

    /// A new record of `value` at `now`, at the version the store starts keys at.
    fn fresh(&self, key: &str, value: &RecordValue, now: i64) -> RecordMetadata {
        let mut metadata = RecordMetadata::new(now, Self::cost(key, value));
        if self.choices.takes(NEW_KEY_VERSION_ONE) {
            metadata.version = 1;
        }
        metadata
    }

    /// `old` overwritten at `now` with `value`.
    fn overwritten(
        &self,
        key: &str,
        old: &RecordMetadata,
        value: &RecordValue,
        now: i64,
    ) -> RecordMetadata {
        let mut metadata = old.clone();
        metadata.on_update(now);
        if self.choices.takes(WRITE_ACCESS_ACCESS) {
            metadata.on_access(now);
        }
        metadata.cost = Self::cost(key, value);
        metadata
    }

    /// Marks metadata written at `now` as saved or not.
    fn mark(&self, metadata: &mut RecordMetadata, saved: bool, now: i64) {
        if saved {
            metadata.on_store(now);
        } else if !self.choices.takes(DIRTY_MARK_STORED_KEPT) {
            metadata.last_stored_time = 0;
        }
    }

    /// `given` combined with the map's default.
    fn resolve(&self, given: &ExpiryPolicy) -> ExpiryPolicy {
        if *given == ExpiryPolicy::NONE {
            return self.default_expiry.clone();
        }
        if self.choices.takes(DEFAULT_EXPIRY_WHOLE_POLICY) {
            return given.clone();
        }
        let or = |own: u64, default: u64| if own == 0 { default } else { own };
        ExpiryPolicy {
            ttl_millis: or(given.ttl_millis, self.default_expiry.ttl_millis),
            max_idle_millis: or(given.max_idle_millis, self.default_expiry.max_idle_millis),
        }
    }

    /// Why `record` under `policy` has expired at `now`.
    fn reason(&self, record: &Record, policy: &ExpiryPolicy, now: i64) -> ExpiryReason {
        let after = self.choices.takes(EXPIRY_BOUNDARY_AFTER_DEADLINE);
        let deadline = |since: i64, millis: u64| {
            (millis > 0).then(|| since.saturating_add(i64::try_from(millis).unwrap_or(i64::MAX)))
        };
        let reached = |deadline: Option<i64>| {
            deadline.is_some_and(|d| if after { now > d } else { now >= d })
        };
        let ttl = deadline(record.metadata.creation_time, policy.ttl_millis);
        let idle = deadline(record.metadata.last_access_time, policy.max_idle_millis);
        match (reached(ttl), reached(idle)) {
            (false, false) => ExpiryReason::NotExpired,
            (true, false) => ExpiryReason::Ttl,
            (false, true) => ExpiryReason::MaxIdle,
            (true, true) => match self.choices.of(&EXPIRY_REASON) {
                "max_idle_first" => ExpiryReason::MaxIdle,
                "earliest" if idle < ttl => ExpiryReason::MaxIdle,
                _ => ExpiryReason::Ttl,
            },
        }
    }

    /// The record of `key` and its state, whether or not it has expired.
    fn held(&self, keys: &HashMap<String, KeyState>, key: &str) -> Option<(Record, KeyState)> {
        let record = self.engine.get(key)?;
        let state = keys.get(key).cloned().unwrap_or(KeyState {
            policy: self.default_expiry.clone(),
            saved: Saved::Yes,
        });
        Some((record, state))
    }

    /// Whether `record` under `state` has expired at `now`.
    fn is_expired(&self, record: &Record, state: &KeyState, now: i64) -> bool {
        self.reason(record, &state.policy, now) != ExpiryReason::NotExpired
    }
}
