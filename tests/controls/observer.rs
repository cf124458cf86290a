use conformance_selftest::controls::observer::{FaultyComposite, ObserverFault, ObserverVariant};
use storage_conformance::config::RunConfig;
use storage_conformance::observer::{check_observer_property, properties as p, readings};
use storage_conformance::outcome::Outcome;
use storage_conformance::property::PropertyInfo;
use storage_conformance::readings::Choice;

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
fn skipping_the_last_observer() {
    assert_observer_caught(ObserverFault::SkipsLast);
}

#[test]
fn unregistering_an_observer_registered_again() {
    assert_observer_caught(ObserverFault::ForgetsRepeated);
}

#[test]
fn panicking_when_empty() {
    assert_observer_caught(ObserverFault::PanicsWhenEmpty);
}

#[test]
fn swallowing_an_observers_panic() {
    assert_observer_caught(ObserverFault::SwallowsPanics);
}

#[test]
fn add_registering_nowhere() {
    assert_observer_caught(ObserverFault::AddIgnored);
}

#[test]
fn every_fault_has_a_test() {
    // The list above names each fault once; a new fault must get its own test.
    assert_eq!(ObserverFault::ALL.len(), 5);
}

/// Runs `property` on composites from `factory` with `config`.
fn outcome(
    property: &PropertyInfo,
    config: &RunConfig,
    factory: impl Fn(Vec<std::sync::Arc<dyn storage_traits::MutationObserver>>) -> FaultyComposite
    + Send
    + Sync
    + 'static,
) -> Outcome {
    check_observer_property(
        property.id,
        config,
        "factory",
        factory,
        Some((FaultyComposite::add, "FaultyComposite::add")),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Asserts that the composite from `factory` fails `property` under `pins` with a
/// counterexample of `minimal_steps`, naming the first pin's reading, and passes it
/// under `own`.
fn assert_pins_decide(
    factory: impl Fn(Vec<std::sync::Arc<dyn storage_traits::MutationObserver>>) -> FaultyComposite
    + Clone
    + Send
    + Sync
    + 'static,
    (pins, property, minimal_steps): (&[Choice], PropertyInfo, usize),
    own: Choice,
) {
    let pinned = pins.iter().fold(config(), |c, pin| c.pin(*pin));
    let failed = outcome(&property, &pinned, factory.clone());
    assert_caught(&failed, property.id, minimal_steps);
    assert!(failed.to_string().contains(pins[0].reading), "{failed}");
    let passed = outcome(&property, &config().pin(own), factory);
    assert!(passed.failure().is_none(), "{passed}");
}

#[test]
fn each_correct_control_fails_under_a_pin_it_does_not_follow_and_passes_under_its_own() {
    // That each passes every property by default and under its own pin is
    // tests/observer_suite.rs; here, that the pin is what makes the difference.
    for variant in ObserverVariant::ALL {
        assert_pins_decide(
            move |observers| FaultyComposite::variant(variant, observers),
            variant.fails_under(),
            variant.follows(),
        );
    }
    assert_pins_decide(
        FaultyComposite::correct,
        (&[readings::PANIC_ISOLATED], p::PANICKING_OBSERVER, 2),
        readings::PANIC_PROPAGATES,
    );
    assert_pins_decide(
        FaultyComposite::correct,
        (
            &[readings::ADD_FIRST, readings::ORDER_REGISTRATION],
            p::ADD_REGISTERS,
            3,
        ),
        readings::ADD_LAST,
    );
    assert_pins_decide(
        FaultyComposite::correct,
        (&[readings::ORDER_REVERSE], p::FAN_OUT, 3),
        readings::ORDER_REGISTRATION,
    );
    assert_pins_decide(
        FaultyComposite::correct,
        (&[readings::DUPLICATES_IGNORED], p::REGISTERED_TWICE, 3),
        readings::DUPLICATES_KEPT,
    );
}
