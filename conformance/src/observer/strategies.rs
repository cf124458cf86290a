//! The registrations and notifications of the observer properties.

use proptest::collection::vec;
use proptest::prelude::*;

use super::scenario::{ObserverScenario, Slot};
use crate::doubles::Call;
use crate::generators::{any_record, any_record_value, pooled_key};

/// The most notifications in one case.
const MAX_CALLS: usize = 8;

/// Any notification of the nine, the argument-less ones first (they shrink furthest).
/// Each alternative is boxed: unboxed, the union's tree is built in one stack frame too
/// large for a test thread in debug builds.
pub fn any_call() -> BoxedStrategy<Call> {
    let keyed = || (pooled_key(), any_record(), any::<bool>()).boxed();
    prop_oneof![
        Just(Call::Clear).boxed(),
        Just(Call::Reset).boxed(),
        any::<bool>()
            .prop_map(|is_shutdown| Call::Destroy { is_shutdown })
            .boxed(),
        (keyed(), proptest::option::of(any_record_value()))
            .prop_map(|((key, record, is_backup), old_value)| Call::Put {
                key,
                record,
                old_value,
                is_backup,
            })
            .boxed(),
        (keyed(), any_record_value(), any_record_value())
            .prop_map(
                |((key, record, is_backup), old_value, new_value)| Call::Update {
                    key,
                    record,
                    old_value,
                    new_value,
                    is_backup,
                }
            )
            .boxed(),
        keyed()
            .prop_map(|(key, record, is_backup)| Call::Remove {
                key,
                record,
                is_backup
            })
            .boxed(),
        keyed()
            .prop_map(|(key, record, is_backup)| Call::Evict {
                key,
                record,
                is_backup
            })
            .boxed(),
        keyed()
            .prop_map(|(key, record, is_backup)| Call::Load {
                key,
                record,
                is_backup
            })
            .boxed(),
        keyed()
            .prop_map(|(key, record, populate_index)| Call::ReplicationPut {
                key,
                record,
                populate_index
            })
            .boxed(),
    ]
    .boxed()
}

/// A recording observer of a small id range, so that ids repeat.
fn recording() -> impl Strategy<Value = Slot> {
    (0usize..3).prop_map(Slot::Recording)
}

fn calls(min: usize) -> impl Strategy<Value = Vec<Call>> {
    vec(any_call(), min..=MAX_CALLS)
}

fn case(
    slots: impl Strategy<Value = Vec<Slot>>,
    min_calls: usize,
) -> impl Strategy<Value = ObserverScenario> {
    (slots, calls(min_calls)).prop_map(|(slots, calls)| ObserverScenario {
        slots,
        added: 0,
        calls,
        adder: None,
    })
}

/// 0 to 5 recording observers, ids repeating, and any notifications.
pub fn fan_out() -> impl Strategy<Value = ObserverScenario> {
    case(vec(recording(), 0..=5), 0)
}

/// Recording observers, one of them registered twice.
pub fn registered_twice() -> impl Strategy<Value = ObserverScenario> {
    let slots = (
        vec(recording(), 0..=2),
        recording(),
        vec(recording(), 0..=2),
    )
        .prop_map(|(mut before, twice, between)| {
            before.push(twice);
            before.extend(between);
            before.push(twice);
            before
        });
    case(slots, 1)
}

/// No observer at all.
pub fn empty() -> impl Strategy<Value = ObserverScenario> {
    case(Just(Vec::new()), 1)
}

/// Recording observers around one that panics.
pub fn with_a_panicking_observer() -> impl Strategy<Value = ObserverScenario> {
    let slots = (vec(recording(), 0..=2), vec(recording(), 0..=2)).prop_map(|(before, after)| {
        let mut slots = before;
        slots.push(Slot::Panicking);
        slots.extend(after);
        slots
    });
    case(slots, 1)
}

/// Recording observers, at least one of them registered with the adder after the others.
pub fn added_later() -> impl Strategy<Value = ObserverScenario> {
    (vec(recording(), 1..=5), calls(1))
        .prop_flat_map(|(slots, calls)| {
            let len = slots.len();
            (Just(slots), 1..=len, Just(calls))
        })
        .prop_map(|(slots, added, calls)| ObserverScenario {
            slots,
            added,
            calls,
            adder: None,
        })
}
