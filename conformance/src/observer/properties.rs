//! The observer properties: what each checks.

use crate::property::{CORE, Capability, PropertyInfo};

/// The capability of a composite whose observers can also be registered one at a time
/// after construction (an adder such as `CompositeMutationObserver::add`).
pub const ADD: Capability = "observer_add";

macro_rules! observer_property {
    ($name:ident, $id:literal, $requires:expr, $rule:literal) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: $requires,
            rules: &[],
        };
    };
}

observer_property!(
    FAN_OUT,
    "observer_fan_out",
    CORE,
    "every notification reaches every registered observer exactly once, in registration order, with its arguments unchanged"
);
observer_property!(
    REGISTERED_TWICE,
    "observer_registered_twice",
    CORE,
    "an observer registered twice is notified twice, once per registration"
);
observer_property!(
    EMPTY_NOOP,
    "observer_empty_noop",
    CORE,
    "a composite without observers accepts every notification and does nothing"
);
observer_property!(
    PANIC_PROPAGATES,
    "observer_panic_propagates",
    CORE,
    "a panic in an observer propagates to the caller, after the observers before it and before the observers after it"
);
observer_property!(
    ADD_APPENDS,
    "observer_add_appends",
    ADD,
    "an observer registered with add is notified after those registered before it"
);

/// Every observer property, in the order the suite runs them.
pub const ALL: &[PropertyInfo] = &[
    FAN_OUT,
    REGISTERED_TWICE,
    EMPTY_NOOP,
    PANIC_PROPAGATES,
    ADD_APPENDS,
];
