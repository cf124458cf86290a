//! A record-store case in progress ([`CaseRun`]): one op on the store at a time, what the
//! kit saw of it handed to the model's branches, and the checks that need no model.

use storage_traits::RecordStore;

use super::capabilities::INJECTED_CLOCK;
use super::checks::{Checks, expect_that};
use super::model::{Boundary, Ctx, FailureMirror, Merge, Observed, RecordStoreModel, Returned};
use super::ops::RecordStoreOp;
use super::parts::{OBSERVERS, RecordStoreKit};
use super::readings::{AFTER_DESTROY, DEFAULT_EXPIRY, EXPIRY_BOUNDARY};
use super::rules;
use super::scenario::RecordStoreScenario;
use super::walks::Walks;
use crate::config::RunConfig;
use crate::doubles::Call;
use crate::failure::Violation;
use crate::readings::Branches;

/// A case in progress: the store, the kit's handles, the case, the model's branches
/// and the walk.
pub(super) struct CaseRun<'a, R: RecordStore + ?Sized> {
    pub(super) store: &'a R,
    pub(super) kit: &'a RecordStoreKit,
    pub(super) scenario: &'a RecordStoreScenario,
    pub(super) checks: Checks,
    pub(super) config: &'a RunConfig,
    branches: Branches<RecordStoreModel>,
    failures: FailureMirror,
    pub(super) walks: Walks,
    /// How many logged notifications and data-store calls earlier steps accounted for.
    events_seen: usize,
    calls_seen: usize,
}

impl<'a, R: RecordStore + ?Sized> CaseRun<'a, R> {
    /// A run of `scenario` on `store`, fresh from the factory over the parts `kit`
    /// handles, checking `checks` under the readings `config` pins; the model starts
    /// from the map's settings and the clock's time.
    pub(super) fn new(
        store: &'a R,
        kit: &'a RecordStoreKit,
        scenario: &'a RecordStoreScenario,
        checks: Checks,
        config: &'a RunConfig,
    ) -> Self {
        let model = RecordStoreModel::new(
            &scenario.map_name,
            kit.clock.now(),
            kit.backend.persists(),
            scenario.default_expiry.clone(),
        );
        Self {
            store,
            kit,
            scenario,
            checks,
            config,
            branches: Branches::new(model, config),
            failures: FailureMirror::default(),
            walks: Walks::default(),
            events_seen: kit.log.events().len(),
            calls_seen: kit.data_store.calls().len(),
        }
    }

    /// Whether the property compares anything the model predicts.
    pub(super) fn needs_model(&self) -> bool {
        let c = self.checks;
        c.returns || c.metadata || c.dirty || c.events || c.calls || c.expiry
    }

    /// The data-store calls made since the last step, each marked failed or not.
    pub(super) fn new_calls(&mut self) -> Vec<super::model::SeenCall> {
        let calls = self.kit.data_store.calls();
        let new = calls[self.calls_seen.min(calls.len())..].to_vec();
        self.calls_seen = calls.len();
        self.failures.mark(new)
    }

    /// The notifications fired since the last step, as the first observer got them;
    /// checks that each reached every observer once, in order.
    pub(super) fn new_events(&mut self, step: usize) -> Result<Vec<Call>, Violation> {
        let logged = self.kit.log.events();
        let new = &logged[self.events_seen.min(logged.len())..];
        self.events_seen = logged.len();
        let first: Vec<Call> = new
            .iter()
            .filter(|e| e.observer == 0)
            .map(|e| e.call.clone())
            .collect();
        if self.checks.events {
            let fanned: Vec<(usize, &Call)> = first
                .iter()
                .flat_map(|call| (0..OBSERVERS).map(move |id| (id, call)))
                .collect();
            let actual: Vec<(usize, &Call)> = new.iter().map(|e| (e.observer, &e.call)).collect();
            let same = fanned.len() == actual.len()
                && fanned
                    .iter()
                    .zip(&actual)
                    .all(|((ei, ec), (ai, ac))| ei == ai && ec.same_as(ac));
            expect_that(step, rules::EVENTS_FAN_OUT, same, &fanned, &actual)?;
        }
        Ok(first)
    }

    /// Hands what the kit saw of `op` to every branch of the model.
    pub(super) fn model_step(
        &mut self,
        step: usize,
        op: &RecordStoreOp,
        observed: &Observed,
    ) -> Result<(), Violation> {
        if !self.needs_model() {
            return Ok(());
        }
        let (checks, pins) = (self.checks, self.config.pins.as_slice());
        let clock = !self.config.without.contains(&INJECTED_CLOCK);
        self.branches.step(|model, options| {
            let boundary = if model.expiry_matters() && clock {
                match options.of(&EXPIRY_BOUNDARY)? {
                    "after_deadline" => Boundary::AfterDeadline,
                    _ => Boundary::AtDeadline,
                }
            } else {
                Boundary::AtDeadline
            };
            let merge = match op {
                RecordStoreOp::Put { expiry, .. } if model.merge_matters(expiry) => {
                    match options.of(&DEFAULT_EXPIRY)? {
                        "whole_policy" => Merge::WholePolicy,
                        _ => Merge::PerField,
                    }
                }
                _ => Merge::PerField,
            };
            let ctx = Ctx {
                step,
                checks,
                pins,
                observed,
                clock,
                boundary,
                merge,
            };
            model.apply(op, &ctx)?;
            if matches!(op, RecordStoreOp::Destroy) && options.is(&AFTER_DESTROY, "unusable")? {
                model.give_up_after_destroy();
            }
            Ok(())
        })
    }

    /// Runs `op` on the store (or the kit's handles) and returns what it returned.
    pub(super) async fn call(
        &mut self,
        step: usize,
        op: &RecordStoreOp,
    ) -> Result<Returned, Violation> {
        let store = self.store;
        let message = |e: anyhow::Error| format!("{e:#}");
        let returned = match op {
            RecordStoreOp::Put {
                key,
                value,
                expiry,
                provenance,
            } => Returned::Value(
                store
                    .put(key, value.clone(), expiry.clone(), *provenance)
                    .await
                    .map_err(message),
            ),
            RecordStoreOp::Get { key, touch } => {
                Returned::Record(store.get(key, *touch).await.map_err(message))
            }
            RecordStoreOp::Remove { key, provenance } => {
                Returned::Value(store.remove(key, *provenance).await.map_err(message))
            }
            RecordStoreOp::PutBackup {
                key,
                record,
                provenance,
            } => Returned::Done(
                store
                    .put_backup(key, record.clone(), *provenance)
                    .await
                    .map_err(message),
            ),
            RecordStoreOp::RemoveBackup { key, provenance } => {
                Returned::Done(store.remove_backup(key, *provenance).await.map_err(message))
            }
            RecordStoreOp::GetAll(keys) => {
                Returned::Records(store.get_all(keys).await.map_err(message))
            }
            RecordStoreOp::ExistsInMemory(key) => Returned::Bool(store.exists_in_memory(key)),
            RecordStoreOp::Size => Returned::Size(store.size(), store.is_empty()),
            RecordStoreOp::Evict { key, is_backup } => {
                Returned::Evicted(store.evict(key, *is_backup))
            }
            RecordStoreOp::EvictAll { is_backup } => {
                Returned::Count(u64::from(store.evict_all(*is_backup)))
            }
            RecordStoreOp::EvictExpired {
                percentage,
                is_backup,
            } => {
                store.evict_expired(*percentage, self.kit.clock.now(), *is_backup);
                Returned::Nothing
            }
            RecordStoreOp::HasExpired(key) => {
                Returned::Reason(store.has_expired(key, self.kit.clock.now(), false))
            }
            RecordStoreOp::IsExpirable => Returned::Bool(store.is_expirable()),
            RecordStoreOp::ForEach { is_backup } => {
                let mut visited = Vec::new();
                store.for_each_boxed(
                    &mut |k, r| visited.push((k.to_string(), r.clone())),
                    *is_backup,
                );
                visited.sort_by(|a, b| a.0.cmp(&b.0));
                Returned::Visited(visited)
            }
            RecordStoreOp::Clear { is_backup } => {
                Returned::Count(u64::from(store.clear(*is_backup)))
            }
            RecordStoreOp::Reset => {
                store.reset();
                Returned::Nothing
            }
            RecordStoreOp::Destroy => {
                store.destroy();
                Returned::Nothing
            }
            RecordStoreOp::SoftFlush => {
                Returned::Done(store.soft_flush().await.map(drop).map_err(message))
            }
            RecordStoreOp::Advance(millis) => {
                self.kit.clock.advance(*millis);
                Returned::Nothing
            }
            RecordStoreOp::FailNext(method, n) => {
                self.kit.data_store.fail_next(*method, *n);
                self.failures.fail_next(*method, *n);
                Returned::Nothing
            }
            RecordStoreOp::Heal => {
                self.kit.data_store.heal();
                self.failures.heal();
                Returned::Nothing
            }
            RecordStoreOp::Walk { size, kind } => {
                Walks::whole(store, step, *size, *kind)?;
                Returned::Nothing
            }
            RecordStoreOp::FetchPage { size, kind } => {
                self.walks.next_page(store, step, *size, *kind)?;
                Returned::Nothing
            }
        };
        Ok(returned)
    }
}
