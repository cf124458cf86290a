//! Every rule the observer properties check, each an assertion of the spec (with the
//! words it comes from) or a reading ([`super::readings`]).

use crate::property::Rule;

/// The event log after a notification, whatever the order and the duplicates options.
pub const FAN_OUT: Rule = Rule::spec(
    "every notification reaches every registered observer, one registered once exactly once, with its arguments unchanged, and no other observer",
    "Implements `MutationObserver` by iterating all observers for each method",
);
/// A panic where no observer panics.
pub const NO_PANIC: Rule = Rule::spec(
    "a notification panics only when a registered observer panics",
    "empty observer list calls succeed without panic, multiple observers all receive each notification",
);
/// An observer registered twice, under the notified-per-registration option.
pub const PER_REGISTRATION: Rule = Rule::reading(
    "an observer registered twice is notified once per registration",
    "observer_duplicates",
);
/// An observer registered twice, under the deduplicated option.
pub const DEDUPLICATED: Rule = Rule::reading(
    "an observer registered twice is notified once",
    "observer_duplicates",
);
/// The order of a notification, under the registration-order option.
pub const IN_REGISTRATION_ORDER: Rule = Rule::reading(
    "the observers are notified in registration order",
    "observer_order",
);
/// The order of a notification, under the reverse-order option.
pub const IN_REVERSE_ORDER: Rule = Rule::reading(
    "the observers are notified in reverse registration order",
    "observer_order",
);
/// The observers before a panicking one.
pub const BEFORE_PANIC: Rule = Rule::reading(
    "the observers the composite's order puts before a panicking observer are notified, in that order, with the arguments unchanged",
    "observer_panic",
);
/// A panicking observer, under the propagates option.
pub const PANIC_PROPAGATES: Rule = Rule::reading(
    "a panic in an observer reaches the caller, and the observers after it are not notified",
    "observer_panic",
);
/// A panicking observer, under the isolates option.
pub const PANIC_ISOLATED: Rule = Rule::reading(
    "a panic in an observer is caught: the observers after it are notified and the call returns",
    "observer_panic",
);
/// A panicking observer, under the notifies-all option.
pub const PANIC_AFTER_ALL: Rule = Rule::reading(
    "a panic in an observer reaches the caller once the observers after it are notified",
    "observer_panic",
);
/// What `add` does, whatever the position.
pub const ADD_REGISTERS: Rule = Rule::spec(
    "an observer registered with add gets every later notification, and the other observers keep getting theirs",
    "`add(&mut self, observer: Arc<dyn MutationObserver>)` for post-construction registration",
);
/// `add`, under the last option.
pub const ADD_LAST: Rule = Rule::reading(
    "an observer registered with add comes after those registered before it in the composite's order",
    "observer_add_position",
);
/// `add`, under the first option.
pub const ADD_FIRST: Rule = Rule::reading(
    "an observer registered with add comes before those registered before it in the composite's order",
    "observer_add_position",
);
