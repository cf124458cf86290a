//! The `MutationObserver` suite, for composite observers: a factory turns the observers
//! the kit registers into the composite under test.
//!
//! Use [`mutation_observer_conformance!`](crate::mutation_observer_conformance) in
//! tests, or [`check_observer_property`] to get an [`Outcome`] as a value.
//!
//! `add` is not part of the trait, so "add appends" is the property
//! `observer_add_registers`, which needs the capability [`properties::ADD`]: the caller
//! passes an adder (`CompositeMutationObserver::add`) and the kit registers the last
//! observers of some cases through it. Without an adder the property is skipped, and
//! the skip says so.

pub mod properties;
pub mod readings;
pub mod rules;
mod run;
mod scenario;
pub mod strategies;

use std::sync::Arc;

use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::MutationObserver;

pub use run::{Adder, notify, run_observer_case};
pub use scenario::{ObserverScenario, Slot};

use crate::config::RunConfig;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::{CaseCheck, run_property};

fn plan(property: &PropertyInfo) -> Option<BoxedStrategy<ObserverScenario>> {
    let strategy = match property.id {
        id if id == properties::FAN_OUT.id => strategies::fan_out().boxed(),
        id if id == properties::REGISTERED_TWICE.id => strategies::registered_twice().boxed(),
        id if id == properties::EMPTY_NOOP.id => strategies::empty().boxed(),
        id if id == properties::PANICKING_OBSERVER.id => {
            strategies::with_a_panicking_observer().boxed()
        }
        id if id == properties::ADD_REGISTERS.id => strategies::added_later().boxed(),
        _ => return None,
    };
    Some(strategy)
}

/// Checks the observer property `id` on composites from `factory`; `adder` (with its
/// source text) registers observers after construction, and without one
/// `observer_add_registers` is skipped. `subject` is the factory's source text. An unknown
/// id, or a pin that is not one of [`readings::ALL`]'s options, is reported as `Err`
/// with the known ids or readings.
pub fn check_observer_property<C, F>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    factory: F,
    adder: Option<(Adder<C>, &str)>,
) -> Result<Outcome, String>
where
    C: MutationObserver + 'static,
    F: Fn(Vec<Arc<dyn MutationObserver>>) -> C + Send + Sync + 'static,
{
    let property = properties::ALL
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| unknown_property(id))?;
    crate::readings::check_settings(
        config,
        &crate::readings::Known {
            suite: "MutationObserver",
            properties: properties::ALL,
            capabilities: &[properties::ADD],
            readings: readings::ALL,
        },
    )?;
    let strategy = plan(property).ok_or_else(|| unknown_property(id))?;
    let mut config = config.clone();
    if adder.is_none() {
        config.without.push(properties::ADD);
    }
    let adder_text = adder.map(|(_, text)| text.to_string());
    let strategy = strategy.prop_map(move |mut scenario| {
        scenario.adder.clone_from(&adder_text);
        scenario
    });
    let add = adder.map(|(add, _)| add);
    let case_config = config.clone();
    let check: CaseCheck<ObserverScenario> = Arc::new(move |scenario, tracker| {
        run_observer_case(scenario, &factory, add, &case_config, tracker)
    });
    Ok(run_property(property, &config, subject, strategy, &check))
}

fn unknown_property(id: &str) -> String {
    let known: Vec<&str> = properties::ALL.iter().map(|p| p.id).collect();
    format!(
        "unknown observer property {id:?}; known: {}",
        known.join(", ")
    )
}
