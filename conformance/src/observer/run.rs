//! Runs an observer case: builds the composite over recording (and panicking) observers,
//! sends each notification, and judges the event log by the spec and by the options of
//! the readings the case still allows.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use storage_traits::MutationObserver;

use super::readings::{ADD_POSITION, PANIC};
use super::rules;
use super::scenario::{ObserverScenario, Slot};
use crate::config::RunConfig;
use crate::doubles::{Call, Event, EventLog, PanickingObserver, RecordingObserver};
use crate::failure::Violation;
use crate::property::Rule;
use crate::readings::{Branches, Options, Stop};
use crate::scenario::StepTracker;

/// Registers an observer with a composite after construction (like
/// `CompositeMutationObserver::add`).
pub type Adder<C> = fn(&mut C, Arc<dyn MutationObserver>);

/// Runs `scenario` on a composite from `factory` (and `adder` for the slots registered
/// later), with the readings `config` pins; returns the rule broken when no combination
/// of options is left.
pub fn run_observer_case<C: MutationObserver>(
    scenario: &ObserverScenario,
    factory: &dyn Fn(Vec<Arc<dyn MutationObserver>>) -> C,
    adder: Option<Adder<C>>,
    config: &RunConfig,
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
    let registered = Registrations {
        constructed: &scenario.slots[..split],
        added: &scenario.slots[split..],
    };
    let mut branches = Branches::new((), config);
    for (index, call) in scenario.calls.iter().enumerate() {
        let step = scenario.slots.len() + index;
        tracker.enter(step);
        log.clear();
        let panicked = catch_unwind(AssertUnwindSafe(|| notify(&composite, call))).is_err();
        let seen = Seen {
            step,
            call,
            panicked,
            events: log.events(),
        };
        branches.step(|(), options| seen.judge(&registered, options))?;
    }
    Ok(())
}

/// The observers of a case: those handed to the factory, then those added, in order.
struct Registrations<'a> {
    constructed: &'a [Slot],
    added: &'a [Slot],
}

impl Registrations<'_> {
    /// The order the composite holds them in, by the `add` option of the branch.
    fn order(&self, options: &Options<'_>) -> Result<Vec<Slot>, Stop> {
        if self.added.is_empty() {
            return Ok(self.constructed.to_vec());
        }
        let mut order: Vec<Slot>;
        if options.is(&ADD_POSITION, "last")? {
            order = self.constructed.to_vec();
            order.extend(self.added);
        } else {
            order = self.added.iter().rev().copied().collect();
            order.extend(self.constructed);
        }
        Ok(order)
    }
}

/// The recording observers' ids among `slots`, in order.
fn ids(slots: &[Slot]) -> Vec<usize> {
    slots
        .iter()
        .filter_map(|slot| match slot {
            Slot::Recording(id) => Some(*id),
            Slot::Panicking => None,
        })
        .collect()
}

/// What one notification did.
struct Seen<'a> {
    step: usize,
    call: &'a Call,
    panicked: bool,
    events: Vec<Event>,
}

impl Seen<'_> {
    fn broken(&self, rule: Rule, expected: impl std::fmt::Debug) -> Stop {
        let actual: Vec<usize> = self.notified();
        let actual = format!(
            "observers {actual:?}{}",
            if self.panicked { ", then a panic" } else { "" }
        );
        Stop::Broken(Violation::at(self.step, rule, expected, actual))
    }

    /// The ids of the observers notified, in order.
    fn notified(&self) -> Vec<usize> {
        self.events.iter().map(|e| e.observer).collect()
    }

    /// Judges the notification by the registrations and the branch's options.
    fn judge(&self, registered: &Registrations<'_>, options: &Options<'_>) -> Result<(), Stop> {
        if let Some(changed) = self.events.iter().find(|e| !e.call.same_as(self.call)) {
            return Err(Stop::Broken(Violation::at(
                self.step,
                rules::FAN_OUT,
                self.call,
                &changed.call,
            )));
        }
        let order = registered.order(options)?;
        match order.iter().position(|slot| *slot == Slot::Panicking) {
            None => self.judge_fan_out(registered, &order, options),
            Some(at) => self.judge_panic(&ids(&order[..at]), &ids(&order[at + 1..]), options),
        }
    }

    /// No observer panics: every registration notified once, in the composite's order.
    fn judge_fan_out(
        &self,
        registered: &Registrations<'_>,
        order: &[Slot],
        options: &Options<'_>,
    ) -> Result<(), Stop> {
        let expected = ids(order);
        if self.panicked {
            return Err(self.broken(rules::NO_PANIC, format!("observers {expected:?}, no panic")));
        }
        let notified = self.notified();
        if notified == expected {
            return Ok(());
        }
        if registered.added.is_empty() {
            return Err(self.broken(rules::FAN_OUT, format!("observers {expected:?}")));
        }
        let (mut sorted_notified, mut sorted_expected) = (notified.clone(), expected.clone());
        sorted_notified.sort_unstable();
        sorted_expected.sort_unstable();
        let added = ids(registered.added);
        let constructed = ids(registered.constructed);
        // The constructed observers' own order shows only when no id was also added.
        let kept_order = added.iter().any(|id| constructed.contains(id))
            || notified
                .iter()
                .filter(|id| !added.contains(id))
                .copied()
                .collect::<Vec<_>>()
                == constructed;
        if sorted_notified != sorted_expected || !kept_order {
            return Err(self.broken(
                rules::ADD_REGISTERS,
                format!("observers {constructed:?} in order, and {added:?}, each once"),
            ));
        }
        let rule = if options.is(&ADD_POSITION, "last")? {
            rules::ADD_LAST
        } else {
            rules::ADD_FIRST
        };
        Err(self.broken(rule, format!("observers {expected:?}")))
    }

    /// An observer panics: those before it are notified; the rest, and whether the
    /// panic reaches the caller, as the panic option says.
    fn judge_panic(
        &self,
        before: &[usize],
        after: &[usize],
        options: &Options<'_>,
    ) -> Result<(), Stop> {
        let notified = self.notified();
        if !notified.starts_with(before) {
            return Err(self.broken(rules::BEFORE_PANIC, format!("observers {before:?} first")));
        }
        let rest = &notified[before.len()..];
        let (rule, panics, expected_rest): (Rule, bool, &[usize]) = match options.of(&PANIC)? {
            "propagates" => (rules::PANIC_PROPAGATES, true, &[]),
            "isolates" => (rules::PANIC_ISOLATED, false, after),
            _ => (rules::PANIC_AFTER_ALL, true, after),
        };
        if self.panicked != panics || rest != expected_rest {
            let mut expected = before.to_vec();
            expected.extend(expected_rest);
            return Err(self.broken(
                rule,
                format!(
                    "observers {expected:?}{}",
                    if panics {
                        ", then a panic"
                    } else {
                        ", no panic"
                    }
                ),
            ));
        }
        Ok(())
    }
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
