//! Runs an observer case: builds the composite over recording (and panicking) observers,
//! sends each notification, and judges the event log by the spec and by the options of
//! the readings the case still allows.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use storage_traits::MutationObserver;

use super::readings::{ADD_POSITION, DUPLICATES, ORDER, PANIC};
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
    /// The list the composite holds, by the branch's `add` and duplicates options: each
    /// registration in turn, appended or (added, under `first`) put in front, and a
    /// recording observer already held skipped under `deduplicated`. A panicking slot is
    /// a new observer each time.
    fn list(&self, options: &Options<'_>) -> Result<Vec<Slot>, Stop> {
        let repeats = self.repeats();
        let deduplicated = repeats && options.is(&DUPLICATES, "deduplicated")?;
        let first = !self.added.is_empty() && options.is(&ADD_POSITION, "first")?;
        Ok(self.list_with(first, deduplicated))
    }

    /// The list the composite holds when `add` puts an observer first (`add_first`) or
    /// last, and a repeated registration is `deduplicated` or kept.
    fn list_with(&self, add_first: bool, deduplicated: bool) -> Vec<Slot> {
        let mut list: Vec<Slot> = Vec::new();
        let registrations = self.constructed.iter().map(|s| (s, false));
        for (slot, added) in registrations.chain(self.added.iter().map(|s| (s, true))) {
            if deduplicated && matches!(slot, Slot::Recording(_)) && list.contains(slot) {
                continue;
            }
            if added && add_first {
                list.insert(0, *slot);
            } else {
                list.push(*slot);
            }
        }
        list
    }

    /// Whether a recording observer is registered more than once.
    fn repeats(&self) -> bool {
        let all = ids(self.constructed)
            .into_iter()
            .chain(ids(self.added))
            .collect::<Vec<_>>();
        all.iter().collect::<BTreeSet<_>>().len() < all.len()
    }

    /// How many times `id` is registered, at construction and through `add`.
    fn registrations(&self, id: usize) -> usize {
        let all = self.constructed.iter().chain(self.added);
        all.filter(|slot| **slot == Slot::Recording(id)).count()
    }

    /// The ids registered through `add` only.
    fn added_only(&self) -> BTreeSet<usize> {
        let constructed = ids(self.constructed);
        ids(self.added)
            .into_iter()
            .filter(|id| !constructed.contains(id))
            .collect()
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

/// `ids` sorted: the multiset, whatever the order.
fn sorted(ids: &[usize]) -> Vec<usize> {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted
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
        let list = registered.list(options)?;
        match list.iter().position(|slot| *slot == Slot::Panicking) {
            None => self.judge_fan_out(registered, &list, options),
            Some(at) => self.judge_panic(&list, at, options),
        }
    }

    /// No observer panics: every observer the composite holds notified once, in the
    /// order the branch reads.
    fn judge_fan_out(
        &self,
        registered: &Registrations<'_>,
        list: &[Slot],
        options: &Options<'_>,
    ) -> Result<(), Stop> {
        let held = ids(list);
        if self.panicked {
            return Err(self.broken(rules::NO_PANIC, format!("observers {held:?}, no panic")));
        }
        let notified = self.notified();
        let (want, got): (BTreeSet<usize>, BTreeSet<usize>) = (
            held.iter().copied().collect(),
            notified.iter().copied().collect(),
        );
        if want != got {
            let added_only = registered.added_only();
            let rule = if want
                .symmetric_difference(&got)
                .any(|id| added_only.contains(id))
            {
                rules::ADD_REGISTERS
            } else {
                rules::FAN_OUT
            };
            return Err(self.broken(rule, format!("observers {want:?}, in some order")));
        }
        for id in want {
            let (times, expected) = (
                notified.iter().filter(|n| **n == id).count(),
                held.iter().filter(|n| **n == id).count(),
            );
            if times == expected {
                continue;
            }
            let rule = match registered.registrations(id) {
                1 => rules::FAN_OUT,
                _ if options.is(&DUPLICATES, "deduplicated")? => rules::DEDUPLICATED,
                _ => rules::PER_REGISTRATION,
            };
            return Err(self.broken(
                rule,
                format!("observers {:?}, in some order", sorted(&held)),
            ));
        }
        let (rule, expected) = match options.of(&ORDER)? {
            "registration_order" => (rules::IN_REGISTRATION_ORDER, held),
            "reverse_order" => (rules::IN_REVERSE_ORDER, held.into_iter().rev().collect()),
            _ => return Ok(()),
        };
        if notified == expected {
            return Ok(());
        }
        // In the order the other add position gives: the add option's rule.
        let add_first = options.is(&ADD_POSITION, "first").unwrap_or(false);
        let deduplicated = options.is(&DUPLICATES, "deduplicated").unwrap_or(false);
        let mut other = ids(&registered.list_with(!add_first, deduplicated));
        if rule == rules::IN_REVERSE_ORDER {
            other.reverse();
        }
        let rule = match (registered.added.is_empty() || notified != other, add_first) {
            (true, _) => rule,
            (false, false) => rules::ADD_LAST,
            (false, true) => rules::ADD_FIRST,
        };
        Err(self.broken(rule, format!("observers {expected:?}")))
    }

    /// An observer panics (at `at` in the composite's list): those the branch's order
    /// puts before it are notified; the rest, and whether the panic reaches the caller,
    /// as the panic option says.
    fn judge_panic(&self, list: &[Slot], at: usize, options: &Options<'_>) -> Result<(), Stop> {
        let (before, after) = match options.of(&ORDER)? {
            "registration_order" => (ids(&list[..at]), ids(&list[at + 1..])),
            "reverse_order" => {
                let reversed =
                    |slots: &[Slot]| -> Vec<usize> { ids(slots).into_iter().rev().collect() };
                (reversed(&list[at + 1..]), reversed(&list[..at]))
            }
            _ => return self.judge_panic_in_any_order(&ids(list), options),
        };
        let notified = self.notified();
        if !notified.starts_with(&before) {
            return Err(self.broken(rules::BEFORE_PANIC, format!("observers {before:?} first")));
        }
        let rest = &notified[before.len()..];
        let (rule, panics, expected_rest): (Rule, bool, &[usize]) = match options.of(&PANIC)? {
            "propagates" => (rules::PANIC_PROPAGATES, true, &[]),
            "isolates" => (rules::PANIC_ISOLATED, false, &after),
            _ => (rules::PANIC_AFTER_ALL, true, &after),
        };
        if self.panicked != panics || rest != expected_rest {
            let mut expected = before.clone();
            expected.extend(expected_rest);
            return Err(self.broken(
                rule,
                format!("observers {expected:?}{}", panic_text(panics)),
            ));
        }
        Ok(())
    }

    /// An observer panics and the composite's order is its own: under `propagates` any
    /// of the others may have come first, under the other options all of them.
    fn judge_panic_in_any_order(
        &self,
        others: &[usize],
        options: &Options<'_>,
    ) -> Result<(), Stop> {
        let (rule, panics, all) = match options.of(&PANIC)? {
            "propagates" => (rules::PANIC_PROPAGATES, true, false),
            "isolates" => (rules::PANIC_ISOLATED, false, true),
            _ => (rules::PANIC_AFTER_ALL, true, true),
        };
        let mut left = others.to_vec();
        let within = self.notified().iter().all(|id| {
            let found = left.iter().position(|l| l == id);
            found.map(|i| left.remove(i)).is_some()
        });
        if self.panicked != panics || !within || (all && !left.is_empty()) {
            let which = if all { "all of" } else { "some of" };
            return Err(self.broken(
                rule,
                format!(
                    "{which} observers {others:?}, in some order{}",
                    panic_text(panics)
                ),
            ));
        }
        Ok(())
    }
}

/// How an expectation says whether the panic reaches the caller.
fn panic_text(panics: bool) -> &'static str {
    if panics {
        ", then a panic"
    } else {
        ", no panic"
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
