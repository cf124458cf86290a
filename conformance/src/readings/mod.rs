//! Readings: the points the spec leaves open, the options a careful implementer may
//! take on each, and which of them a run accepts.
//!
//! Every rule a property checks is either an assertion of the spec or follows from a
//! reading. Unless the implementer pins an option (`RunConfig::pin`), a suite accepts
//! the outcome of every option of every reading, and checks only what they share; a
//! pinned reading gets the stricter checks of its one option, and a failure under it
//! names it. A suite lists its readings in a `READINGS` constant; each option is a
//! [`Choice`] constant to pin:
//!
//! ```ignore
//! record_store_conformance!(my_store, |parts: RecordStoreParts| Box::new(MyStore::new(parts)),
//!     configure = |c| c.pin(storage_conformance::recordstore::readings::NEW_KEY_VERSION_ONE));
//! ```

pub mod branches;

pub use branches::{Branch, Branches, Chosen, Options, Stop};

pub use crate::config::Choice;
use crate::config::RunConfig;
use crate::property::{CORE, Capability, PropertyInfo};

/// One way to read an open point of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingOption {
    /// Stable identifier, unique within its reading (`zero`, `one`).
    pub id: &'static str,
    /// What a store that takes this option does, in one sentence.
    pub meaning: &'static str,
}

/// A point the spec leaves open, and the options a suite accepts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Stable identifier, prefixed by its suite like property ids
    /// (`recordstore_new_key_version`).
    pub id: &'static str,
    /// What is open, in one sentence.
    pub question: &'static str,
    /// The accepted options; the first is the reference implementations' choice.
    pub options: &'static [ReadingOption],
    /// What every option shares: what is checked when nothing is pinned.
    pub shared: &'static str,
}

impl Reading {
    /// The choice of option `index` of this reading, to pin.
    ///
    /// # Panics
    /// At compile time, in a `const` item, when `index` is out of range.
    pub const fn choice(&self, index: usize) -> Choice {
        Choice {
            reading: self.id,
            option: self.options[index].id,
        }
    }

    /// The option called `id`, if this reading has one.
    pub fn option(&self, id: &str) -> Option<&'static ReadingOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The ids of the options a run with `config` accepts: the pinned one, or all.
    pub fn accepted(&self, config: &RunConfig) -> Vec<&'static str> {
        match config.pinned(self.id) {
            Some(option) => vec![option],
            None => self.options.iter().map(|o| o.id).collect(),
        }
    }
}

/// What a suite knows, for checking a run's settings against it: its name, properties,
/// capabilities and readings.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// The trait the suite checks (`StorageEngine`, …).
    pub suite: &'a str,
    /// The suite's properties.
    pub properties: &'a [PropertyInfo],
    /// The capabilities a caller may turn off with `without` (besides [`CORE`]).
    pub capabilities: &'a [Capability],
    /// The suite's readings.
    pub readings: &'a [Reading],
}

/// `Ok` when every setting of `config` names something the suite knows: each pin one of
/// its readings with one of its options, each skipped property one of its properties,
/// each capability turned off one of its capabilities. Otherwise the error names the
/// unknown setting and lists what the suite knows, so that a typo cannot silently turn
/// a check off.
pub fn check_settings(config: &RunConfig, known: &Known<'_>) -> Result<(), String> {
    check_pins(config, known.suite, known.readings)?;
    let suite = known.suite;
    for skip in &config.skips {
        if !known.properties.iter().any(|p| p.id == skip.property) {
            let ids: Vec<&str> = known.properties.iter().map(|p| p.id).collect();
            return Err(format!(
                "skipped property `{}` is not a property of the {suite} suite; its properties: {}",
                skip.property,
                ids.join(", ")
            ));
        }
    }
    for capability in &config.without {
        if *capability != CORE && !known.capabilities.contains(capability) {
            let mut ids: Vec<&str> = vec![CORE];
            ids.extend(known.capabilities);
            return Err(format!(
                "capability `{capability}` turned off with `without` is not a capability of the {suite} suite; its capabilities: {}",
                ids.join(", ")
            ));
        }
    }
    Ok(())
}

/// `Ok` when every reading `config` pins is one of `readings` with one of its options;
/// otherwise the error names the wrong pin and lists the suite's readings and options.
fn check_pins(config: &RunConfig, suite: &str, readings: &[Reading]) -> Result<(), String> {
    for pin in &config.pins {
        let known = readings
            .iter()
            .find(|r| r.id == pin.reading)
            .is_some_and(|r| r.option(pin.option).is_some());
        if !known {
            let listed: Vec<String> = readings
                .iter()
                .map(|r| {
                    let options: Vec<&str> = r.options.iter().map(|o| o.id).collect();
                    format!("{} ({})", r.id, options.join(" | "))
                })
                .collect();
            return Err(format!(
                "pinned reading `{pin}` is not a reading of the {suite} suite; its readings: {}",
                if listed.is_empty() {
                    "none".to_string()
                } else {
                    listed.join(", ")
                }
            ));
        }
    }
    Ok(())
}

/// How a run with `config` reads each of `readings`, one line each: the pinned option,
/// or every option accepted. For reports.
pub fn describe(config: &RunConfig, readings: &[Reading]) -> Vec<String> {
    readings
        .iter()
        .map(|r| {
            if let Some(option) = config.pinned(r.id) {
                format!("{} = {option} (pinned)", r.id)
            } else {
                let options: Vec<&str> = r.options.iter().map(|o| o.id).collect();
                format!("{} = any of {}", r.id, options.join(" | "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERSION: Reading = Reading {
        id: "test_version",
        question: "the version of a new key",
        options: &[
            ReadingOption {
                id: "zero",
                meaning: "new keys start at 0",
            },
            ReadingOption {
                id: "one",
                meaning: "new keys start at 1",
            },
        ],
        shared: "every overwrite adds 1",
    };
    const ONE: Choice = VERSION.choice(1);

    #[test]
    fn a_pin_narrows_the_accepted_options_to_one() {
        let config = RunConfig::default();
        assert_eq!(VERSION.accepted(&config), vec!["zero", "one"]);
        assert_eq!(VERSION.accepted(&config.pin(ONE)), vec!["one"]);
    }

    #[test]
    fn an_unknown_pin_is_an_error_that_lists_the_readings() {
        let wrong = Choice {
            reading: "test_version",
            option: "two",
        };
        let error = check_pins(&RunConfig::default().pin(wrong), "test", &[VERSION])
            .expect_err("an unknown option must be refused");
        assert!(error.contains("test_version (zero | one)"), "{error}");
        assert!(check_pins(&RunConfig::default().pin(ONE), "test", &[VERSION]).is_ok());
    }

    const PROPERTY: PropertyInfo = PropertyInfo {
        id: "test_property",
        rule: "a rule",
        requires: "test_capability",
        rules: &[],
    };

    fn known() -> Known<'static> {
        Known {
            suite: "Test",
            properties: &[PROPERTY],
            capabilities: &["test_capability"],
            readings: &[VERSION],
        }
    }

    #[test]
    fn a_skip_or_a_capability_the_suite_does_not_know_is_an_error_that_lists_its_own() {
        let config = RunConfig::default;
        let error = check_settings(&config().skip("test_proprety", "typo"), &known())
            .expect_err("an unknown property must be refused");
        assert!(error.contains("`test_proprety`"), "{error}");
        assert!(error.contains("its properties: test_property"), "{error}");
        let error = check_settings(&config().without("test_capabilty"), &known())
            .expect_err("an unknown capability must be refused");
        assert!(
            error.contains("its capabilities: core, test_capability"),
            "{error}"
        );
        let known_settings = config()
            .skip("test_property", "not yet")
            .without("test_capability")
            .without(CORE)
            .pin(ONE);
        assert_eq!(check_settings(&known_settings, &known()), Ok(()));
    }

    #[test]
    fn readings_are_described_pinned_or_open() {
        let config = RunConfig::default();
        assert_eq!(
            describe(&config, &[VERSION]),
            vec!["test_version = any of zero | one"]
        );
        assert_eq!(
            describe(&config.pin(ONE), &[VERSION]),
            vec!["test_version = one (pinned)"]
        );
    }
}
