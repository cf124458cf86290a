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
    shared: "the observers before the panicking one are notified, once per registration, in order, with the arguments unchanged",
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

/// Every reading of the suite.
pub const ALL: &[Reading] = &[PANIC, ADD_POSITION];
