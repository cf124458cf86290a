//! The open points of the spec this suite's properties meet, and their options
//! ([`crate::readings`]). Pin the options a composite follows in the macro's
//! `configure`:
//!
//! ```ignore
//! mutation_observer_conformance!(my_composite, MyComposite::new, add = MyComposite::add,
//!     configure = |c| c.pin(storage_conformance::observer::readings::PANIC_ISOLATED));
//! ```

use crate::readings::{Choice, Reading, ReadingOption};

/// What a composite does when one of its observers panics: the spec says nothing.
pub const PANIC: Reading = Reading {
    id: "observer_panic",
    question: "what a composite does when one of its observers panics",
    options: &[
        ReadingOption {
            id: "propagates",
            meaning: "the panic reaches the caller at once; the observers after the panicking one are not notified",
        },
        ReadingOption {
            id: "isolates",
            meaning: "the panic is caught; the observers after the panicking one are notified and the call returns normally",
        },
        ReadingOption {
            id: "notifies_all_then_propagates",
            meaning: "the observers after the panicking one are notified, then the panic reaches the caller",
        },
    ],
    shared: "the observers the composite's order puts before the panicking one are notified, in that order, with the arguments unchanged",
};
/// Pin: the panic propagates at once.
pub const PANIC_PROPAGATES: Choice = PANIC.choice(0);
/// Pin: the panic is caught and the rest notified.
pub const PANIC_ISOLATED: Choice = PANIC.choice(1);
/// Pin: the rest notified, then the panic propagates.
pub const PANIC_AFTER_ALL: Choice = PANIC.choice(2);

/// Where `add` puts an observer among those registered before it: the spec says
/// "for post-construction registration".
pub const ADD_POSITION: Reading = Reading {
    id: "observer_add_position",
    question: "where add registers an observer among those registered before it",
    options: &[
        ReadingOption {
            id: "last",
            meaning: "after every observer registered before it (a push onto the list)",
        },
        ReadingOption {
            id: "first",
            meaning: "before every observer registered before it (an insert at the front)",
        },
    ],
    shared: "the added observer gets every later notification once per registration, and the other observers keep their order",
};
/// Pin: `add` appends.
pub const ADD_LAST: Choice = ADD_POSITION.choice(0);
/// Pin: `add` prepends.
pub const ADD_FIRST: Choice = ADD_POSITION.choice(1);

/// The order a composite notifies its observers in: the spec says "iterating all
/// observers for each method" and names no order.
pub const ORDER: Reading = Reading {
    id: "observer_order",
    question: "in what order a composite notifies its observers",
    options: &[
        ReadingOption {
            id: "registration_order",
            meaning: "in the order they were registered (a loop over the list)",
        },
        ReadingOption {
            id: "reverse_order",
            meaning: "most recently registered first (a stack, LIFO)",
        },
        ReadingOption {
            id: "any_order",
            meaning: "in an order of the composite's own, which may differ from one notification to the next (a set, a rotation, a parallel fan-out)",
        },
    ],
    shared: "every notification reaches every registered observer, with its arguments unchanged, and no other observer",
};
/// Pin: registration order.
pub const ORDER_REGISTRATION: Choice = ORDER.choice(0);
/// Pin: reverse registration order.
pub const ORDER_REVERSE: Choice = ORDER.choice(1);
/// Pin: any order.
pub const ORDER_ANY: Choice = ORDER.choice(2);

/// What registering the same observer (the same `Arc`) again does: the spec says
/// neither that it is kept twice nor that it is ignored.
pub const DUPLICATES: Reading = Reading {
    id: "observer_duplicates",
    question: "whether an observer registered twice (the same Arc) is notified twice",
    options: &[
        ReadingOption {
            id: "notified_per_registration",
            meaning: "each registration is an element of the list: the observer is notified once per registration, at each of its places",
        },
        ReadingOption {
            id: "deduplicated",
            meaning: "a registration of an observer already registered is ignored: it is notified once, at the place of its first registration",
        },
    ],
    shared: "an observer registered twice is notified at least once and at most once per registration, with the arguments unchanged; one registered once is notified exactly once",
};
/// Pin: notified once per registration.
pub const DUPLICATES_KEPT: Choice = DUPLICATES.choice(0);
/// Pin: a repeated registration is ignored.
pub const DUPLICATES_IGNORED: Choice = DUPLICATES.choice(1);

/// Every reading of the suite.
pub const ALL: &[Reading] = &[PANIC, ADD_POSITION, ORDER, DUPLICATES];
