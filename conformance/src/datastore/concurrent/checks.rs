//! The checks of a concurrent data-store run: every call succeeds, and each key's calls
//! are linearizable against a register (`add` sets it, `remove` clears it, `load` reads
//! it), a `hard_flush` and a `load` per key made once every task joined included.

use std::collections::BTreeMap;
use std::time::Duration;

use storage_traits::{MapDataStore, RecordValue};

use super::ops::{DataStoreEvent, DataStoreResult};
use crate::concurrent::keyed::{KeyCall, KeyHistory, linearizable_per_key};
use crate::datastore::{DataStoreKind, DataStoreOp};
use crate::failure::Violation;

/// The rules of the concurrent data-store checks.
pub mod rules {
    /// Every call succeeds, the flush and the loads after the join included.
    pub const OK: &str = "every concurrent call on a healthy data store returns Ok, and so do hard_flush and the loads once every task joined";
}

/// Every call returned `Ok`.
fn all_ok(history: &[DataStoreEvent]) -> Result<(), Violation> {
    let failed = history.iter().find_map(|event| match &event.result {
        DataStoreResult::Error(e) => Some((event, e)),
        _ => None,
    });
    match failed {
        Some((event, e)) => Err(Violation::at(
            event.step,
            rules::OK,
            "Ok",
            format!(
                "{}: {} returned Err({e})",
                event.origin(),
                event.op.to_rust()
            ),
        )),
        None => Ok(()),
    }
}

/// Splits the adds, removes and loads of `history` by key, as calls on a register. A
/// null store's register never holds a value: its `add` is a blind removal. A load
/// of a key that was not loadable is left out (a read changes nothing, so leaving it
/// out excuses it and nothing else).
fn partition(
    history: &[DataStoreEvent],
    kind: DataStoreKind,
) -> BTreeMap<String, KeyHistory<RecordValue>> {
    let mut keys: BTreeMap<String, KeyHistory<RecordValue>> = BTreeMap::new();
    for (index, event) in history.iter().enumerate() {
        let Some((_, key)) = event.op.primary_entry() else {
            continue;
        };
        let sub = keys.entry(key.to_string()).or_default();
        let call = match (&event.op, &event.result) {
            (DataStoreOp::Add { .. }, DataStoreResult::Done) if kind == DataStoreKind::Null => {
                KeyCall::Clear
            }
            (DataStoreOp::Add { value, .. }, DataStoreResult::Done) => {
                KeyCall::Set(sub.spec.intern(value))
            }
            (DataStoreOp::Remove { .. }, DataStoreResult::Done) => KeyCall::Clear,
            (
                DataStoreOp::Load { .. },
                DataStoreResult::Loaded {
                    value,
                    loadable: true,
                },
            ) => KeyCall::Get(value.clone()),
            _ => continue,
        };
        sub.push(call, index, (event.invoked, event.returned));
    }
    keys
}

/// Checks a run of `store`, a store of `kind`, whose tasks have joined: every call
/// returned `Ok`; then `hard_flush` and a load of each of `keys` in `map` return `Ok`;
/// and each key's adds, removes and loads, with that last load placed after every call
/// of the run, are linearizable against a register within `budget`: no load was stale
/// (queued writes included), and the flush persisted the last write of an order of
/// the run. (Comparing the last load with the final state of the one linearization the
/// checker finds would be wrong: overlapping last writes leave several possible final
/// states. One check of the whole history also lets shrinking trade a stale read
/// during the run for a stale load after it, which is the same rule.)
pub async fn linearizable_and_flushed<D: MapDataStore + ?Sized>(
    store: &D,
    kind: DataStoreKind,
    (map, keys): (&str, &[String]),
    history: &[DataStoreEvent],
    budget: Duration,
) -> Result<(), Violation> {
    all_ok(history)?;
    let failed = |call: String, e: anyhow::Error| Violation {
        rule: rules::OK.to_string(),
        expected: format!("{call} to return Ok once every task joined"),
        actual: format!("Err({e:#})"),
        step: None,
    };
    store
        .hard_flush()
        .await
        .map_err(|e| failed("hard_flush".to_string(), e))?;
    let mut keyed = partition(history, kind);
    // Ticks after every call of the run: the loads follow all of them.
    let mut tick = history.iter().map(|e| e.returned + 1).max().unwrap_or(0);
    for (offset, key) in keys.iter().enumerate() {
        let loaded = store
            .load(map, key)
            .await
            .map_err(|e| failed(format!("load of key {key:?} in map {map:?}"), e))?;
        let sub = keyed.entry(key.clone()).or_default();
        sub.push(
            KeyCall::Get(loaded),
            history.len() + offset,
            (tick, tick + 1),
        );
        tick += 2;
    }
    let origin = |index: usize| {
        history
            .get(index)
            .map_or_else(|| "after join".to_string(), DataStoreEvent::origin)
    };
    linearizable_per_key(keyed, budget, origin).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::simplest_record;

    fn event(step: usize, op: DataStoreOp, result: DataStoreResult) -> DataStoreEvent {
        let tick = 2 * step as u64;
        DataStoreEvent {
            task: 0,
            step,
            op,
            result,
            invoked: tick,
            returned: tick + 1,
        }
    }

    /// An add of `a`, then a load of it that returned `value`.
    fn add_then_load(value: Option<RecordValue>, loadable: bool) -> Vec<DataStoreEvent> {
        let (map, key) = ("m".to_string(), "a".to_string());
        let add = DataStoreOp::Add {
            backup: false,
            map: map.clone(),
            key: key.clone(),
            value: simplest_record().value,
            expiration: None,
        };
        let load = DataStoreOp::Load { map, key, after: 0 };
        let loaded = DataStoreResult::Loaded { value, loadable };
        vec![event(0, add, DataStoreResult::Done), event(1, load, loaded)]
    }

    fn linearizable(history: &[DataStoreEvent], kind: DataStoreKind) -> bool {
        let budget = Duration::from_secs(1);
        linearizable_per_key(partition(history, kind), budget, |i| i.to_string()).is_ok()
    }

    #[test]
    fn a_load_after_an_add_returned_sees_it_unless_the_store_is_null() {
        let added = Some(simplest_record().value);
        let through = DataStoreKind::WriteThrough;
        assert!(linearizable(&add_then_load(added.clone(), true), through));
        assert!(!linearizable(&add_then_load(None, true), through));
        assert!(linearizable(
            &add_then_load(None, true),
            DataStoreKind::Null
        ));
        assert!(!linearizable(
            &add_then_load(added, true),
            DataStoreKind::Null
        ));
    }

    #[test]
    fn a_load_of_a_key_that_was_not_loadable_is_excused() {
        let behind = DataStoreKind::WriteBehind;
        assert!(linearizable(&add_then_load(None, false), behind));
    }
}
