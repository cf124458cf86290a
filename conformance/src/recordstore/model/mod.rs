//! The model of a record store under the contract, tolerant of every accepted option of
//! the suite's readings.
//!
//! It holds memory (each record with its key's policy and whether the data store holds
//! its value) and what the data store holds. A step runs once on the store; the model
//! then reads what the kit saw ([`Observed`]) to tell which accepted option the store
//! took wherever the store shows it (the calls it made, the record its engine holds),
//! judges what the property checks against the union of the accepted options, and
//! settles on what the store did. Options the store does not show at once (the expiry
//! boundary, the default policy's merge, a store's state after destroy) are branches of
//! [`crate::readings::Branches`].

mod context;
mod data_store;
mod events;
mod evict;
mod expiry;
mod lifecycle;
mod observed;
mod read;
mod records;
mod remove;
#[cfg(test)]
mod tests;
mod write;

use std::collections::BTreeMap;

use storage_traits::{ExpiryPolicy, Record};

pub use context::{Boundary, Category, Ctx, Merge};
pub use data_store::ModelDataStore;
use expiry::can_expire;
pub use observed::{FailureMirror, Observed, Returned, SeenCall};
pub use records::{Held, Saved};

use crate::doubles::Call;
use crate::readings::Stop;
use crate::recordstore::readings::EXPIRED_EVENT;
use crate::recordstore::{RecordStoreOp, rules};
use events::{Expected, Slot};
use observed::Calls;
use records::KeyOutcome;

/// What a record store must hold and persist after the same operations.
#[derive(Debug, Clone)]
pub struct RecordStoreModel {
    /// The clock reading.
    pub now: i64,
    /// The records in memory, expired ones included.
    pub memory: BTreeMap<String, Held>,
    /// What the data store holds.
    pub store: ModelDataStore,
    /// The map's default expiry policy.
    default: ExpiryPolicy,
    /// Destroyed, on a branch that reads `recordstore_after_destroy` as unusable:
    /// nothing is checked any more.
    destroyed: bool,
}

/// Which copy of a key an operation writes: `put`/`remove` or the backup operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `put`, `remove`.
    Primary,
    /// `put_backup`, `remove_backup`.
    Backup,
}

impl Side {
    fn is_backup(self) -> bool {
        self == Side::Backup
    }
}

/// A record an operation returned, to check once the model settled on what the store
/// holds.
#[derive(Debug, Clone)]
struct ReadBack {
    key: String,
    actual: Record,
    /// A record the operation may also return: the one before its access.
    before_access: BeforeAccess,
    /// Whether it may return the record it leaves in memory (not when it touched it
    /// and `recordstore_touch_timing` is pinned to returning the untouched one).
    stored_allowed: bool,
    rule: crate::property::Rule,
}

/// The record a read may return instead of the one it leaves in memory.
#[derive(Debug, Clone)]
enum BeforeAccess {
    /// None: only the one in memory.
    No,
    /// This record.
    Record(Record),
    /// The one in memory with one hit less (a record loaded and touched, returned
    /// before the touch).
    OneHitLess,
}

/// What one step expects besides what it returns.
#[derive(Debug, Default)]
struct Step {
    /// What it leaves for each key it touches.
    keys: BTreeMap<String, KeyOutcome>,
    /// The notifications it may fire.
    events: Vec<Slot>,
    /// The records it returned.
    read_back: Vec<ReadBack>,
}

impl RecordStoreModel {
    /// An empty store at `now` for `map`, over a data store that keeps values when
    /// `persists`, whose map default expiry policy is `default`.
    pub fn new(map: &str, now: i64, persists: bool, default: ExpiryPolicy) -> Self {
        Self {
            now,
            memory: BTreeMap::new(),
            store: ModelDataStore::new(map, persists),
            default,
            destroyed: false,
        }
    }

    /// Marks the store destroyed for good (the branch's reading of
    /// `recordstore_after_destroy`): later steps check nothing.
    pub fn give_up_after_destroy(&mut self) {
        self.destroyed = true;
    }

    /// Whether the expiry boundary can matter: a record in memory can expire.
    pub fn expiry_matters(&self) -> bool {
        self.memory.values().any(|h| can_expire(&h.policy))
    }

    /// Whether the ways of merging the map default differ for `policy`: a default is
    /// set and `policy` sets one limit only.
    pub fn merge_matters(&self, policy: &ExpiryPolicy) -> bool {
        self.default != ExpiryPolicy::NONE
            && *policy != ExpiryPolicy::NONE
            && (policy.ttl_millis == 0 || policy.max_idle_millis == 0)
    }

    /// `given` combined with the map default as `merge` says.
    fn resolve(&self, given: &ExpiryPolicy, merge: Merge) -> ExpiryPolicy {
        let or_default = |field: u64, default: u64| if field == 0 { default } else { field };
        match merge {
            _ if *given == ExpiryPolicy::NONE => self.default.clone(),
            Merge::WholePolicy => given.clone(),
            Merge::PerField => ExpiryPolicy {
                ttl_millis: or_default(given.ttl_millis, self.default.ttl_millis),
                max_idle_millis: or_default(given.max_idle_millis, self.default.max_idle_millis),
            },
        }
    }

    /// Whether `held` has expired at the model's clock.
    fn has_expired(&self, held: &Held, ctx: &Ctx<'_>) -> bool {
        expiry::expired(&held.policy, &held.record.metadata, self.now, ctx.boundary)
    }

    /// The record of `key` if it has not expired.
    fn live(&self, key: &str, ctx: &Ctx<'_>) -> Option<&Held> {
        self.memory.get(key).filter(|h| !self.has_expired(h, ctx))
    }

    /// The record of `key` if it has expired (and is still in memory).
    fn expired(&self, key: &str, ctx: &Ctx<'_>) -> Option<&Held> {
        self.memory.get(key).filter(|h| self.has_expired(h, ctx))
    }

    /// Runs the step of `op` on this branch: reads what the store did, judges what the
    /// property checks, and settles on it.
    pub fn apply(&mut self, op: &RecordStoreOp, ctx: &Ctx<'_>) -> Result<(), Stop> {
        if self.destroyed {
            return Ok(());
        }
        let mut calls = Calls::new(&ctx.observed.calls);
        let mut step = Step::default();
        match op {
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } => self.put(ctx, &mut calls, &mut step, key, value, expiry, *provenance)?,
            RecordStoreOp::PutBackup {
                key,
                record,
                provenance,
            } => self.put_backup(ctx, &mut calls, &mut step, key, record, *provenance)?,
            RecordStoreOp::Remove { key, provenance } => {
                self.remove(ctx, &mut calls, &mut step, key, *provenance, Side::Primary)?;
            }
            RecordStoreOp::RemoveBackup { key, provenance } => {
                self.remove(ctx, &mut calls, &mut step, key, *provenance, Side::Backup)?;
            }
            RecordStoreOp::Get { key, touch } => {
                self.get(ctx, &mut calls, &mut step, key, *touch)?;
            }
            RecordStoreOp::GetAll(keys) => self.get_all(ctx, &mut calls, &mut step, keys)?,
            RecordStoreOp::Evict { key, is_backup } => {
                self.evict(ctx, &mut calls, &mut step, key, *is_backup)?;
            }
            RecordStoreOp::EvictAll { is_backup } => {
                self.evict_all(ctx, &mut calls, &mut step, *is_backup)?;
            }
            RecordStoreOp::EvictExpired {
                percentage,
                is_backup,
            } => self.evict_expired(ctx, &mut step, *percentage, *is_backup)?,
            RecordStoreOp::Clear { is_backup } => {
                self.clear(ctx, &mut calls, &mut step, *is_backup)?;
            }
            RecordStoreOp::Reset => self.empty(&mut step, Call::Reset),
            RecordStoreOp::Destroy => self.destroy(ctx, &mut step),
            RecordStoreOp::SoftFlush => lifecycle::soft_flush(ctx, &mut calls)?,
            RecordStoreOp::ExistsInMemory(key) => self.exists_in_memory(ctx, key)?,
            RecordStoreOp::Size => self.size(ctx)?,
            RecordStoreOp::HasExpired(key) => self.has_expired_query(ctx, key)?,
            RecordStoreOp::IsExpirable => self.is_expirable(ctx)?,
            RecordStoreOp::ForEach { .. } => self.for_each(ctx)?,
            RecordStoreOp::Advance(millis) => self.now += millis,
            RecordStoreOp::FailNext(..)
            | RecordStoreOp::Heal
            | RecordStoreOp::Walk { .. }
            | RecordStoreOp::FetchPage { .. } => {}
        }
        self.stray_writes(ctx, &calls)?;
        self.settle(ctx, &step.keys)?;
        self.check_read_back(ctx, &step.read_back)?;
        match events::mismatch(&step.events, &ctx.observed.events) {
            Some((rule, expected, actual)) => {
                ctx.judge(Category::Events, false, rule, expected, actual)
            }
            None => Ok(()),
        }
    }

    /// Judges the writing calls no decision of the operation took, and applies those
    /// the data store accepted.
    fn stray_writes(&mut self, ctx: &Ctx<'_>, calls: &Calls<'_>) -> Result<(), Stop> {
        for stray in calls.untaken_writes() {
            ctx.judge(
                Category::Calls,
                false,
                rules::CALLS_NOTHING_ELSE,
                "no such call",
                &stray.call,
            )?;
            if !stray.failed {
                self.store.apply(&stray.call);
            }
        }
        Ok(())
    }

    /// The records reads returned, against what the model settled on (or, where
    /// allowed, the record before the access).
    fn check_read_back(&self, ctx: &Ctx<'_>, read_back: &[ReadBack]) -> Result<(), Stop> {
        for read in read_back {
            let Some(held) = self.memory.get(&read.key) else {
                continue;
            };
            let same = |expected: &Record| records::same_record(expected, &read.actual, ctx.clock);
            let before = match &read.before_access {
                BeforeAccess::No => None,
                BeforeAccess::Record(record) => Some(record.clone()),
                BeforeAccess::OneHitLess => {
                    let mut record = held.record.clone();
                    record.metadata.hits = record.metadata.hits.saturating_sub(1);
                    Some(record)
                }
            };
            let ok =
                (read.stored_allowed && same(&held.record)) || before.as_ref().is_some_and(same);
            let expected = match (&before, read.stored_allowed) {
                (Some(before), true) => format!("{:?} or {before:?}", held.record),
                (Some(before), false) => format!("{before:?}"),
                (None, _) => format!("{:?}", held.record),
            };
            ctx.judge(Category::Metadata, ok, read.rule, expected, &read.actual)?;
        }
        Ok(())
    }
}

/// The notification of an expired record of `key` leaving memory: one of those
/// `recordstore_expired_event` accepts, or none.
pub(super) fn expired_slot(ctx: &Ctx<'_>, key: &str, held: &Held, is_backup: bool) -> Slot {
    let record = ctx.removed(key, &held.record);
    let key_string = key.to_string();
    let mut alternatives = Vec::new();
    if ctx.accepts(&EXPIRED_EVENT, "on_evict") {
        alternatives.push(vec![Expected::exactly(Call::Evict {
            key: key_string.clone(),
            record: record.clone(),
            is_backup,
        })]);
    }
    if ctx.accepts(&EXPIRED_EVENT, "on_remove") {
        alternatives.push(vec![Expected::exactly(Call::Remove {
            key: key_string.clone(),
            record,
            is_backup,
        })]);
    }
    if ctx.accepts(&EXPIRED_EVENT, "silent") {
        alternatives.push(Vec::new());
    }
    Slot {
        key: Some(key_string),
        alternatives,
        rule: rules::EVENT_EXPIRED,
    }
}
