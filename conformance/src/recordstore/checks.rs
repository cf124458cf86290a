//! What a record-store property compares, the rules it states, and the comparisons.

use storage_traits::{Record, RecordValue};

use crate::doubles::Call;
use crate::failure::Violation;

/// Which comparisons a property makes after each op (cursor walks are always checked).
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Every op's `Ok`/`Err` and returned values against the model.
    pub returns: bool,
    /// After every op, the engine's records against the model's, metadata included
    /// (cost aside); `get` and `get_all` return the model's records.
    pub metadata: bool,
    /// After every op, each record's dirty flag against the model's.
    pub dirty: bool,
    /// After every op, the new notifications against the model's.
    pub events: bool,
    /// After every op, the data-store calls so far against the model's.
    pub calls: bool,
    /// After every op, `owned_entry_cost() == storage().estimated_cost()` and every
    /// stored record costs more than 0.
    pub cost: bool,
    /// `has_expired`, `is_expirable`, `evict_expired` and `for_each_boxed` against the
    /// model.
    pub expiry: bool,
    /// After every op, `should_evict()` against the injected cost limit and
    /// `owned_entry_cost()`.
    pub should_evict: bool,
    /// Right after `init()` and after every op, `name()` and `partition_id()` against
    /// the injected ones.
    pub identity: bool,
    /// Right after `init()`, the store is empty, and neither a notification nor a
    /// data-store call has been made.
    pub init: bool,
}

/// The rules the record-store properties state.
pub mod rules {
    /// Ok or Err.
    pub const OK_OR_ERR: &str =
        "an operation returns Err exactly when a data-store call it makes fails";
    /// put.
    pub const PUT_RETURNS: &str = "put returns the live value the key held in memory, or None";
    /// remove.
    pub const REMOVE_RETURNS: &str =
        "remove returns the live value the key held in memory, or None";
    /// get.
    pub const GET_RETURNS: &str = "get returns the live value in memory, else the value the data store holds, else None: no acknowledged write is lost";
    /// get_all.
    pub const GET_ALL_RETURNS: &str = "get_all returns each distinct requested key found (in memory or loaded) once, in request order";
    /// exists_in_memory.
    pub const EXISTS: &str = "exists_in_memory is true exactly for keys held in memory";
    /// size.
    pub const SIZE: &str =
        "size is the number of records in memory, and is_empty() == (size() == 0)";
    /// evict.
    pub const EVICT_RETURNS: &str =
        "evict removes and returns a clean record only, and leaves a dirty one in memory";
    /// evict_all.
    pub const EVICT_ALL_COUNT: &str =
        "evict_all evicts every clean record and no dirty one, and returns how many";
    /// clear.
    pub const CLEAR_COUNT: &str = "clear empties memory and returns how many records it held";
    /// metadata.
    pub const METADATA: &str = "records carry the contract's metadata: new keys version 0, hits 0 and times at the clock; overwrites bump the version and keep creation time and hits; touching reads bump hits and access time; counters saturate";
    /// dirty.
    pub const DIRTY: &str =
        "a record is clean exactly when the data store accepted its latest value";
    /// notifications.
    pub const EVENTS: &str = "observers receive exactly the contract's notifications, with their arguments and is_backup flags, in operation order";
    /// data-store calls.
    pub const CALLS: &str = "Client and CrdtMerge write through (add/remove, add_backup/remove_backup for backup operations), Backup, Replication and Load never call the data store, and reads load what is not in memory";
    /// owned cost.
    pub const OWNED_COST: &str = "owned_entry_cost() == storage().estimated_cost()";
    /// record cost.
    pub const RECORD_COST: &str = "every stored record's cost is greater than 0";
    /// has_expired.
    pub const HAS_EXPIRED: &str = "has_expired reports TTL from creation, then max idle from the last access, expired once now >= deadline, NotExpired for a missing key";
    /// is_expirable.
    pub const IS_EXPIRABLE: &str =
        "is_expirable is true exactly when a record in memory has a TTL or max idle";
    /// evict_expired.
    pub const EVICT_EXPIRED: &str = "evict_expired removes only expired records, max(1, expirable * percentage / 100) of them (all if fewer), none for 0%";
    /// for_each_boxed.
    pub const FOR_EACH: &str =
        "for_each_boxed visits every live record once and no expired one, whatever is_backup";
    /// should_evict.
    pub const SHOULD_EVICT: &str =
        "should_evict() == (max_cost > 0 && owned_entry_cost() > max_cost)";
    /// name and partition_id.
    pub const IDENTITY: &str =
        "name() and partition_id() return the injected map name and partition id, from init on";
    /// A fresh store after init.
    pub const INIT_EMPTY: &str = "right after init, a fresh store holds nothing: size() == 0, is_empty(), and for_each_boxed visits nothing";
    /// init's side effects.
    pub const INIT_QUIET: &str = "init fires no notification and makes no data-store call";
    /// setup.
    pub const KIT_SETUP: &str = "the kit can build the injected parts";
}

/// `Ok(())` when `expected == actual`, otherwise a violation of `rule` at `step`.
pub fn expect_eq<T: PartialEq + std::fmt::Debug>(
    step: usize,
    rule: &str,
    expected: T,
    actual: T,
) -> Result<(), Violation> {
    if expected == actual {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}

/// `Ok(())` when `same` holds, otherwise a violation of `rule` before the first step
/// (right after `init`).
pub fn expect_before_steps(
    rule: &str,
    same: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if same {
        Ok(())
    } else {
        Violation {
            step: None,
            ..Violation::at(0, rule, expected, actual)
        }
        .raise()
    }
}

/// `Ok(())` when `same` holds, otherwise a violation of `rule` at `step`.
pub fn expect_that(
    step: usize,
    rule: &str,
    same: bool,
    expected: impl std::fmt::Debug,
    actual: impl std::fmt::Debug,
) -> Result<(), Violation> {
    if same {
        Ok(())
    } else {
        Violation::at(step, rule, expected, actual).raise()
    }
}

/// Optional values compared bit for bit.
pub fn same_value(expected: Option<&RecordValue>, actual: Option<&RecordValue>) -> bool {
    match (expected, actual) {
        (Some(e), Some(a)) => e.same_as(a),
        (None, None) => true,
        _ => false,
    }
}

/// Records compared bit for bit, the cost aside (models do not predict it).
pub fn same_record(expected: &Record, actual: &Record) -> bool {
    let mut expected = expected.clone();
    expected.metadata.cost = actual.metadata.cost;
    expected.same_as(actual)
}

/// Keyed records compared with [`same_record`], in order.
pub fn same_entries(expected: &[(String, Record)], actual: &[(String, Record)]) -> bool {
    expected.len() == actual.len()
        && expected
            .iter()
            .zip(actual)
            .all(|((ek, er), (ak, ar))| ek == ak && same_record(er, ar))
}

/// Keyed values compared bit for bit, in order.
pub fn same_values(expected: &[(String, Record)], actual: &[(String, Record)]) -> bool {
    expected.len() == actual.len()
        && expected
            .iter()
            .zip(actual)
            .all(|((ek, er), (ak, ar))| ek == ak && er.value.same_as(&ar.value))
}

/// The key and record a notification is about, if any.
pub(super) fn subject(call: &Call) -> Option<(&str, &Record)> {
    match call {
        Call::Put { key, record, .. }
        | Call::Update { key, record, .. }
        | Call::Remove { key, record, .. }
        | Call::Evict { key, record, .. }
        | Call::Load { key, record, .. }
        | Call::ReplicationPut { key, record, .. } => Some((key, record)),
        Call::Clear | Call::Reset | Call::Destroy { .. } => None,
    }
}

/// Notifications compared with [`Call::same_as`], the records' costs aside.
pub fn same_call(expected: &Call, actual: &Call) -> bool {
    let mut expected = expected.clone();
    if let (Some(cost), Some(record)) = (
        subject(actual).map(|(_, r)| r.metadata.cost),
        record_mut(&mut expected),
    ) {
        record.metadata.cost = cost;
    }
    expected.same_as(actual)
}

fn record_mut(call: &mut Call) -> Option<&mut Record> {
    match call {
        Call::Put { record, .. }
        | Call::Update { record, .. }
        | Call::Remove { record, .. }
        | Call::Evict { record, .. }
        | Call::Load { record, .. }
        | Call::ReplicationPut { record, .. } => Some(record),
        Call::Clear | Call::Reset | Call::Destroy { .. } => None,
    }
}
