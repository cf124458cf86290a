//! Every rule the observer properties check, each an assertion of the spec (with the
//! words it comes from) or a reading ([`super::readings`]).

use crate::property::Rule;

/// The event log after a notification.
pub const FAN_OUT: Rule = Rule::spec(
    "every notification reaches every registered observer exactly once per registration, in registration order, with its arguments unchanged",
    "Implements `MutationObserver` by iterating all observers for each method",
);
/// A panic where no observer panics.
pub const NO_PANIC: Rule = Rule::spec(
    "a notification panics only when a registered observer panics",
    "empty observer list calls succeed without panic, multiple observers all receive each notification",
);
/// The observers before a panicking one.
pub const BEFORE_PANIC: Rule = Rule::reading(
    "the observers before a panicking observer are notified, in order, with the arguments unchanged",
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
    "an observer registered with add gets every later notification once per registration, and the other observers keep their order",
    "`add(&mut self, observer: Arc<dyn MutationObserver>)` for post-construction registration",
);
/// `add`, under the last option.
pub const ADD_LAST: Rule = Rule::reading(
    "an observer registered with add is notified after those registered before it",
    "observer_add_position",
);
/// `add`, under the first option.
pub const ADD_FIRST: Rule = Rule::reading(
    "an observer registered with add is notified before those registered before it",
    "observer_add_position",
);
