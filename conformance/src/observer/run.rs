//! Runs an observer case: builds the composite over recording (and panicking) observers,
//! sends each notification, and compares the event log with the expected one.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use storage_traits::MutationObserver;

use super::scenario::{ObserverScenario, Slot};
use crate::doubles::{Call, Event, EventLog, PanickingObserver, RecordingObserver};
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// Registers an observer with a composite after construction (like
/// `CompositeMutationObserver::add`).
pub type Adder<C> = fn(&mut C, Arc<dyn MutationObserver>);

/// The rules an observer case checks.
pub mod rules {
    /// The event log after a notification.
    pub const FAN_OUT: &str = "every notification reaches every registered observer exactly once, in registration order, with its arguments unchanged";
    /// A panic where no observer panics.
    pub const NO_PANIC: &str = "a notification panics only when a registered observer panics";
    /// A panicking observer.
    pub const PANIC_PROPAGATES: &str = "a panic in an observer propagates to the caller";
    /// The observers around a panicking one.
    pub const STOPS_AT_PANIC: &str =
        "the observers before a panicking observer are notified and those after it are not";
}

/// Runs `scenario` on a composite from `factory` (and `adder` for the slots registered
/// later), returning the first broken rule.
pub fn run_observer_case<C: MutationObserver>(
    scenario: &ObserverScenario,
    factory: &dyn Fn(Vec<Arc<dyn MutationObserver>>) -> C,
    adder: Option<Adder<C>>,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let log = EventLog::new();
    let mut recorders: BTreeMap<usize, Arc<RecordingObserver>> = BTreeMap::new();
    let mut observers: Vec<Arc<dyn MutationObserver>> = Vec::new();
    for slot in &scenario.slots {
        let observer: Arc<dyn MutationObserver> = match slot {
            Slot::Recording(id) => recorders
                .entry(*id)
                .or_insert_with(|| log.observer(*id))
                .clone(),
            Slot::Panicking => Arc::new(PanickingObserver),
        };
        observers.push(observer);
    }
    let split = if adder.is_some() {
        scenario.first_added()
    } else {
        observers.len()
    };
    let later = observers.split_off(split);
    let mut composite = factory(observers);
    if let Some(add) = adder {
        for observer in later {
            add(&mut composite, observer);
        }
    }
    let reached: Vec<usize> = scenario
        .slots
        .iter()
        .map_while(|slot| match slot {
            Slot::Recording(id) => Some(*id),
            Slot::Panicking => None,
        })
        .collect();
    let panics = scenario.slots.contains(&Slot::Panicking);
    for (index, call) in scenario.calls.iter().enumerate() {
        let step = scenario.slots.len() + index;
        tracker.enter(step);
        log.clear();
        let panicked = catch_unwind(AssertUnwindSafe(|| notify(&composite, call))).is_err();
        match (panics, panicked) {
            (false, true) => {
                return Err(Violation::at(step, rules::NO_PANIC, "no panic", "a panic"));
            }
            (true, false) => {
                return Err(Violation::at(
                    step,
                    rules::PANIC_PROPAGATES,
                    "a panic",
                    "no panic",
                ));
            }
            _ => {}
        }
        let expected: Vec<Event> = reached
            .iter()
            .enumerate()
            .map(|(seq, observer)| Event {
                seq: seq as u64,
                observer: *observer,
                call: call.clone(),
            })
            .collect();
        let actual = log.events();
        let same = expected.len() == actual.len()
            && expected
                .iter()
                .zip(&actual)
                .all(|(e, a)| e.observer == a.observer && e.call.same_as(&a.call));
        if !same {
            let rule = if panics {
                rules::STOPS_AT_PANIC
            } else {
                rules::FAN_OUT
            };
            Violation::at(step, rule, expected, actual).raise()?;
        }
    }
    Ok(())
}

/// Sends `call` to `observer`.
pub fn notify(observer: &dyn MutationObserver, call: &Call) {
    match call {
        Call::Put {
            key,
            record,
            old_value,
            is_backup,
        } => observer.on_put(key, record, old_value.as_ref(), *is_backup),
        Call::Update {
            key,
            record,
            old_value,
            new_value,
            is_backup,
        } => observer.on_update(key, record, old_value, new_value, *is_backup),
        Call::Remove {
            key,
            record,
            is_backup,
        } => observer.on_remove(key, record, *is_backup),
        Call::Evict {
            key,
            record,
            is_backup,
        } => observer.on_evict(key, record, *is_backup),
        Call::Load {
            key,
            record,
            is_backup,
        } => observer.on_load(key, record, *is_backup),
        Call::ReplicationPut {
            key,
            record,
            populate_index,
        } => observer.on_replication_put(key, record, *populate_index),
        Call::Clear => observer.on_clear(),
        Call::Reset => observer.on_reset(),
        Call::Destroy { is_shutdown } => observer.on_destroy(*is_shutdown),
    }
}
