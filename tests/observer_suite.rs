//! The observer suite on `CompositeMutationObserver` and on the correct controls: all
//! must pass, by default (every option of every reading accepted) and under the pins of
//! the options they follow.

use conformance_selftest::controls::observer::{FaultyComposite, ObserverVariant};
use storage_conformance::mutation_observer_conformance;
use storage_conformance::observer::readings;
use storage_traits::CompositeMutationObserver;

mutation_observer_conformance!(
    composite_observer,
    CompositeMutationObserver::new,
    add = CompositeMutationObserver::add
);
mutation_observer_conformance!(
    fault_free_control,
    FaultyComposite::correct,
    add = FaultyComposite::add
);
mutation_observer_conformance!(composite_without_add, CompositeMutationObserver::new);
mutation_observer_conformance!(
    composite_observer_reference_options,
    CompositeMutationObserver::new,
    add = CompositeMutationObserver::add,
    configure = |c| c
        .pin(readings::PANIC_PROPAGATES)
        .pin(readings::ADD_LAST)
        .pin(readings::ORDER_REGISTRATION)
        .pin(readings::DUPLICATES_KEPT)
);

/// One module per correct control variant, run by default and under its own pin.
macro_rules! variant_suites {
    ($($name:ident, $pinned:ident: $variant:ident;)*) => {$(
        mutation_observer_conformance!(
            $name,
            |observers| FaultyComposite::variant(ObserverVariant::$variant, observers),
            add = FaultyComposite::add
        );
        mutation_observer_conformance!(
            $pinned,
            |observers| FaultyComposite::variant(ObserverVariant::$variant, observers),
            add = FaultyComposite::add,
            configure = |c| c.pin(ObserverVariant::$variant.follows())
        );
    )*};
}

variant_suites! {
    panics_isolated_control, panics_isolated_control_pinned: PanicsIsolated;
    panic_after_all_control, panic_after_all_control_pinned: PanicAfterAll;
    add_prepends_control, add_prepends_control_pinned: AddPrepends;
    reverse_order_control, reverse_order_control_pinned: ReverseOrder;
    rotating_order_control, rotating_order_control_pinned: RotatingOrder;
    deduplicates_control, deduplicates_control_pinned: Deduplicates;
}

/// A counterexample as the suite prints it (here for `CompositeMutationObserver`, every
/// kind of registration and a panicking observer) compiles and runs as it is.
#[test]
fn a_printed_counterexample_replays() {
    use std::sync::Arc;
    use storage_conformance::doubles::{EventLog, PanickingObserver};
    use storage_conformance::replay::*;
    use storage_traits::MutationObserver;
    let log = EventLog::new();
    let o0 = log.observer(0);
    let o1 = log.observer(1);
    let observers: Vec<Arc<dyn MutationObserver>> = vec![o0.clone(), o1.clone()];
    let mut c = (CompositeMutationObserver::new)(observers);
    let add = CompositeMutationObserver::add;
    add(&mut c, o0.clone());
    add(&mut c, Arc::new(PanickingObserver));
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.on_put(
            "a",
            &record(lww(Value::Float(f64::NAN), ts(1, 2, "n")), meta_new(5, 8)),
            None,
            false,
        );
    }));
    println!("{:#?}", log.events());
    log.clear();
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.on_update(
            "",
            &record(lww(Value::Float(f64::NAN), ts(1, 2, "n")), meta_new(5, 8)),
            &tombstones(&["t"]),
            &lww(Value::Int(1), ts(0, 0, "a")),
            true,
        );
    })); // <- the rule breaks here
    println!("{:#?}", log.events());
    log.clear();
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.on_destroy(false)));
    println!("{:#?}", log.events());
    log.clear();
    // What the case showed: the observers before the panicking one, in order.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| c.on_clear()));
    let observers: Vec<usize> = log.events().iter().map(|e| e.observer).collect();
    assert_eq!(observers, [0, 1, 0]);
}
