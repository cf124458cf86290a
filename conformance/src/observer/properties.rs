//! The observer properties: what each checks, and the rules it may find broken.

use super::rules as r;
use crate::property::{CORE, Capability, PropertyInfo, Rule};

/// The capability of a composite whose observers can also be registered one at a time
/// after construction (an adder such as `CompositeMutationObserver::add`).
pub const ADD: Capability = "observer_add";

macro_rules! observer_property {
    ($name:ident, $id:literal, $requires:expr, $rule:literal, $rules:expr) => {
        #[doc = $rule]
        pub const $name: PropertyInfo = PropertyInfo {
            id: $id,
            rule: $rule,
            requires: $requires,
            rules: $rules,
        };
    };
}

/// The rules of notifications with no panicking observer, then `$extra`.
macro_rules! fan_out_rules {
    ($($extra:expr),*) => {
        &[
            r::FAN_OUT,
            r::NO_PANIC,
            r::PER_REGISTRATION,
            r::DEDUPLICATED,
            r::IN_REGISTRATION_ORDER,
            r::IN_REVERSE_ORDER,
            $($extra),*
        ]
    };
}

/// The rules of notifications with no panicking observer.
const FAN_OUT_RULES: &[Rule] = fan_out_rules!();

observer_property!(
    FAN_OUT,
    "observer_fan_out",
    CORE,
    "every notification reaches every registered observer, with its arguments unchanged (in the order and as often as the composite's options say)",
    FAN_OUT_RULES
);
observer_property!(
    REGISTERED_TWICE,
    "observer_registered_twice",
    CORE,
    "an observer registered twice is notified once per registration, or once (as the composite's duplicates option says)",
    FAN_OUT_RULES
);
observer_property!(
    EMPTY_NOOP,
    "observer_empty_noop",
    CORE,
    "a composite without observers accepts every notification and does nothing",
    &[r::FAN_OUT, r::NO_PANIC]
);
observer_property!(
    PANICKING_OBSERVER,
    "observer_panicking_observer",
    CORE,
    "when an observer panics, the observers before it have been notified (and the rest as the composite's panic option says)",
    &[
        r::FAN_OUT,
        r::BEFORE_PANIC,
        r::PANIC_PROPAGATES,
        r::PANIC_ISOLATED,
        r::PANIC_AFTER_ALL,
    ]
);
observer_property!(
    ADD_REGISTERS,
    "observer_add_registers",
    ADD,
    "an observer registered with add gets every later notification, and the others keep their order (its place as the composite's add option says)",
    fan_out_rules!(r::ADD_REGISTERS, r::ADD_LAST, r::ADD_FIRST)
);

/// Every observer property, in the order the suite runs them.
pub const ALL: &[PropertyInfo] = &[
    FAN_OUT,
    REGISTERED_TWICE,
    EMPTY_NOOP,
    PANICKING_OBSERVER,
    ADD_REGISTERS,
];
