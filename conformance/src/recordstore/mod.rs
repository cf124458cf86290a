//! The `RecordStore` suite: the parts the kit injects, a model of the contract, the
//! operations, and the properties.
//!
//! Use [`record_store_conformance!`](crate::record_store_conformance) in tests, or
//! [`check_record_store_property`] to get an [`Outcome`] as a value. Every case builds
//! fresh [`RecordStoreParts`] (an engine, the kit's
//! [`FaultyDataStore`](crate::doubles::FaultyDataStore) around the case's [`Backend`],
//! recording observers, a manual clock and the map's settings: a name and partition
//! drawn per case, a default expiry policy, a cost limit), hands them to the factory,
//! and calls `init()` once on the store before the first op. Where a
//! `recordstore_should_evict` case measures its cost limit, the factory also builds a
//! probe store first, over fresh parts of its own.

mod after;
mod case;
mod checks;
pub mod concurrent;
mod identity;
mod init;
mod macros;
mod model;
mod ops;
mod parts;
mod probe;
pub mod properties;
pub mod readings;
pub mod rules;
mod run;
mod scenario;
pub mod strategies;
#[cfg(test)]
mod tests;
mod walks;

use std::sync::Arc;

use proptest::strategy::{BoxedStrategy, Strategy};
use storage_traits::RecordStore;

pub use checks::Checks;
pub use model::RecordStoreModel;
pub use ops::RecordStoreOp;
pub use parts::{
    Backend, MAP_NAME, OBSERVERS, PARTITION_ID, RecordStoreKit, RecordStoreParts,
    record_store_parts, record_store_parts_with_defaults, record_store_runtime,
};
pub use run::run_record_store_case;
pub use scenario::RecordStoreScenario;

use crate::config::RunConfig;
use crate::failure::Violation;
use crate::outcome::Outcome;
use crate::property::PropertyInfo;
use crate::runner::{CaseCheck, run_property};
use crate::scenario::StepTracker;

/// The capabilities of a record store: the injected parts it can take. Turn one off
/// with `RunConfig::without` and the properties that need it are skipped, saying so.
pub mod capabilities {
    use crate::property::Capability;

    /// The store reads the time from the injected clock.
    pub const INJECTED_CLOCK: Capability = "recordstore_injected_clock";
    /// The store persists through, and loads from, the injected data store.
    pub const INJECTED_DATA_STORE: Capability = "recordstore_injected_data_store";
    /// The store notifies the injected observers, in registration order.
    pub const OBSERVERS: Capability = "recordstore_observers";
    /// The store takes the map's default expiry policy
    /// ([`RecordStoreParts::default_expiry`](super::RecordStoreParts::default_expiry)).
    pub const CONFIG_DEFAULTS: Capability = "recordstore_config_defaults";
    /// The store takes the map's cost limit
    /// ([`RecordStoreParts::max_cost`](super::RecordStoreParts::max_cost)), above which
    /// `should_evict` is true.
    pub const MAX_COST: Capability = "recordstore_max_cost";

    /// Every capability of the suite a caller may turn off.
    pub const ALL: &[Capability] = &[
        INJECTED_CLOCK,
        INJECTED_DATA_STORE,
        OBSERVERS,
        CONFIG_DEFAULTS,
        MAX_COST,
    ];
}

/// The properties that compare times the store reads itself, besides those that require
/// [`capabilities::INJECTED_CLOCK`]: skipped when the store is on its own clock.
const TIMED: &[&str] = &["recordstore_expiry_defaults"];

/// Why `property` is skipped for a store on its own clock, if it is.
fn needs_clock(property: &PropertyInfo, config: &RunConfig) -> Option<String> {
    let off = config.without.contains(&capabilities::INJECTED_CLOCK);
    (off && TIMED.contains(&property.id)).then(|| {
        format!(
            "`{}` needs the capability `{}`, which is off",
            property.id,
            capabilities::INJECTED_CLOCK
        )
    })
}

/// The case without expiry policies: a store on its own clock would expire records at
/// times the kit cannot know.
fn without_policies(mut scenario: RecordStoreScenario) -> RecordStoreScenario {
    for op in &mut scenario.ops {
        if let RecordStoreOp::Put { expiry, .. } = op {
            *expiry = storage_traits::ExpiryPolicy::NONE;
        }
    }
    scenario
}

/// The cases and the checks of one record-store property; without the kit's clock,
/// the cases set no expiry policy.
fn plan(
    property: &PropertyInfo,
    clock: bool,
) -> Option<(BoxedStrategy<RecordStoreScenario>, Checks)> {
    let (strategy, checks) = cases(property)?;
    let strategy = if clock {
        strategy
    } else {
        strategy.prop_map(without_policies).boxed()
    };
    Some((strategy, checks))
}

/// The cases and the checks of one record-store property.
fn cases(property: &PropertyInfo) -> Option<(BoxedStrategy<RecordStoreScenario>, Checks)> {
    let returns = Checks {
        returns: true,
        ..Checks::default()
    };
    let expiry = Checks {
        expiry: true,
        ..returns
    };
    let plan = match property.id {
        id if id == properties::MODEL_EQUIVALENCE.id => (strategies::values().boxed(), returns),
        id if id == properties::METADATA.id => (
            strategies::metadata().boxed(),
            Checks {
                metadata: true,
                ..Checks::default()
            },
        ),
        id if id == properties::OBSERVER_EVENTS.id => (
            strategies::notifications().boxed(),
            Checks {
                events: true,
                ..Checks::default()
            },
        ),
        id if id == properties::PROVENANCE.id => (
            strategies::provenances().boxed(),
            Checks {
                calls: true,
                ..Checks::default()
            },
        ),
        id if id == properties::DIRTY_TRACKING.id => (
            strategies::dirty_tracking().boxed(),
            Checks {
                dirty: true,
                ..Checks::default()
            },
        ),
        id if id == properties::FAULTS.id => (strategies::faults().boxed(), returns),
        id if id == properties::EVICTION.id => (strategies::evictions().boxed(), returns),
        id if id == properties::SHOULD_EVICT.id => (
            strategies::cost_limits().boxed(),
            Checks {
                should_evict: true,
                ..Checks::default()
            },
        ),
        id if id == properties::EXPIRY.id => (strategies::expiry().boxed(), expiry),
        id if id == properties::EXPIRY_DEFAULTS.id => {
            (strategies::expiry_defaults().boxed(), expiry)
        }
        id if id == properties::COST.id => (
            strategies::costs().boxed(),
            Checks {
                cost: true,
                ..Checks::default()
            },
        ),
        id if id == properties::CURSOR.id => (strategies::cursors().boxed(), Checks::default()),
        id if id == properties::INIT.id => (
            strategies::after_init().boxed(),
            Checks {
                init: true,
                events: true,
                ..Checks::default()
            },
        ),
        id if id == properties::IDENTITY.id => (
            strategies::identities().boxed(),
            Checks {
                identity: true,
                ..Checks::default()
            },
        ),
        _ => return None,
    };
    Some(plan)
}

/// Checks the record-store property `id` on fresh stores from `factory`, which turns
/// the kit's parts into the store under test; the kit calls `init()` on each before
/// its first op. A `recordstore_should_evict` case whose cost limit is measured calls
/// `factory` twice: once for a probe store that runs the case's first ops (its cost is
/// the limit), then for the store under test. `subject` is the factory's source text,
/// used in the printed counterexample. An unknown id, or a runtime the kit cannot
/// build, is a failure to run, reported as `Err`.
pub fn check_record_store_property<R, F>(
    id: &str,
    config: &RunConfig,
    subject: &str,
    factory: F,
) -> Result<Outcome, String>
where
    R: RecordStore + ?Sized + 'static,
    F: Fn(RecordStoreParts) -> Box<R> + Send + Sync + 'static,
{
    let property = properties::ALL
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| unknown_property(id))?;
    crate::readings::check_settings(
        config,
        &crate::readings::Known {
            suite: "RecordStore",
            properties: properties::ALL,
            capabilities: capabilities::ALL,
            readings: readings::ALL,
        },
    )?;
    if crate::recordstore::concurrent::is_concurrent_store_property(id) {
        return crate::recordstore::concurrent::check_concurrent_record_store_property(
            property, config, subject, factory,
        )?
        .ok_or_else(|| unknown_property(id));
    }
    if let Some(reason) = needs_clock(property, config) {
        return Ok(Outcome::Skipped { reason });
    }
    let clock = !config.without.contains(&capabilities::INJECTED_CLOCK);
    let (strategy, checks) = plan(property, clock).ok_or_else(|| unknown_property(id))?;
    let runtime = Arc::new(
        record_store_runtime().map_err(|e| format!("the kit could not start tokio: {e}"))?,
    );
    let judged = config.clone();
    let check: CaseCheck<RecordStoreScenario> = Arc::new(
        move |scenario: &RecordStoreScenario, tracker: &StepTracker| {
            runtime.block_on(async {
                let scenario =
                    probe::with_measured_limit(scenario, &factory, &judged, tracker).await?;
                let (parts, kit) = scenario
                    .parts()
                    .map_err(|e| Violation::at(0, rules::KIT_SETUP, "the parts", e.to_string()))?;
                let mut store = factory(parts);
                // The lifecycle a record-store factory follows: construct, init, use.
                store.init();
                run_record_store_case(store.as_ref(), &kit, &scenario, checks, &judged, tracker)
                    .await
            })
        },
    );
    Ok(run_property(property, config, subject, strategy, &check))
}

fn unknown_property(id: &str) -> String {
    let known: Vec<&str> = properties::ALL.iter().map(|p| p.id).collect();
    format!(
        "unknown record-store property {id:?}; known: {}",
        known.join(", ")
    )
}
