//! Runs a record-store case: every op on the store through [`CaseRun`], with the
//! checks after `init()` ([`after_init`]) and after every step ([`after_step`]).

use storage_traits::RecordStore;

use super::after::after_step;
use super::case::CaseRun;
use super::checks::Checks;
use super::init::after_init;
use super::model::Observed;
use super::parts::RecordStoreKit;
use super::scenario::RecordStoreScenario;
use super::walks::engine_state;
use crate::config::RunConfig;
use crate::failure::Violation;
use crate::scenario::StepTracker;

/// Runs the ops of `scenario` on `store`, fresh from the factory over the parts `kit`
/// handles and just initialized, checking `checks` right away and after every op
/// under the readings `config` pins (and without comparing times the store read when
/// `config` turns its clock off); returns the first broken rule. The cost limit is
/// `scenario.max_cost` as it is: a limit to measure
/// ([`RecordStoreScenario::max_cost_after`]) is measured before, by
/// [`check_record_store_property`](super::check_record_store_property).
pub async fn run_record_store_case<R: RecordStore + ?Sized>(
    store: &R,
    kit: &RecordStoreKit,
    scenario: &RecordStoreScenario,
    checks: Checks,
    config: &RunConfig,
    tracker: &StepTracker,
) -> Result<(), Violation> {
    let mut run = CaseRun::new(store, kit, scenario, checks, config);
    after_init(&run)?;
    let ops = &scenario.ops;
    for (step, op) in ops.iter().enumerate() {
        tracker.enter(step);
        let walking = run.walks.in_progress();
        let before = engine_state(store);
        let returned = run.call(step, op).await?;
        let after = engine_state(store);
        if walking {
            run.walks.changed(&before, &after);
        }
        let observed = Observed {
            returned,
            calls: run.new_calls(),
            events: run.new_events(step)?,
            before,
            after,
        };
        run.model_step(step, op, &observed)?;
        after_step(&run, step)?;
    }
    run.walks.drain(store, ops.len().saturating_sub(1))
}
