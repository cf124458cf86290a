//! The checks of concurrent record-store runs: the observers' event log against the
//! calls, and the metadata left after concurrent puts and touching reads.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use storage_traits::{MapDataStore as _, RecordStore, RecordValue};

use super::history::{StoreEvent, StoreResult};
use crate::concurrent::keyed::{KeyCall, KeyHistory, linearizable_per_key};
use crate::config::RunConfig;
use crate::doubles::{Call, Event};
use crate::failure::Violation;
use crate::property::Rule;
use crate::recordstore::readings::{NEW_KEY_VERSION, OVERWRITE_EVENT, WRITE_ACCESS};
use crate::recordstore::{RecordStoreKit, RecordStoreOp};

/// The rules of the concurrent record-store checks.
pub mod rules {
    use crate::property::{Basis, Rule};

    const fn spec(text: &'static str, quote: &'static str) -> Rule {
        Rule {
            text,
            basis: Basis::Spec(quote),
        }
    }

    /// Every call succeeds.
    pub const OK: Rule = spec(
        "with a data store that never fails, every concurrent call returns Ok",
        "Handles write-through to MapDataStore based on provenance.",
    );
    /// Event order.
    pub const EVENT_ORDER: Rule = spec(
        "the observers' events on a key follow one order of its writes: on_put of a new key only while the key holds nothing, on_update (or on_put with the old value) and on_remove only while it holds a value (no two on_put of a new key without an on_remove between them)",
        "adding metadata tracking, expiry, eviction, and mutation observation.",
    );
    /// Event counts.
    pub const EVENT_COUNTS: Rule = spec(
        "every put fires one on_put of a new key (when it returned None) or one overwrite notification, and every remove that returned a value one on_remove",
        "adding metadata tracking, expiry, eviction, and mutation observation.",
    );
    /// Final value.
    pub const EVENT_FINAL: Rule = spec(
        "after every task joined, the store holds the value the last event on the key left",
        "adding metadata tracking, expiry, eviction, and mutation observation.",
    );
    /// Persisted as in memory.
    pub const PERSISTED_AS_IN_MEMORY: Rule = spec(
        "under concurrent puts and removes over a write-through data store, once every task joined, the data store holds for every key the value memory holds (nothing when memory holds nothing)",
        "The `RecordStore` calls `add()` / `remove()` on every mutation.",
    );
    /// Metadata.
    pub const METADATA_KEPT: Rule = spec(
        "under concurrent puts and touching gets, no version bump and no hit is lost: a key ends with the version its puts give (from 0 or 1 as recordstore_new_key_version says) and as many hits as touching gets found it (plus its overwrites, where recordstore_write_access counts them)",
        "Record version, incremented on every update.",
    );
    /// Linearizability of the values put, removed and read.
    pub const LINEARIZABLE: Rule = spec(
        crate::concurrent::keyed::rules::LINEARIZABLE,
        "Put a value, returning the old value if it existed.",
    );
    /// The linearizability checker decided.
    pub const UNDECIDED: Rule = spec(
        crate::concurrent::keyed::rules::UNDECIDED,
        "Put a value, returning the old value if it existed.",
    );
}

/// The calls of `history` on `key`, one per line.
fn calls_on(history: &[StoreEvent], key: &str) -> String {
    let mut text = format!("the calls on key {key:?} (clock ticks at invocation..response):");
    for event in history.iter().filter(|e| e.op.key() == Some(key)) {
        let _ = write!(text, "\n      {}", event.describe());
    }
    text
}

/// The observer-0 notifications on `key`, one per line.
fn events_on(events: &[&Call], key: &str) -> String {
    let mut text = format!("\n    the notifications on key {key:?}, in log order:");
    for call in events.iter().filter(|c| c.key() == Some(key)) {
        let _ = write!(text, "\n      {}", call.method());
    }
    text
}

/// Every call returned `Ok`.
pub fn all_ok(history: &[StoreEvent]) -> Result<(), Violation> {
    match history
        .iter()
        .find(|e| matches!(e.result, StoreResult::Error(_)))
    {
        Some(event) => Err(Violation::at(event.step, rules::OK, "Ok", event.describe())),
        None => Ok(()),
    }
}

/// Splits the client puts, removes and gets of `history` by key, as calls on a map of
/// values: a `get` is judged by the value of the record it returned.
fn partition(history: &[StoreEvent]) -> BTreeMap<String, KeyHistory<RecordValue>> {
    let mut keys: BTreeMap<String, KeyHistory<RecordValue>> = BTreeMap::new();
    for (index, event) in history.iter().enumerate() {
        let Some(key) = event.op.key() else { continue };
        let sub = keys.entry(key.to_string()).or_default();
        let call = match (&event.op, &event.result) {
            (RecordStoreOp::Put { value, .. }, StoreResult::Value(previous)) => KeyCall::Put {
                record: sub.spec.intern(value),
                previous: previous.clone(),
            },
            (RecordStoreOp::Remove { .. }, StoreResult::Value(removed)) => {
                KeyCall::Remove(removed.clone())
            }
            (RecordStoreOp::Get { .. }, StoreResult::Record(record)) => {
                KeyCall::Get(record.as_ref().map(|r| r.value.clone()))
            }
            _ => continue,
        };
        sub.push(call, index, (event.invoked, event.returned));
    }
    keys
}

/// Every call returned `Ok`, and the values `put`, `remove` and `get` returned are
/// linearizable key by key, within `budget`, against a map of values (the data store is
/// write-through, so a load-through serves what memory held).
pub fn values_linearizable(history: &[StoreEvent], budget: Duration) -> Result<(), Violation> {
    all_ok(history)?;
    linearizable_per_key(partition(history), budget, |i| history[i].origin()).map(drop)
}

/// What a key's notifications say it holds.
#[derive(Default)]
struct KeyEvents {
    value: Option<RecordValue>,
    puts: usize,
    updates: usize,
    removes: usize,
}

/// Checks the first observer's notifications (`events`, in log order) against the
/// calls of `history`, and the store's final values against the last notification on
/// each key.
pub async fn events_consistent<R: RecordStore + ?Sized>(
    store: &R,
    history: &[StoreEvent],
    events: &[Event],
    keys: &[String],
    config: &RunConfig,
) -> Result<(), Violation> {
    let put_with_old = config
        .pinned(OVERWRITE_EVENT.id)
        .is_none_or(|option| option == "on_put_with_old");
    all_ok(history)?;
    let calls: Vec<&Call> = events
        .iter()
        .filter(|e| e.observer == 0)
        .map(|e| &e.call)
        .collect();
    let failure = |rule: Rule, key: &str, expected: String| Violation {
        rule: rule.into(),
        expected,
        actual: format!("{}{}", calls_on(history, key), events_on(&calls, key)),
        step: None,
    };
    let mut state: BTreeMap<&str, KeyEvents> = BTreeMap::new();
    for call in &calls {
        let Some(key) = call.key() else { continue };
        let entry = state.entry(key).or_default();
        let in_order = match call {
            Call::Put {
                old_value: Some(_),
                record,
                ..
            } if put_with_old => {
                entry.updates += 1;
                entry.value.replace(record.value.clone()).is_some()
            }
            Call::Put { record, .. } | Call::Load { record, .. } => {
                entry.puts += usize::from(matches!(call, Call::Put { .. }));
                entry.value.replace(record.value.clone()).is_none()
            }
            Call::Update { new_value, .. } => {
                entry.updates += 1;
                entry.value.replace(new_value.clone()).is_some()
            }
            Call::Remove { .. } => {
                entry.removes += 1;
                entry.value.take().is_some()
            }
            _ => true,
        };
        if !in_order {
            return Err(failure(
                rules::EVENT_ORDER,
                key,
                format!("{} on {key:?} only in order", call.method()),
            ));
        }
    }
    for key in keys {
        let ops = history.iter().filter(|e| e.op.key() == Some(key.as_str()));
        let (mut puts, mut fresh_puts, mut removals) = (0, 0, 0);
        for event in ops {
            match (&event.op, &event.result) {
                (RecordStoreOp::Put { .. }, StoreResult::Value(old)) => {
                    puts += 1;
                    fresh_puts += usize::from(old.is_none());
                }
                (RecordStoreOp::Remove { .. }, StoreResult::Value(Some(_))) => removals += 1,
                _ => {}
            }
        }
        let seen = state.remove(key.as_str()).unwrap_or_default();
        if (seen.puts, seen.puts + seen.updates, seen.removes) != (fresh_puts, puts, removals) {
            return Err(failure(
                rules::EVENT_COUNTS,
                key,
                format!(
                    "{fresh_puts} on_put, {} on_update and {removals} on_remove",
                    puts - fresh_puts
                ),
            ));
        }
        let held = store.get(key, false).await.ok().flatten().map(|r| r.value);
        let same = match (&held, &seen.value) {
            (Some(a), Some(b)) => a.same_as(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            return Err(failure(
                rules::EVENT_FINAL,
                key,
                format!("{:?} held at the end", seen.value),
            ));
        }
    }
    Ok(())
}

/// Every call returned `Ok`, and once every task joined the kit's write-through data
/// store holds, for each key, the value `store`'s engine holds: a write that reached the
/// data store in another order than memory would leave an older value to come back
/// after an eviction.
pub async fn persisted_as_in_memory<R: RecordStore + ?Sized>(
    store: &R,
    kit: &RecordStoreKit,
    history: &[StoreEvent],
    keys: &[String],
) -> Result<(), Violation> {
    all_ok(history)?;
    let map = crate::recordstore::MAP_NAME;
    for key in keys {
        let in_memory = store.storage().get(key).map(|record| record.value);
        let persisted = kit.data_store.load(map, key).await.map_err(|e| Violation {
            rule: rules::PERSISTED_AS_IN_MEMORY.into(),
            expected: format!("the kit's data store to load {key:?} of {map:?}"),
            actual: format!("Err({e:#})"),
            step: None,
        })?;
        let same = match (&in_memory, &persisted) {
            (Some(a), Some(b)) => a.same_as(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if !same {
            return Err(Violation {
                rule: rules::PERSISTED_AS_IN_MEMORY.into(),
                expected: format!("key {key:?} persisted as in memory: {in_memory:?}"),
                actual: format!(
                    "{}
    then persisted: {persisted:?}",
                    calls_on(history, key)
                ),
                step: None,
            });
        }
    }
    Ok(())
}

/// Checks each key's final metadata against the puts and touching gets of `history`
/// (whose cases draw no removes).
pub async fn metadata_kept<R: RecordStore + ?Sized>(
    store: &R,
    history: &[StoreEvent],
    keys: &[String],
    config: &RunConfig,
) -> Result<(), Violation> {
    let accepts = |reading: &crate::readings::Reading, option: &str| {
        config
            .pinned(reading.id)
            .is_none_or(|pinned| pinned == option)
    };
    all_ok(history)?;
    for key in keys {
        let (mut puts, mut hits) = (0u32, 0u32);
        for event in history.iter().filter(|e| e.op.key() == Some(key.as_str())) {
            match (&event.op, &event.result) {
                (RecordStoreOp::Put { .. }, _) => puts += 1,
                (RecordStoreOp::Get { touch: true, .. }, StoreResult::Record(Some(_))) => {
                    hits += 1;
                }
                _ => {}
            }
        }
        if puts == 0 {
            continue;
        }
        let record = store.get(key, false).await.ok().flatten();
        let actual = record
            .as_ref()
            .map(|r| (r.metadata.version, r.metadata.hits));
        let mut allowed = Vec::new();
        for (start, version_option) in [(0, "zero"), (1, "one")] {
            for (overwrites, access_option) in [(0, "not_access"), (puts - 1, "access")] {
                if accepts(&NEW_KEY_VERSION, version_option)
                    && accepts(&WRITE_ACCESS, access_option)
                {
                    allowed.push((puts - 1 + start, hits.saturating_add(overwrites)));
                }
            }
        }
        if !actual.is_some_and(|a| allowed.contains(&a)) {
            return Err(Violation {
                rule: rules::METADATA_KEPT.into(),
                expected: format!("key {key:?} with (version, hits) one of {allowed:?}"),
                actual: format!(
                    "{}\n    then version and hits {actual:?}",
                    calls_on(history, key)
                ),
                step: None,
            });
        }
    }
    Ok(())
}
