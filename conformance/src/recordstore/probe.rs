//! A measured cost limit ([`RecordStoreScenario::max_cost_after`]): a probe store from
//! the same factory runs the case's first ops, and its cost becomes the limit of the
//! store under test, which then meets its limit exactly after those ops. The kit cannot
//! predict a store's costs, so no drawn limit can land on one.

use std::borrow::Cow;

use storage_traits::RecordStore;

use super::checks::Checks;
use super::parts::RecordStoreParts;
use super::rules;
use super::run::run_record_store_case;
use super::scenario::RecordStoreScenario;
use crate::config::RunConfig;
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// `scenario` with its cost limit measured on a probe store from `factory`, or as it is
/// when its limit is drawn. Call it inside a tokio runtime.
pub(super) async fn with_measured_limit<'s, R, F>(
    scenario: &'s RecordStoreScenario,
    factory: &F,
    config: &RunConfig,
    tracker: &StepTracker,
) -> Result<Cow<'s, RecordStoreScenario>, Violation>
where
    R: RecordStore + ?Sized,
    F: Fn(RecordStoreParts) -> Box<R>,
{
    let Some(probe) = scenario.cost_probe() else {
        return Ok(Cow::Borrowed(scenario));
    };
    let (parts, kit) = probe
        .parts()
        .map_err(|e| Violation::at(0, rules::KIT_SETUP, "the probe's parts", e.to_string()))?;
    let mut store = factory(parts);
    store.init();
    // The probe only measures: no checks (the cost-limit cases make no cursor walk,
    // the one thing always checked). A panic or a hang in it is still the store's,
    // reported at the step that ran, which the store under test runs too.
    let checks = Checks::default();
    run_record_store_case(store.as_ref(), &kit, &probe, checks, config, tracker).await?;
    Ok(Cow::Owned(scenario.with_max_cost(store.owned_entry_cost())))
}
