use storage_conformance::controls::observer::{FaultyComposite, ObserverFault};
use storage_conformance::observer::check_observer_property;

use crate::support::{assert_caught, config};

/// Runs the property that targets `fault` and asserts it catches the fault with the
/// minimal counterexample the fault documents.
fn assert_observer_caught(fault: ObserverFault) {
    let (property, minimal_steps) = fault.target();
    let outcome = check_observer_property(
        property.id,
        &config(),
        "|observers| FaultyComposite::new(fault, observers)",
        move |observers| FaultyComposite::new(fault, observers),
        Some((FaultyComposite::add, "FaultyComposite::add")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_caught(&outcome, property.id, minimal_steps);
}

#[test]
fn notifying_in_reverse_order() {
    assert_observer_caught(ObserverFault::ReverseOrder);
}

#[test]
fn skipping_the_last_observer() {
    assert_observer_caught(ObserverFault::SkipsLast);
}

#[test]
fn notifying_a_twice_registered_observer_once() {
    assert_observer_caught(ObserverFault::Deduplicates);
}

#[test]
fn panicking_when_empty() {
    assert_observer_caught(ObserverFault::PanicsWhenEmpty);
}

#[test]
fn catching_an_observers_panic() {
    assert_observer_caught(ObserverFault::CatchesPanics);
}

#[test]
fn add_putting_the_observer_first() {
    assert_observer_caught(ObserverFault::AddPrepends);
}
